#include "core/replica/offline_intake.hpp"

#include <SQLiteCpp/Statement.h>

#include "core/checkin/checkin_engine.hpp"
#include "core/checkin/checkin_identity.hpp"
#include "core/base/crypto.hpp"
#include "core/io/json_views.hpp"
#include "core/tickets/ticket_codec.hpp"

namespace qrgate {

using nlohmann::json;


std::optional<UploadedScan> UploadedScan::fromJson(const json& item) {
    if (!item.is_object()) return std::nullopt;
    UploadedScan s;
    s.nonce = stringField(item, "nonce");
    s.ticketId = stringField(item, "ticket_id");
    s.eventId = stringField(item, "event_id");
    s.gateId = stringField(item, "gate_id");
    s.deviceId = stringField(item, "device_id");
    s.direction = stringField(item, "direction");
    s.result = stringField(item, "result");
    s.reason = stringField(item, "reason");
    auto at = item.find("scanned_at");
    if (!CheckinEngine::isValidNonce(s.nonce) || at == item.end() || !at->is_number_integer()) return std::nullopt;
    if (s.direction != "entry" && s.direction != "exit") return std::nullopt;
    if (s.result != "admitted" && s.result != "refused") return std::nullopt;
    s.scannedAt = at->get<TimeMs>();
    s.qrData = stringField(item, "qr_data");
    if (s.qrData.size() > 4096) return std::nullopt;
    auto manual = item.find("manual");
    if (manual != item.end()) {
        if (manual->is_boolean())
            s.manual = manual->get<bool>();
        else if (manual->is_number_integer())
            s.manual = manual->get<std::int64_t>() != 0;
        else
            return std::nullopt;
    }
    return s;
}

const char* toString(IntakeOutcome outcome) {
    switch (outcome) {
        case IntakeOutcome::Recorded: return "recorded";
        case IntakeOutcome::Duplicate: return "duplicate";
        case IntakeOutcome::Conflict: return "conflict";
        case IntakeOutcome::Rejected: return "rejected";
    }
    return "recorded";
}

struct OfflineIntake::TicketFacts {
    std::string eventId;
    std::string secretHash;
    int entriesUsed = 0;
    bool inside = false;
    std::optional<TimeMs> entryAt;
    std::string policy;
};

namespace {
IntakeResult rejected(std::string reason, std::string message) {
    return IntakeResult{IntakeOutcome::Rejected, std::move(reason), std::move(message)};
}
}  // namespace

OfflineIntake::OfflineIntake(Database& db, const Clock& clock) : m_db(db), m_clock(clock) {}

std::vector<IntakeResult> OfflineIntake::record(const std::vector<UploadedScan>& scans,
                                                const std::string& uploaderDeviceId) {
    std::vector<IntakeResult> out;
    out.reserve(scans.size());
    const TimeMs now = m_clock.nowMs();
    WriteTransaction tx(m_db);
    for (const auto& s : scans) out.push_back(recordOne(s, uploaderDeviceId, now));
    tx.commit();
    return out;
}

std::optional<IntakeResult> OfflineIntake::unproven(const UploadedScan& s, const TicketFacts& ticket) {
    if (s.manual) return std::nullopt;  // recorded as manual, in the uploader's name
    if (s.qrData.empty())
        return rejected("missing_code", "An offline admission or exit of a scanned ticket must carry its code.");
    auto decoded = TicketCodec::decode(s.qrData);
    if (auto* err = std::get_if<PayloadError>(&decoded)) return rejected("malformed", describe(*err));
    const auto& payload = std::get<TicketPayload>(decoded);
    if (payload.ticketId != s.ticketId || payload.eventId != ticket.eventId)
        return rejected("code_mismatch", "The code is not the code of ticket " + s.ticketId + ".");
    if (TicketCodec::credentialHashHex(payload) == ticket.secretHash) return std::nullopt;
    // Not ours byte for byte: forged, or an older code of a reissued ticket.
    SQLite::Statement key(m_db.sql(), "SELECT public_key FROM events WHERE id = ?");
    key.bind(1, ticket.eventId);
    PublicKey publicKey{};
    if (!key.executeStep() || !fromHex(key.getColumn(0).getString(), publicKey) ||
        !TicketCodec::verify(payload, publicKey))
        return rejected("invalid_signature", "Forged or altered code: the signature does not match.");
    return rejected("void", "The code was replaced by a reissued ticket.");
}

IntakeResult OfflineIntake::recordOne(const UploadedScan& s, const std::string& uploader, TimeMs now) {
    auto& db = m_db.sql();
    {
        SQLite::Statement seen(db, std::string("SELECT 1 FROM checkins c WHERE ") + kCheckinByNonceSql);
        bindNonceLookup(seen, s.nonce);
        if (seen.executeStep()) return {IntakeOutcome::Duplicate, "", ""};
    }
    if (!s.deviceId.empty() && s.deviceId != uploader)
        return rejected("device_mismatch", "A gate uploads only its own scans: this token belongs to device " +
                                               uploader + ", not " + s.deviceId.substr(0, 64) + ".");
    std::string eventId = s.eventId;
    auto insert = [&] {
        SQLite::Statement q(db,
                            std::string("INSERT INTO checkins(id, nonce, ticket_id, event_id, gate_id, device_id, "
                                        "direction, result, reason, scanned_at, recorded_at, offline, uploaded, "
                                        "manual) VALUES(") +
                                kNextChangeSeqSql + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?)");
        q.bind(1, s.nonce);
        q.bind(2, s.ticketId);
        q.bind(3, eventId);
        q.bind(4, s.gateId);
        q.bind(5, uploader);
        q.bind(6, s.direction);
        q.bind(7, s.result);
        q.bind(8, s.result == "admitted" ? std::string() : s.reason);
        q.bind(9, static_cast<std::int64_t>(s.scannedAt));
        q.bind(10, static_cast<std::int64_t>(now));
        q.bind(11, s.manual ? 1 : 0);
        q.exec();
    };
    if (s.result != "admitted") {  // a refusal changed nothing at the gate: it is only logged
        insert();
        return {IntakeOutcome::Recorded, "", ""};
    }
    if (s.ticketId.empty()) return rejected("missing_ticket", "An admission names its ticket.");

    TicketFacts ticket;
    {
        SQLite::Statement t(db,
                            "SELECT t.event_id, t.secret_hash, t.entries_used, t.inside, t.entry_at, tt.entries "
                            "FROM tickets t JOIN ticket_types tt ON tt.id = t.type_id WHERE t.id = ?");
        t.bind(1, s.ticketId);
        if (!t.executeStep())
            return rejected("not_found", "No ticket " + s.ticketId.substr(0, 64) + " in this event's list.");
        ticket.eventId = t.getColumn(0).getString();
        ticket.secretHash = t.getColumn(1).getString();
        ticket.entriesUsed = t.getColumn(2).getInt();
        ticket.inside = t.getColumn(3).getInt() != 0;
        if (!t.getColumn(4).isNull()) ticket.entryAt = t.getColumn(4).getInt64();
        ticket.policy = t.getColumn(5).getString();
    }
    if (!eventId.empty() && eventId != ticket.eventId)
        return rejected("wrong_event", "Ticket " + s.ticketId + " belongs to another event.");
    eventId = ticket.eventId;
    if (auto why = unproven(s, ticket)) return *why;

    if (s.direction == "exit") {
        insert();
        SQLite::Statement u(db, "UPDATE tickets SET inside = 0 WHERE id = ?");
        u.bind(1, s.ticketId);
        u.exec();
        return {IntakeOutcome::Recorded, "", ""};
    }

    const int entriesUsed = ticket.entriesUsed;
    const bool inside = ticket.inside;
    const bool hasEntry = ticket.entryAt.has_value();
    const TimeMs entryAt = ticket.entryAt.value_or(0);
    const std::string& policy = ticket.policy;
    const bool usedElsewhere = (policy == "once" && entriesUsed > 0) || (policy == "reentry" && inside);
    std::optional<ConflictScan> other;
    if (usedElsewhere) {
        // The admission that counts now on this ticket (the earliest for one-entry tickets).
        SQLite::Statement q(db,
                            "SELECT nonce, gate_id, device_id, scanned_at FROM checkins WHERE ticket_id = ? AND "
                            "result = 'admitted' AND direction = 'entry' AND annulled_by = '' ORDER BY scanned_at " +
                                std::string(policy == "once" ? "ASC" : "DESC") + ", id LIMIT 1");
        q.bind(1, s.ticketId);
        if (q.executeStep())
            other = ConflictScan{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                                 q.getColumn(3).getInt64()};
    }
    insert();
    // One-entry tickets keep their earliest admission as the one that counts; re-entry tickets
    // their latest.
    const bool takesOver = !hasEntry || (policy == "once" ? s.scannedAt < entryAt : s.scannedAt >= entryAt);
    SQLite::Statement u(db,
                        "UPDATE tickets SET entries_used = entries_used + 1, inside = 1, "
                        "entry_at = CASE WHEN :take THEN :at ELSE entry_at END, "
                        "entry_gate = CASE WHEN :take THEN :gate ELSE entry_gate END, "
                        "entry_device = CASE WHEN :take THEN :device ELSE entry_device END WHERE id = :id");
    u.bind(":take", takesOver ? 1 : 0);
    u.bind(":at", static_cast<std::int64_t>(s.scannedAt));
    u.bind(":gate", s.gateId);
    u.bind(":device", uploader);
    u.bind(":id", s.ticketId);
    u.exec();
    if (!usedElsewhere || !other) return {IntakeOutcome::Recorded, "", ""};

    ConflictScan mine{s.nonce, s.gateId, uploader, s.scannedAt};
    const bool mineFirst = mine.at < other->at;
    const ConflictScan& first = mineFirst ? mine : *other;
    const ConflictScan& second = mineFirst ? *other : mine;
    SQLite::Statement c(db,
                        "INSERT OR IGNORE INTO conflicts(ticket_id, event_id, first_nonce, first_gate, first_device, "
                        "first_at, second_nonce, second_gate, second_device, second_at, detected_at) "
                        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    c.bind(1, s.ticketId);
    c.bind(2, eventId);
    c.bind(3, first.nonce);
    c.bind(4, first.gateId);
    c.bind(5, first.deviceId);
    c.bind(6, static_cast<std::int64_t>(first.at));
    c.bind(7, second.nonce);
    c.bind(8, second.gateId);
    c.bind(9, second.deviceId);
    c.bind(10, static_cast<std::int64_t>(second.at));
    c.bind(11, static_cast<std::int64_t>(now));
    c.exec();
    return {IntakeOutcome::Conflict, "", ""};
}

}  // namespace qrgate

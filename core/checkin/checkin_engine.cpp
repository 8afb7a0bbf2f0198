#include "core/checkin/checkin_engine.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <chrono>

#include "core/checkin/checkin_identity.hpp"
#include "core/checkin/checkin_log.hpp"
#include "core/base/crypto.hpp"
#include "core/tickets/ticket_codec.hpp"
#include "core/tickets/ticket_store.hpp"
#include "core/base/time_format.hpp"
#include "core/events/validity.hpp"

namespace qrgate {

struct CheckinEngine::EventInfo {
    PublicKey key{};
    std::string timeZone;
    EventEnd end;
    std::chrono::steady_clock::time_point loadedAt;
};

struct CheckinEngine::Decision {
    Reason reason = Reason::None;
    std::string message;
    std::string eventId;
    std::string timeZone = "UTC";
    EventEnd eventEnd;
    std::optional<Ticket> ticket;
    EntryPolicy policy = EntryPolicy::Once;
    std::string typeColour;
    std::vector<std::string> gates;
    Validity validity;
    std::optional<FirstCheckin> first;
    bool unknownAuthentic = false;  // admitted on the signature alone (offline follower)

    void refuse(Reason r, std::string why) {
        reason = r;
        message = std::move(why);
    }
};

namespace {
// The ticket's columns, then its type's rules from column kTicketColumnCount on.
const std::string kTicketWithRules = std::string("SELECT ") + kTicketColumnsSql +
                                     ", tt.entries, tt.gates, tt.valid_days, tt.daily_start, tt.daily_end, "
                                     "tt.valid_from, tt.valid_until, tt.colour "
                                     "FROM tickets t JOIN ticket_types tt ON tt.id = t.type_id ";
const std::string kTicketByHash = kTicketWithRules + "WHERE t.secret_hash = ?";
const std::string kTicketById = kTicketWithRules + "WHERE t.id = ?";

std::vector<std::string> parseJsonStringArray(const std::string& text) {
    // Arrays written by EventCatalog: ["a","b"]. A tiny reader keeps nlohmann off the hot path.
    std::vector<std::string> out;
    std::string cur;
    bool inString = false, escaped = false;
    for (char c : text) {
        if (!inString) {
            if (c == '"') inString = true;
            continue;
        }
        if (escaped) {
            cur.push_back(c);
            escaped = false;
        } else if (c == '\\') {
            escaped = true;
        } else if (c == '"') {
            out.push_back(std::move(cur));
            cur.clear();
            inString = false;
        } else {
            cur.push_back(c);
        }
    }
    return out;
}

void readTicketRow(SQLite::Statement& q, Ticket& t, EntryPolicy& policy, std::vector<std::string>& gates,
                   Validity& validity, std::string& colour) {
    t = readTicketColumns(q);
    const int c = kTicketColumnCount;
    policy = parseEntryPolicy(q.getColumn(c).getString()).value_or(EntryPolicy::Once);
    gates = parseJsonStringArray(q.getColumn(c + 1).getString());
    validity.days = parseJsonStringArray(q.getColumn(c + 2).getString());
    if (!q.getColumn(c + 3).isNull()) validity.dailyStartMinute = q.getColumn(c + 3).getInt();
    if (!q.getColumn(c + 4).isNull()) validity.dailyEndMinute = q.getColumn(c + 4).getInt();
    if (!q.getColumn(c + 5).isNull()) validity.from = q.getColumn(c + 5).getInt64();
    if (!q.getColumn(c + 6).isNull()) validity.until = q.getColumn(c + 6).getInt64();
    colour = q.getColumn(c + 7).getString();
}

std::optional<FirstCheckin> entryOf(const Ticket& t) {
    if (!t.entryAt) return std::nullopt;
    return FirstCheckin{*t.entryAt, t.entryGate, t.entryDevice};
}

// Resets a cached statement however the scope is left. Every use binds all of a statement's
// parameters, so old bindings need no clearing.
struct StatementUse {
    SQLite::Statement& q;
    ~StatementUse() { q.tryReset(); }
};

std::string joinGates(const std::vector<std::string>& gates) {
    std::string s;
    for (const auto& g : gates) s += (s.empty() ? "" : ", ") + g;
    return s;
}
}  // namespace

CheckinEngine::CheckinEngine(Database& db, const Clock& clock, EngineOptions options)
    : m_db(db), m_clock(clock), m_options(options) {}

CheckinEngine::~CheckinEngine() = default;

SQLite::Statement& CheckinEngine::statement(const char* key, const char* sql) {
    auto& slot = m_statements[key];
    if (!slot) slot = std::make_unique<SQLite::Statement>(m_db.sql(), sql);
    return *slot;
}

bool CheckinEngine::isValidNonce(std::string_view nonce) {
    if (nonce.empty() || nonce.size() > 128) return false;
    for (char c : nonce)
        if (c <= ' ' || c > '~') return false;
    return true;
}

const CheckinEngine::EventInfo* CheckinEngine::eventInfo(const std::string& eventId) {
    // Keys never change; the zone and the end may be edited, so the cache is short-lived.
    const auto now = std::chrono::steady_clock::now();
    if (auto it = m_events.find(eventId); it != m_events.end() && now - it->second->loadedAt < std::chrono::seconds(5))
        return it->second.get();
    auto& q = statement("event", "SELECT public_key, time_zone, ends_at, end_grace_minutes FROM events WHERE id = ?");
    StatementUse use{q};
    q.bind(1, eventId);
    if (!q.executeStep()) return nullptr;
    auto& slot = m_events[eventId];
    if (!slot) slot = std::make_unique<EventInfo>();
    if (!fromHex(q.getColumn(0).getString(), slot->key)) return nullptr;
    slot->timeZone = q.getColumn(1).getString();
    slot->end.endsAt = q.getColumn(2).isNull() ? std::nullopt : std::optional<TimeMs>(q.getColumn(2).getInt64());
    slot->end.graceMinutes = q.getColumn(3).getInt();
    slot->loadedAt = now;
    return slot.get();
}

std::optional<FirstCheckin> CheckinEngine::lastAdmission(const std::string& ticketId, bool firstEver) {
    auto& q = firstEver ? statement("first",
                                    "SELECT scanned_at, gate_id, device_id FROM checkins WHERE ticket_id = ? AND "
                                    "result = 'admitted' AND direction = 'entry' AND annulled_by = '' "
                                    "ORDER BY scanned_at, id LIMIT 1")
                        : statement("latest",
                                    "SELECT scanned_at, gate_id, device_id FROM checkins WHERE ticket_id = ? AND "
                                    "result = 'admitted' AND direction = 'entry' AND annulled_by = '' "
                                    "ORDER BY scanned_at DESC, id DESC LIMIT 1");
    StatementUse use{q};
    q.bind(1, ticketId);
    if (!q.executeStep()) return std::nullopt;
    return FirstCheckin{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()};
}

CheckinEngine::Decision CheckinEngine::decide(const ScanRequest& request, TimeMs at) {
    if (!request.manualTicketId.empty()) return decideManual(request, at);
    Decision d;
    d.eventId = request.eventId;
    auto decoded = TicketCodec::decode(request.qrData);
    if (auto* err = std::get_if<PayloadError>(&decoded)) {
        d.refuse(Reason::Malformed, describe(*err));
        return d;
    }
    const auto& payload = std::get<TicketPayload>(decoded);
    if (!request.eventId.empty() && payload.eventId != request.eventId) {
        d.refuse(Reason::WrongEvent, "This ticket is for another event.");
        return d;
    }
    d.eventId = payload.eventId;
    const auto* event = eventInfo(payload.eventId);
    if (!event) {
        d.refuse(Reason::WrongEvent, "This ticket is for an event this gate does not know.");
        return d;
    }
    d.timeZone = event->timeZone;
    d.eventEnd = event->end;

    // The credential hash identifies the ticket and proves the code is the one we issued; only
    // a code that is not ours byte for byte needs the (slower) signature check.
    const auto hash = TicketCodec::credentialHashHex(payload);
    {
        auto& q = statement("byHash", kTicketByHash.c_str());
        StatementUse use{q};
        q.bind(1, hash);
        if (q.executeStep()) {
            Ticket t;
            readTicketRow(q, t, d.policy, d.gates, d.validity, d.typeColour);
            if (t.id == payload.ticketId && t.eventId == payload.eventId) d.ticket = std::move(t);
        }
    }
    if (!d.ticket) {
        if (!TicketCodec::verify(payload, event->key)) {
            d.refuse(Reason::InvalidSignature, "Forged or altered code: the signature does not match.");
            return d;
        }
        auto& q = statement("byId", kTicketById.c_str());
        StatementUse use{q};
        q.bind(1, payload.ticketId);
        if (q.executeStep()) {
            Ticket t;
            readTicketRow(q, t, d.policy, d.gates, d.validity, d.typeColour);
            d.ticket = std::move(t);
            d.refuse(Reason::Void, "This code was replaced by a reissued ticket; ask for the new one.");
            return d;
        }
        if (m_options.admitUnknownAuthentic && request.direction == Direction::Entry) {
            // Offline follower: genuine but sold after the last sync. The leader reconciles.
            Ticket t;
            t.id = payload.ticketId;
            t.eventId = payload.eventId;
            d.ticket = std::move(t);
            d.unknownAuthentic = true;
            // Its type is not known here, so nothing can say it outlives the event.
            if (auto timing = checkValidity({}, std::nullopt, at, d.timeZone, d.eventEnd); timing.reason != Reason::None) {
                d.refuse(timing.reason, timing.message);
                return d;
            }
            if ((d.first = lastAdmission(payload.ticketId, true))) {
                d.refuse(Reason::AlreadyUsed, "Already used at " + formatClockLocal(d.first->at, d.timeZone) +
                                                  (d.first->gateId.empty() ? "" : ", gate " + d.first->gateId) + ".");
                return d;
            }
            d.message = "Admitted on signature (ticket not yet synced).";
            return d;
        }
        d.refuse(Reason::NotFound, "Genuine ticket, but not in this gate's list (issued after the last sync?).");
        return d;
    }
    checkTicket(d, request, at);
    return d;
}

CheckinEngine::Decision CheckinEngine::decideManual(const ScanRequest& request, TimeMs at) {
    Decision d;
    d.eventId = request.eventId;
    auto& q = statement("byId", kTicketById.c_str());
    {
        StatementUse use{q};
        q.bind(1, request.manualTicketId);
        if (!q.executeStep()) {
            d.refuse(Reason::NotFound, "No such ticket.");
            return d;
        }
        Ticket t;
        readTicketRow(q, t, d.policy, d.gates, d.validity, d.typeColour);
        d.ticket = std::move(t);
    }
    if (!request.eventId.empty() && d.ticket->eventId != request.eventId) {
        d.refuse(Reason::WrongEvent, "This ticket is for another event.");
        return d;
    }
    d.eventId = d.ticket->eventId;
    if (const auto* event = eventInfo(d.eventId)) {
        d.timeZone = event->timeZone;
        d.eventEnd = event->end;
    }
    checkTicket(d, request, at);
    return d;
}

void CheckinEngine::checkTicket(Decision& d, const ScanRequest& request, TimeMs at) {
    const Ticket& t = *d.ticket;
    if (t.state == TicketState::Void) return d.refuse(Reason::Void, "This ticket has been voided.");
    if (request.direction == Direction::Entry) {
        if (!d.gates.empty() && std::find(d.gates.begin(), d.gates.end(), request.gateId) == d.gates.end())
            return d.refuse(Reason::WrongGate,
                            "Not valid at this gate: " + t.typeName + " enters at " + joinGates(d.gates) + ".");
        auto timing = checkValidity(d.validity, t.expiresAt, at, d.timeZone, d.eventEnd);
        if (timing.reason != Reason::None) return d.refuse(timing.reason, timing.message);
        if (d.policy == EntryPolicy::Once && t.entriesUsed > 0) {
            d.first = t.entryAt ? entryOf(t) : lastAdmission(t.id, true);
            std::string when = d.first ? " at " + formatClockLocal(d.first->at, d.timeZone) +
                                             (d.first->gateId.empty() ? "" : ", gate " + d.first->gateId)
                                       : "";
            return d.refuse(Reason::AlreadyUsed, "Already used" + when + ".");
        }
        if (d.policy == EntryPolicy::Reentry && t.inside) {
            d.first = t.entryAt ? entryOf(t) : lastAdmission(t.id, false);
            std::string when = d.first ? " since " + formatClockLocal(d.first->at, d.timeZone) +
                                             (d.first->gateId.empty() ? "" : ", gate " + d.first->gateId)
                                       : "";
            return d.refuse(Reason::AlreadyUsed, "Already inside" + when + ".");
        }
        d.message = t.entriesUsed > 0 && d.policy != EntryPolicy::Once ? "Admitted (re-entry)." : "Admitted.";
    } else {
        if (!t.inside && d.policy != EntryPolicy::Unlimited)
            return d.refuse(Reason::NotInside, "Exit refused: this ticket is not checked in.");
        d.message = "Exit recorded.";
    }
}

bool CheckinEngine::applyToTicket(const Decision& d, const ScanRequest& request, TimeMs at) {
    if (d.unknownAuthentic) return true;
    // "Use it only if still usable", one statement per entry rule so that SQLite sees a plain
    // condition. ?1 ticket id, ?2 credential hash, then the entry's time, gate and device.
    static constexpr const char* kEntry =
        "UPDATE tickets SET entries_used = entries_used + 1, inside = 1, entry_at = ?3, entry_gate = ?4, "
        "entry_device = ?5 WHERE id = ?1 AND state = 'valid' AND secret_hash = ?2";
    static const std::string kEntryOnce = std::string(kEntry) + " AND entries_used = 0";
    static const std::string kEntryReentry = std::string(kEntry) + " AND inside = 0";
    static constexpr const char* kExit =
        "UPDATE tickets SET inside = 0 WHERE id = ?1 AND state = 'valid' AND secret_hash = ?2";
    static const std::string kExitInside = std::string(kExit) + " AND inside = 1";
    const bool unlimited = d.policy == EntryPolicy::Unlimited;
    SQLite::Statement* q = nullptr;
    if (request.direction == Direction::Exit)
        q = unlimited ? &statement("exitAny", kExit) : &statement("exitInside", kExitInside.c_str());
    else if (d.policy == EntryPolicy::Once)
        q = &statement("entryOnce", kEntryOnce.c_str());
    else if (d.policy == EntryPolicy::Reentry)
        q = &statement("entryReentry", kEntryReentry.c_str());
    else
        q = &statement("entryAny", kEntry);
    StatementUse use{*q};
    q->bind(1, d.ticket->id);
    q->bind(2, d.ticket->secretHashHex);
    if (request.direction == Direction::Entry) {
        q->bind(3, static_cast<std::int64_t>(at));
        q->bind(4, request.gateId);
        q->bind(5, request.deviceId);
    }
    return q->exec() == 1;
}

CheckinEngine::LogIdentity CheckinEngine::newLogIdentity(const std::string& requestNonce) {
    auto& q = statement("nextSeq", kSelectNextChangeSeqSql.c_str());
    StatementUse use{q};
    q.executeStep();
    LogIdentity id;
    id.rowId = q.getColumn(0).getInt64();
    id.local = requestNonce.empty();
    id.nonce = id.local ? makeLocalNonce(id.rowId) : requestNonce;
    return id;
}

void CheckinEngine::record(const Decision& d, const ScanRequest& request, const LogIdentity& id, TimeMs scannedAt,
                           TimeMs recordedAt) {
    auto& q = statement("insert",
                        "INSERT INTO checkins(id, nonce, local_nonce, ticket_id, event_id, gate_id, device_id, "
                        "direction, result, reason, scanned_at, recorded_at, offline, manual) "
                        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    {
        StatementUse use{q};
        q.bind(1, static_cast<std::int64_t>(id.rowId));
        q.bind(2, id.nonce);
        q.bind(3, id.local ? 1 : 0);
        q.bind(4, d.ticket ? d.ticket->id : std::string());
        q.bind(5, d.eventId);
        q.bind(6, request.gateId);
        q.bind(7, request.deviceId);
        q.bind(8, toString(request.direction));
        q.bind(9, d.reason == Reason::None ? "admitted" : "refused");
        q.bind(10, toCode(d.reason));
        q.bind(11, static_cast<std::int64_t>(scannedAt));
        q.bind(12, static_cast<std::int64_t>(recordedAt));
        q.bind(13, request.offline ? 1 : 0);
        q.bind(14, request.manualTicketId.empty() ? 0 : 1);
        q.exec();
    }
    if (request.offline && d.reason == Reason::None && !request.qrData.empty()) {
        // A follower's offline admission or exit: the leader will want the code as proof.
        auto& proof = statement("proof", "INSERT INTO upload_proofs(checkin_id, qr_data) VALUES(?, ?)");
        StatementUse use{proof};
        proof.bind(1, static_cast<std::int64_t>(id.rowId));
        proof.bind(2, request.qrData);
        proof.exec();
    }
}

Verdict CheckinEngine::toVerdict(const Decision& d, const ScanRequest& request, TimeMs at) {
    Verdict v;
    v.admitted = d.reason == Reason::None;
    v.reason = d.reason;
    v.message = d.message;
    v.direction = request.direction;
    v.offline = request.offline;
    v.scannedAt = at;
    v.eventTimeZone = d.timeZone;
    v.firstCheckin = d.first;
    if (d.ticket && !d.unknownAuthentic)
        v.ticket = TicketSummary{d.ticket->id,         d.ticket->number,   d.ticket->holderName,
                                 d.ticket->holderEmail, d.ticket->typeName, d.typeColour};
    else if (d.ticket)
        v.ticket = TicketSummary{d.ticket->id, 0, "", "", "", ""};
    return v;
}

Verdict CheckinEngine::validate(const ScanRequest& request) {
    const TimeMs at = request.scannedAt.value_or(m_clock.nowMs());
    SQLite::Transaction read(m_db.sql(), SQLite::TransactionBehavior::DEFERRED);
    auto d = decide(request, at);
    return toVerdict(d, request, at);
}

std::optional<Verdict> CheckinEngine::replay(const std::string& nonce) {
    static const std::string sql =
        std::string("SELECT c.ticket_id, c.direction, c.result, c.reason, c.scanned_at, c.offline, "
                    "coalesce(e.time_zone, 'UTC') FROM checkins c LEFT JOIN events e ON e.id = c.event_id WHERE ") +
        kCheckinByNonceSql;
    auto& q = statement("replay", sql.c_str());
    Verdict v;
    std::string ticketId;
    {
        StatementUse use{q};
        bindNonceLookup(q, nonce);
        if (!q.executeStep()) return std::nullopt;
        ticketId = q.getColumn(0).getString();
        v.direction = parseDirection(q.getColumn(1).getString()).value_or(Direction::Entry);
        v.admitted = q.getColumn(2).getString() == "admitted";
        v.reason = parseReason(q.getColumn(3).getString()).value_or(Reason::None);
        v.scannedAt = q.getColumn(4).getInt64();
        v.offline = q.getColumn(5).getInt() != 0;
        v.eventTimeZone = q.getColumn(6).getString();
    }
    v.checkinId = nonce;
    v.message = v.admitted ? (v.direction == Direction::Exit ? "Exit recorded." : "Admitted.")
                           : std::string("Refused: ") + toCode(v.reason) + ".";
    if (!ticketId.empty()) {
        auto& t = statement("byId", kTicketById.c_str());
        StatementUse use{t};
        t.bind(1, ticketId);
        if (t.executeStep()) {
            Ticket ticket;
            EntryPolicy policy;
            std::vector<std::string> gates;
            Validity validity;
            std::string colour;
            readTicketRow(t, ticket, policy, gates, validity, colour);
            v.ticket = TicketSummary{ticket.id, ticket.number, ticket.holderName, ticket.holderEmail, ticket.typeName,
                                     colour};
            if (v.reason == Reason::AlreadyUsed) v.firstCheckin = entryOf(ticket);
        }
    }
    return v;
}

Verdict CheckinEngine::admit(const ScanRequest& request) {
    const TimeMs recordedAt = m_clock.nowMs();
    // The write lock is taken before reading, so the decision and the update see the same ticket
    // state; the conditional UPDATE re-checks "still usable" as a second line of defence.
    WriteTransaction tx(m_db);
    auto v = admitLocked(request, recordedAt);
    tx.commit();
    return v;
}

std::vector<Verdict> CheckinEngine::admitAll(const std::vector<ScanRequest>& requests) {
    const TimeMs recordedAt = m_clock.nowMs();
    WriteTransaction tx(m_db);
    std::vector<Verdict> verdicts;
    verdicts.reserve(requests.size());
    for (const auto& request : requests) verdicts.push_back(admitLocked(request, recordedAt));
    tx.commit();
    return verdicts;
}

Verdict CheckinEngine::admitLocked(const ScanRequest& request, TimeMs recordedAt) {
    const TimeMs at = request.scannedAt.value_or(recordedAt);
    if (!request.nonce.empty())
        if (auto earlier = replay(request.nonce)) return *earlier;

    auto d = decide(request, at);
    if (d.reason == Reason::None && !applyToTicket(d, request, at)) {
        // Cannot happen while we hold the lock; if it does, refuse rather than admit twice.
        d.refuse(Reason::AlreadyUsed, "Already used.");
        if (d.ticket) d.first = lastAdmission(d.ticket->id, true);
    }
    const auto id = newLogIdentity(request.nonce);
    record(d, request, id, at, recordedAt);
    auto v = toVerdict(d, request, at);
    v.checkinId = id.nonce;
    return v;
}

Result<Checkin> CheckinEngine::annul(const std::string& checkinId, const std::string& gateId,
                                     const std::string& deviceId) {
    WriteTransaction tx(m_db);
    auto found = CheckinLog(m_db).find(checkinId);
    if (!found) return Error{"not_found", "No check-in " + checkinId + "."};
    Checkin c = std::move(*found);
    if (c.result == CheckinResult::Annul) return Error{"not_annullable", "An undo cannot itself be undone."};
    if (c.result != CheckinResult::Admitted)
        return Error{"not_annullable", "Only an admission can be undone; this scan was refused."};
    if (!c.annulledBy.empty()) return Error{"already_annulled", "This admission was already undone."};

    const TimeMs now = m_clock.nowMs();
    const auto undo = newLogIdentity("");
    const std::string& annulNonce = undo.nonce;
    SQLite::Statement ins(m_db.sql(),
                          "INSERT INTO checkins(id, nonce, local_nonce, ticket_id, event_id, gate_id, device_id, "
                          "direction, result, reason, scanned_at, recorded_at) "
                          "VALUES(?, ?, 1, ?, ?, ?, ?, ?, 'annul', ?, ?, ?)");
    ins.bind(1, static_cast<std::int64_t>(undo.rowId));
    ins.bind(2, annulNonce);
    ins.bind(3, c.ticketId);
    ins.bind(4, c.eventId);
    ins.bind(5, gateId.empty() ? c.gateId : gateId);
    ins.bind(6, deviceId.empty() ? c.deviceId : deviceId);
    ins.bind(7, toString(c.direction));
    ins.bind(8, c.nonce);
    ins.bind(9, static_cast<std::int64_t>(now));
    ins.bind(10, static_cast<std::int64_t>(now));
    ins.exec();
    SQLite::Statement mark(m_db.sql(), "UPDATE checkins SET annulled_by = ? WHERE id = ?");
    mark.bind(1, annulNonce);
    mark.bind(2, static_cast<std::int64_t>(c.id));
    mark.exec();
    if (c.direction == Direction::Entry) {
        auto previous = lastAdmission(c.ticketId, false);  // the annulled one is already marked
        SQLite::Statement revert(m_db.sql(),
                                 "UPDATE tickets SET entries_used = max(entries_used - 1, 0), inside = 0, entry_at = ?, "
                                 "entry_gate = ?, entry_device = ? WHERE id = ?");
        if (previous)
            revert.bind(1, static_cast<std::int64_t>(previous->at));
        else
            revert.bind(1);
        revert.bind(2, previous ? previous->gateId : std::string());
        revert.bind(3, previous ? previous->deviceId : std::string());
        revert.bind(4, c.ticketId);
        revert.exec();
    } else {
        SQLite::Statement revert(m_db.sql(), "UPDATE tickets SET inside = 1 WHERE id = ?");
        revert.bind(1, c.ticketId);
        revert.exec();
    }
    tx.commit();
    c.annulledBy = annulNonce;
    return c;
}

}  // namespace qrgate

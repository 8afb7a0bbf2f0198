#include "core/checkin/checkin_log.hpp"

#include <SQLiteCpp/Statement.h>

#include "core/checkin/checkin_identity.hpp"

namespace qrgate {

namespace {
constexpr const char* kSelect =
    "SELECT c.id, c.nonce, c.ticket_id, c.event_id, c.gate_id, c.device_id, c.direction, c.result, c.reason, "
    "c.scanned_at, c.recorded_at, c.offline, c.annulled_by, coalesce(t.holder_name, ''), coalesce(t.number, 0) "
    "FROM checkins c LEFT JOIN tickets t ON t.id = c.ticket_id ";

Checkin readCheckin(SQLite::Statement& q) {
    Checkin c;
    c.id = q.getColumn(0).getInt64();
    c.nonce = q.getColumn(1).getString();
    c.ticketId = q.getColumn(2).getString();
    c.eventId = q.getColumn(3).getString();
    c.gateId = q.getColumn(4).getString();
    c.deviceId = q.getColumn(5).getString();
    c.direction = parseDirection(q.getColumn(6).getString()).value_or(Direction::Entry);
    auto result = q.getColumn(7).getString();
    c.result = result == "admitted" ? CheckinResult::Admitted
               : result == "annul"  ? CheckinResult::Annul
                                    : CheckinResult::Refused;
    c.reason = q.getColumn(8).getString();
    c.scannedAt = q.getColumn(9).getInt64();
    c.recordedAt = q.getColumn(10).getInt64();
    c.offline = q.getColumn(11).getInt() != 0;
    c.annulledBy = q.getColumn(12).getString();
    c.holderName = q.getColumn(13).getString();
    c.ticketNumber = q.getColumn(14).getInt64();
    return c;
}
}  // namespace

CheckinLog::CheckinLog(Database& db) : m_db(db) {}

std::vector<Checkin> CheckinLog::list(const CheckinQuery& query) {
    std::string sql = std::string(kSelect) + "WHERE 1";
    if (!query.eventId.empty()) sql += " AND c.event_id = :event";
    if (!query.gateId.empty()) sql += " AND c.gate_id = :gate";
    if (query.result) sql += " AND c.result = :result";
    if (!query.reason.empty()) sql += " AND c.reason = :reason";
    if (query.from) sql += " AND c.scanned_at >= :from";
    if (query.until) sql += " AND c.scanned_at < :until";
    if (query.afterId) sql += " AND c.id > :after";
    sql += query.newestFirst ? " ORDER BY c.id DESC" : " ORDER BY c.id ASC";
    if (query.limit) sql += " LIMIT " + std::to_string(query.limit);
    SQLite::Statement q(m_db.sql(), sql);
    if (!query.eventId.empty()) q.bind(":event", query.eventId);
    if (!query.gateId.empty()) q.bind(":gate", query.gateId);
    if (query.result) q.bind(":result", toString(*query.result));
    if (!query.reason.empty()) q.bind(":reason", query.reason);
    if (query.from) q.bind(":from", static_cast<std::int64_t>(*query.from));
    if (query.until) q.bind(":until", static_cast<std::int64_t>(*query.until));
    if (query.afterId) q.bind(":after", static_cast<std::int64_t>(query.afterId));
    std::vector<Checkin> out;
    while (q.executeStep()) out.push_back(readCheckin(q));
    return out;
}

std::optional<Checkin> CheckinLog::find(const std::string& nonce) {
    SQLite::Statement q(m_db.sql(), std::string(kSelect) + "WHERE " + kCheckinByNonceSql);
    bindNonceLookup(q, nonce);
    if (!q.executeStep()) return std::nullopt;
    return readCheckin(q);
}

CheckinStats CheckinLog::stats(const std::string& eventId) {
    CheckinStats s;
    auto& db = m_db.sql();
    {
        SQLite::Statement q(db,
                            "SELECT coalesce(sum(state = 'valid'), 0), coalesce(sum(state = 'void'), 0), "
                            "coalesce(sum(inside), 0), coalesce(sum(entries_used > 0), 0) FROM tickets WHERE event_id = ?");
        q.bind(1, eventId);
        q.executeStep();
        s.tickets = q.getColumn(0).getInt64();
        s.voided = q.getColumn(1).getInt64();
        s.inside = q.getColumn(2).getInt64();
        s.uniqueAdmitted = q.getColumn(3).getInt64();
    }
    SQLite::Statement q(db,
                        "SELECT gate_id, direction, result, reason, count(*) FROM checkins WHERE event_id = ? AND "
                        "result != 'annul' AND annulled_by = '' GROUP BY gate_id, direction, result, reason");
    q.bind(1, eventId);
    while (q.executeStep()) {
        const auto gate = q.getColumn(0).getString();
        const bool exit = q.getColumn(1).getString() == "exit";
        const bool admitted = q.getColumn(2).getString() == "admitted";
        const auto reason = q.getColumn(3).getString();
        const auto n = q.getColumn(4).getInt64();
        auto& g = s.perGate[gate];
        if (admitted && exit) {
            s.exits += n;
            g.exits += n;
        } else if (admitted) {
            s.admitted += n;
            g.admitted += n;
        } else {
            s.refused += n;
            g.refused += n;
            s.refusedByReason[reason] += n;
        }
    }
    return s;
}

std::vector<std::int64_t> CheckinLog::arrivals(const std::string& eventId, TimeMs from, TimeMs bucketMs,
                                               std::size_t buckets) {
    std::vector<std::int64_t> out(buckets, 0);
    if (bucketMs <= 0 || buckets == 0) return out;
    SQLite::Statement q(m_db.sql(),
                        "SELECT (scanned_at - :from) / :bucket AS b, count(*) FROM checkins WHERE event_id = :event "
                        "AND result = 'admitted' AND direction = 'entry' AND annulled_by = '' AND scanned_at >= :from "
                        "AND scanned_at < :until GROUP BY b");
    q.bind(":from", static_cast<std::int64_t>(from));
    q.bind(":bucket", static_cast<std::int64_t>(bucketMs));
    q.bind(":event", eventId);
    q.bind(":until", static_cast<std::int64_t>(from + bucketMs * static_cast<TimeMs>(buckets)));
    while (q.executeStep()) {
        auto b = q.getColumn(0).getInt64();
        if (b >= 0 && static_cast<std::size_t>(b) < buckets) out[b] = q.getColumn(1).getInt64();
    }
    return out;
}

}  // namespace qrgate

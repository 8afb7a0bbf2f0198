#include "core/checkin/conflict_log.hpp"

#include <SQLiteCpp/Statement.h>

#include "core/base/model.hpp"
#include "core/base/time_format.hpp"

namespace qrgate {

ConflictLog::ConflictLog(Database& db) : m_db(db) {}

std::vector<Conflict> ConflictLog::list(const std::string& eventId, std::size_t limit) {
    std::string sql =
        "SELECT c.id, c.ticket_id, c.event_id, c.first_nonce, c.first_gate, c.first_device, c.first_at, "
        "c.second_nonce, c.second_gate, c.second_device, c.second_at, c.detected_at, coalesce(t.holder_name, ''), "
        "coalesce(t.number, 0) FROM conflicts c LEFT JOIN tickets t ON t.id = c.ticket_id ";
    if (!eventId.empty()) sql += "WHERE c.event_id = :event ";
    sql += "ORDER BY c.id DESC";
    if (limit) sql += " LIMIT " + std::to_string(limit);
    SQLite::Statement q(m_db.sql(), sql);
    if (!eventId.empty()) q.bind(":event", eventId);
    std::vector<Conflict> out;
    while (q.executeStep()) {
        Conflict c;
        c.id = q.getColumn(0).getInt64();
        c.ticketId = q.getColumn(1).getString();
        c.eventId = q.getColumn(2).getString();
        c.first = {q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                   q.getColumn(6).getInt64()};
        c.second = {q.getColumn(7).getString(), q.getColumn(8).getString(), q.getColumn(9).getString(),
                    q.getColumn(10).getInt64()};
        c.detectedAt = q.getColumn(11).getInt64();
        c.holderName = q.getColumn(12).getString();
        c.ticketNumber = q.getColumn(13).getInt64();
        out.push_back(std::move(c));
    }
    return out;
}

std::int64_t ConflictLog::count(const std::string& eventId) {
    SQLite::Statement q(m_db.sql(), eventId.empty() ? "SELECT count(*) FROM conflicts"
                                                    : "SELECT count(*) FROM conflicts WHERE event_id = ?");
    if (!eventId.empty()) q.bind(1, eventId);
    q.executeStep();
    return q.getColumn(0).getInt64();
}

nlohmann::json toJson(const Conflict& c, const std::string& tz) {
    auto scan = [&](const ConflictScan& s) {
        return nlohmann::json{{"checkinId", s.nonce}, {"gateId", s.gateId}, {"deviceId", s.deviceId},
                              {"at", formatIsoLocal(s.at, tz)}};
    };
    return {{"id", c.id},
            {"ticketId", c.ticketId},
            {"eventId", c.eventId},
            {"ticketNumber", formatTicketNumber(c.ticketNumber)},
            {"name", c.holderName},
            {"first", scan(c.first)},
            {"second", scan(c.second)},
            {"detectedAt", formatIsoLocal(c.detectedAt, tz)}};
}

}  // namespace qrgate

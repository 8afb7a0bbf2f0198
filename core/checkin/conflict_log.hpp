#pragma once
// Conflicts: one ticket admitted at two gates while they could not reach each other (a follower
// admitted it offline after the leader had already admitted it elsewhere). The leader records
// them when offline check-ins are uploaded; followers get them through the change feed, so the
// admin console and every kiosk can show them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/clock.hpp"
#include "core/store/database.hpp"

namespace qrgate {

struct ConflictScan {
    std::string nonce;
    std::string gateId;
    std::string deviceId;
    TimeMs at = 0;
};

struct Conflict {
    std::int64_t id = 0;
    std::string ticketId;
    std::string eventId;
    ConflictScan first;   // the earlier admission
    ConflictScan second;  // the later one
    TimeMs detectedAt = 0;
    std::string holderName;  // joined from the ticket for display
    std::int64_t ticketNumber = 0;
};

class ConflictLog {
public:
    explicit ConflictLog(Database& db);
    // Newest first; an empty event id lists every event's.
    std::vector<Conflict> list(const std::string& eventId = "", std::size_t limit = 0);
    std::int64_t count(const std::string& eventId = "");

private:
    Database& m_db;
};

// {"id","ticketId","eventId","ticketNumber","name","first":{"checkinId","gateId","deviceId","at"},
//  "second":{...},"detectedAt"}
nlohmann::json toJson(const Conflict& c, const std::string& timeZone = "UTC");

}  // namespace qrgate

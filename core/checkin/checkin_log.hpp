#pragma once
// Reading the scan log: filtered lists for the console and export, and the counts behind the
// dashboard and GET /api/stats.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "core/base/model.hpp"

namespace qrgate {

struct CheckinQuery {
    std::string eventId;  // empty = every event
    std::string gateId;
    std::optional<CheckinResult> result;
    std::string reason;
    std::optional<TimeMs> from;
    std::optional<TimeMs> until;
    std::int64_t afterId = 0;  // only rows with a larger local id (for live tails)
    std::size_t limit = 0;     // 0 = all
    bool newestFirst = true;
};

struct GateStats {
    std::int64_t admitted = 0;
    std::int64_t refused = 0;
    std::int64_t exits = 0;
};

struct CheckinStats {
    std::int64_t tickets = 0;  // issued, not void
    std::int64_t voided = 0;
    std::int64_t admitted = 0;  // entry admissions not undone
    std::int64_t uniqueAdmitted = 0;  // tickets admitted at least once
    std::int64_t exits = 0;
    std::int64_t refused = 0;
    std::int64_t inside = 0;
    std::map<std::string, std::int64_t> refusedByReason;
    std::map<std::string, GateStats> perGate;
};

class CheckinLog {
public:
    explicit CheckinLog(Database& db);
    std::vector<Checkin> list(const CheckinQuery& query);
    std::optional<Checkin> find(const std::string& nonce);
    CheckinStats stats(const std::string& eventId);
    // Admissions per bucket of `bucketMs` from `from`, for the arrivals chart.
    std::vector<std::int64_t> arrivals(const std::string& eventId, TimeMs from, TimeMs bucketMs, std::size_t buckets);

private:
    Database& m_db;
};

}  // namespace qrgate

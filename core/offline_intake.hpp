#pragma once
// The leader's side of offline check-ins. A follower that could not reach the leader decided
// from its replica; when it uploads those scans (with their nonces), the leader records each as
// it happened at the gate, once: uploading twice records once. An offline admission of a ticket
// that was meanwhile admitted elsewhere is still recorded (the person did get in) and the pair is
// recorded as a conflict with both gates and times.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/conflict_log.hpp"
#include "core/database.hpp"

namespace qrgate {

struct UploadedScan {
    std::string nonce;
    std::string ticketId;
    std::string eventId;
    std::string gateId;
    std::string deviceId;
    std::string direction = "entry";  // entry / exit
    std::string result = "admitted";  // admitted / refused
    std::string reason;
    TimeMs scannedAt = 0;

    // From an upload item (ReplicaWriter::pendingUploads); nullopt when a field is missing or wrong.
    static std::optional<UploadedScan> fromJson(const nlohmann::json& item);
};

enum class IntakeOutcome { Recorded, Duplicate, Conflict };
const char* toString(IntakeOutcome outcome);  // "recorded" / "duplicate" / "conflict"

class OfflineIntake {
public:
    explicit OfflineIntake(Database& db, const Clock& clock = SystemClock::instance());
    // All in one transaction; one outcome per scan, in order.
    std::vector<IntakeOutcome> record(const std::vector<UploadedScan>& scans);

private:
    IntakeOutcome recordOne(const UploadedScan& scan, TimeMs now);
    Database& m_db;
    const Clock& m_clock;
};

}  // namespace qrgate

#pragma once
// The leader's side of offline check-ins. A follower that could not reach the leader decided
// from its replica; when it uploads those scans (with their nonces), the leader records each as
// it happened at the gate, once: uploading twice records once. An offline admission of a ticket
// that was meanwhile admitted elsewhere is still recorded (the person did get in) and the pair is
// recorded as a conflict with both gates and times.
//
// An upload must prove what it claims, because a gate token alone must not be able to mark
// tickets used: every scan is recorded in the name of the device whose token uploaded it (an
// item naming another device is rejected); an admission or exit of a scanned code carries the
// code, checked as a live scan would check it (ours byte for byte, or at least correctly signed
// for that very ticket); an admission staff made from a search says so and is recorded as
// manual; a ticket the leader does not know is rejected. Each rejection names its reason.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/clock.hpp"
#include "core/checkin/conflict_log.hpp"
#include "core/store/database.hpp"

namespace qrgate {

struct UploadedScan {
    std::string nonce;
    std::string ticketId;
    std::string eventId;
    std::string gateId;
    std::string deviceId;             // the device the item claims; empty = the uploader
    std::string direction = "entry";  // entry / exit
    std::string result = "admitted";  // admitted / refused
    std::string reason;
    TimeMs scannedAt = 0;
    bool manual = false;  // staff admitted a ticket found by search: no code
    std::string qrData;   // the scanned code: the proof of a scanned admission or exit

    // From an upload item (ReplicaWriter::pendingUploads); nullopt when a field is missing or wrong.
    static std::optional<UploadedScan> fromJson(const nlohmann::json& item);
};

enum class IntakeOutcome { Recorded, Duplicate, Conflict, Rejected };
const char* toString(IntakeOutcome outcome);  // "recorded" / "duplicate" / "conflict" / "rejected"

struct IntakeResult {
    IntakeOutcome outcome = IntakeOutcome::Recorded;
    std::string reason;   // why it was rejected: a code ("device_mismatch", "missing_code", ...)
    std::string message;  // and in words
    bool operator==(IntakeOutcome o) const { return outcome == o; }
};

class OfflineIntake {
public:
    explicit OfflineIntake(Database& db, const Clock& clock = SystemClock::instance());
    // All in one transaction; one result per scan, in order. `uploaderDeviceId` is the device
    // whose token made the upload: every scan recorded is recorded in its name.
    std::vector<IntakeResult> record(const std::vector<UploadedScan>& scans, const std::string& uploaderDeviceId);

private:
    struct TicketFacts;
    IntakeResult recordOne(const UploadedScan& scan, const std::string& uploader, TimeMs now);
    // Why this admission or exit is not proven, or nullopt when it is.
    std::optional<IntakeResult> unproven(const UploadedScan& scan, const TicketFacts& ticket);
    Database& m_db;
    const Clock& m_clock;
};

}  // namespace qrgate

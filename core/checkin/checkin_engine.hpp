#pragma once
// Decides and records scans. validate() only looks; admit() decides and records inside one
// write transaction with a conditional update, so of any number of simultaneous admissions of a
// ticket (threads, processes, gates sharing this database) exactly one is admitted.
// Every admit() call is logged, admitted or refused; a repeated nonce returns the first answer.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.hpp"
#include "core/store/database.hpp"
#include "core/base/model.hpp"
#include "core/base/result.hpp"
#include "core/base/verdict.hpp"

namespace SQLite {
class Statement;
}

namespace qrgate {

struct ScanRequest {
    std::string qrData;
    std::string manualTicketId;  // staff admit a ticket found by search (no code to check)
    std::string eventId;         // the gate's event; empty = the event named in the code
    std::string gateId;
    std::string deviceId;
    Direction direction = Direction::Entry;
    std::string nonce;                // idempotency key; empty = a fresh one
    std::optional<TimeMs> scannedAt;  // when the gate saw it; default now
    bool offline = false;             // decided by a follower from its replica
};

struct EngineOptions {
    // A follower cut off from its leader may admit a ticket that is authentic (valid signature)
    // but not yet in its replica, trusting the signature. Off by default: not_found.
    bool admitUnknownAuthentic = false;
};

class CheckinEngine {
public:
    explicit CheckinEngine(Database& db, const Clock& clock = SystemClock::instance(), EngineOptions options = {});
    ~CheckinEngine();

    Verdict validate(const ScanRequest& request);
    Verdict admit(const ScanRequest& request);
    // Several admissions in one transaction and one durable commit (group commit for a server
    // with many gates); each is decided after the ones before it, exactly as admit() would.
    std::vector<Verdict> admitAll(const std::vector<ScanRequest>& requests);
    // Undo an admission (entry or exit); the undo is logged. Returns the annulled check-in.
    Result<Checkin> annul(const std::string& checkinId, const std::string& gateId = "",
                          const std::string& deviceId = "");

    static bool isValidNonce(std::string_view nonce);
    // Scans without a nonce get one when recorded; a request that travels first takes one from
    // makeRequestNonce() (core/checkin_identity.hpp).

private:
    struct Decision;
    struct EventInfo;
    Decision decide(const ScanRequest& request, TimeMs at);
    Decision decideManual(const ScanRequest& request, TimeMs at);
    void checkTicket(Decision& d, const ScanRequest& request, TimeMs at);
    const EventInfo* eventInfo(const std::string& eventId);
    std::optional<FirstCheckin> lastAdmission(const std::string& ticketId, bool firstEver);
    bool applyToTicket(const Decision& d, const ScanRequest& request, TimeMs at);
    // The scan's row id and nonce: the request's nonce, or a local one made from the row id.
    struct LogIdentity {
        std::int64_t rowId = 0;
        std::string nonce;
        bool local = false;
    };
    LogIdentity newLogIdentity(const std::string& requestNonce);
    void record(const Decision& d, const ScanRequest& request, const LogIdentity& id, TimeMs scannedAt,
                TimeMs recordedAt);
    std::optional<Verdict> replay(const std::string& nonce);
    Verdict admitLocked(const ScanRequest& request, TimeMs recordedAt);
    Verdict toVerdict(const Decision& d, const ScanRequest& request, TimeMs at);
    SQLite::Statement& statement(const char* key, const char* sql);

    Database& m_db;
    const Clock& m_clock;
    EngineOptions m_options;
    std::map<std::string, std::unique_ptr<EventInfo>> m_events;
    std::map<const char*, std::unique_ptr<SQLite::Statement>> m_statements;
};

}  // namespace qrgate

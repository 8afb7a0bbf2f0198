#pragma once
// One path for every decision a gate asks for: a scanned code (admit), a look without recording
// (validate, the kiosk's confirm mode), a ticket staff found by search (manual), an undo.
// POST /api/checkin, /api/validate and /api/checkins/:id/annul call it, and so does the kiosk,
// in process, with no JSON in between.
//
// Standalone or leader: this node decides. Follower: the leader decides whenever it answers a
// fresh connection within the forward timeout; only when it does not does this node's replica
// decide: the scan is marked offline (same nonce as the forward) and queued for upload.
// A gate that cannot decide says so as a GateFailure, for the staff: never as a refusal of the
// person at the gate. A gate whose token the leader refused (revoked) stops deciding.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/checkin/checkin_engine.hpp"
#include "core/base/model.hpp"
#include "core/base/result.hpp"
#include "core/base/verdict.hpp"

namespace qrgate::sync {

class FollowerLink;

struct GateFailure {
    enum class Kind {
        TokenRefused,   // the leader refused this gate's token (revoked, or another leader)
        LeaderRefused,  // the leader refused the request itself (too many bad codes, a bad request)
        DiskFull,       // this gate's own disk is full
        StorageError,   // this gate's own database failed
    };
    Kind kind = Kind::StorageError;
    std::string code;     // a short machine word: "gate_unauthorized", "disk_full", the leader's code
    std::string message;  // plain words for the staff: what is wrong and what to do
    int httpStatus = 503;  // how the HTTP API answers it
};

// A verdict, or why the gate could not give one.
struct GateDecision {
    std::optional<Verdict> verdict;
    std::optional<GateFailure> failure;
};

// An undo: the annulled check-in, or why not (the check-in is unknown or cannot be undone:
// `refusal`), or a gate failure.
struct GateUndo {
    std::optional<Checkin> undone;
    std::string timeZone = "UTC";
    std::optional<Error> refusal;
    std::optional<GateFailure> failure;
};

// How a node decides by itself, from its own database. Calls may throw SQLite::Exception.
class LocalGate {
public:
    virtual ~LocalGate() = default;
    // Decides and records. request.offline: a follower deciding without its leader (then a
    // genuine ticket not yet in the replica is admitted on its signature).
    virtual Verdict admit(const ScanRequest& request) = 0;
    virtual Verdict validate(const ScanRequest& request) = 0;
    virtual Result<Checkin> annul(const std::string& checkinId, const std::string& gateId,
                                  const std::string& deviceId) = 0;
    virtual std::string timeZoneOf(const std::string& eventId) = 0;
};

// A LocalGate on one database connection, for a gate without a node of its own (the standalone
// kiosk): use it on the thread that owns the connection.
class EngineGate final : public LocalGate {
public:
    explicit EngineGate(Database& db);
    ~EngineGate() override;
    Verdict admit(const ScanRequest& request) override;
    Verdict validate(const ScanRequest& request) override;
    Result<Checkin> annul(const std::string& checkinId, const std::string& gateId,
                          const std::string& deviceId) override;
    std::string timeZoneOf(const std::string& eventId) override;

private:
    CheckinEngine& engineFor(const ScanRequest& request);
    Database& m_db;
    CheckinEngine m_online;
    CheckinEngine m_offline;  // admits a genuine ticket not yet synced on its signature
};

class GateDecider {
public:
    // `link` tells, at each call, the follower link to ask first (null: decide here).
    using LinkSource = std::function<std::shared_ptr<FollowerLink>()>;
    GateDecider(LocalGate& local, LinkSource link);

    GateDecision checkin(ScanRequest request);
    GateDecision validate(ScanRequest request);
    GateUndo annul(const std::string& checkinId, const std::string& gateId, const std::string& deviceId);

private:
    GateDecision decide(ScanRequest request, bool record);
    template <class F>
    GateDecision locally(F&& decideHere);

    LocalGate& m_local;
    LinkSource m_link;
};

// The failure a storage exception means (disk full, or another database error).
GateFailure storageFailure(const std::exception& e);

}  // namespace qrgate::sync

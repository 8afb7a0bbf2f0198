#pragma once
// One qrgate node on the LAN: the HTTP(S) API of the architecture over a data folder, as leader
// (owns the truth) or follower (forwards scans to its leader, falls back to its replica).
// `qrgate serve` runs one headless; the admin console and the kiosk run one inside the GUI.
// Everything here is thread-safe; status() is cheap enough to call once per frame.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/replica/device_registry.hpp"
#include "core/base/result.hpp"
#include "sync/connection_registry.hpp"
#include "sync/follower_link.hpp"
#include "sync/gate_decider.hpp"
#include "sync/pairing.hpp"

namespace qrgate::sync {

struct NodeOptions {
    std::filesystem::path dataDir;
    std::string host = "0.0.0.0";
    int port = 8443;  // 0 picks a free port; url() tells which
    bool plainHttp = false;  // only when asked for: tokens then cross the LAN readable
    std::optional<LeaderSettings> leader;  // set: run as a follower of this leader
    std::chrono::milliseconds forwardTimeout{300};
    ConnectionLimits connectionLimits;  // against slow and idle connections (connection_registry.hpp)
    std::function<void(const std::string&)> log;  // one line per noteworthy event
};

struct NodeStatus {
    std::string role;  // "leader" / "follower"
    std::string url;
    std::string nodeId;
    std::string fingerprint;                // this node's certificate ("" over plain http)
    std::optional<LinkStatus> link;         // followers: the state of the link to the leader
    std::int64_t conflicts = 0;             // recorded (leader) or known (follower)
};

class SyncNode {
public:
    // Prepares the data folder (database, TLS certificate on first start), binds, and serves.
    // When this returns, the node accepts requests.
    static Result<std::unique_ptr<SyncNode>> start(NodeOptions options);
    ~SyncNode();

    const std::string& url() const;
    const std::string& fingerprint() const;
    const std::string& nodeId() const;
    NodeStatus status();

    // An operator makes this follower the leader (its leader machine is gone): it stops
    // following and serves from its replica. Followers are then re-pointed to it.
    Status promote();
    // Follow another leader (after a promotion elsewhere).
    Status repoint(LeaderSettings leader);
    // A one-time pairing invitation for a kiosk (leader only).
    Result<PairingInvite> invite(DeviceRole role = DeviceRole::Gate,
                                 std::chrono::minutes validFor = std::chrono::minutes(10));

    // What became of a code invite() made: open, used (by whom, when) or expired.
    PairingCodeState pairingCodeState(const std::string& code);

    // A follower's link to its leader (null while leader).
    std::shared_ptr<FollowerLink> followerLink() const;
    // Every decision at this node's gate: the HTTP routes use it, and a kiosk running its node
    // in-process calls it directly. Thread-safe; calls block until decided.
    GateDecider& decider();

    // Stops serving and joins every thread; called by the destructor.
    void stop();

    struct Impl;

private:
    explicit SyncNode(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m;
};


}  // namespace qrgate::sync

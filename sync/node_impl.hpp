#pragma once
// The parts of a running node that the HTTP routes share (internal to sync/).
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "sync/admission_queue.hpp"
#include "sync/db_sessions.hpp"
#include "sync/feed_notifier.hpp"
#include "sync/follower_link.hpp"
#include "sync/gate_decider.hpp"
#include "sync/node_gate.hpp"
#include "sync/rate_limiter.hpp"
#include "sync/sync_node.hpp"
#include "sync/tls_identity.hpp"

namespace httplib {
class Server;
}

namespace qrgate::sync {

struct SyncNode::Impl {
    NodeOptions options;
    std::filesystem::path databaseFile;
    std::string nodeId;
    std::string url;
    std::optional<TlsIdentity> tls;

    std::unique_ptr<SessionPool> sessions;
    std::unique_ptr<FeedNotifier> notifier;
    std::unique_ptr<AdmissionQueue> admissions;
    std::unique_ptr<NodeGate> localGate;
    std::unique_ptr<GateDecider> decider;  // every gate decision: the routes and the kiosk

    // Against guessing: failed authentication and pairing per remote address, refused codes
    // that look like guesses (malformed, forged, unknown) per device.
    RateLimiter authFailures{20, 1.0};
    RateLimiter pairingAttempts{10, 0.2};
    RateLimiter codeGuesses{50, 10.0};

    // Offline check-ins received from followers since start (leader), for GET /api/status.
    std::atomic<std::int64_t> uploadsAccepted{0};
    std::atomic<std::int64_t> uploadsRejected{0};

    mutable std::mutex roleMutex;
    std::shared_ptr<FollowerLink> link;  // null while leader

    std::shared_ptr<ConnectionRegistry> connections;  // every open connection of `server`
    std::unique_ptr<httplib::Server> server;
    std::thread listenThread;
    bool stopped = false;

    std::shared_ptr<FollowerLink> currentLink() const {
        std::lock_guard lock(roleMutex);
        return link;
    }
    void log(const std::string& line) const {
        if (options.log) options.log(line);
    }
    std::shared_ptr<FollowerLink> makeLink(const LeaderSettings& leader);
    Status promote();
    Status repoint(const LeaderSettings& leader);
};

// Registers every /api route on the server (api_routes.cpp).
void registerRoutes(httplib::Server& server, SyncNode::Impl& node);

}  // namespace qrgate::sync

#pragma once
// A follower's link to its leader. Two threads keep the replica fresh and the leader informed:
// the feed thread long-polls GET /api/changes and applies each page to the replica (the cursor
// is saved in the same transaction); the upload thread sends offline check-ins (with their
// nonces, so a retry records nothing twice) whenever the leader is reachable. Request threads
// forward scans with a short timeout and fall back to the replica when no answer comes.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/base/link_state.hpp"
#include "sync/leader_client.hpp"

namespace qrgate::sync {

using qrgate::LinkState;  // a follower link is Connecting, Online, Offline, CertificateMismatch or Unauthorized

struct LeaderSettings {
    std::string url;
    std::string token;
    std::string fingerprint;  // pinned up front; empty = trust on first use
};

struct LinkStatus {
    LinkState state = LinkState::Connecting;
    std::string leaderUrl;
    std::string leaderFingerprint;
    std::string leaderNodeId;
    std::int64_t cursor = 0;
    std::int64_t pendingUploads = 0;
    std::int64_t uploaded = 0;         // offline check-ins the leader has taken since start (by upload or forward)
    std::int64_t uploadsRejected = 0;  // offline check-ins the leader refused to record (unproven)
    std::string lastError;
};

class FollowerLink {
public:
    struct Hooks {
        std::function<void()> replicaChanged;                    // wake this node's own feed readers
        std::function<void(const std::string&)> log;             // one line for the operator
        std::function<void(const std::string& fp)> pinLearned;  // trust on first use: save the pin
    };

    FollowerLink(std::filesystem::path databaseFile, LeaderSettings leader, std::chrono::milliseconds forwardTimeout,
                 Hooks hooks);
    ~FollowerLink();

    void start();
    void stop();

    // The leader's answer to a POST (any status), or nullopt when a fresh connection got no answer
    // within the forward timeout (or the leader's certificate or this node's token was refused):
    // then the caller decides from the replica.
    std::optional<HttpAnswer> forward(const std::string& path, const std::string& body);
    void uploadSoon();
    LinkStatus status() const;
    bool online() const { return m_state.load() == LinkState::Online; }
    LinkState state() const { return m_state.load(); }  // cheap: no copy of the status

private:
    void feedLoop();
    void uploadLoop();
    void setState(LinkState state, const std::string& error = "");
    void noteFailure(const HttpAnswer& answer);
    bool sleepFor(std::chrono::milliseconds d);  // false when stopping

    std::filesystem::path m_file;
    LeaderSettings m_settings;
    std::chrono::milliseconds m_forwardTimeout;
    Hooks m_hooks;
    std::unique_ptr<LeaderClient> m_client;
    std::unique_ptr<LeaderClient> m_feedClient;  // its own connection: long polls would block forwards

    std::atomic<LinkState> m_state{LinkState::Connecting};
    std::atomic<bool> m_stopping{false};
    mutable std::mutex m_mutex;  // guards the fields below and the two condition variables
    std::condition_variable m_wake;
    std::condition_variable m_uploadWake;
    bool m_uploadPoked = true;
    std::string m_lastError;
    std::string m_leaderNodeId;
    std::int64_t m_cursor = 0;
    std::int64_t m_pending = 0;
    std::int64_t m_uploaded = 0;
    std::int64_t m_uploadsRejected = 0;
    bool m_mismatchReported = false;
    std::thread m_feedThread;
    std::thread m_uploadThread;
};

}  // namespace qrgate::sync

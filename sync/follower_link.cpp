#include "sync/follower_link.hpp"

#include <nlohmann/json.hpp>

#include "core/replica/change_feed.hpp"
#include "core/store/database.hpp"
#include "sync/tls_identity.hpp"

namespace qrgate::sync {

using nlohmann::json;

namespace {
constexpr auto kLongPollSeconds = 20;
constexpr auto kRetryDelay = std::chrono::milliseconds(250);
constexpr std::size_t kPageSize = 5000;
}  // namespace


FollowerLink::FollowerLink(std::filesystem::path databaseFile, LeaderSettings leader,
                           std::chrono::milliseconds forwardTimeout, Hooks hooks)
    : m_file(std::move(databaseFile)),
      m_settings(std::move(leader)),
      m_forwardTimeout(forwardTimeout),
      m_hooks(std::move(hooks)) {
    auto address = NodeAddress::parse(m_settings.url).value();
    m_client = std::make_unique<LeaderClient>(address, m_settings.token, m_settings.fingerprint);
    m_feedClient = std::make_unique<LeaderClient>(address, m_settings.token, m_client->sharedPin());
}

FollowerLink::~FollowerLink() { stop(); }

void FollowerLink::start() {
    m_feedThread = std::thread([this] { feedLoop(); });
    m_uploadThread = std::thread([this] { uploadLoop(); });
}

void FollowerLink::stop() {
    m_stopping = true;
    m_wake.notify_all();
    m_uploadWake.notify_all();
    // A long poll waits up to 30 s and an upload up to 10 s: end them now.
    m_feedClient->abort();
    m_client->abort();
    if (m_feedThread.joinable()) m_feedThread.join();
    if (m_uploadThread.joinable()) m_uploadThread.join();
}

bool FollowerLink::sleepFor(std::chrono::milliseconds d) {
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, d, [&] { return m_stopping.load(); });
    return !m_stopping;
}

void FollowerLink::setState(LinkState state, const std::string& error) {
    const LinkState before = m_state.exchange(state);
    {
        std::lock_guard lock(m_mutex);
        if (!error.empty()) m_lastError = error;
    }
    if (before == state || !m_hooks.log) return;
    if (state == LinkState::Online)
        m_hooks.log("leader " + m_settings.url + " reachable: online");
    else if (state == LinkState::Offline)
        m_hooks.log("leader " + m_settings.url + " unreachable (" + error + "): deciding from the replica");
    if (state == LinkState::Online) uploadSoon();
}

void FollowerLink::noteFailure(const HttpAnswer& answer) {
    // Both clients share one pin policy, so look at both for a refused certificate.
    const std::string refused = m_client->pin().lastRefused();
    if (!refused.empty()) {
        const std::string pinned = m_settings.fingerprint.empty() ? m_feedClient->pin().pinned() : m_settings.fingerprint;
        const std::string message = "refusing leader " + m_settings.url + ": its certificate fingerprint " + refused +
                                    " does not match the pinned " + pinned +
                                    " (if the leader really has a new certificate, restart with --fingerprint " +
                                    refused + ")";
        m_state = LinkState::CertificateMismatch;
        bool report = false;
        {
            std::lock_guard lock(m_mutex);
            m_lastError = message;
            report = !m_mismatchReported;
            m_mismatchReported = true;
        }
        if (report && m_hooks.log) m_hooks.log(message);
        return;
    }
    if (answer.status == 401 || answer.status == 403) {
        std::string why = answer.apiError("").message;
        if (why.empty()) why = answer.body.substr(0, 200);
        const std::string message = "the leader " + m_settings.url + " refused this node's token (HTTP " +
                                    std::to_string(answer.status) + "): " + why;
        if (m_state.exchange(LinkState::Unauthorized) != LinkState::Unauthorized && m_hooks.log) m_hooks.log(message);
        std::lock_guard lock(m_mutex);
        m_lastError = message;
        return;
    }
    setState(LinkState::Offline, answer.answered() ? "HTTP " + std::to_string(answer.status) : answer.error);
}

std::optional<HttpAnswer> FollowerLink::forward(const std::string& path, const std::string& body) {
    const auto state = m_state.load();
    if (state == LinkState::CertificateMismatch || state == LinkState::Unauthorized) return std::nullopt;
    // Every scan asks the leader, even while the link is marked offline: the decision is the
    // leader's whenever it answers a fresh connection within the timeout, and only then does the
    // replica decide. The request keeps its nonce, so a leader that recorded it without answering
    // records nothing twice when the offline scan is uploaded.
    auto answer = m_client->post(path, body, m_forwardTimeout);
    if (!answer.answered() || answer.status >= 500) {
        if (answer.error != "stopping") noteFailure(answer);
        return std::nullopt;
    }
    if (answer.status == 401)
        noteFailure(answer);  // this gate's token is refused: it stops deciding (GateDecider)
    else
        setState(LinkState::Online);
    return answer;
}

void FollowerLink::uploadSoon() {
    {
        std::lock_guard lock(m_mutex);
        m_uploadPoked = true;
    }
    m_uploadWake.notify_one();
}

LinkStatus FollowerLink::status() const {
    LinkStatus s;
    s.state = m_state.load();
    s.leaderUrl = m_settings.url;
    s.leaderFingerprint = m_settings.fingerprint.empty() ? m_feedClient->pin().pinned() : m_settings.fingerprint;
    std::lock_guard lock(m_mutex);
    s.leaderNodeId = m_leaderNodeId;
    s.cursor = m_cursor;
    s.pendingUploads = m_pending;
    s.uploaded = m_uploaded;
    s.uploadsRejected = m_uploadsRejected;
    s.lastError = m_lastError;
    return s;
}

void FollowerLink::feedLoop() {
    auto opened = Database::open(m_file);
    if (!opened) {
        if (m_hooks.log) m_hooks.log("follower: " + opened.error().message);
        return;
    }
    auto db = std::move(opened).value();
    ReplicaWriter replica(*db);
    // The cursor counts in the leader's sequence numbers, so it is only good for that leader.
    std::string cursorNode = db->setting("sync.cursor_node");
    std::int64_t cursor = std::stoll(db->setting("sync.cursor", "0"));
    bool caughtUp = false;
    while (!m_stopping) {
        const int wait = caughtUp ? kLongPollSeconds : 0;
        const std::string path = "/api/changes?since=" + std::to_string(cursor) + "&wait=" + std::to_string(wait) +
                                 "&limit=" + std::to_string(kPageSize);
        auto answer = m_feedClient->get(path, std::chrono::seconds(wait + 10));
        if (m_stopping) break;
        if (answer.status != 200) {
            noteFailure(answer);
            m_feedClient->reset();
            caughtUp = false;
            if (!sleepFor(m_state.load() == LinkState::Offline ? kRetryDelay : std::chrono::milliseconds(2000))) break;
            continue;
        }
        try {
            auto page = json::parse(answer.body);
            const std::string nodeId = page.value("nodeId", "");
            if (nodeId != cursorNode && cursor != 0) {
                // Another leader (a promoted follower): start over with its full snapshot.
                if (m_hooks.log) m_hooks.log("leader changed to node " + nodeId + ": fetching a full snapshot");
                cursor = 0;
                cursorNode = nodeId;
                continue;
            }
            cursorNode = nodeId;
            const std::int64_t next = page.value("next", cursor);
            std::int64_t settled = 0;
            if (!page.at("changes").empty() || next != cursor)
                settled = replica.apply(page.at("changes"),
                                        {{"sync.cursor", std::to_string(next)}, {"sync.cursor_node", nodeId}});
            cursor = next;
            caughtUp = !page.value("more", false);
            {
                std::lock_guard lock(m_mutex);
                m_uploaded += settled;  // the leader had them: they reached it
                m_cursor = cursor;
                m_leaderNodeId = nodeId;
                m_pending = replica.pendingCount();
            }
            if (m_feedClient->pin().pinnedOnFirstUse() && m_settings.fingerprint.empty()) {
                m_settings.fingerprint = m_feedClient->pin().pinned();
                if (m_hooks.pinLearned) m_hooks.pinLearned(m_settings.fingerprint);
            }
            setState(LinkState::Online);
            if (!page.at("changes").empty() && m_hooks.replicaChanged) m_hooks.replicaChanged();
        } catch (const std::exception& e) {
            setState(LinkState::Offline, std::string("bad change feed page: ") + e.what());
            if (!sleepFor(std::chrono::milliseconds(1000))) break;
        }
    }
}

void FollowerLink::uploadLoop() {
    auto opened = Database::open(m_file);
    if (!opened) return;
    auto db = std::move(opened).value();
    ReplicaWriter replica(*db);
    while (!m_stopping) {
        {
            std::unique_lock lock(m_mutex);
            m_uploadWake.wait_for(lock, std::chrono::seconds(1), [&] { return m_uploadPoked || m_stopping.load(); });
            m_uploadPoked = false;
        }
        if (m_stopping) break;
        // The queue's length is shown in the status even while the leader is away: an offline
        // scan pokes this thread, which counts again.
        try {
            const auto pendingNow = replica.pendingCount();
            std::lock_guard lock(m_mutex);
            m_pending = pendingNow;
        } catch (const std::exception&) {
            // busy database: counted next round
        }
        // Offline too, queued scans are offered to the leader (once a second while it is away):
        // the first upload that gets through brings the link back at once, rather than when the
        // feed's long poll next returns.
        const auto state = m_state.load();
        if (state == LinkState::CertificateMismatch || state == LinkState::Unauthorized) continue;
        while (!m_stopping) {
            json pending;
            try {
                pending = replica.pendingUploads(500);
            } catch (const std::exception&) {
                break;  // busy database: next round
            }
            if (pending.empty()) break;
            auto answer = m_client->post("/api/sync/upload", json{{"checkins", pending}}.dump(), std::chrono::seconds(10));
            if (answer.status != 200) {
                if (answer.error != "stopping") noteFailure(answer);
                break;
            }
            setState(LinkState::Online);
            // Rejected scans are settled too: the leader's reasons (unproven, unknown ticket) do
            // not change by sending them again. They are logged for the operator.
            std::vector<std::string> taken, rejected;
            std::string firstRejection;
            std::int64_t newlyTaken = 0;
            try {
                for (const auto& r : json::parse(answer.body).at("results")) {
                    const bool isRejected = r.value("status", "") == "rejected";
                    (isRejected ? rejected : taken).push_back(r.at("nonce").get<std::string>());
                    if (isRejected && firstRejection.empty())
                        firstRejection = rejected.back() + ": " + r.value("reason", "") + " " + r.value("message", "");
                }
                // A scan the leader's feed already brought back was counted there.
                newlyTaken = replica.markUploaded(taken);
                replica.markUploaded(rejected);
            } catch (const std::exception& e) {
                if (m_hooks.log) m_hooks.log(std::string("upload: bad answer from the leader: ") + e.what());
                break;
            }
            if (!rejected.empty() && m_hooks.log)
                m_hooks.log("the leader rejected " + std::to_string(rejected.size()) + " offline check-in(s), e.g. " +
                            firstRejection);
            std::lock_guard lock(m_mutex);
            m_uploaded += newlyTaken;
            m_uploadsRejected += static_cast<std::int64_t>(rejected.size());
            m_pending = replica.pendingCount();
            if (taken.empty() && rejected.empty()) break;
        }
    }
}

}  // namespace qrgate::sync

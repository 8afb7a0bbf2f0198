#include "sync/node_config.hpp"

#include <cstdlib>

#include "core/base/crypto.hpp"

namespace qrgate::sync {

namespace {
constexpr const char* kRole = "sync.role";
constexpr const char* kLeaderUrl = "sync.leader_url";
constexpr const char* kLeaderToken = "sync.leader_token";
constexpr const char* kNodeId = "sync.node_id";
constexpr const char* kWantedLeader = "sync.wanted_leader";  // a URL given without a token
std::string pinKey(const std::string& leaderUrl) { return "sync.pin:" + leaderUrl; }

Error badListen(const std::string& text) {
    return Error{"bad_listen", "'" + text.substr(0, 100) +
                                   "' is not an address to listen on: give HOST:PORT, e.g. 0.0.0.0:8443, "
                                   "127.0.0.1:0 (any free port) or [::1]:8443."};
}
}  // namespace

Result<ListenAddress> ListenAddress::parse(const std::string& text) {
    ListenAddress a;
    std::string host = text, port;
    if (!text.empty() && text[0] == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos || (close + 1 < text.size() && text[close + 1] != ':')) return badListen(text);
        host = text.substr(1, close - 1);
        if (close + 1 < text.size()) port = text.substr(close + 2);
    } else if (auto colon = text.rfind(':'); colon != std::string::npos) {
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    } else if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
        host.clear();
        port = text;
    } else {
        return badListen(text);
    }
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
        return badListen(text);
    a.port = std::stoi(port);
    if (a.port > 65535) return badListen(text);
    if (host.find_first_of(" /\\") != std::string::npos) return badListen(text);
    a.host = host.empty() ? "0.0.0.0" : host;
    return a;
}

Result<ListenAddress> ListenAddress::fromEnvironment() {
    const char* text = std::getenv("QRGATE_LISTEN");
    if (!text || !*text) return ListenAddress{};
    auto parsed = parse(text);
    if (!parsed) return Error{"bad_listen", "QRGATE_LISTEN: " + parsed.error().message};
    return parsed;
}

std::string ListenAddress::text() const {
    return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

const char* toString(NodeRole role) { return role == NodeRole::Follower ? "follower" : "leader"; }

namespace node_config {

StoredNode load(Database& db) {
    StoredNode n;
    const std::string url = db.setting(kLeaderUrl);
    if (db.setting(kRole) == "follower" && !url.empty()) {
        n.role = NodeRole::Follower;
        n.leader = LeaderSettings{url, db.setting(kLeaderToken), pinnedFingerprint(db, url)};
    }
    return n;
}

LeaderChoice chooseLeader(Database& db, const std::string& url, const std::string& token,
                          const std::string& fingerprint, bool remember) {
    const StoredNode stored = load(db);
    LeaderChoice choice;
    if (url.empty()) {
        if (stored.leader) {
            choice.url = stored.leader->url;
            choice.settings = *stored.leader;
            if (!fingerprint.empty()) choice.settings->fingerprint = fingerprint;
        } else {
            choice.url = db.setting(kWantedLeader);
        }
        return choice;
    }
    choice.url = url;
    std::string t = token;
    if (t.empty() && stored.leader && stored.leader->url == url) t = stored.leader->token;
    if (!t.empty())
        choice.settings = LeaderSettings{url, t, fingerprint.empty() ? pinnedFingerprint(db, url) : fingerprint};
    if (remember && !token.empty())
        follow(db, LeaderSettings{url, token, fingerprint});
    else if (remember)
        db.storeSettings({{kWantedLeader, url}});
    return choice;
}

void follow(Database& db, const LeaderSettings& leader) {
    std::vector<std::pair<std::string, std::string>> values = {
        {kRole, "follower"}, {kLeaderUrl, leader.url}, {kLeaderToken, leader.token}, {kWantedLeader, leader.url}};
    if (!leader.fingerprint.empty()) values.emplace_back(pinKey(leader.url), leader.fingerprint);
    db.storeSettings(values);
}

void lead(Database& db) { db.storeSettings({{kRole, "leader"}, {kLeaderUrl, ""}, {kLeaderToken, ""}}); }

std::string pinnedFingerprint(Database& db, const std::string& leaderUrl) { return db.setting(pinKey(leaderUrl)); }

void pin(Database& db, const std::string& leaderUrl, const std::string& fingerprint) {
    db.storeSettings({{pinKey(leaderUrl), fingerprint}});
}

std::string nodeId(Database& db) {
    std::string id = db.setting(kNodeId);
    if (id.empty()) {
        id = "N" + randomId(11);
        db.storeSettings({{kNodeId, id}});
    }
    return id;
}

}  // namespace node_config

}  // namespace qrgate::sync

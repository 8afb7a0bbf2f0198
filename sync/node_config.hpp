#pragma once
// A node's configuration in one place: where it listens, which leader it follows (URL, device
// token, pinned certificate fingerprint) and so its role. The data folder keeps the role and the
// followed leader in its settings table (after `qrgate device join`, pairing at the kiosk, or a
// promotion); the command line and QRGATE_LISTEN give the rest. `qrgate serve`, `device
// join|promote`, the console, the kiosk and SyncNode all read and write it through here, and a bad
// HOST:PORT is refused with the same message wherever it is given.
#include <optional>
#include <string>

#include "core/store/database.hpp"
#include "core/base/result.hpp"
#include "sync/follower_link.hpp"

namespace qrgate::sync {

struct ListenAddress {
    std::string host = "0.0.0.0";
    int port = 8443;  // 0: any free port

    // "HOST:PORT", "[::1]:8443", ":8443" (every address) or "8443".
    static Result<ListenAddress> parse(const std::string& text);
    // QRGATE_LISTEN when it is set, else 0.0.0.0:8443. A bad value is an error, never ignored.
    static Result<ListenAddress> fromEnvironment();
    std::string text() const;
};

enum class NodeRole { Leader, Follower };
const char* toString(NodeRole role);  // "leader" / "follower"

// What the data folder says about its node.
struct StoredNode {
    NodeRole role = NodeRole::Leader;
    std::optional<LeaderSettings> leader;  // a follower's leader (with its pinned fingerprint)
};

// The leader a node is to follow: `url` alone (no token yet) means "not paired".
struct LeaderChoice {
    std::string url;                         // empty: this node leads (or stands alone)
    std::optional<LeaderSettings> settings;  // set when there is a token to follow with
};

namespace node_config {

StoredNode load(Database& db);
// --leader URL [--token T] [--fingerprint F] when a URL is given (a token stored for that URL
// is used when none is given), else the leader the data folder follows. With `remember`, what was
// given is stored like `qrgate device join`, and a URL given without a token is remembered so
// that the next start still says "not paired" (the kiosk).
LeaderChoice chooseLeader(Database& db, const std::string& url, const std::string& token,
                          const std::string& fingerprint, bool remember);
// This node now follows `leader` (role follower); a fingerprint given is pinned for its URL.
void follow(Database& db, const LeaderSettings& leader);
// This node is the leader now (a promotion): it follows nobody.
void lead(Database& db);
// The certificate fingerprint pinned for a leader URL ("" when none), and pinning one.
std::string pinnedFingerprint(Database& db, const std::string& leaderUrl);
void pin(Database& db, const std::string& leaderUrl, const std::string& fingerprint);
// This node's identity, made once per data folder.
std::string nodeId(Database& db);

}  // namespace node_config

}  // namespace qrgate::sync

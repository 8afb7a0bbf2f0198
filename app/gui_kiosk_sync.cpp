#include "app/gui_kiosk_sync.hpp"

#include <mutex>

#include "core/time_format.hpp"
#include "sync/sync_node.hpp"

namespace qrgate::gui {

namespace ns = sync::node_settings;

void storeLeader(Database& db, const std::string& url, const std::string& token, const std::string& fingerprint) {
    std::lock_guard writer(db.writeMutex());
    db.setSetting(ns::kRole, "follower");
    db.setSetting(ns::kLeaderUrl, url);
    db.setSetting(ns::kLeaderToken, token);
    db.setSetting("kiosk.leader", url);
    if (!fingerprint.empty()) db.setSetting(ns::pinKey(url), fingerprint);
}

KioskLeader resolveKioskLeader(Database& db, const std::string& url, const std::string& token,
                               const std::string& fingerprint) {
    KioskLeader leader;
    if (!url.empty()) {
        leader.url = url;
        std::string t = token;
        if (t.empty() && db.setting(ns::kLeaderUrl) == url) t = db.setting(ns::kLeaderToken);
        if (!token.empty()) storeLeader(db, url, token, fingerprint);
        else {
            std::lock_guard writer(db.writeMutex());
            db.setSetting("kiosk.leader", url);
        }
        if (!t.empty()) leader.settings = sync::LeaderSettings{url, t, fingerprint};
        return leader;
    }
    if (db.setting(ns::kRole) == "follower" && !db.setting(ns::kLeaderUrl).empty()) {
        leader.url = db.setting(ns::kLeaderUrl);
        leader.settings = sync::LeaderSettings{leader.url, db.setting(ns::kLeaderToken), ""};
        return leader;
    }
    leader.url = db.setting("kiosk.leader");  // remembered from an earlier --leader without a token
    return leader;
}

}  // namespace qrgate::gui

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

Verdict verdictFromJson(const nlohmann::json& j, const std::string& timeZone) {
    Verdict v;
    v.eventTimeZone = timeZone;
    v.admitted = j.value("ok", false);
    v.message = j.value("message", "");
    v.offline = j.value("offline", false);
    v.checkinId = j.value("checkinId", "");
    if (auto r = parseReason(j.value("reason", ""))) v.reason = *r;
    else if (!v.admitted) v.reason = Reason::NotFound;
    if (auto d = parseDirection(j.value("direction", "entry"))) v.direction = *d;
    if (auto t = parseIsoTime(j.value("scannedAt", ""), timeZone)) v.scannedAt = *t;
    if (auto it = j.find("ticket"); it != j.end() && it->is_object()) {
        TicketSummary t;
        t.id = it->value("id", "");
        try {
            t.number = std::stoll(it->value("number", "0"));
        } catch (const std::exception&) {
        }
        t.name = it->value("name", "");
        t.type = it->value("type", "");
        t.typeColour = it->value("colour", "");
        v.ticket = t;
    }
    if (auto it = j.find("firstCheckin"); it != j.end() && it->is_object()) {
        FirstCheckin f;
        if (auto t = parseIsoTime(it->value("at", ""), timeZone)) f.at = *t;
        f.gateId = it->value("gateId", "");
        f.deviceId = it->value("deviceId", "");
        v.firstCheckin = f;
    }
    return v;
}

}  // namespace qrgate::gui

#pragma once
// The kiosk's side of LAN sync: which leader it follows (command line, or what pairing stored
// in the data folder).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/database.hpp"
#include "core/verdict.hpp"
#include "sync/follower_link.hpp"

namespace qrgate::gui {

struct KioskLeader {
    std::string url;                              // empty: standalone
    std::optional<sync::LeaderSettings> settings;  // set when there is a token to follow with
};

// --leader URL [--token T] [--fingerprint F] win and are stored like `qrgate device join`, so
// the next start follows without them; otherwise a joined (paired) data folder follows its
// leader. A leader URL without a token is shown as "not paired".
KioskLeader resolveKioskLeader(Database& db, const std::string& url, const std::string& token,
                               const std::string& fingerprint);

// Stores what pairing gave (role follower, URL, token, pinned fingerprint).
void storeLeader(Database& db, const std::string& url, const std::string& token, const std::string& fingerprint);

}  // namespace qrgate::gui

#pragma once
// A gate kiosk's own settings, kept in its data folder (settings table, "kiosk.*"): which gate it
// is, its camera, auto or confirm mode, how long a verdict shows, sounds, and the lock with its
// PIN (only a hash of it). Loaded and saved here so the kiosk, scripts and tests share one
// meaning, with no window.
#include <string>

#include "core/store/database.hpp"

namespace qrgate {

enum class KioskMode { Auto, Confirm };

struct KioskSettings {
    std::string gate = "A";
    std::string camera = "0";  // camera index, video file, image folder, stream URL, "none"
    int width = 1280;          // asked of the camera
    int height = 720;
    KioskMode mode = KioskMode::Auto;
    int verdictMs = 2000;  // auto mode: back to scanning after this (1000-3000)
    bool sounds = true;
    bool locked = false;  // settings, leaving fullscreen and quitting need the PIN
    std::string pinHash;  // hex; empty = no PIN set
    bool operator==(const KioskSettings&) const = default;

    static KioskSettings load(Database& db);  // defaults for what was never saved; bad values mended
    void save(Database& db) const;            // in one write transaction
    // A PIN keeps gate staff out of the settings, not an attacker with the disk: a hash with a
    // fixed context is enough and keeps the PIN itself out of the database.
    static std::string hashPin(const std::string& pin);
    bool pinMatches(const std::string& pin) const { return !pinHash.empty() && hashPin(pin) == pinHash; }
};

}  // namespace qrgate

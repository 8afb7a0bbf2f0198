#pragma once
// The two faces of the desktop program, started by gui_main.cpp.
#include <chrono>
#include <string>

#include "core/store/data_folder.hpp"

namespace qrgate::gui {

// When the process started (static initialisation), for the start-up time.
std::chrono::steady_clock::time_point processStart();

struct KioskOptions {
    std::string eventId;  // empty: the data folder's current event
    std::string camera;   // empty: the remembered choice
    std::string gate;     // empty: the remembered gate
    std::string mode;     // "auto" / "confirm" / empty: remembered
    std::string leader;       // follow this leader (with `token`, or the one stored for it)
    std::string token;        // the leader's device token for this kiosk
    std::string fingerprint;  // the leader's certificate, pinned up front (normalized)
    bool windowed = false;
};

int runConsoleApp(const DataFolder& folder);
int runKioskApp(const DataFolder& folder, const KioskOptions& options);

}  // namespace qrgate::gui

#pragma once
// Every check of `qrgate doctor` and the console's Health panel, run against one data folder:
// the folder, its private files, its disk, the database, the fonts for the attendees' names, the
// leader (for a follower) and the clock, email, printers and cameras. The network and device
// checks run in parallel, each with a short timeout, so the whole takes a few seconds at most.
// Blocking: call it off the UI thread.
#include <filesystem>

#include "core/health/health_check.hpp"

namespace qrgate::app {

HealthReport runHealthChecks(const std::filesystem::path& dataDir);

}  // namespace qrgate::app

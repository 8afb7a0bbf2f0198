#pragma once
// Automatic backups during an event (the console's Backups panel): one file per run in a chosen
// folder, usually a USB stick, named by the time it was taken so the names sort by age, and only
// the newest few kept. Only files with that name pattern are ever removed.
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "core/base/result.hpp"

namespace qrgate {

// "qrgate-backup-20261125-180200.qrgb", local time.
std::string automaticBackupName(std::time_t when);
bool isAutomaticBackupName(const std::string& name);

// The folder is there, a folder, and writable. Error "backup_folder" in one line otherwise (a
// stick pulled out shows as a folder that is not there). Never creates it: a missing mount point
// re-created on the system disk would take the backups the organizer thinks are on the stick.
Status checkBackupFolder(const std::filesystem::path& folder);

// Removes the oldest automatic backups in `folder` beyond the newest `keep`; returns the removed.
std::vector<std::filesystem::path> pruneAutomaticBackups(const std::filesystem::path& folder, int keep);

}  // namespace qrgate

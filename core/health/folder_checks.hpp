#pragma once
// The data folder's own health: the folder and who may read it, the private files in it (event
// keys, the node's TLS key, the SMTP password), the free space on its disk, and the database
// (DataFolder's damage checks, then SQLite's integrity check). Nothing here changes the folder:
// a missing folder or database is reported, not created.
#include <cstdint>
#include <filesystem>
#include <memory>

#include "core/health/health_check.hpp"
#include "core/store/database.hpp"

namespace qrgate {

// There, a folder, writable by this user, not open to others (0700). id "data_folder".
HealthCheck checkDataFolder(const std::filesystem::path& root);

// keys/*.key, tls/*.key and smtp-password: readable by their owner alone (0600) and owned by this
// user. A file others may read is a problem naming the file and `chmod 600 FILE`. id "private_files".
HealthCheck checkPrivateFiles(const std::filesystem::path& root);

// Free space on the data folder's disk (statvfs). id "disk_space".
HealthCheck checkDiskSpace(const std::filesystem::path& root);
// The judgement alone: under kLowDiskBytes a warning, under kVeryLowDiskBytes a problem.
HealthCheck judgeDiskSpace(const std::filesystem::path& root, std::uint64_t availableBytes, std::uint64_t totalBytes);
inline constexpr std::uint64_t kLowDiskBytes = 1024ull * 1024 * 1024;     // 1 GiB
inline constexpr std::uint64_t kVeryLowDiskBytes = 100ull * 1024 * 1024;  // 100 MiB

// Opens the database as every command does (DataFolder::openDatabase: a damaged, emptied or cut
// short file is refused, never replaced) and runs PRAGMA integrity_check. id "database". `db` is
// the open connection when the check passed, for the checks that read the data.
struct DatabaseCheck {
    HealthCheck check;
    std::unique_ptr<Database> db;
};
DatabaseCheck checkDatabase(const std::filesystem::path& root);

// "12.3 GB", "512 MB", "900 kB"
std::string describeBytes(std::uint64_t bytes);
// The path quoted for a shell when it needs it: /home/ana/qrgate, '/media/my data/qrgate'.
std::string shellQuoted(const std::string& path);

}  // namespace qrgate

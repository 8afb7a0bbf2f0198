#pragma once
// Taking a backup of a data folder while it is in use: the database copied with SQLite's online
// backup API in one step (one read transaction, so one consistent snapshot even while `serve` or
// the console admits in another process), the event key files and the folder's small settings
// files, packed (backup_archive) and encrypted (backup_container) into one file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/backup/backup_archive.hpp"
#include "core/base/result.hpp"
#include "core/store/data_folder.hpp"

namespace qrgate {

struct BackupReport {
    std::filesystem::path file;
    std::uint64_t bytes = 0;     // the backup file's size
    int keyFiles = 0;
    std::vector<std::string> paths;  // what went in, relative to the data folder
};

// The data folder's files as backup entries; the database as one snapshot. Errors:
// "no_database" (nothing to back up), "damaged_database", "backup_read".
Result<std::vector<BackupEntry>> collectBackupEntries(const DataFolder& folder);

// The pages copied from a WAL database still say "WAL" in the header (bytes 18 and 19); SQLite
// cannot read such bytes in memory (sqlite3_deserialize). Marked "rollback journal" instead;
// qrgate switches a database it opens back to WAL, so the restored file behaves as the original.
void markRollbackJournal(std::string& database);

// collectBackupEntries, sealed with `passphrase`, written to `out` through out.tmp and a rename,
// mode 0600. Nothing appears under `out` unless the whole backup was written.
Result<BackupReport> writeBackup(const DataFolder& folder, const std::filesystem::path& out,
                                 std::string_view passphrase);

}  // namespace qrgate

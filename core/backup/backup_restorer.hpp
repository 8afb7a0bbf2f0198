#pragma once
// Restoring a backup into a data folder (docs/backup.md, "Restoring"). Everything is decrypted
// and checked before anything is written: the passphrase, every entry, and the database
// (PRAGMA integrity_check on an in-memory copy). The folder is then built beside the target
// (a hidden sibling), checked again on disk, and renamed into place; a target that held data is
// moved aside to a dated sibling, never deleted, and only when asked (replace).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/backup/backup_archive.hpp"
#include "core/base/result.hpp"

namespace qrgate {

// What a backup holds, for the person restoring it.
struct BackupContents {
    long long events = 0;
    long long tickets = 0;
    long long scans = 0;       // every check-in row, admitted or refused
    long long admitted = 0;    // admissions not annulled
    int keyFiles = 0;
    std::vector<std::string> eventNames;

    // "2 events, 1,200 tickets, 845 admissions (1,010 scans), 2 key files"
    std::string summary() const;
};

struct RestoreReport {
    BackupContents contents;
    std::filesystem::path folder;
    std::filesystem::path movedAside;  // empty when the target held nothing
};

// Decrypts and checks `file` without writing anything. Errors: see openBackup and
// unpackEntries; "backup_read" when the file cannot be read.
Result<BackupContents> inspectBackup(const std::filesystem::path& file, std::string_view passphrase);

// What in `folder` a restore would replace: "" when nothing (missing, empty, or a database without
// events and no key files), else a short description ("1 event, keys/7KQ2M9XA.key").
std::string dataInFolder(const std::filesystem::path& folder);

// Restores `file` into `target`. A target with data (dataInFolder) is refused with the code
// "folder_has_data" unless `replace`; then it is renamed to TARGET.before-restore-YYYYMMDDTHHMMSSZ.
Result<RestoreReport> restoreBackup(const std::filesystem::path& file, std::string_view passphrase,
                                    const std::filesystem::path& target, bool replace);

}  // namespace qrgate

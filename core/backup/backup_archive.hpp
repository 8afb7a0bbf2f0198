#pragma once
// The archive inside a backup (before encryption): the files of a data folder as entries of
// path, mode, size and bytes (docs/backup.md). Only the paths a data folder holds are accepted
// back (qrgate.db, keys/ID.key, tls/node.crt, ...), so a crafted archive cannot write anywhere
// else.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.hpp"

namespace qrgate {

struct BackupEntry {
    std::string path;        // relative to the data folder, '/' separated: "keys/7KQ2M9XA.key"
    std::uint32_t mode = 0600;
    std::string bytes;
};

// The files of a data folder that go into a backup, and where each belongs.
inline constexpr const char* kBackupDatabasePath = "qrgate.db";
inline constexpr const char* kBackupSmallFiles[] = {"mail.json", "smtp-password", "printers.json", "layouts.json",
                                                    "tls/node.crt", "tls/node.key"};
// True for qrgate.db, keys/<event id>.key and kBackupSmallFiles.
bool isBackupPath(std::string_view path);

std::string packEntries(const std::vector<BackupEntry>& entries);
// Every entry checked: known path, no repeats, sizes within the archive, nothing after the last,
// a database among them. Error code "damaged_backup", naming `shownAs`.
Result<std::vector<BackupEntry>> unpackEntries(std::string_view archive, const std::string& shownAs);

}  // namespace qrgate

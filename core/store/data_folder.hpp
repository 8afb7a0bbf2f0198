#pragma once
// Where a node keeps its data: the database, the key files, certificates, exports.
// Default: $XDG_DATA_HOME/qrgate, else ~/.local/share/qrgate; --data DIR overrides.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/store/database.hpp"
#include "core/store/key_store.hpp"
#include "core/base/result.hpp"

namespace qrgate {

class DataFolder {
public:
    static std::filesystem::path defaultPath();
    // Creates the folder (mode 0700) if missing.
    static Result<DataFolder> prepare(const std::filesystem::path& root);

    const std::filesystem::path& root() const { return m_root; }
    std::filesystem::path databaseFile() const { return m_root / "qrgate.db"; }
    KeyStore keyStore() const { return KeyStore(m_root / "keys"); }
    // This machine's printer calibrations (CalibrationStore): not in the replicated database.
    std::filesystem::path printersFile() const { return m_root / "printers.json"; }
    // How this machine sends email (MailSettingsStore): the server, sender, rate. Not replicated.
    std::filesystem::path mailSettingsFile() const { return m_root / "mail.json"; }
    // The SMTP password alone, mode 0600: never in mail.json, the database or any output.
    std::filesystem::path mailPasswordFile() const { return m_root / "smtp-password"; }
    // Held (flock) by the one process sending this folder's mail (MailSenderLock).
    std::filesystem::path mailLockFile() const { return m_root / "mail-sender.lock"; }

    // Opens (creating if needed) and migrates the database. A new empty database in place of one
    // that was lost would silently drop every ticket and scan, and `serve` would start as a new
    // leader; so a database that is missing or empty while the folder shows it held data (an
    // event key file in keys/, a node certificate in tls/, a non-empty write-ahead log) is
    // refused, and so is one cut short (shorter than the page count in its header says), one
    // that is not a SQLite database, or one SQLite finds damaged. The refusal has the code
    // "damaged_database" and one line naming the file, what seems to have happened, and how to
    // go on; nothing is changed on disk.
    Result<std::unique_ptr<Database>> openDatabase() const;

    // What --start-afresh does. When openDatabase would refuse the database, moves it and its
    // -wal and -shm files aside (qrgate.db.damaged-20261121T074627Z), never deleting anything,
    // and creates a new, empty database in its place. Returns a line saying what was moved, or
    // an empty string when the database was usable and nothing was changed.
    Result<std::string> startAfresh() const;

private:
    explicit DataFolder(std::filesystem::path root) : m_root(std::move(root)) {}
    // The refusal openDatabase gives before SQLite touches the file, if any.
    std::optional<Error> damageBeforeOpening() const;
    std::filesystem::path m_root;
};

}  // namespace qrgate

#include "core/backup/backup_restorer.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/backup/backup_container.hpp"
#include "core/base/model.hpp"
#include "core/base/time_format.hpp"
#include "core/store/database.hpp"
#include "core/store/private_file.hpp"

namespace qrgate {

namespace fs = std::filesystem;

namespace {

struct SqliteCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

long long countOf(sqlite3* db, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    long long n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
}

// "ok", or SQLite's first complaint.
std::string integrityOf(sqlite3* db) {
    sqlite3_stmt* stmt = nullptr;
    std::string verdict = "cannot run the check";
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        verdict = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return verdict;
}

// Counts and names from a database, or an error naming `shownAs`.
Result<BackupContents> readContents(sqlite3* db, const std::string& shownAs) {
    const std::string verdict = integrityOf(db);
    if (verdict != "ok")
        return Error{"damaged_backup", "the database in " + shownAs + " is damaged (" + verdict + ")"};
    BackupContents c;
    c.events = countOf(db, "SELECT count(*) FROM events");
    c.tickets = countOf(db, "SELECT count(*) FROM tickets");
    c.scans = countOf(db, "SELECT count(*) FROM checkins");
    c.admitted = countOf(db, "SELECT count(*) FROM checkins WHERE result = 'admitted' AND annulled_by = ''");
    if (c.events < 0 || c.tickets < 0 || c.scans < 0)
        return Error{"damaged_backup", "the database in " + shownAs + " is not a qrgate database"};
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT name FROM events ORDER BY name", -1, &stmt, nullptr) == SQLITE_OK)
        while (sqlite3_step(stmt) == SQLITE_ROW)
            c.eventNames.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    return c;
}

// The database entry checked in memory (sqlite3_deserialize), before anything is written.
Result<BackupContents> checkDatabaseBytes(const std::string& bytes, const std::string& shownAs) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        SqliteHandle dropped(raw);
        return Error{"backup_read", "out of memory while checking " + shownAs};
    }
    SqliteHandle db(raw);
    auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(bytes.size()));
    if (!copy) return Error{"backup_read", "out of memory while checking " + shownAs};
    std::memcpy(copy, bytes.data(), bytes.size());
    if (bytes.size() >= 20 && copy[18] == 2 && copy[19] == 2) copy[18] = copy[19] = 1;  // see markRollbackJournal
    if (sqlite3_deserialize(db.get(), "main", copy, bytes.size(), bytes.size(),
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) != SQLITE_OK)
        return Error{"damaged_backup", "the database in " + shownAs + " cannot be read"};
    return readContents(db.get(), shownAs);
}

struct Unpacked {
    std::vector<BackupEntry> entries;
    BackupContents contents;
};

Result<Unpacked> decryptAndCheck(const fs::path& file, std::string_view passphrase) {
    const std::string shownAs = file.filename().string();
    std::ifstream in(file, std::ios::binary);
    std::ostringstream buffer;
    if (!in || !(buffer << in.rdbuf())) {
        std::error_code ec;
        if (!fs::exists(file, ec)) return Error{"backup_read", "no backup file " + file.string()};
        if (fs::is_directory(file, ec)) return Error{"backup_read", file.string() + " is a folder, not a backup file"};
        if (in && fs::file_size(file, ec) == 0) return Error{"not_a_backup", shownAs + " is empty, not a qrgate backup"};
        return Error{"backup_read", "Cannot read " + file.string() + ": " + std::strerror(errno)};
    }
    auto archive = openBackup(buffer.str(), passphrase, shownAs);
    if (!archive) return archive.error();
    auto entries = unpackEntries(*archive, shownAs);
    std::fill(archive->begin(), archive->end(), '\0');
    if (!entries) return entries.error();
    Unpacked u{std::move(*entries), {}};
    for (const auto& e : u.entries) {
        if (e.path == kBackupDatabasePath) {
            auto contents = checkDatabaseBytes(e.bytes, shownAs);
            if (!contents) return contents.error();
            u.contents = std::move(*contents);
        }
        if (e.path.rfind("keys/", 0) == 0) ++u.contents.keyFiles;
    }
    return u;
}

void syncFolder(const fs::path& folder) {
    if (const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// Removes the staging folder unless released: a failed restore leaves nothing behind.
class StagingFolder {
public:
    explicit StagingFolder(fs::path path) : m_path(std::move(path)) {}
    ~StagingFolder() {
        if (m_path.empty()) return;
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }
    void release() { m_path.clear(); }

private:
    fs::path m_path;
};

Status writeEntries(const fs::path& root, const std::vector<BackupEntry>& entries) {
    for (const auto& e : entries) {
        const fs::path file = root / e.path;
        if (file.parent_path() != root && !fs::exists(file.parent_path())) {
            if (::mkdir(file.parent_path().c_str(), 0700) != 0)
                return Error{"restore_write", "Cannot create " + file.parent_path().string() + ": " + std::strerror(errno)};
        }
        // Every file of a data folder is its owner's alone (keys, password, certificate key).
        if (auto written = writePrivateFile(file, e.bytes, "restored file", "restore_write"); !written)
            return written.error();
    }
    return success();
}

}  // namespace

std::string BackupContents::summary() const {
    return counted(events, "event", "events") + ", " + counted(tickets, "ticket", "tickets") + ", " +
           counted(admitted, "admission", "admissions") + " (" + counted(scans, "scan", "scans") + "), " +
           counted(keyFiles, "key file", "key files");
}

Result<BackupContents> inspectBackup(const fs::path& file, std::string_view passphrase) {
    auto unpacked = decryptAndCheck(file, passphrase);
    if (!unpacked) return unpacked.error();
    return std::move(unpacked->contents);
}

std::string dataInFolder(const fs::path& folder) {
    std::error_code ec;
    std::string found;
    for (fs::directory_iterator it(folder / "keys", ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".key") {
            found = "keys/" + it->path().filename().string();
            break;
        }
    const fs::path database = folder / "qrgate.db";
    if (fs::exists(database, ec) && fs::file_size(database, ec) > 0) {
        sqlite3* raw = nullptr;
        const int opened = sqlite3_open_v2(database.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
        SqliteHandle db(raw);
        const long long events = opened == SQLITE_OK ? countOf(db.get(), "SELECT count(*) FROM events") : -1;
        // A database that cannot be read may still be someone's only copy: it counts as data.
        const std::string what = events < 0 ? "a database qrgate cannot read"
                                 : events > 0 ? counted(events, "event", "events")
                                              : "";
        if (!what.empty()) found = found.empty() ? what : what + ", " + found;
    }
    return found;
}

Result<RestoreReport> restoreBackup(const fs::path& file, std::string_view passphrase, const fs::path& targetIn,
                                    bool replace) {
    auto unpacked = decryptAndCheck(file, passphrase);
    if (!unpacked) return unpacked.error();

    std::error_code ec;
    const fs::path target = fs::absolute(targetIn, ec).lexically_normal();
    const fs::path cleanTarget = target.filename().empty() ? target.parent_path() : target;
    const std::string held = dataInFolder(cleanTarget);
    if (!held.empty() && !replace)
        return Error{"folder_has_data", cleanTarget.string() + " already holds data (" + held +
                                            "); nothing was changed. Restore with --replace to move it aside "
                                            "(kept, not deleted), or into another --data folder"};
    if (fs::exists(cleanTarget, ec) && !fs::is_directory(cleanTarget, ec))
        return Error{"restore_write", cleanTarget.string() + " is not a folder"};

    const fs::path parent = cleanTarget.parent_path();
    fs::create_directories(parent, ec);
    std::string pattern = (parent / ("." + cleanTarget.filename().string() + ".restoring-XXXXXX")).string();
    if (!::mkdtemp(pattern.data()))
        return Error{"restore_write", "Cannot create a folder in " + parent.string() + ": " + std::strerror(errno)};
    StagingFolder staging(pattern);
    ::chmod(staging.path().c_str(), 0700);
    if (auto written = writeEntries(staging.path(), unpacked->entries); !written) return written.error();

    // Opened as qrgate opens it: an older schema is migrated now, a newer one refused, and the
    // file written to disk is checked again.
    {
        auto db = Database::open(staging.path() / kBackupDatabasePath);
        if (!db) return db.error();
        const std::string verdict = integrityOf(db.value()->sql().getHandle());
        if (verdict != "ok")
            return Error{"restore_write", "the restored database failed its integrity check (" + verdict + ")"};
    }

    RestoreReport report;
    report.folder = cleanTarget;
    report.contents = std::move(unpacked->contents);
    if (fs::exists(cleanTarget, ec)) {
        if (fs::is_empty(cleanTarget, ec) && !ec) {
            fs::remove(cleanTarget, ec);
        } else {
            fs::path aside = parent / (cleanTarget.filename().string() + ".before-restore-" + utcFileStamp());
            for (int n = 2; fs::exists(aside, ec); ++n)
                aside = parent / (cleanTarget.filename().string() + ".before-restore-" + utcFileStamp() + "-" +
                                  std::to_string(n));
            if (::rename(cleanTarget.c_str(), aside.c_str()) != 0)
                return Error{"restore_write", "Cannot move " + cleanTarget.string() + " aside: " + std::strerror(errno) +
                                                  "; nothing was changed"};
            report.movedAside = aside;
        }
    }
    if (::rename(staging.path().c_str(), cleanTarget.c_str()) != 0) {
        const int err = errno;
        if (!report.movedAside.empty()) ::rename(report.movedAside.c_str(), cleanTarget.c_str());
        return Error{"restore_write", "Cannot put the restored folder at " + cleanTarget.string() + ": " +
                                          std::strerror(err) + "; nothing was changed"};
    }
    staging.release();
    syncFolder(parent);
    return report;
}

}  // namespace qrgate

#include "core/backup/backup_maker.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/backup/backup_container.hpp"
#include "core/store/private_file.hpp"

namespace qrgate {

namespace {

struct SqliteCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

// The whole database as one snapshot: sqlite3_backup_step(-1) copies every page inside one read
// transaction of the source, which in WAL mode neither waits for nor blocks the writers. The copy
// goes to a private in-memory database and comes out as bytes (sqlite3_serialize): no temporary
// file with the tickets in clear is ever left on a disk.
Result<std::string> snapshotDatabase(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    const int opened = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    SqliteHandle source(raw);
    auto failure = [&](sqlite3* db, const std::string& what) {
        return Error{"backup_read", "Cannot copy the database " + file.string() + " (" + what + "): " +
                                        (db ? sqlite3_errmsg(db) : "out of memory")};
    };
    if (opened != SQLITE_OK) return failure(source.get(), "open");
    sqlite3_busy_timeout(source.get(), 10000);
    raw = nullptr;
    if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        SqliteHandle dropped(raw);
        return failure(raw, "memory");
    }
    SqliteHandle copy(raw);
    sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", source.get(), "main");
    if (!backup) return failure(copy.get(), "start");
    int step = SQLITE_OK;
    // BUSY/LOCKED only while another connection holds an exclusive lock (a checkpoint that
    // truncates the log); the busy timeout above covers the usual case, a few tries the rest.
    for (int attempt = 0; attempt < 50; ++attempt) {
        step = sqlite3_backup_step(backup, -1);
        if (step != SQLITE_BUSY && step != SQLITE_LOCKED) break;
        sqlite3_sleep(100);
    }
    sqlite3_backup_finish(backup);
    if (step != SQLITE_DONE) return failure(copy.get(), sqlite3_errstr(step));
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(copy.get(), "main", &size, 0);
    if (!bytes) return failure(copy.get(), "serialize");
    std::string out(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    sqlite3_free(bytes);
    markRollbackJournal(out);
    return out;
}

Result<std::string> readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream buffer;
    if (!in || !(buffer << in.rdbuf()) || in.bad()) {
        // An empty file reads nothing and sets failbit on the stream: that is not an error.
        std::error_code ec;
        if (in && std::filesystem::file_size(file, ec) == 0 && !ec) return std::string();
        return Error{"backup_read", "Cannot read " + file.string() + ": " + std::strerror(errno)};
    }
    return buffer.str();
}

std::uint32_t modeOf(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return 0600;
    return st.st_mode & 0700;
}

}  // namespace

void markRollbackJournal(std::string& database) {
    if (database.size() >= 20 && database[18] == 2 && database[19] == 2) database[18] = database[19] = 1;
}

Result<std::vector<BackupEntry>> collectBackupEntries(const DataFolder& folder) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(folder.databaseFile(), ec))
        return Error{"no_database", "there is nothing to back up: " + folder.root().string() + " has no database"};
    // The same refusals as every command (a database cut short or overwritten): a backup of a
    // damaged database would only hide the damage.
    {
        auto db = folder.openDatabase();
        if (!db) return db.error();
    }
    std::vector<BackupEntry> entries;
    auto snapshot = snapshotDatabase(folder.databaseFile());
    if (!snapshot) return snapshot.error();
    entries.push_back({kBackupDatabasePath, 0600, std::move(*snapshot)});

    for (std::filesystem::directory_iterator it(folder.root() / "keys", ec), end; !ec && it != end; it.increment(ec)) {
        const std::string path = "keys/" + it->path().filename().string();
        if (!isBackupPath(path) || !it->is_regular_file()) continue;
        auto bytes = readFile(it->path());
        if (!bytes) return bytes.error();
        entries.push_back({path, 0600, std::move(*bytes)});
    }
    for (const char* small : kBackupSmallFiles) {
        const auto file = folder.root() / small;
        if (!std::filesystem::is_regular_file(file, ec)) continue;
        auto bytes = readFile(file);
        if (!bytes) return bytes.error();
        entries.push_back({small, modeOf(file), std::move(*bytes)});
    }
    return entries;
}

Result<BackupReport> writeBackup(const DataFolder& folder, const std::filesystem::path& out,
                                 std::string_view passphrase) {
    if (passphrase.size() < kMinBackupPassphraseLength)
        return Error{"weak_passphrase", "the backup passphrase must have at least " +
                                            std::to_string(kMinBackupPassphraseLength) + " characters"};
    auto entries = collectBackupEntries(folder);
    if (!entries) return entries.error();
    std::string archive = packEntries(*entries);
    auto sealed = sealBackup(archive, passphrase);
    std::fill(archive.begin(), archive.end(), '\0');
    if (!sealed) return sealed.error();
    if (auto written = writePrivateFile(out, *sealed, "backup", "backup_write"); !written) return written.error();
    BackupReport report;
    report.file = out;
    report.bytes = sealed->size();
    for (const auto& e : *entries) {
        report.paths.push_back(e.path);
        if (e.path.rfind("keys/", 0) == 0) ++report.keyFiles;
    }
    return report;
}

}  // namespace qrgate

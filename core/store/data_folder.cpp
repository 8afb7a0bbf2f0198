#include "core/store/data_folder.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>

#include <sqlite3.h>

#include "core/base/model.hpp"
#include "core/base/time_format.hpp"

namespace qrgate {

namespace {

constexpr std::size_t kHeaderSize = 100;  // the SQLite database header

struct Finding {
    std::string what;         // "is empty (0 bytes)"
    std::string cause;        // "emptied, for example by a full disk or an interrupted copy"
    bool maybeNew = false;    // missing or empty: also what a data folder looks like before first use
};

std::uintmax_t sizeOr0(const std::filesystem::path& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    return ec ? 0 : size;
}

std::filesystem::path withSuffix(const std::filesystem::path& file, const std::string& suffix) {
    return file.parent_path() / (file.filename().string() + suffix);
}

// What shows that this folder held data, relative to the folder ("keys/7KQ2M9XA.key"), or "".
// Event keys are written only after the event is in the database, a node certificate only after
// the node opened its database, and a write-ahead log only by SQLite itself.
std::string evidenceOfData(const std::filesystem::path& root, const std::filesystem::path& database) {
    std::error_code ec;
    for (std::filesystem::directory_iterator it(root / "keys", ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".key" && it->is_regular_file(ec))
            return "held an event (keys/" + it->path().filename().string() + ")";
    if (std::filesystem::is_regular_file(root / "tls" / "node.crt", ec)) return "was a sync node (tls/node.crt)";
    if (sizeOr0(withSuffix(database, "-wal")) > 0)
        return "has a write-ahead log with changes (" + database.filename().string() + "-wal)";
    return "";
}

std::uint32_t bigEndian(const unsigned char* p, std::size_t n) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
    return v;
}

// The first bytes of a database file, read through SQLite's own file layer. Closing a file
// descriptor drops every POSIX lock this process holds on that file, including the locks of
// SQLite connections open on it in other threads (the console's workers, the LAN node): another
// process could then write under them. SQLite's unix layer knows this and keeps a descriptor
// open while its inode is locked; an ifstream would not. False when fewer bytes could be read.
bool readHeaderThroughSqlite(const std::filesystem::path& file, std::array<unsigned char, kHeaderSize>& header) {
    sqlite3_vfs* vfs = sqlite3_vfs_find(nullptr);
    if (!vfs) return false;
    const std::string name = std::filesystem::absolute(file).string();
    std::unique_ptr<unsigned char[]> storage(new unsigned char[static_cast<std::size_t>(vfs->szOsFile)]());
    auto* handle = reinterpret_cast<sqlite3_file*>(storage.get());
    int outFlags = 0;
    if (vfs->xOpen(vfs, name.c_str(), handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &outFlags) != SQLITE_OK) {
        if (handle->pMethods) handle->pMethods->xClose(handle);
        return false;
    }
    const int rc = handle->pMethods->xRead(handle, header.data(), static_cast<int>(header.size()), 0);
    handle->pMethods->xClose(handle);
    return rc == SQLITE_OK;
}

// The database file alone: missing or empty (a finding only beside evidence of data), cut short,
// or not a SQLite database. nullopt when it looks whole.
std::optional<Finding> inspectDatabaseFile(const std::filesystem::path& file) {
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (status.type() == std::filesystem::file_type::not_found)
        return Finding{"is missing", "deleted, moved or renamed", true};
    if (status.type() != std::filesystem::file_type::regular) return std::nullopt;  // SQLite says what it is
    const auto size = sizeOr0(file);
    if (size == 0)
        return Finding{"is empty (0 bytes)", "emptied, for example by a full disk or an interrupted copy", true};

    const Finding notADatabase{"is not a SQLite database", "overwritten or replaced by another file"};
    std::array<unsigned char, kHeaderSize> h{};
    if (!readHeaderThroughSqlite(file, h)) return notADatabase;
    if (std::memcmp(h.data(), "SQLite format 3", 16) != 0) return notADatabase;
    std::uint32_t pageSize = bigEndian(&h[16], 2);
    if (pageSize == 1) pageSize = 65536;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0) return notADatabase;

    // An interrupted checkpoint may leave the file shorter than its header for a moment; SQLite
    // completes it from the write-ahead log.
    if (sizeOr0(withSuffix(file, "-wal")) > 0) return std::nullopt;
    // The page count is valid only when the change counter matches "version valid for".
    const std::uint32_t pageCount = bigEndian(&h[28], 4);
    const bool countValid = pageCount != 0 && bigEndian(&h[24], 4) == bigEndian(&h[92], 4);
    const std::uintmax_t expected = countValid ? std::uintmax_t{pageCount} * pageSize : 0;
    const std::string cutShort = "cut short, for example by a full disk or an interrupted copy";
    if (size < expected)
        return Finding{"is shorter than its header says (" + withThousands(static_cast<long long>(size)) + " of " +
                           withThousands(static_cast<long long>(expected)) + " bytes)",
                       cutShort};
    if (size % pageSize != 0) return Finding{"ends in the middle of a page", cutShort};
    return std::nullopt;
}

Error refusal(const std::filesystem::path& file, const std::string& finding, const std::string& evidence,
              const std::string& cause) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(std::filesystem::symlink_status(file, ec));
    return Error{"damaged_database",
                 finding + (evidence.empty() ? "" : ", although this data folder " + evidence) +
                     ": it seems to have been " + cause + ". Nothing was changed; restore it from a backup, or run " +
                     "qrgate with --start-afresh to " +
                     (exists ? "move it aside (it is kept, not deleted) and " : "") + "begin with a new, empty " +
                     file.filename().string() + "."};
}

}  // namespace

std::filesystem::path DataFolder::defaultPath() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "qrgate";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "share" / "qrgate";
    return std::filesystem::current_path() / "qrgate-data";
}

Result<DataFolder> DataFolder::prepare(const std::filesystem::path& root) {
    std::error_code ec;
    if (!std::filesystem::exists(root, ec)) {
        std::filesystem::create_directories(root, ec);
        if (ec) return Error{"data_folder", "Cannot create the data folder " + root.string() + ": " + ec.message()};
        ::chmod(root.c_str(), 0700);
    } else if (!std::filesystem::is_directory(root, ec)) {
        return Error{"data_folder", "The data path " + root.string() + " is not a folder."};
    }
    return DataFolder(root);
}

std::optional<Error> DataFolder::damageBeforeOpening() const {
    const auto file = databaseFile();
    const auto finding = inspectDatabaseFile(file);
    if (!finding) return std::nullopt;
    const std::string evidence = evidenceOfData(m_root, file);
    if (finding->maybeNew && evidence.empty()) return std::nullopt;  // a data folder before first use
    return refusal(file, "The database " + file.string() + " " + finding->what, evidence, finding->cause);
}

Result<std::unique_ptr<Database>> DataFolder::openDatabase() const {
    if (auto refused = damageBeforeOpening()) return *refused;
    auto db = Database::open(databaseFile());
    if (!db && db.error().code == "damaged_database")
        return refusal(databaseFile(), db.error().message, evidenceOfData(m_root, databaseFile()),
                       "damaged or overwritten");
    return db;
}

Result<std::string> DataFolder::startAfresh() const {
    if (!damageBeforeOpening()) {
        auto db = Database::open(databaseFile());
        if (db) return std::string();
        if (db.error().code != "damaged_database") return db.error();
    }
    const std::string suffix = ".damaged-" + utcFileStamp();
    std::string moved;
    for (const char* part : {"", "-wal", "-shm"}) {
        const auto from = withSuffix(databaseFile(), part);
        std::error_code ec;
        if (!std::filesystem::exists(std::filesystem::symlink_status(from, ec))) continue;
        auto to = withSuffix(from, suffix);
        for (int n = 2; std::filesystem::exists(std::filesystem::symlink_status(to, ec)); ++n)
            to = withSuffix(from, suffix + "-" + std::to_string(n));
        if (::rename(from.c_str(), to.c_str()) != 0)
            return Error{"data_folder", "Cannot move " + from.string() + " aside: " + std::strerror(errno)};
        if (moved.empty()) moved = to.filename().string();
    }
    if (const int fd = ::open(m_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    // Created here: a missing database beside the keys would be refused again.
    if (auto fresh = Database::open(databaseFile()); !fresh) return fresh.error();
    if (moved.empty()) return std::string("There was no database to move aside; began with a new, empty database.");
    return "Moved the damaged database aside to " + (m_root / moved).string() + "; began with a new, empty database.";
}

}  // namespace qrgate

#include "core/store/database.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <map>

#include <sqlite3.h>

#include "core/base/text_fold.hpp"
#include "core/store/migrations.hpp"

namespace qrgate {

namespace {
std::shared_ptr<std::mutex> writeMutexFor(const std::filesystem::path& file) {
    static std::mutex registryMutex;
    static std::map<std::string, std::weak_ptr<std::mutex>> registry;
    std::error_code ec;
    auto key = file == ":memory:" ? std::string() : std::filesystem::weakly_canonical(file, ec).string();
    if (key.empty()) return std::make_shared<std::mutex>();
    std::lock_guard lock(registryMutex);
    auto& slot = registry[key];
    auto existing = slot.lock();
    if (!existing) slot = existing = std::make_shared<std::mutex>();
    return existing;
}
// fold_name(text): tickets.name_folded for a holder's name (core/base/text_fold). Deterministic, so
// SQLite may use it in indexes and CHECKs; registered before migrating, which uses it.
void foldNameFunction(sqlite3_context* context, int, sqlite3_value** argv) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const int size = sqlite3_value_bytes(argv[0]);
    const std::string key = text ? nameSearchKey(std::string_view(text, static_cast<std::size_t>(size))) : std::string();
    sqlite3_result_text(context, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
}

void registerFunctions(SQLite::Database& db) {
    sqlite3_create_function_v2(db.getHandle(), "fold_name", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               nullptr, foldNameFunction, nullptr, nullptr, nullptr);
}
}  // namespace

Database::Database(SQLite::Database db, std::filesystem::path file)
    : m_db(std::move(db)), m_file(std::move(file)), m_writeMutex(writeMutexFor(m_file)) {}

Status Database::configureAndMigrate(SQLite::Database& db) {
    // Writers from other threads or processes queue on the lock instead of failing.
    db.setBusyTimeout(15000);
    db.exec("PRAGMA journal_mode=WAL");
    // FULL: a scan reported as admitted is on disk, even if the power goes a moment later.
    db.exec("PRAGMA synchronous=FULL");
    db.exec("PRAGMA foreign_keys=ON");
    db.exec("PRAGMA temp_store=MEMORY");
    registerFunctions(db);

    const auto& migrations = schemaMigrations();
    const int known = static_cast<int>(migrations.size());
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version > known) {
        return Error{"newer_database",
                     "This data was written by a newer qrgate (schema " + std::to_string(version) +
                         "; this build knows up to " + std::to_string(known) +
                         "). Install the newer qrgate to open it."};
    }
    while (version < known) {
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        // Another process may have migrated while we waited for the lock.
        version = db.execAndGet("PRAGMA user_version").getInt();
        if (version >= known) break;
        db.exec(std::string(migrations[version]));
        db.exec("PRAGMA user_version=" + std::to_string(version + 1));
        tx.commit();
        ++version;
    }
    return success();
}

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& file) {
    try {
        // NOMUTEX: a connection belongs to one thread at a time (see database.hpp), so SQLite
        // need not lock the connection on every call (8% of an admission's instructions).
        SQLite::Database db(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
        auto status = configureAndMigrate(db);
        if (!status) return status.error();
        return std::unique_ptr<Database>(new Database(std::move(db), file));
    } catch (const SQLite::Exception& e) {
        // DataFolder turns a damaged file into a refusal that says how to go on.
        const int code = e.getErrorCode() & 0xFF;
        return Error{code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? "damaged_database" : "database_error",
                     "Cannot open the database " + file.string() + ": " + e.what()};
    }
}

std::unique_ptr<Database> Database::openInMemory() {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    auto status = configureAndMigrate(db);
    if (!status) throw std::runtime_error(status.error().message);
    return std::unique_ptr<Database>(new Database(std::move(db), ":memory:"));
}

int Database::schemaVersion() { return m_db.execAndGet("PRAGMA user_version").getInt(); }

std::string Database::setting(const std::string& key, const std::string& fallback) {
    SQLite::Statement q(m_db, "SELECT value FROM settings WHERE key = ?");
    q.bind(1, key);
    return q.executeStep() ? q.getColumn(0).getString() : fallback;
}

SQLite::Statement& Database::transactionStatement(const char* sql) {
    auto& slot = m_transactionStatements[sql];
    if (!slot) slot = std::make_unique<SQLite::Statement>(m_db, sql);
    return *slot;
}

namespace {
// A statement that failed stays "in progress" until it is reset, and while one is, a connection
// whose pager went into its error state (a full disk, an I/O error) cannot leave it: every later
// transaction would fail the same way even after the disk has room again.
void execAndReset(SQLite::Statement& q) {
    q.reset();
    try {
        q.exec();
    } catch (...) {
        q.tryReset();
        throw;
    }
}
}  // namespace

WriteTransaction::WriteTransaction(Database& db) : m_db(db), m_writer(db.writeMutex()) {
    execAndReset(m_db.transactionStatement("BEGIN IMMEDIATE"));
}

WriteTransaction::~WriteTransaction() {
    // A failed COMMIT (disk full, I/O error) may already have rolled back; ROLLBACK only if open.
    if (m_committed || sqlite3_get_autocommit(m_db.sql().getHandle())) return;
    try {
        execAndReset(m_db.transactionStatement("ROLLBACK"));
    } catch (const SQLite::Exception&) {
        // Nothing more to do: SQLite rolls back on its own when the connection closes.
    }
}

void WriteTransaction::commit() {
    execAndReset(m_db.transactionStatement("COMMIT"));
    m_committed = true;
    m_writer.unlock();
}

void Database::storeSettings(const std::vector<std::pair<std::string, std::string>>& values) {
    WriteTransaction tx(*this);
    for (const auto& [key, value] : values) setSetting(key, value);
    tx.commit();
}

void Database::setSetting(const std::string& key, const std::string& value) {
    SQLite::Statement q(m_db,
                        "INSERT INTO settings(key, value) VALUES(?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.bind(1, key);
    q.bind(2, value);
    q.exec();
}

}  // namespace qrgate

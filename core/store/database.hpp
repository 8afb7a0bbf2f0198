#pragma once
// One SQLite connection (WAL) with qrgate's schema, migrated on open.
// A Database is used by one thread at a time (it may be handed on, as the server's session pool
// does); open another for another thread or process. SQLite does not lock it for us.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "core/base/result.hpp"

namespace qrgate {

class Database {
public:
    static constexpr int kSchemaVersion = 6;

    // Opens (creating if needed) and migrates an older schema. A database written by a newer
    // qrgate is refused with a clear message; a file that is not a database or is corrupt, with
    // the code "damaged_database" (DataFolder::openDatabase says how to go on).
    static Result<std::unique_ptr<Database>> open(const std::filesystem::path& file);
    // A private in-memory database, for tests.
    static std::unique_ptr<Database> openInMemory();

    SQLite::Database& sql() { return m_db; }

    // Writers in one process queue on this mutex (shared by every connection to the same file)
    // instead of polling SQLite's busy handler, which sleeps in steps of up to 100 ms. Other
    // processes still meet at SQLite's lock.
    std::mutex& writeMutex() { return *m_writeMutex; }
    const std::filesystem::path& file() const { return m_file; }
    int schemaVersion();

    // BEGIN IMMEDIATE, COMMIT and ROLLBACK, prepared once per connection (see WriteTransaction).
    SQLite::Statement& transactionStatement(const char* sql);

    // Small key/value settings stored with the data (current event, kiosk gate, ...).
    std::string setting(const std::string& key, const std::string& fallback = "");
    // Inside a WriteTransaction (one that writes more than settings).
    void setSetting(const std::string& key, const std::string& value);
    // On its own: these settings in one write transaction of their own.
    void storeSettings(const std::vector<std::pair<std::string, std::string>>& values);

private:
    Database(SQLite::Database db, std::filesystem::path file);
    static Status configureAndMigrate(SQLite::Database& db);

    SQLite::Database m_db;
    std::filesystem::path m_file;
    std::shared_ptr<std::mutex> m_writeMutex;
    std::map<std::string, std::unique_ptr<SQLite::Statement>> m_transactionStatements;
};

// A write transaction: the in-process write mutex, then SQLite's write lock (BEGIN IMMEDIATE), so
// that what is read inside is still true when it commits. Rolled back unless commit() is reached.
class WriteTransaction {
public:
    explicit WriteTransaction(Database& db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    void commit();

private:
    Database& m_db;
    std::unique_lock<std::mutex> m_writer;  // released at commit: what follows may write again
    bool m_committed = false;
};

}  // namespace qrgate

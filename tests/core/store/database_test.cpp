// Opening databases: fresh, older (migrated), newer (refused), not a database (refused).
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <sys/resource.h>

#include <csignal>
#include <fstream>

#include "core/store/database.hpp"
#include "core/store/migrations.hpp"
#include "core/base/text_fold.hpp"
#include "core/tickets/ticket_store.hpp"
#include "support/temp_dir.hpp"

using namespace qrgate;
using qrgate::testing::TempDir;

TEST(Database, FreshFileGetsTheCurrentSchemaInWalMode) {
    TempDir dir;
    auto db = Database::open(dir / "q.db");
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ((*db)->schemaVersion(), Database::kSchemaVersion);
    EXPECT_EQ((*db)->sql().execAndGet("PRAGMA journal_mode").getString(), "wal");
}

TEST(Database, OlderSchemaIsMigratedOnOpenAndKeepsItsData) {
    TempDir dir;
    {
        // A database as the first release left it: schema 1 with data in it.
        SQLite::Database raw((dir / "q.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec(std::string(schemaMigrations()[0]));
        raw.exec("PRAGMA user_version=1");
        raw.exec("INSERT INTO settings VALUES('current_event', 'ABCDEFGH')");
    }
    auto db = Database::open(dir / "q.db");
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ((*db)->schemaVersion(), static_cast<int>(schemaMigrations().size()));
    EXPECT_EQ((*db)->setting("current_event"), "ABCDEFGH");
}

// Schema 6 folds the names tickets already have, so a migrated folder's search finds "emile".
TEST(Database, SchemaFiveTicketsGetTheirFoldedNamesOnMigration) {
    TempDir dir;
    {
        SQLite::Database raw((dir / "q.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        for (std::size_t i = 0; i < 5; ++i) raw.exec(std::string(schemaMigrations()[i]));
        raw.exec("PRAGMA user_version=5");
        raw.exec("INSERT INTO events(id, name, public_key, created_at) VALUES('EV000001', 'Old', '" +
                 std::string(64, 'a') + "', 1)");
        raw.exec("INSERT INTO ticket_types(id, event_id, name, entries, is_default) VALUES(1, 'EV000001', 'General', "
                 "'once', 1)");
        int n = 0;
        for (const char* name : {"\xC3\x89mile Zola", "\xC5\x81ukasz Nowak", "Hans G\xC3\xB6\xC3\x9F", ""}) {
            ++n;
            SQLite::Statement ins(raw, "INSERT INTO tickets(id, event_id, type_id, number, holder_name, secret_hash, "
                                       "issued_at) VALUES(?, 'EV000001', 1, ?, ?, ?, 1)");
            ins.bind(1, "T" + std::to_string(n));
            ins.bind(2, n);
            ins.bind(3, name);
            ins.bind(4, "h" + std::to_string(n));
            ins.exec();
        }
    }
    auto db = Database::open(dir / "q.db");
    ASSERT_TRUE(db.ok()) << db.error().message;
    ASSERT_EQ((*db)->schemaVersion(), 6);
    SQLite::Statement q((*db)->sql(), "SELECT holder_name, name_folded FROM tickets ORDER BY number");
    while (q.executeStep())
        EXPECT_EQ(q.getColumn(1).getString(), nameSearchKey(q.getColumn(0).getString())) << q.getColumn(0).getString();
    TicketStore store(**db);
    for (auto [search, number] : {std::pair{"emile", 1}, {"lukasz", 2}, {"gosz", 3}}) {
        TicketQuery query;
        query.eventId = "EV000001";
        query.search = search;
        auto found = store.list(query);
        ASSERT_EQ(found.size(), 1u) << search;
        EXPECT_EQ(found[0].number, number) << search;
    }
}

TEST(Database, EmptyFileFromVersionZeroIsMigrated) {
    TempDir dir;
    { SQLite::Database raw((dir / "q.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE); }
    auto db = Database::open(dir / "q.db");
    ASSERT_TRUE(db.ok());
    EXPECT_EQ((*db)->schemaVersion(), Database::kSchemaVersion);
}

TEST(Database, NewerSchemaIsRefusedWithAClearMessage) {
    TempDir dir;
    {
        SQLite::Database raw((dir / "q.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("PRAGMA user_version=99");
    }
    auto db = Database::open(dir / "q.db");
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().code, "newer_database");
    EXPECT_NE(db.error().message.find("newer qrgate"), std::string::npos);
    SQLite::Database raw((dir / "q.db").string());
    EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), 99) << "left untouched";
}

TEST(Database, AFileThatIsNotADatabaseIsRefused) {
    TempDir dir;
    std::ofstream(dir / "q.db") << "this is a spreadsheet, not a database\n";
    auto db = Database::open(dir / "q.db");
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().code, "damaged_database");  // DataFolder says how to go on
}

TEST(Database, SettingsRoundTrip) {
    auto db = Database::openInMemory();
    EXPECT_EQ(db->setting("gate", "Main"), "Main");
    db->setSetting("gate", "North");
    db->setSetting("gate", "South");
    EXPECT_EQ(db->setting("gate"), "South");
}

// A commit that fails because the files cannot grow (a full disk) leaves the connection usable:
// once there is room, the next transaction commits. A gate that hit a full disk once must not
// need a restart. (The file size limit stands in for the full disk; SIGXFSZ is ignored.)
TEST(Database, AConnectionCommitsAgainAfterACommitFailedForWantOfSpace) {
    TempDir dir;
    auto db = Database::open(dir / "q.db").value();
    db->sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
    rlimit tight = old;
    tight.rlim_cur = 16;  // not even a WAL header fits
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &tight), 0);
    bool failed = false;
    try {
        WriteTransaction tx(*db);
        db->setSetting("before", "x");
        tx.commit();
    } catch (const SQLite::Exception&) {
        failed = true;
    }
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &old), 0);
    std::signal(SIGXFSZ, oldHandler);
    ASSERT_TRUE(failed) << "the commit should have failed: the WAL could not grow";

    WriteTransaction tx(*db);
    db->setSetting("after", "room again");
    tx.commit();
    EXPECT_EQ(db->setting("after"), "room again");
    EXPECT_EQ(db->setting("before"), "") << "the failed transaction left nothing behind";
}

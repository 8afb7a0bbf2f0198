// DataFolder::openDatabase opens the folder's database, but never mistakes a database that was
// lost or cut short for a new, empty one when the folder shows it held an event (event keys, a
// node certificate). startAfresh() moves such a database aside, never deleting it.
#include "core/store/data_folder.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "core/events/event_catalog.hpp"
#include "support/file_text.hpp"
#include "support/fixtures.hpp"

namespace qrgate {
namespace {

using testing::EventFixture;
using testing::TempDir;

// A folder that held an event whose database then suffered `damage`; the connection is closed
// first, as after a power cut or a copy.
struct DamagedFolder {
    EventFixture fixture;
    std::filesystem::path db = fixture.folder.databaseFile();

    template <class Damage>
    explicit DamagedFolder(Damage damage) {
        fixture.issue(50);
        fixture.db.reset();
        damage(db);
    }
    Result<std::unique_ptr<Database>> open() const { return fixture.folder.openDatabase(); }
    std::string keyFile() const { return "keys/" + fixture.event.id + ".key"; }
};

void expectRefused(const DamagedFolder& f, const std::string& what) {
    const auto before = std::filesystem::exists(f.db) ? testing::fileText(f.db) : "(missing)";
    const auto opened = f.open();
    ASSERT_FALSE(opened.ok());
    const auto& message = opened.error().message;
    EXPECT_EQ(opened.error().code, "damaged_database");
    EXPECT_NE(message.find(f.db.string()), std::string::npos) << message;
    EXPECT_NE(message.find(what), std::string::npos) << message;
    EXPECT_NE(message.find(f.keyFile()), std::string::npos) << message;
    EXPECT_NE(message.find("restore it from a backup"), std::string::npos) << message;
    EXPECT_NE(message.find("--start-afresh"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(std::filesystem::exists(f.db) ? testing::fileText(f.db) : "(missing)", before) << "left as it was";
}

TEST(DataFolder, ABrandNewFolderGetsANewDatabase) {
    TempDir dir;
    const auto folder = DataFolder::prepare(dir / "new").value();
    auto db = folder.openDatabase();
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_TRUE(EventCatalog(**db).list().empty());
}

TEST(DataFolder, ADatabaseInUseByAnotherConnectionOpens) {
    EventFixture f;
    f.issue(50);  // f.db stays open, with its write-ahead log beside the file
    auto second = f.folder.openDatabase();
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(EventCatalog(**second).list().size(), 1u);
}

// Another process (python3's sqlite3 here) writes a setting and closes its connection, as a kiosk
// or a `qrgate checkin` on the same data folder does. Returns what it printed ("written").
std::string anotherProcessWritesAndCloses(const std::filesystem::path& db, const std::string& key) {
    const std::string command =
        "python3 -c \"import sqlite3,sys\n"
        "c=sqlite3.connect(sys.argv[1], timeout=5)\n"
        "c.execute('INSERT INTO settings(key,value) VALUES(?,?)', (sys.argv[2],'1')); c.commit(); c.close()\n"
        "print('written')\" '" + db.string() + "' '" + key + "'";
    std::string out;
    if (FILE* p = ::popen(command.c_str(), "r")) {
        char buf[64];
        while (std::fgets(buf, sizeof buf, p)) out += buf;
        ::pclose(p);
    }
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

// The console's workers keep connections open while its Health panel, a backup or the LAN node
// opens the database again in the same process. Reading the file's header with a descriptor of
// its own and closing it dropped this process's locks on the file (POSIX locks belong to the
// process), so another process closing its connection believed it was the last one, checkpointed
// and deleted the write-ahead log under our connections: our later writes and its rows were lost.
TEST(DataFolder, OpeningAgainKeepsTheLocksOtherConnectionsOfThisProcessHold) {
    EventFixture f;
    f.issue(3);
    ASSERT_EQ(f.db->setting("missing", "none"), "none");  // this connection has read the database
    {
        auto again = f.folder.openDatabase();
        ASSERT_TRUE(again.ok()) << again.error().message;
    }
    ASSERT_EQ(anotherProcessWritesAndCloses(f.folder.databaseFile(), "first"), "written");
    EXPECT_EQ(f.db->setting("first", "unseen"), "1") << "this connection sees the other process's row";
    f.db->storeSettings({{"ours", "1"}});
    ASSERT_EQ(anotherProcessWritesAndCloses(f.folder.databaseFile(), "second"), "written");
    EXPECT_EQ(f.db->setting("second", "unseen"), "1");
    f.db.reset();
    auto reopened = Database::open(f.folder.databaseFile()).value();
    EXPECT_EQ(reopened->setting("first", "lost"), "1");
    EXPECT_EQ(reopened->setting("ours", "lost"), "1");
    EXPECT_EQ(reopened->setting("second", "lost"), "1");
}

TEST(DataFolder, AZeroByteDatabaseBesideEventKeysIsRefused) {
    DamagedFolder f([](const auto& db) { std::filesystem::resize_file(db, 0); });
    expectRefused(f, "is empty (0 bytes)");
}

TEST(DataFolder, ADatabaseCutToHalfItsSizeIsRefused) {
    DamagedFolder f([](const auto& db) { std::filesystem::resize_file(db, std::filesystem::file_size(db) / 2); });
    expectRefused(f, "is shorter than its header says");
}

TEST(DataFolder, AMissingDatabaseBesideEventKeysIsRefused) {
    DamagedFolder f([](const auto& db) { std::filesystem::remove(db); });
    expectRefused(f, "is missing");
}

TEST(DataFolder, AFileThatIsNotADatabaseIsRefused) {
    DamagedFolder f([](const auto& db) { std::ofstream(db, std::ios::binary) << std::string(8192, 'x'); });
    expectRefused(f, "is not a SQLite database");
}

TEST(DataFolder, ANodeCertificateAloneAlsoShowsTheFolderHeldData) {
    EventFixture f;
    f.db.reset();
    std::filesystem::remove_all(f.dir / "keys");  // a follower has no event keys, only its node identity
    std::filesystem::create_directories(f.dir / "tls");
    std::ofstream(f.dir / "tls" / "node.crt") << "-----BEGIN CERTIFICATE-----\n";
    std::filesystem::resize_file(f.folder.databaseFile(), 0);
    const auto opened = f.folder.openDatabase();
    ASSERT_FALSE(opened.ok());
    EXPECT_NE(opened.error().message.find("tls/node.crt"), std::string::npos) << opened.error().message;
}

TEST(DataFolder, ADatabaseSqliteFindsCorruptIsRefused) {
    DamagedFolder f([](const auto& db) {
        std::fstream io(db, std::ios::in | std::ios::out | std::ios::binary);
        io.seekp(100);  // the header stays whole; the schema page after it is junk
        io << std::string(3000, '\xFF');
    });
    expectRefused(f, "malformed");
}

TEST(DataFolder, StartAfreshMovesTheDamagedDatabaseAsideAndANewOneOpens) {
    DamagedFolder f([](const auto& db) { std::filesystem::resize_file(db, std::filesystem::file_size(db) / 2); });
    const auto damaged = testing::fileText(f.db);
    const auto note = f.fixture.folder.startAfresh();
    ASSERT_TRUE(note.ok()) << note.error().message;

    std::vector<std::filesystem::path> asides;
    for (const auto& e : std::filesystem::directory_iterator(f.fixture.dir.path()))
        if (e.path().filename().string().rfind("qrgate.db.damaged-", 0) == 0) asides.push_back(e.path());
    ASSERT_EQ(asides.size(), 1u);
    EXPECT_EQ(testing::fileText(asides[0]), damaged);
    EXPECT_NE(note->find(asides[0].string()), std::string::npos) << *note;

    auto db = f.open();
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_TRUE(EventCatalog(**db).list().empty());
    EXPECT_TRUE(std::filesystem::exists(f.fixture.dir / f.keyFile())) << "the keys are left alone";
}

TEST(DataFolder, StartAfreshLeavesAUsableDatabaseAlone) {
    EventFixture f;
    f.db.reset();
    const auto note = f.folder.startAfresh();
    ASSERT_TRUE(note.ok()) << note.error().message;
    EXPECT_EQ(*note, "");
    auto db = f.folder.openDatabase();
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ(EventCatalog(**db).list().size(), 1u);
}

}  // namespace
}  // namespace qrgate

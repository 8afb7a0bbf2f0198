// A backup is a whole, consistent and private copy of a data folder: restored elsewhere it holds
// every ticket, scan and key; without its passphrase it shows nothing; a wrong passphrase, a file
// cut short or altered, or a folder that already holds data is refused without writing anything.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "core/backup/backup_archive.hpp"
#include "core/backup/backup_container.hpp"
#include "core/backup/backup_maker.hpp"
#include "core/backup/backup_restorer.hpp"
#include "core/checkin/checkin_engine.hpp"
#include "support/file_text.hpp"
#include "support/fixtures.hpp"

namespace qrgate {
namespace {

namespace fs = std::filesystem;
using testing::EventFixture;
using testing::fileText;
using testing::TempDir;

constexpr const char* kPassphrase = "correct horse battery";
constexpr std::size_t kHeaderSize = 66;                // magic .. stream header (docs/backup.md)
constexpr std::size_t kSealedChunk = 64 * 1024 + 17;  // a full chunk with its tag

unsigned modeOf(const fs::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
}

void writeText(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

// An event with named holders, some of them admitted, and the folder's small files.
struct BackedUpFolder {
    EventFixture fixture;
    TempDir out;
    fs::path file = out / "backup.qrgb";
    std::vector<IssuedTicket> tickets;

    BackedUpFolder() {
        std::vector<TicketHolder> holders;
        for (int i = 0; i < 300; ++i) holders.push_back({"Zoë Quatremaine " + std::to_string(i), "zoe" + std::to_string(i) + "@example.org", ""});
        holders.push_back({"Bartholomew Okonkwo-Lindqvist", "bart@example.org", ""});
        tickets = TicketIssuer(*fixture.db, fixture.keys, fixture.clock).issueFor(fixture.event.id, holders).value();
        CheckinEngine engine(*fixture.db, fixture.clock);
        for (int i = 0; i < 7; ++i) EXPECT_TRUE(engine.admit(fixture.scan(tickets[i].qrData)).admitted);
        EXPECT_FALSE(engine.admit(fixture.scan(tickets[0].qrData)).admitted);  // a refused scan is logged too
        writeText(fixture.folder.mailSettingsFile(), R"({"server":"smtp://mail.example.org:587"})");
        writeText(fixture.folder.mailPasswordFile(), "s3cret-smtp-password");
        ::chmod(fixture.folder.mailPasswordFile().c_str(), 0600);
        writeText(fixture.folder.root() / "mail-sender.lock", "");
    }
    Result<BackupReport> backUp() { return writeBackup(fixture.folder, file, kPassphrase); }
    fs::path keyFile() const { return fixture.folder.root() / "keys" / (fixture.event.id + ".key"); }
};

TEST(Backup, RestoredElsewhereHoldsEveryTicketScanKeyAndSetting) {
    BackedUpFolder f;
    auto report = f.backUp();
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->keyFiles, 1);
    EXPECT_EQ(modeOf(f.file), 0600u);
    EXPECT_FALSE(fs::exists(f.file.string() + ".tmp"));

    TempDir elsewhere;
    const fs::path target = elsewhere / "restored";
    auto restored = restoreBackup(f.file, kPassphrase, target, false);
    ASSERT_TRUE(restored.ok()) << restored.error().message;
    EXPECT_EQ(restored->contents.events, 1);
    EXPECT_EQ(restored->contents.tickets, 301);
    EXPECT_EQ(restored->contents.admitted, 7);
    EXPECT_EQ(restored->contents.scans, 8);
    EXPECT_EQ(restored->contents.keyFiles, 1);
    EXPECT_TRUE(restored->movedAside.empty());

    EXPECT_EQ(modeOf(target), 0700u);
    EXPECT_EQ(modeOf(target / "keys"), 0700u);
    const fs::path key = target / "keys" / (f.fixture.event.id + ".key");
    EXPECT_EQ(fileText(key), fileText(f.keyFile()));
    EXPECT_EQ(modeOf(key), 0600u);
    EXPECT_EQ(fileText(target / "smtp-password"), "s3cret-smtp-password");
    EXPECT_EQ(modeOf(target / "smtp-password"), 0600u);
    EXPECT_EQ(fileText(target / "mail.json"), fileText(f.fixture.folder.mailSettingsFile()));
    EXPECT_FALSE(fs::exists(target / "mail-sender.lock"));  // a lock of the old machine, not data

    // The restored folder works: the first ticket is already used, the eighth admits once.
    auto folder = DataFolder::prepare(target).value();
    auto db = folder.openDatabase();
    ASSERT_TRUE(db.ok()) << db.error().message;
    CheckinEngine engine(**db, f.fixture.clock);
    auto again = engine.admit(f.fixture.scan(f.tickets[0].qrData));
    EXPECT_FALSE(again.admitted);
    EXPECT_EQ(again.reason, Reason::AlreadyUsed);
    EXPECT_TRUE(engine.admit(f.fixture.scan(f.tickets[7].qrData)).admitted);
    // No staging folder is left beside it.
    for (const auto& entry : fs::directory_iterator(elsewhere.path()))
        EXPECT_EQ(entry.path().filename(), "restored");
}

TEST(Backup, TheFileRevealsNoNameEventIdFileNameOrKeyBytes) {
    BackedUpFolder f;
    ASSERT_TRUE(f.backUp().ok());
    const std::string bytes = fileText(f.file);
    const std::string keyText = fileText(f.keyFile());
    for (const std::string& secret :
         {std::string("Bartholomew"), std::string("Okonkwo"), std::string("example.org"), f.fixture.event.id,
          std::string("Fixture fest"), std::string("keys/"), std::string(".key"), std::string("qrgate.db"),
          std::string("smtp-password"), std::string("s3cret"), std::string("SQLite format"), keyText.substr(0, 16),
          keyText.substr(keyText.size() / 2, 16)})
        EXPECT_EQ(bytes.find(secret), std::string::npos) << "in clear: " << secret;
    // Two backups of the same folder share nothing but the format's magic and parameters.
    const fs::path second = f.out / "second.qrgb";
    ASSERT_TRUE(writeBackup(f.fixture.folder, second, kPassphrase).ok());
    EXPECT_NE(fileText(second).substr(kHeaderSize, 64), bytes.substr(kHeaderSize, 64));
}

TEST(Backup, AWrongPassphraseIsOneClearLineAndWritesNothing) {
    BackedUpFolder f;
    ASSERT_TRUE(f.backUp().ok());
    TempDir elsewhere;
    auto restored = restoreBackup(f.file, "not the passphrase", elsewhere / "restored", false);
    ASSERT_FALSE(restored.ok());
    EXPECT_EQ(restored.error().code, "wrong_passphrase");
    EXPECT_EQ(restored.error().message, "wrong passphrase for backup.qrgb (or the file is damaged)");
    EXPECT_TRUE(fs::is_empty(elsewhere.path()));
}

TEST(Backup, AFileCutShortAnywhereIsRefused) {
    BackedUpFolder f;
    ASSERT_TRUE(f.backUp().ok());
    const std::string whole = fileText(f.file);
    ASSERT_GT(whole.size(), kHeaderSize + 2 * kSealedChunk) << "the test needs several chunks";
    TempDir elsewhere;
    // Within the header, within the first chunk, exactly after a whole chunk (only the FINAL tag
    // tells this from the end), within a later chunk, one byte short.
    for (std::size_t length : {std::size_t{5}, kHeaderSize - 1, kHeaderSize + 100, kHeaderSize + kSealedChunk,
                               kHeaderSize + 2 * kSealedChunk, kHeaderSize + kSealedChunk + 5000, whole.size() - 1}) {
        const fs::path cut = elsewhere / "cut.qrgb";
        writeText(cut, whole.substr(0, length));
        auto restored = restoreBackup(cut, kPassphrase, elsewhere / "restored", false);
        ASSERT_FALSE(restored.ok()) << "cut at " << length;
        if (length >= kHeaderSize + kSealedChunk) {
            EXPECT_EQ(restored.error().code, "damaged_backup") << length;
        }
        EXPECT_FALSE(fs::exists(elsewhere / "restored")) << length;
    }
    // Bytes added at the end, and a byte changed in the middle.
    writeText(elsewhere / "longer.qrgb", whole + "x");
    EXPECT_EQ(restoreBackup(elsewhere / "longer.qrgb", kPassphrase, elsewhere / "r", false).error().code,
              "damaged_backup");
    std::string altered = whole;
    altered[whole.size() / 2] ^= 0x01;
    writeText(elsewhere / "altered.qrgb", altered);
    EXPECT_EQ(restoreBackup(elsewhere / "altered.qrgb", kPassphrase, elsewhere / "r", false).error().code,
              "damaged_backup");
    EXPECT_FALSE(fs::exists(elsewhere / "r"));
}

TEST(Backup, AForeignFileIsNotABackup) {
    TempDir dir;
    writeText(dir / "photo.jpg", std::string("\xff\xd8\xff\xe0 JFIF and more bytes", 25));
    auto restored = restoreBackup(dir / "photo.jpg", kPassphrase, dir / "restored", false);
    ASSERT_FALSE(restored.ok());
    EXPECT_EQ(restored.error().code, "not_a_backup");
    EXPECT_EQ(restored.error().message, "photo.jpg is not a qrgate backup");
    EXPECT_FALSE(fs::exists(dir / "restored"));
}

TEST(Backup, AFolderWithDataIsRefusedAndWithReplaceMovedAsideNotDeleted) {
    BackedUpFolder f;
    ASSERT_TRUE(f.backUp().ok());
    EventFixture other;  // another event in the target folder
    other.db.reset();
    const fs::path target = other.folder.root();
    const std::string keyBefore = fileText(target / "keys" / (other.event.id + ".key"));

    auto refused = restoreBackup(f.file, kPassphrase, target, false);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "folder_has_data");
    EXPECT_NE(refused.error().message.find("--replace"), std::string::npos) << refused.error().message;
    EXPECT_EQ(fileText(target / "keys" / (other.event.id + ".key")), keyBefore);
    EXPECT_FALSE(fs::exists(target / "keys" / (f.fixture.event.id + ".key")));

    auto replaced = restoreBackup(f.file, kPassphrase, target, true);
    ASSERT_TRUE(replaced.ok()) << replaced.error().message;
    ASSERT_FALSE(replaced->movedAside.empty());
    EXPECT_EQ(replaced->movedAside.parent_path(), target.parent_path());
    EXPECT_NE(replaced->movedAside.filename().string().find(".before-restore-"), std::string::npos);
    EXPECT_EQ(fileText(replaced->movedAside / "keys" / (other.event.id + ".key")), keyBefore);
    EXPECT_TRUE(fs::exists(replaced->movedAside / "qrgate.db"));
    EXPECT_TRUE(fs::exists(target / "keys" / (f.fixture.event.id + ".key")));
    EXPECT_FALSE(fs::exists(target / "keys" / (other.event.id + ".key")));
    fs::remove_all(replaced->movedAside);
}

TEST(Backup, AnEmptyFolderOrOneWithoutEventsTakesTheRestoreWithoutReplace) {
    BackedUpFolder f;
    ASSERT_TRUE(f.backUp().ok());
    TempDir elsewhere;
    fs::create_directories(elsewhere / "empty");
    auto intoEmpty = restoreBackup(f.file, kPassphrase, elsewhere / "empty", false);
    ASSERT_TRUE(intoEmpty.ok()) << intoEmpty.error().message;
    EXPECT_TRUE(intoEmpty->movedAside.empty());

    // A kiosk's folder before its first event: a new database, settings. Kept aside all the same.
    const fs::path fresh = elsewhere / "fresh";
    { auto db = DataFolder::prepare(fresh).value().openDatabase(); }
    writeText(fresh / "mail.json", "{}");
    auto intoFresh = restoreBackup(f.file, kPassphrase, fresh, false);
    ASSERT_TRUE(intoFresh.ok()) << intoFresh.error().message;
    ASSERT_FALSE(intoFresh->movedAside.empty());
    EXPECT_EQ(fileText(intoFresh->movedAside / "mail.json"), "{}");
    EXPECT_NE(fileText(fresh / "mail.json"), "{}");
}

TEST(Backup, AFolderWithoutEventsOrKeysIsNoDataToProtect) {
    TempDir dir;
    EXPECT_EQ(dataInFolder(dir / "missing"), "");
    EXPECT_EQ(dataInFolder(dir.path()), "");
    { auto db = DataFolder::prepare(dir.path()).value().openDatabase(); }  // a new, empty database
    EXPECT_EQ(dataInFolder(dir.path()), "");
    writeText(dir / "qrgate.db", "not a database, but maybe someone's only copy of one");
    EXPECT_EQ(dataInFolder(dir.path()), "a database qrgate cannot read");
}

TEST(Backup, ABackupNeedsADatabaseAndAPassphraseOfEightCharacters) {
    TempDir dir;
    auto folder = DataFolder::prepare(dir / "empty").value();
    auto none = writeBackup(folder, dir / "b.qrgb", kPassphrase);
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, "no_database");
    BackedUpFolder f;
    auto weak = writeBackup(f.fixture.folder, f.file, "short");
    ASSERT_FALSE(weak.ok());
    EXPECT_EQ(weak.error().code, "weak_passphrase");
    EXPECT_FALSE(fs::exists(f.file));
    EXPECT_FALSE(fs::exists(dir / "b.qrgb"));
}

TEST(BackupArchive, AcceptsOnlyTheFilesOfADataFolder) {
    EXPECT_TRUE(isBackupPath("qrgate.db"));
    EXPECT_TRUE(isBackupPath("keys/7KQ2M9XA.key"));
    EXPECT_TRUE(isBackupPath("tls/node.key"));
    for (const char* path : {"../qrgate.db", "/etc/passwd", "keys/../../x.key", "keys/.key", "keys/a/b.key",
                             "keys/7kq2m9xa.key", "tls/../node.key", "mail-sender.lock", "qrgate.db-wal", ""})
        EXPECT_FALSE(isBackupPath(path)) << path;

    std::string archive = packEntries({{"qrgate.db", 0600, "db"}, {"../../etc/cron.d/x", 0600, "evil"}});
    auto unpacked = unpackEntries(archive, "b.qrgb");
    ASSERT_FALSE(unpacked.ok());
    EXPECT_EQ(unpacked.error().code, "damaged_backup");
    EXPECT_FALSE(unpackEntries(packEntries({{"keys/7KQ2M9XA.key", 0600, "k"}}), "b.qrgb").ok());  // no database
    EXPECT_FALSE(unpackEntries(packEntries({{"qrgate.db", 0600, "a"}, {"qrgate.db", 0600, "b"}}), "b.qrgb").ok());
    auto ok = unpackEntries(packEntries({{"qrgate.db", 0644, "db"}}), "b.qrgb");
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->front().mode, 0600u);  // never group or world access
}

}  // namespace
}  // namespace qrgate

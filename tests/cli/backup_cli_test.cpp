// `qrgate backup --out FILE` and `qrgate restore FILE [--replace]` as a user runs them: exit 0
// done, 1 failed, 2 usage; every error one line on stderr; nothing written when refused.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "support/file_text.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using qrgate::testing::fileText;
using qrgate::testing::ProcessResult;
using qrgate::testing::runQrgate;
using qrgate::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kPassphrase = {"QRGATE_BACKUP_PASSPHRASE=open sesame, please"};

struct BackupCli {
    TempDir dir;
    fs::path data = dir / "organizer";
    fs::path file = dir / "backup.qrgb";
    std::string eventId;

    BackupCli() {
        auto created = run(data, {"event", "create", "--name", "Winter Fair"});
        eventId = created.out.substr(0, created.out.find('\n'));
        run(data, {"tickets", "issue", "--count", "12"});
    }
    ProcessResult run(const fs::path& folder, std::vector<std::string> args,
                      const std::vector<std::string>& env = kPassphrase) {
        args.insert(args.begin(), {"--data", folder.string()});
        return runQrgate(args, env);
    }
    ProcessResult backUp() { return run(data, {"backup", "--out", file.string()}); }
};

int lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST(BackupCli, BackupThenRestoreIntoAnotherFolderSaysWhatCameBack) {
    BackupCli c;
    auto backup = c.backUp();
    ASSERT_EQ(backup.exitCode, 0) << backup.err;
    EXPECT_NE(backup.out.find("1 key file"), std::string::npos) << backup.out;
    struct stat st {};
    ASSERT_EQ(::stat(c.file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);

    auto restore = c.run(c.dir / "laptop-2", {"restore", c.file.string()});
    ASSERT_EQ(restore.exitCode, 0) << restore.err;
    EXPECT_NE(restore.out.find("1 event, 12 tickets, 0 admissions (0 scans), 1 key file; integrity check ok"),
              std::string::npos)
        << restore.out;
    auto list = c.run(c.dir / "laptop-2", {"event", "list"});
    EXPECT_NE(list.out.find("Winter Fair"), std::string::npos) << list.out;
}

TEST(BackupCli, AWrongPassphraseIsOneLineExit1AndNothingWritten) {
    BackupCli c;
    ASSERT_EQ(c.backUp().exitCode, 0);
    auto wrong = c.run(c.dir / "laptop-2", {"restore", c.file.string()}, {"QRGATE_BACKUP_PASSPHRASE=guessing wrong"});
    EXPECT_EQ(wrong.exitCode, 1);
    EXPECT_EQ(wrong.err, "qrgate: wrong passphrase for backup.qrgb (or the file is damaged)\n");
    EXPECT_EQ(wrong.out, "");
    EXPECT_FALSE(fs::exists(c.dir / "laptop-2"));

    // Cut short: refused alike, nothing written.
    const std::string whole = fileText(c.file);
    std::ofstream(c.dir / "cut.qrgb", std::ios::binary) << whole.substr(0, whole.size() - 40);
    auto cut = c.run(c.dir / "laptop-2", {"restore", (c.dir / "cut.qrgb").string()});
    EXPECT_EQ(cut.exitCode, 1);
    EXPECT_EQ(lines(cut.err), 1) << cut.err;
    EXPECT_NE(cut.err.find("cut.qrgb is damaged"), std::string::npos) << cut.err;
    EXPECT_FALSE(fs::exists(c.dir / "laptop-2"));

    // Not a backup at all.
    std::ofstream(c.dir / "notes.txt") << "shopping list\n";
    auto foreign = c.run(c.dir / "laptop-2", {"restore", (c.dir / "notes.txt").string()});
    EXPECT_EQ(foreign.exitCode, 1);
    EXPECT_EQ(foreign.err, "qrgate: notes.txt is not a qrgate backup\n");
}

TEST(BackupCli, RestoreIntoAFolderWithDataNeedsReplaceWhichMovesItAside) {
    BackupCli c;
    ASSERT_EQ(c.backUp().exitCode, 0);
    const fs::path other = c.dir / "kiosk";
    ASSERT_EQ(c.run(other, {"event", "create", "--name", "Other Event"}).exitCode, 0);

    auto refused = c.run(other, {"restore", c.file.string()});
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_EQ(lines(refused.err), 1) << refused.err;
    EXPECT_NE(refused.err.find("already holds data (1 event"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("--replace"), std::string::npos) << refused.err;
    EXPECT_NE(c.run(other, {"event", "list"}).out.find("Other Event"), std::string::npos);

    auto replaced = c.run(other, {"restore", c.file.string(), "--replace"});
    ASSERT_EQ(replaced.exitCode, 0) << replaced.err;
    EXPECT_NE(replaced.out.find("the data that was there is kept in " + other.string() + ".before-restore-"),
              std::string::npos)
        << replaced.out;
    EXPECT_NE(c.run(other, {"event", "list"}).out.find("Winter Fair"), std::string::npos);
    int asideWithOtherEvent = 0;
    for (const auto& entry : fs::directory_iterator(c.dir.path()))
        if (entry.path().filename().string().rfind("kiosk.before-restore-", 0) == 0)
            asideWithOtherEvent += c.run(entry.path(), {"event", "list"}).out.find("Other Event") != std::string::npos;
    EXPECT_EQ(asideWithOtherEvent, 1);
}

TEST(BackupCli, UsageErrorsExit2) {
    BackupCli c;
    EXPECT_EQ(c.run(c.data, {"backup"}).exitCode, 2);
    EXPECT_EQ(c.run(c.data, {"backup", "--out"}).exitCode, 2);
    EXPECT_EQ(c.run(c.data, {"restore"}).exitCode, 2);
    EXPECT_EQ(c.run(c.data, {"restore", "a", "b"}).exitCode, 2);
    EXPECT_EQ(c.run(c.data, {"restore", c.file.string(), "--force"}).exitCode, 2);
    // No passphrase in the environment and no terminal to ask on.
    auto noTerminal = qrgate::testing::runProcess(
        {"/usr/bin/setsid", "-w", qrgate::testing::qrgateBinary(), "--data", c.data.string(), "backup", "--out",
         c.file.string()},
        "", 60, {"QRGATE_BACKUP_PASSPHRASE="});
    EXPECT_EQ(noTerminal.exitCode, 2);
    EXPECT_NE(noTerminal.err.find("QRGATE_BACKUP_PASSPHRASE"), std::string::npos) << noTerminal.err;
    EXPECT_FALSE(fs::exists(c.file));
    // A passphrase too short for a file that carries the event keys.
    auto weak = c.run(c.data, {"backup", "--out", c.file.string()}, {"QRGATE_BACKUP_PASSPHRASE=1234"});
    EXPECT_EQ(weak.exitCode, 1);
    EXPECT_EQ(weak.err, "qrgate: the backup passphrase must have at least 8 characters\n");
    EXPECT_FALSE(fs::exists(c.file));
    // Nothing to back up.
    auto nothing = c.run(c.dir / "nowhere", {"backup", "--out", c.file.string()});
    EXPECT_EQ(nothing.exitCode, 1);
    EXPECT_EQ(lines(nothing.err), 1) << nothing.err;
    EXPECT_FALSE(fs::exists(c.dir / "nowhere"));

    auto help = runQrgate({"--help"});
    EXPECT_NE(help.out.find("backup --out FILE"), std::string::npos);
    EXPECT_NE(help.out.find("restore FILE [--replace]"), std::string::npos) << help.out;
    EXPECT_NE(c.run(c.data, {"restore", "--help"}).out.find("--replace"), std::string::npos);
}

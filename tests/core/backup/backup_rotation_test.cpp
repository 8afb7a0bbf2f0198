// Automatic backups: named by time, only the newest K kept, only our own files removed, and a
// folder that went away (a stick pulled out) reported, never re-created.
#include "core/backup/backup_rotation.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace qrgate {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

TEST(BackupRotation, NamesSortByTimeAndAreRecognised) {
    const auto a = automaticBackupName(1'790'000'000);
    const auto b = automaticBackupName(1'790'000'061);
    EXPECT_LT(a, b);
    EXPECT_TRUE(isAutomaticBackupName(a));
    EXPECT_FALSE(isAutomaticBackupName("qrgate-backup-2026.qrgb"));
    EXPECT_FALSE(isAutomaticBackupName("holiday-photos.qrgb"));
    EXPECT_FALSE(isAutomaticBackupName(a + ".tmp"));
}

TEST(BackupRotation, KeepsTheNewestKAndNothingElseIsTouched) {
    TempDir dir;
    for (int i = 0; i < 6; ++i) std::ofstream(dir / automaticBackupName(1'790'000'000 + i * 600)) << i;
    std::ofstream(dir / "by-hand.qrgb") << "mine";
    std::ofstream(dir / "notes.txt") << "mine";
    const auto removed = pruneAutomaticBackups(dir.path(), 4);
    EXPECT_EQ(removed.size(), 2u);
    EXPECT_FALSE(fs::exists(dir / automaticBackupName(1'790'000'000)));
    EXPECT_FALSE(fs::exists(dir / automaticBackupName(1'790'000'600)));
    for (int i = 2; i < 6; ++i) EXPECT_TRUE(fs::exists(dir / automaticBackupName(1'790'000'000 + i * 600)));
    EXPECT_TRUE(fs::exists(dir / "by-hand.qrgb"));
    EXPECT_TRUE(fs::exists(dir / "notes.txt"));
}

TEST(BackupRotation, AFolderThatWentAwayIsReportedNotCreated) {
    TempDir dir;
    EXPECT_TRUE(checkBackupFolder(dir.path()).ok());
    const auto stick = dir / "usb";
    auto gone = checkBackupFolder(stick);
    ASSERT_FALSE(gone.ok());
    EXPECT_NE(gone.error().message.find("is not there"), std::string::npos) << gone.error().message;
    EXPECT_FALSE(fs::exists(stick));
    std::ofstream(dir / "file") << "x";
    EXPECT_FALSE(checkBackupFolder(dir / "file").ok());
}

}  // namespace
}  // namespace qrgate

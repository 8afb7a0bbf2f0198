// The data folder's checks read the folder as it is: private files that others may read, the
// database refused or damaged, the disk running out. Each finding names the file and the fix.
#include "core/health/folder_checks.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/fixtures.hpp"

namespace qrgate {
namespace {

using testing::EventFixture;
using testing::TempDir;

std::filesystem::path keyFileOf(const EventFixture& f) { return f.keys.directory() / (f.event.id + ".key"); }

TEST(FolderChecks, AFolderWithItsKeysPrivateIsFine) {
    EventFixture f;
    EXPECT_EQ(checkDataFolder(f.dir.path()).status, HealthStatus::Ok);
    const auto keys = checkPrivateFiles(f.dir.path());
    EXPECT_EQ(keys.status, HealthStatus::Ok) << keys.detail;
    EXPECT_NE(keys.detail.find("1 key file"), std::string::npos) << keys.detail;
}

TEST(FolderChecks, AGroupOrWorldReadableKeyFileIsAProblemNamingTheFileAndTheChmod) {
    EventFixture f;
    const auto key = keyFileOf(f);
    ASSERT_TRUE(std::filesystem::exists(key));
    for (mode_t mode : {0640, 0604}) {
        ASSERT_EQ(::chmod(key.c_str(), mode), 0);
        const auto check = checkPrivateFiles(f.dir.path());
        EXPECT_EQ(check.status, HealthStatus::Problem) << mode;
        EXPECT_NE(check.detail.find(key.string()), std::string::npos) << check.detail;
        EXPECT_EQ(check.fix, "Run 'chmod 600 " + key.string() + "'.");
    }
}

TEST(FolderChecks, TheSmtpPasswordFileCountsAsPrivate) {
    TempDir dir;
    std::ofstream(dir / "smtp-password") << "secret";
    ::chmod((dir / "smtp-password").c_str(), 0644);
    const auto check = checkPrivateFiles(dir.path());
    EXPECT_EQ(check.status, HealthStatus::Problem);
    EXPECT_NE(check.fix.find("smtp-password"), std::string::npos) << check.fix;
}

TEST(FolderChecks, AFolderOthersMayReadIsAWarningWithChmod700) {
    TempDir dir;
    ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
    const auto check = checkDataFolder(dir.path());
    EXPECT_EQ(check.status, HealthStatus::Warning);
    EXPECT_EQ(check.fix, "Run 'chmod 700 " + dir.path().string() + "'.");
}

TEST(FolderChecks, PathsWithSpacesAreQuotedForTheShell) {
    EXPECT_EQ(shellQuoted("/home/ana/qrgate"), "/home/ana/qrgate");
    EXPECT_EQ(shellQuoted("/media/my data/qrgate"), "'/media/my data/qrgate'");
    EXPECT_EQ(shellQuoted("/tmp/it's"), "'/tmp/it'\\''s'");
}

TEST(FolderChecks, DiskSpaceIsAWarningWhenLowAndAProblemWhenVeryLow) {
    const std::filesystem::path root = "/data/qrgate";
    const std::uint64_t total = 500ull * 1000 * 1000 * 1000;
    EXPECT_EQ(judgeDiskSpace(root, 20ull * 1000 * 1000 * 1000, total).status, HealthStatus::Ok);
    const auto low = judgeDiskSpace(root, 600ull * 1000 * 1000, total);
    EXPECT_EQ(low.status, HealthStatus::Warning);
    EXPECT_NE(low.detail.find("600 MB free of 500 GB"), std::string::npos) << low.detail;
    const auto veryLow = judgeDiskSpace(root, 40ull * 1000 * 1000, total);
    EXPECT_EQ(veryLow.status, HealthStatus::Problem);
    EXPECT_FALSE(veryLow.fix.empty());
    EXPECT_EQ(checkDiskSpace(std::filesystem::temp_directory_path()).id, "disk_space");
}

TEST(FolderChecks, AWholeDatabasePassesAndStaysOpenForTheOtherChecks) {
    EventFixture f;
    f.issue(3);
    f.db.reset();
    auto checked = checkDatabase(f.dir.path());
    EXPECT_EQ(checked.check.status, HealthStatus::Ok) << checked.check.detail;
    EXPECT_NE(checked.check.detail.find("3 tickets"), std::string::npos) << checked.check.detail;
    ASSERT_NE(checked.db, nullptr);
}

TEST(FolderChecks, ADatabaseOverwrittenWithGarbageIsAProblemAndIsLeftAsItWas) {
    EventFixture f;
    f.issue(3);
    f.db.reset();
    const auto file = f.folder.databaseFile();
    { std::ofstream(file, std::ios::binary | std::ios::trunc) << std::string(8192, 'x'); }
    auto checked = checkDatabase(f.dir.path());
    EXPECT_EQ(checked.check.status, HealthStatus::Problem);
    EXPECT_EQ(checked.db, nullptr);
    EXPECT_NE(checked.check.detail.find(file.string()), std::string::npos) << checked.check.detail;
    EXPECT_NE(checked.check.fix.find("restore FILE"), std::string::npos) << checked.check.fix;
    EXPECT_NE(checked.check.fix.find("--start-afresh"), std::string::npos) << checked.check.fix;
    EXPECT_EQ(std::filesystem::file_size(file), 8192u);
}

TEST(FolderChecks, APageDamagedInsideTheDatabaseIsAProblem) {
    EventFixture f;
    f.issue(3000);
    f.db.reset();
    const auto file = f.folder.databaseFile();
    const auto size = std::filesystem::file_size(file);
    {
        // Scribble over a page in the middle (tickets and their indexes), header untouched.
        std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
        io.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
        for (int i = 0; i < 4096; ++i) io.put(static_cast<char>(i * 37));
    }
    auto checked = checkDatabase(f.dir.path());
    EXPECT_EQ(checked.check.status, HealthStatus::Problem) << checked.check.detail;
    EXPECT_NE(checked.check.fix.find("restore"), std::string::npos) << checked.check.fix;
    EXPECT_NE(checked.check.detail.find("damaged"), std::string::npos) << checked.check.detail;
}

TEST(FolderChecks, NoFolderIsAWarningAndNothingIsCreated) {
    TempDir dir;
    const auto root = dir / "not-yet";
    EXPECT_EQ(checkDataFolder(root).status, HealthStatus::Warning);
    EXPECT_EQ(checkDatabase(root).check.status, HealthStatus::Warning);
    EXPECT_FALSE(std::filesystem::exists(root));
}

}  // namespace
}  // namespace qrgate

// writeOutputFile writes a file the user named: a file appears whole or not at all, and a device
// or FIFO is written in place and stays what it was.
#include "core/store/output_file.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "support/file_text.hpp"
#include "support/special_files.hpp"
#include "support/temp_dir.hpp"

namespace qrgate {
namespace {

using testing::TempDir;

std::vector<std::string> namesIn(const std::filesystem::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
}

mode_t modeOf(const std::filesystem::path& path) {
    struct stat st{};
    ::stat(path.c_str(), &st);
    return st.st_mode & 07777;
}

TEST(OutputFile, ANewFileIsWrittenWholeWithNothingElseLeftBeside) {
    TempDir dir;
    const auto out = dir / "scans.csv";
    ASSERT_TRUE(writeOutputFile(out, "a,b\r\n1,2\r\n").ok());
    EXPECT_EQ(testing::fileText(out), "a,b\r\n1,2\r\n");
    EXPECT_EQ(namesIn(dir.path()), std::vector<std::string>{"scans.csv"});
}

TEST(OutputFile, AnExistingFileIsReplacedAndKeepsItsPermissions) {
    TempDir dir;
    const auto out = dir / "scans.csv";
    std::ofstream(out) << "an older and much longer export\n";
    ::chmod(out.c_str(), 0600);  // the organizer made it private; names and emails stay private
    ASSERT_TRUE(writeOutputFile(out, "new\n").ok());
    EXPECT_EQ(testing::fileText(out), "new\n");
    EXPECT_EQ(modeOf(out), 0600u);
    EXPECT_EQ(namesIn(dir.path()), std::vector<std::string>{"scans.csv"});
}

TEST(OutputFile, ALinkStaysALinkAndTheFileItNamesIsReplaced) {
    TempDir dir;
    std::filesystem::create_directory(dir / "exports");
    std::ofstream(dir / "exports" / "real.csv") << "old\n";
    std::filesystem::create_symlink("exports/real.csv", dir / "latest.csv");
    ASSERT_TRUE(writeOutputFile(dir / "latest.csv", "new\n").ok());
    EXPECT_TRUE(std::filesystem::is_symlink(dir / "latest.csv"));
    EXPECT_EQ(testing::fileText(dir / "exports" / "real.csv"), "new\n");
    EXPECT_EQ(namesIn(dir / "exports"), std::vector<std::string>{"real.csv"});
}

TEST(OutputFile, AFifoIsWrittenInPlace) {
    TempDir dir;
    testing::FifoReader fifo(dir / "scans.csv");
    const std::string big(200'000, 'x');  // more than a pipe holds: the reader must be the one reading
    ASSERT_TRUE(writeOutputFile(dir / "scans.csv", big).ok());
    EXPECT_EQ(fifo.collect().size(), big.size());
    EXPECT_TRUE(testing::isFifo(dir / "scans.csv"));
}

TEST(OutputFile, AFullDeviceIsADiskFullErrorAndStaysADevice) {
    TempDir dir;
    const auto full = testing::fullDevice(dir.path());
    const auto written = writeOutputFile(full, "a,b\r\n");
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().code, "disk_full");
    EXPECT_EQ(written.error().message, "Cannot write " + full.string() + ": No space left on device");
    EXPECT_TRUE(testing::isCharacterDevice(full));
}

TEST(OutputFile, AMissingFolderIsAnErrorNamingTheRequestedFile) {
    TempDir dir;
    const auto out = dir / "no-such-folder" / "scans.csv";
    const auto written = writeOutputFile(out, "x");
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().message, "Cannot write " + out.string() + ": No such file or directory");
}

// A write that fails half-way (here: the file size limit; in real life a full disk) leaves the
// previous file as it was and no temporary file beside it.
TEST(OutputFile, AWriteThatFailsHalfWayLeavesThePreviousFileUntouched) {
    TempDir dir;
    const auto out = dir / "scans.csv";
    std::ofstream(out) << "the previous export\n";
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::signal(SIGXFSZ, SIG_IGN);  // a write past the limit then fails with EFBIG
        const rlimit limit{4096, 4096};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        const auto written = writeOutputFile(out, std::string(100'000, 'x'));
        ::_exit(written.ok() ? 0 : written.error().message.find("File too large") != std::string::npos ? 1 : 2);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 1) << "1 = refused with the reason, 0 = reported success";
    EXPECT_EQ(testing::fileText(out), "the previous export\n");
    EXPECT_EQ(namesIn(dir.path()), std::vector<std::string>{"scans.csv"});
}

}  // namespace
}  // namespace qrgate

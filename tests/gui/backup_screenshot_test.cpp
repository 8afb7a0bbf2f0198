// The console's automatic backups, for real: the program under Xvfb writes backups to a folder
// (a stand-in for a USB stick), keeps only the newest K, and when the folder goes away it says so
// in an amber warning on the Settings screen instead of creating the folder elsewhere.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gui/screenshot_image.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using qrgate::testing::ProcessResult;
using qrgate::testing::runProcess;
using qrgate::testing::runQrgate;
using qrgate::testing::Screenshot;
using qrgate::testing::TempDir;

namespace {

const fs::path kShots = QRGATE_GUI_SHOTS_DIR;

ProcessResult runConsole(const std::string& name, const fs::path& data, const std::string& script) {
    fs::create_directories(kShots);
    const fs::path scriptFile = kShots / (name + ".script");
    std::ofstream(scriptFile) << "timeout 100\n" << script;
    return runProcess({"/usr/bin/env", "QRGATE_GUI_SCRIPT=" + scriptFile.string(), "QRGATE_LISTEN=127.0.0.1:0",
                       "xvfb-run", "-a", "-s", "-screen 0 1280x800x24", QRGATE_BINARY, "--data", data.string()},
                      "", 120);
}

std::vector<fs::path> backupsIn(const fs::path& folder) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(folder)) files.push_back(e.path());
    return files;
}

// Pixels of the failure panel's amber in the Backups panel's part of the screen.
int amberPixels(const Screenshot& shot) {
    int n = 0;
    for (int y = 500; y < 800; ++y)
        for (int x = 250; x < 1050; ++x) n += shot.at(x, y).near({70, 52, 18}, 6);
    return n;
}

}  // namespace

TEST(GuiBackups, AutomaticBackupsKeepTheNewestAndAStickPulledOutIsAWarning) {
    if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0) GTEST_SKIP() << "xvfb-run is not installed";
    TempDir dir;
    const fs::path data = dir / "data";
    const fs::path stick = dir / "usb";
    fs::create_directories(stick);
    ASSERT_EQ(runQrgate({"--data", data.string(), "event", "create", "--name", "Harbour Nights"}).exitCode, 0);
    ASSERT_EQ(runQrgate({"--data", data.string(), "tickets", "issue", "--count", "20"}).exitCode, 0);

    // Three runs (starting automatic backups takes one at once), a second apart so each has its
    // own name; two are kept.
    std::string script = "wait-idle 10000\nview settings\n";
    for (int i = 0; i < 3; ++i)
        script += "backup-auto " + stick.string() + " 15 2 harbour-nights-2026\nframes 3\nwait-idle 20000\nwait-ms 1100\n";
    script += "mouse 5 5\nframes 3\nshot " + (kShots / "backups-ok.png").string() + "\n";
    script += "backup-auto " + (stick / "gone").string() + " 15 2 harbour-nights-2026\nframes 3\nwait-idle 20000\n";
    script += "frames 3\nshot " + (kShots / "backups-failed.png").string() + "\nquit\n";
    auto run = runConsole("backups", data, script);
    ASSERT_EQ(run.exitCode, 0) << run.err;

    const auto kept = backupsIn(stick);
    ASSERT_EQ(kept.size(), 2u);
    EXPECT_FALSE(fs::exists(stick / "gone")) << "a missing folder is reported, never created";
    // What the console wrote restores with the passphrase typed in the panel.
    auto restored = runQrgate({"--data", (dir / "restored").string(), "restore", kept[0].string()},
                              std::vector<std::string>{"QRGATE_BACKUP_PASSPHRASE=harbour-nights-2026"});
    EXPECT_EQ(restored.exitCode, 0) << restored.err;
    EXPECT_NE(restored.out.find("1 event, 20 tickets"), std::string::npos) << restored.out;

    Screenshot ok(kShots / "backups-ok.png"), failed(kShots / "backups-failed.png");
    ASSERT_TRUE(ok.ok() && failed.ok());
    EXPECT_LT(amberPixels(ok), 100);
    EXPECT_GT(amberPixels(failed), 5000) << "the warning that the backup failed";
}

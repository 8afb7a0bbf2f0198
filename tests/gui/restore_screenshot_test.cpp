// Restoring a backup from the console, without a terminal, for real: the program under Xvfb on a
// spare laptop's empty data folder (the guide opens), "Restore from a backup...", the file and
// passphrase typed into the Restore form, Check backup, "Restore and restart" and its
// confirmation; the console lets go of the folder, restores, and opens it again in the same
// window on the restored event. Restoring over a folder with another event moves that event
// aside, where it is found afterwards. The PNGs stay in build/tests/gui/shots.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "gui/screenshot_image.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {
namespace {

namespace fs = std::filesystem;
const fs::path kShots = QRGATE_GUI_SHOTS_DIR;
const std::string kPassphrase = "harbour-nights-2026";

std::string shot(const std::string& name) { return (kShots / (name + ".png")).string(); }

ProcessResult runConsole(const std::string& name, const fs::path& data, const std::string& script) {
    fs::create_directories(kShots);
    const fs::path scriptFile = kShots / (name + ".script");
    std::ofstream(scriptFile) << "timeout 150\nmouse 5 795\n" << script << "quit\n";
    return runProcess({"/usr/bin/env", "QRGATE_GUI_SCRIPT=" + scriptFile.string(), "QRGATE_LISTEN=127.0.0.1:0",
                       "xvfb-run", "-a", "-s", "-screen 0 1280x800x24", qrgateBinary(), "--data", data.string()},
                      "", 200);
}

nlohmann::json readJson(const fs::path& file) {
    std::ifstream in(file);
    if (!in) return nlohmann::json::object();
    return nlohmann::json::parse(in, nullptr, false);
}

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// "Harbour Nights": 12 tickets, 5 of them admitted at gate A, backed up to `file` with the CLI.
void makeBackup(const fs::path& source, const fs::path& file) {
    const std::string d = source.string();
    const std::string id = firstLine(runQrgate({"--data", d, "event", "create", "--name", "Harbour Nights"}).out);
    auto issued = runQrgate({"--data", d, "tickets", "issue", "--event", id, "--count", "12", "--json"});
    ASSERT_EQ(issued.exitCode, 0) << issued.err;
    int admitted = 0;
    for (const auto& t : nlohmann::json::parse(issued.out)) {
        if (admitted == 5) break;
        auto scan = runQrgate({"--data", d, "checkin", "--event", id, "--gate", "A", t["qrData"].get<std::string>()});
        ASSERT_EQ(scan.exitCode, 0) << scan.err;
        ++admitted;
    }
    auto backup = runQrgate({"--data", d, "backup", "--out", file.string()},
                            std::vector<std::string>{"QRGATE_BACKUP_PASSPHRASE=" + kPassphrase});
    ASSERT_EQ(backup.exitCode, 0) << backup.err;
}

// The Restore form filled and checked, its confirmation shown (screenshots NAME-checked and
// NAME-confirm), confirmed; then what the reopened console shows (NAME-state.json, NAME-after).
std::string restoreScript(const std::string& name, const fs::path& backup) {
    return "restore-file " + backup.string() + "\nrestore-passphrase " + kPassphrase +
           "\nframes 2\nrestore-press check\nframes 3\nwait-idle 30000\nframes 5\nshot " + shot(name + "-checked") +
           "\nrestore-press restart\nframes 5\nshot " + shot(name + "-confirm") +
           "\nrestore-press confirm\nframes 2\nwait-idle 30000\nframes 10\nbackup-state " +
           (kShots / (name + "-state.json")).string() + "\nshot " + shot(name + "-after") + "\n";
}

bool databasePassesDoctor(const fs::path& data) {
    auto doctor = runQrgate({"--data", data.string(), "doctor", "--json"});
    auto report = nlohmann::json::parse(doctor.out, nullptr, false);
    if (!report.contains("checks")) return false;
    for (const auto& check : report["checks"])
        if (check["id"] == "database") return check["status"] == "ok";
    return false;
}

std::string eventList(const fs::path& data) { return runQrgate({"--data", data.string(), "event", "list"}).out; }

// Share of the rectangle that is clearly green (the notice saying what came back).
double greenShare(const Screenshot& png, int x0, int y0, int x1, int y1) {
    long n = 0, all = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x, ++all) {
            const Pixel p = png.at(x, y);
            n += p.g > p.r + 40 && p.g > p.b + 20;
        }
    return all ? static_cast<double>(n) / all : 0;
}

// Pixels of a warning panel's amber (theme): the confirmation that data will be moved aside.
int amberPixels(const Screenshot& png) {
    int n = 0;
    for (int y = 0; y < png.height(); ++y)
        for (int x = 0; x < png.width(); ++x) n += png.at(x, y).near({70, 52, 18}, 6);
    return n;
}

bool haveXvfb() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }

TEST(GuiRestore, ASpareLaptopRestoresTheLatestBackupFromTheGuideAndShowsTheEvent) {
    if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
    TempDir dir;
    const fs::path backup = dir / "usb" / "harbour-nights.qrgb";
    fs::create_directories(backup.parent_path());
    makeBackup(dir / "leader", backup);
    const fs::path spare = dir / "spare";  // a fresh console: the guide opens

    const std::string script = "wait-idle 20000\nframes 3\nguide-state " + (kShots / "restore-guide.json").string() +
                               "\nguide-restore\nframes 5\n" + restoreScript("restore-guide", backup);
    auto run = runConsole("restore-guide", spare, script);
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_TRUE(readJson(kShots / "restore-guide.json").value("open", false)) << "the guide was open on the empty folder";

    const auto after = readJson(kShots / "restore-guide-state.json");
    EXPECT_EQ(after.value("eventName", ""), "Harbour Nights") << after.dump();
    EXPECT_EQ(after.value("tickets", -1), 12);
    EXPECT_EQ(after.value("admitted", -1), 5);
    EXPECT_FALSE(after.value("guideOpen", true)) << "the folder has an event now";
    EXPECT_EQ(after.value("restoreError", "?"), "");
    EXPECT_EQ(after.value("restoredLine", "").rfind("Restored 1 event, 12 tickets, 5 admissions from harbour-nights.qrgb", 0),
              0u)
        << after.dump();
    ASSERT_TRUE(after["notices"].is_array() && !after["notices"].empty());
    EXPECT_EQ(after["notices"][0].value("text", ""), after.value("restoredLine", "?"));

    EXPECT_TRUE(databasePassesDoctor(spare));
    EXPECT_NE(eventList(spare).find("Harbour Nights"), std::string::npos);
    // Drawn: the confirmation without a warning (nothing is moved aside), and after the restart
    // the green notice over the dashboard.
    Screenshot confirm(shot("restore-guide-confirm")), afterShot(shot("restore-guide-after"));
    ASSERT_TRUE(confirm.ok() && afterShot.ok());
    EXPECT_LT(amberPixels(confirm), 100);
    EXPECT_GT(greenShare(afterShot, 820, 25, 1240, 90), 0.5) << "the notice saying what came back";
}

TEST(GuiRestore, RestoringOverAnotherEventMovesItAsideWhereItIsFound) {
    if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
    TempDir dir;
    const fs::path backup = dir / "harbour-nights.qrgb";
    makeBackup(dir / "leader", backup);
    const fs::path data = dir / "data";
    ASSERT_EQ(runQrgate({"--data", data.string(), "event", "create", "--name", "Small Gig"}).exitCode, 0);
    ASSERT_EQ(runQrgate({"--data", data.string(), "tickets", "issue", "--count", "3"}).exitCode, 0);

    const std::string script =
        "wait-idle 20000\nview settings\nbackup-form restore\nframes 5\n" + restoreScript("restore-over", backup);
    auto run = runConsole("restore-over", data, script);
    ASSERT_EQ(run.exitCode, 0) << run.err;

    Screenshot confirm(shot("restore-over-confirm"));
    ASSERT_TRUE(confirm.ok());
    EXPECT_GT(amberPixels(confirm), 3000) << "the warning that this folder's data is moved aside";

    const auto after = readJson(kShots / "restore-over-state.json");
    EXPECT_EQ(after.value("eventName", ""), "Harbour Nights") << after.dump();
    EXPECT_EQ(after.value("admitted", -1), 5);
    const fs::path aside = after.value("movedAside", "");
    ASSERT_FALSE(aside.empty()) << after.dump();
    EXPECT_EQ(aside.parent_path(), dir.path());
    EXPECT_EQ(aside.filename().string().rfind("data.before-restore-", 0), 0u) << aside;
    const std::string line = after.value("restoredLine", "");
    EXPECT_NE(line.find("the old data (1 event"), std::string::npos) << line;
    EXPECT_NE(line.find(") is in " + aside.string() + "."), std::string::npos) << line;

    // The other event is in the folder moved aside, whole; the data folder holds the backup's.
    EXPECT_NE(eventList(aside).find("Small Gig"), std::string::npos);
    EXPECT_TRUE(databasePassesDoctor(aside));
    const std::string now = eventList(data);
    EXPECT_NE(now.find("Harbour Nights"), std::string::npos) << now;
    EXPECT_EQ(now.find("Small Gig"), std::string::npos) << now;
    EXPECT_TRUE(databasePassesDoctor(data));
}

// A restore that fails after the check (here the backup file is gone from the stick by then; as
// for a full disk or a folder that cannot be written) changes nothing: the console opens the
// folder again as it was and says why.
TEST(GuiRestore, ARestoreThatFailsReopensTheFolderAsItWasAndSaysWhy) {
    if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
    TempDir dir;
    const fs::path backup = dir / "harbour-nights.qrgb";
    makeBackup(dir / "leader", backup);
    const fs::path data = dir / "data";
    ASSERT_EQ(runQrgate({"--data", data.string(), "event", "create", "--name", "Small Gig"}).exitCode, 0);

    const fs::path checked = kShots / "restore-fails-checked.json";
    fs::remove(checked);
    const std::string script = "wait-idle 20000\nview settings\nbackup-form restore\nframes 5\nrestore-file " +
                               backup.string() + "\nrestore-passphrase " + kPassphrase +
                               "\nframes 2\nrestore-press check\nframes 3\nwait-idle 30000\nbackup-state " +
                               checked.string() + "\nwait-gone " + backup.string() +
                               " 100000\nrestore-press restart\nframes 3\nrestore-press confirm\nframes 2\n"
                               "wait-idle 30000\nframes 5\nbackup-state " +
                               (kShots / "restore-fails-state.json").string() + "\nview settings\nframes 5\nshot " +
                               shot("restore-fails-settings") + "\n";
    // The stick pulled out once the check succeeded (the script waits for it).
    std::thread pullOut([&] {
        for (int i = 0; i < 1200 && !fs::exists(checked); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        fs::remove(backup);
    });
    auto run = runConsole("restore-fails", data, script);
    pullOut.join();
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_EQ(readJson(checked).value("checkError", "?"), "") << "the check succeeded";

    const auto after = readJson(kShots / "restore-fails-state.json");
    EXPECT_EQ(after.value("eventName", ""), "Small Gig") << after.dump();
    EXPECT_NE(after.value("restoreError", "").find("no backup file"), std::string::npos) << after.dump();
    ASSERT_TRUE(after["notices"].is_array() && !after["notices"].empty());
    EXPECT_TRUE(after["notices"][0].value("error", false));
    for (const auto& e : fs::directory_iterator(dir.path()))
        EXPECT_EQ(e.path().filename().string().find("before-restore"), std::string::npos) << "nothing moved: " << e.path();
    EXPECT_NE(eventList(data).find("Small Gig"), std::string::npos);
    EXPECT_TRUE(databasePassesDoctor(data));
}

}  // namespace
}  // namespace qrgate::testing

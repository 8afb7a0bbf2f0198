// Layouts that hold (issue 13): every console screen of the real binary under Xvfb at 1280x800
// at 100% and 150% UI scale and on a 1920x1080 screen at 200%, with a few hundred attendees
// whose names carry French, Polish, German and Spanish accents and an event with a long name;
// and the tickets table and the check-in log with no line drawn through a row's text. One
// process per configuration visits every screen. The PNGs stay in build/tests/gui/shots.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gui/screenshot_image.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {
namespace {

namespace fs = std::filesystem;
const fs::path kShots = QRGATE_GUI_SHOTS_DIR;

constexpr Pixel kWindowBg{22, 25, 31};      // the console's background (theme kWindow)
constexpr Pixel kTableBorder{64, 71, 84};   // ImGuiCol_TableBorderLight
const char* kLongEventName = "Festival international des musiques du monde de Saint-\xC3\x89tienne-de-Montluc 2026";

bool haveXvfb() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }

std::string shot(const std::string& name) { return (kShots / (name + ".png")).string(); }

// Runs the console on `data` under an Xvfb screen `screen` ("1280x800") driven by `script`.
ProcessResult runConsole(const std::string& name, const fs::path& data, const std::string& screen,
                         const std::string& script) {
    fs::create_directories(kShots);
    const fs::path scriptFile = kShots / (name + ".script");
    std::ofstream(scriptFile) << "timeout 130\n" << script << "quit\n";
    return runProcess({"/usr/bin/env", "QRGATE_GUI_SCRIPT=" + scriptFile.string(), "QRGATE_LISTEN=127.0.0.1:0",
                       "xvfb-run", "-a", "-s", "-screen 0 " + screen + "x24", qrgateBinary(), "--data", data.string()},
                      "", 150);
}

std::string firstLine(const std::string& s) { return s.substr(0, s.find_first_of("\r\n")); }

// "YYYY-MM-DD HH:MM" `days` from now: the festival is on now, so its scans are admitted (an
// event that ended refuses every scan as expired, and the screens would show only that).
std::string dayFromNow(int days) {
    const std::time_t t = std::time(nullptr) + days * 86400;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

// An event with a long name, two ticket types (one with a long name), `attendees` named
// tickets, `scans` check-ins at two gates (three scanned twice: already used), a paired gate
// device and a second event. Returns the event id.
std::string makeFestival(const fs::path& data, int attendees, int scans) {
    const std::string d = data.string();
    const std::string id = firstLine(runQrgate({"--data", d, "event", "create", "--name", kLongEventName, "--venue",
                                                "Parc des Expositions, Hall B", "--starts", dayFromNow(-1), "--ends",
                                                dayFromNow(1)})
                                         .out);
    runQrgate({"--data", d, "event", "create", "--name", "Small Gig"});
    runQrgate({"--data", d, "event", "use", id});
    runQrgate({"--data", d, "type", "add", "--event", id, "--name", "General admission", "--colour", "#3366cc",
               "--default"});
    runQrgate({"--data", d, "type", "add", "--event", id, "--name", "VIP backstage weekend pass", "--colour", "#cc3366",
               "--entries", "reentry"});
    const char* first[] = {"\xC3\x89mile Zo\xC3\xA9", "\xC5\x81ukasz", "J\xC3\xBCrgen", "Mar\xC3\xAD" "a Jos\xC3\xA9",
                           "Agnieszka", "Fran\xC3\xA7ois-Xavier", "Ma\xC5\x82gorzata", "Bj\xC3\xB6rn", "Ana", "Grzegorz"};
    const char* last[] = {"Dupr\xC3\xA9-Lef\xC3\xA8vre", "Wi\xC5\x9Bniewski", "G\xC3\xB6\xC3\x9F",
                          "N\xC3\xBA\xC3\xB1" "ez de Balboa", "Brz\xC4\x99" "czyszczykiewicz", "de la Fontaine-Aub\xC3\xA9pine",
                          "\xC5\xBB\xC3\xB3\xC5\x82kiewska", "M\xC3\xBCller-L\xC3\xBC" "denscheidt", "Ib\xC3\xA1\xC3\xB1" "ez",
                          "Szczepa\xC5\x84ski"};
    const fs::path csv = data.parent_path() / "attendees.csv";
    {
        std::ofstream out(csv);
        out << "name,email,type\n";
        for (int i = 0; i < attendees; ++i)
            out << first[i % 10] << " " << last[(i / 10 + i) % 10] << ",guest." << i << "@example-university.org,"
                << (i % 7 == 0 ? "VIP backstage weekend pass" : "General admission") << "\n";
    }
    auto issued = runQrgate({"--data", d, "tickets", "issue", "--event", id, "--csv", csv.string(), "--json"});
    EXPECT_EQ(issued.exitCode, 0) << issued.err;
    std::vector<std::string> codes;
    if (issued.exitCode == 0)
        for (const auto& t : nlohmann::json::parse(issued.out)) codes.push_back(t["qrData"].get<std::string>());
    for (int i = 0; i < scans && i < static_cast<int>(codes.size()); ++i)
        runQrgate({"--data", d, "checkin", "--event", id, "--gate", i % 3 ? "North gate" : "A", codes[i]});
    for (int i = 0; i < 3 && i < static_cast<int>(codes.size()); ++i)
        runQrgate({"--data", d, "checkin", "--event", id, "--gate", "B", codes[i]});
    runQrgate({"--data", d, "device", "add", "--name", "gate-north-entrance-laptop"});
    return id;
}

class ConsoleLayout : public ::testing::Test {
protected:
    void SetUp() override {
        if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
    }
};

// The lines drawn across a table's rows must come at one regular pitch: a line through a row's
// text shows up as a gap shorter than a row. `x0..x1` spans the table's text columns.
void expectRowBordersOnlyBetweenRows(const std::string& name, int x0, int x1, int minRows) {
    Screenshot png(shot(name));
    ASSERT_TRUE(png.ok()) << shot(name);
    auto lines = png.horizontalLines(x0, x1, 140, png.height() - 30, kTableBorder);
    // Neighbouring pixel rows of one line count once.
    std::vector<int> borders;
    for (int y : lines)
        if (borders.empty() || y > borders.back() + 1) borders.push_back(y);
    ASSERT_GE(static_cast<int>(borders.size()), minRows + 1) << name << ": the table's row borders";
    // The header's bottom border, then one per row; the pitch is the row height.
    const int pitch = borders[2] - borders[1];
    for (std::size_t i = 2; i < borders.size(); ++i)
        EXPECT_NEAR(borders[i] - borders[i - 1], pitch, 1)
            << name << ": a line at y=" << borders[i] << " runs through a row (the one above is at y="
            << borders[i - 1] << ", rows are " << pitch << " px)";
}

TEST_F(ConsoleLayout, NoLineRunsThroughTheTextOfARowInTheTicketsTableOrTheCheckinLog) {
    TempDir dir;
    const fs::path data = dir / "data";
    makeFestival(data, 40, 12);
    // Four "Jürgen" tickets and fifteen scans: every row on screen, the table's end in sight,
    // where a clipper told a shorter row than drawn puts its last border.
    auto r = runConsole("layout-rows", data, "1280x800",
                        "mouse 1270 790\nwait-idle 8000\nview tickets\nwait-idle 5000\nsearch J\xC3\xBCrgen\n"
                        "wait-idle 5000\nframes 3\nshot " + shot("layout-rows-tickets") +
                            "\nview log\nwait-idle 5000\nwait-ms 1200\nwait-idle 3000\nshot " + shot("layout-rows-log") +
                            "\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectRowBordersOnlyBetweenRows("layout-rows-tickets", 360, 640, 4);
    expectRowBordersOnlyBetweenRows("layout-rows-log", 800, 1000, 15);
}

const char* kScreens[] = {"dashboard", "events", "tickets", "import", "log", "gates", "print", "mail", "settings"};

// Visits every screen, one screenshot each, `prefix`-SCREEN.png.
std::string everyScreen(const std::string& prefix, int width, int height) {
    std::string s = "mouse " + std::to_string(width - 4) + " " + std::to_string(height - 4) + "\n";
    for (const char* screen : kScreens) {
        s += std::string("view ") + screen + "\nwait-idle 8000\n";
        if (std::string(screen) == "tickets") s += "select-first\nwait-idle 5000\n";
        if (std::string(screen) == "log" || std::string(screen) == "gates") s += "wait-ms 1200\nwait-idle 3000\n";
        s += "frames 3\nshot " + shot(prefix + "-" + screen) + "\n";
    }
    return s;
}

// What a user would notice of a layout that does not hold: the screen's title missing, or text
// and buttons running past the main area's right edge (its padding, left of where a vertical
// scroll bar goes, stays the background) or past the bottom.
void expectScreenHolds(const std::string& name, int width, int height, float scale) {
    Screenshot png(shot(name));
    ASSERT_TRUE(png.ok()) << shot(name);
    EXPECT_EQ(png.width(), width);
    EXPECT_EQ(png.height(), height);
    const int padding = static_cast<int>(28 * scale), scrollbar = static_cast<int>(16 * scale);
    // With a vertical scroll bar the content and its clip edge move left by the bar's width.
    const bool scrolls = png.share(width - scrollbar + 2, 0, width - 2, height, kWindowBg, 4) < 0.6;
    const int right = width - (scrolls ? scrollbar : 0);
    const int x0 = right - padding + 1, x1 = right - padding / 2 - 1;
    EXPECT_GT(png.share(x0, 0, x1, height, kWindowBg, 4), 0.995)
        << name << ": something is drawn past the right edge of the main area (x " << x0 << ".." << x1 << ")";
    const int sidebarRight = static_cast<int>(0.22 * width);
    EXPECT_GT(png.brightPixels(sidebarRight + padding, 0, width - padding, static_cast<int>(70 * scale)), 150)
        << name << ": the screen's title";
}

void expectEveryScreenHolds(const std::string& prefix, int width, int height, float scale) {
    for (const char* screen : kScreens) expectScreenHolds(prefix + "-" + screen, width, height, scale);
}

TEST_F(ConsoleLayout, EveryScreenHoldsAt1280x800At100Percent) {
    TempDir dir;
    makeFestival(dir / "data", 300, 30);
    auto r = runConsole("layout-100", dir / "data", "1280x800", "wait-idle 8000\n" + everyScreen("layout-100", 1280, 800));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectEveryScreenHolds("layout-100", 1280, 800, 1.0f);
}

TEST_F(ConsoleLayout, EveryScreenHoldsAt1280x800At150Percent) {
    TempDir dir;
    makeFestival(dir / "data", 300, 30);
    auto r = runConsole("layout-150", dir / "data", "1280x800",
                        "wait-idle 8000\nui-scale 150\nframes 3\n" + everyScreen("layout-150", 1280, 800));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectEveryScreenHolds("layout-150", 1280, 800, 1.5f);
}

TEST_F(ConsoleLayout, EveryScreenHoldsOnA1920x1080ScreenAt200Percent) {
    TempDir dir;
    makeFestival(dir / "data", 300, 30);
    auto r = runConsole("layout-200", dir / "data", "1920x1080",
                        "window-size 1920 1080\nwait-idle 8000\nui-scale 200\nframes 3\n" +
                            everyScreen("layout-200", 1920, 1080));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectEveryScreenHolds("layout-200", 1920, 1080, 2.0f);
}

}  // namespace
}  // namespace qrgate::testing

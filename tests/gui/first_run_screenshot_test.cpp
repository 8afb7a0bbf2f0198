// The getting started guide of the real console under Xvfb, from an empty data folder to a test
// ticket admitted by a real kiosk started as the console's child process: the event made with the
// guide's form, tickets issued, the test ticket's PDF saved (its code read back, its ruler
// measured), the kiosk fed a picture of the test ticket, "Admitted" seen by the guide, and Finish
// voiding the test ticket. Then the guide's layout at 150 % and on a 1920x1080 screen. The PNGs
// stay in build/tests/gui/shots.
#include <gtest/gtest.h>

#include <algorithm>
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

constexpr Pixel kGreen{27, 140, 62};  // theme kAdmitted: the guide's verdict band
constexpr Pixel kPanel{32, 36, 44};   // theme kPanel: the guide's own background

bool haveXvfb() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }
std::string shot(const std::string& name) { return (kShots / (name + ".png")).string(); }

ProcessResult runConsole(const std::string& name, const fs::path& data, const std::string& script,
                         const std::string& screen = "1280x800") {
    fs::create_directories(kShots);
    const fs::path scriptFile = kShots / (name + ".script");
    std::ofstream(scriptFile) << "timeout 200\nmouse 5 795\n" << script << "quit\n";
    return runProcess({"/usr/bin/env", "QRGATE_GUI_SCRIPT=" + scriptFile.string(), "QRGATE_LISTEN=127.0.0.1:0",
                       "xvfb-run", "-a", "-s", "-screen 0 " + screen + "x24", qrgateBinary(), "--data", data.string()},
                      "", 230);
}

nlohmann::json readJson(const fs::path& file) {
    std::ifstream in(file);
    if (!in) return nlohmann::json::object();
    return nlohmann::json::parse(in, nullptr, false);
}

// Share of the rectangle within `tolerance` of `want`.
double share(const Screenshot& png, int x0, int y0, int x1, int y1, Pixel want, int tolerance = 10) {
    int n = 0, all = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x, ++all)
            if (png.at(x, y).near(want, tolerance)) ++n;
    return all ? static_cast<double>(n) / all : 0;
}

constexpr Pixel kSidebar{17, 19, 24};  // the console's navigation, undimmed

// The guide's panel over the console: its background fills most of the window's middle, and the
// console around it is dimmed (the navigation is darker than its own colour).
void expectGuideShown(const std::string& name) {
    Screenshot png(shot(name));
    ASSERT_TRUE(png.ok()) << name;
    const int w = png.width(), h = png.height();
    EXPECT_GT(share(png, w * 3 / 10, h * 3 / 10, w * 7 / 10, h * 7 / 10, kPanel, 10), 0.35) << name << ": the guide's panel";
    EXPECT_LT(share(png, 5, h - 120, 60, h - 60, kSidebar, 2), 0.5) << name << ": the console behind is dimmed";
}

class FirstRunGuide : public ::testing::Test {
protected:
    void SetUp() override {
        if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
    }
};

TEST_F(FirstRunGuide, FromAnEmptyDataFolderToATestTicketAdmittedAtAKioskAndVoided) {
    TempDir dir;
    const fs::path data = dir / "data";
    const fs::path pdf = dir / "test-ticket.pdf";
    const fs::path state = dir / "guide.json";
    const fs::path finished = dir / "guide-finished.json";
    auto r = runConsole("guide", data,
                        "wait-idle 8000\nframes 3\nshot " + shot("guide-1-empty") +
                            "\nguide-event Summer Fest 2026|||Europe/Berlin\nframes 3\nshot " + shot("guide-1-filled") +
                            "\nguide-create\nwait-idle 8000\nframes 3\nshot " + shot("guide-1-created") +
                            "\nguide-next\nframes 2\nguide-issue 12\nwait-idle 15000\nframes 40\nshot " +
                            shot("guide-2-issued") + "\nguide-next\nwait-idle 8000\nframes 3\nguide-pdf " + pdf.string() +
                            "\nwait-idle 8000\nframes 3\nshot " + shot("guide-3-saved") +
                            "\nguide-kiosk picture\nwait-verdict admitted 90000\nframes 3\nshot " + shot("guide-3-admitted") +
                            "\nguide-state " + state.string() + "\nguide-finish\nwait-idle 8000\nframes 2\nshot " +
                            shot("guide-4-dashboard") + "\nguide-state " + finished.string() + "\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;

    // The guide opened by itself over the empty console.
    expectGuideShown("guide-1-empty");

    // What the guide says after the dry run: the test ticket admitted at the test gate.
    const auto guide = readJson(state);
    ASSERT_TRUE(guide.is_object() && !guide.empty()) << "no guide state written";
    EXPECT_TRUE(guide["admitted"].get<bool>()) << guide.dump();
    EXPECT_EQ(guide["scanLine"].get<std::string>().rfind("Admitted at ", 0), 0u) << guide.dump();
    EXPECT_NE(guide["scanLine"].get<std::string>().find("at Test gate"), std::string::npos);
    EXPECT_EQ(guide["marks"][0], "done");
    EXPECT_EQ(guide["marks"][1], "done");
    const std::string testTicketId = guide["testTicketId"].get<std::string>();
    const std::string eventId = guide["currentEventId"].get<std::string>();
    ASSERT_FALSE(testTicketId.empty());
    {
        Screenshot admitted(shot("guide-3-admitted"));
        ASSERT_TRUE(admitted.ok());
        // The verdict band: green, in the gate column of the panel.
        EXPECT_GT(share(admitted, 660, 230, 1040, 680, kGreen, 6), 0.02) << "a green 'Admitted' band";
    }

    // Finish: the guide closed on the dashboard, every step marked.
    const auto after = readJson(finished);
    EXPECT_FALSE(after["open"].get<bool>());
    EXPECT_TRUE(after["finished"].get<bool>());
    EXPECT_EQ(after["marks"][2], "done");
    EXPECT_EQ(after["finishLine"], "The test ticket can no longer get anyone in.");

    // The data folder agrees: the event, 12 tickets plus the test ticket, which is void now and
    // was admitted once at the test gate.
    auto listed = runQrgate({"--data", data.string(), "tickets", "list", "--event", eventId, "--json"});
    ASSERT_EQ(listed.exitCode, 0) << listed.err;
    const auto tickets = nlohmann::json::parse(listed.out);
    EXPECT_EQ(tickets.size(), 13u);
    std::string testQr;
    for (const auto& t : tickets)
        if (t["id"] == testTicketId) {
            EXPECT_EQ(t["name"], "Test ticket");
            EXPECT_EQ(t["state"], "void") << "a printed test ticket must admit nobody";
            testQr = t.value("qrData", "");
        }
    const fs::path csv = dir / "checkins.csv";
    ASSERT_EQ(runQrgate({"--data", data.string(), "export", "checkins", "--event", eventId, "--out", csv.string()}).exitCode, 0);
    std::ifstream log(csv);
    const std::string logText((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    EXPECT_NE(log.tellg(), 0);
    EXPECT_NE(logText.find("Test gate"), std::string::npos) << logText;
    EXPECT_NE(logText.find("admitted"), std::string::npos) << logText;
    // And a second scan of it now is refused as void.
    if (!testQr.empty()) {
        auto again = runQrgate({"--data", data.string(), "checkin", "--event", eventId, "--gate", "Test gate", testQr});
        EXPECT_EQ(again.exitCode, 1);
        EXPECT_NE(again.out.find("\"void\""), std::string::npos) << again.out;
    }

    // The PDF saved in step 3: one page whose code is the test ticket's, TEST on it, the ruler
    // 100 mm long at 300 dpi.
    ASSERT_TRUE(fs::exists(pdf));
    ASSERT_EQ(std::system(("pdftoppm -r 300 -png -singlefile '" + pdf.string() + "' '" + (dir / "page").string() + "'").c_str()), 0);
    const fs::path page = dir / "page.png";
    auto decoded = runQrgate({"decode", "--json", page.string()});
    ASSERT_EQ(decoded.exitCode, 0) << decoded.err;
    const auto codes = nlohmann::json::parse(decoded.out.substr(0, decoded.out.find('\n')))["codes"];
    ASSERT_EQ(codes.size(), 1u) << decoded.out;
    if (!testQr.empty()) {
        EXPECT_EQ(codes[0], testQr);
    }
    Screenshot raster(page);
    ASSERT_TRUE(raster.ok());
    // A4 at 300 dpi: the ruler stands 34 mm above the bottom edge (core/paper/test_ticket_page).
    const int rulerRow = static_cast<int>((297.0 - 34) / 25.4 * 300);
    const double rulerMm = longestDarkRun(raster, rulerRow - 6, rulerRow + 7) * 25.4 / 300;
    EXPECT_NEAR(rulerMm, 100.15, 0.3) << "the ruler's line";
    auto text = runProcess({"/usr/bin/pdftotext", pdf.string(), "-"}, "", 30);
    EXPECT_NE(text.out.find("TEST"), std::string::npos);
    EXPECT_NE(text.out.find("should measure 100 mm"), std::string::npos) << text.out;
}

// The guide's panel at 150 % on 1280x800 and on a 1920x1080 screen (100 % and 150 %): its steps
// drawn, for the eye (the PNGs), and the dry run's parts in sight with the demo event.
TEST_F(FirstRunGuide, TheGuideHoldsAt150PercentAndOnALargeScreen) {
    for (const auto& [name, screen, scale] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"guide-150", "1280x800", "150"}, {"guide-1080", "1920x1080", "100"}, {"guide-1080-150", "1920x1080", "150"}}) {
        TempDir dir;
        auto r = runConsole(name, dir / "data",
                            std::string(screen == "1920x1080" ? "window-size 1920 1080\n" : "") + "wait-idle 8000\nui-scale " + scale + "\nwait-idle 8000\nframes 5\nshot " + shot(name + "-1") +
                                "\nguide-demo\nwait-idle 8000\nframes 3\nguide-next\nframes 3\nshot " + shot(name + "-2") +
                                "\nguide-next\nwait-idle 8000\nframes 5\nshot " + shot(name + "-3") + "\n",
                            screen);
        ASSERT_EQ(r.exitCode, 0) << name << ": " << r.err;
        for (const char* step : {"-1", "-2", "-3"}) expectGuideShown(name + step);
    }
}

}  // namespace
}  // namespace qrgate::testing

// The Settings screen's Health panel in the real console under Xvfb: the checks run by themselves
// when Settings is first shown, and a key file others may read shows as a red Problem beside
// green OKs. The PNG stays in build/tests/gui/shots/health-panel.png.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "gui/screenshot_image.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {
namespace {

namespace fs = std::filesystem;

constexpr Pixel kProblemRed{200, 36, 36};  // theme kRefused
constexpr Pixel kOkGreen{27, 140, 62};     // theme kAdmitted

TEST(HealthPanelScreenshot, SettingsRunsTheChecksAndColoursAProblemRed) {
    if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0) GTEST_SKIP() << "xvfb-run is not installed";
    TempDir dir;
    const fs::path data = dir / "data";
    auto demo = runQrgate({"--data", data.string(), "demo"});
    ASSERT_EQ(demo.exitCode, 0) << demo.err;
    for (const auto& e : fs::directory_iterator(data / "keys")) ::chmod(e.path().c_str(), 0644);

    const fs::path shots = QRGATE_GUI_SHOTS_DIR;
    fs::create_directories(shots);
    const std::string png = (shots / "health-panel.png").string();
    const fs::path script = shots / "health-panel.script";
    std::ofstream(script) << "timeout 100\nmouse 1270 1490\nwindow-size 1280 1500\nwait-idle 8000\nview settings\n"
                             "wait-idle 20000\nframes 3\nshot " << png << "\nquit\n";
    auto r = runProcess({"/usr/bin/env", "QRGATE_GUI_SCRIPT=" + script.string(), "QRGATE_LISTEN=127.0.0.1:0",
                         "xvfb-run", "-a", "-s", "-screen 0 1280x1500x24", qrgateBinary(), "--data", data.string()},
                        "", 120);
    ASSERT_EQ(r.exitCode, 0) << r.err;

    Screenshot shot(png);
    ASSERT_TRUE(shot.ok()) << png;
    // Below the Display, About and shortcut panels: the Health panel's status chips.
    const int top = shot.height() / 3, area = (shot.width() - 200) * (shot.height() - top);
    const double red = shot.share(200, top, shot.width(), shot.height(), kProblemRed, 12) * area;
    const double green = shot.share(200, top, shot.width(), shot.height(), kOkGreen, 12) * area;
    EXPECT_GT(red, 300) << "the key file's Problem chip (and the red summary): " << png;
    EXPECT_GT(green, 1000) << "the OK chips of the checks that pass: " << png;
}

}  // namespace
}  // namespace qrgate::testing

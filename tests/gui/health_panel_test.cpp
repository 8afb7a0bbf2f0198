// The Settings screen's Health panel drawn without a window: it asks for a run once when first
// shown and again on "Run checks", and shows every check with its status and fix.
#include <gtest/gtest.h>
#include <imgui_internal.h>

#include <algorithm>

#include "imgui_headless.hpp"
#include "recording_commands.hpp"
#include "views/console_shell.hpp"

namespace qrgate::views {
namespace {

long runs(const RecordingCommands& c) { return std::count(c.calls.begin(), c.calls.end(), "runHealthChecks"); }

// The text a frame drew, on a screen tall enough for the whole of Settings (ImGui does not draw
// the items it clips). ImGui's log captures every text item; it ends with the first top-level
// window and then hands what it captured to the clipboard, which is caught here.
std::string g_logged;
template <class F>
std::string drawnText(testing::HeadlessImGui& ui, F&& draw) {
    ImGui::GetIO().DisplaySize = {1280, 4000};
    ui.frame(draw);  // the shell takes the new size
    g_logged.clear();
    ImGui::GetIO().SetClipboardTextFn = [](void*, const char* text) { g_logged += text; };
    ui.frame([&] {
        ImGui::LogToClipboard();
        draw();
    });
    ImGui::GetIO().SetClipboardTextFn = nullptr;
    return g_logged;
}

HealthReport sampleReport() {
    HealthReport r;
    r.checks.push_back(HealthCheck::ok("database", "Database", "qrgate.db passed SQLite's integrity check."));
    r.checks.push_back(HealthCheck::warning("cameras", "Cameras", "No camera was found.", "Plug in a webcam."));
    r.checks.push_back(HealthCheck::problem("private_files", "Key files",
                                            "/data/keys/EV1.key may be read by other users of this computer.",
                                            "Run 'chmod 600 /data/keys/EV1.key'."));
    return r;
}

TEST(HealthPanel, SettingsAsksForOneRunWhenFirstShownAndAnotherOnRunChecks) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = stateWithAnEvent();
    RecordingCommands commands;
    ASSERT_TRUE(shell.select("settings"));
    auto draw = [&] { shell.draw(state, commands); };
    for (int i = 0; i < 3; ++i) ui.frame(draw);
    EXPECT_EQ(runs(commands), 1) << "once, not every frame";

    // The app answered; the button asks again.
    state.health.report = sampleReport();
    ASSERT_TRUE(ui.clickItem("##main", "Run checks", draw));
    EXPECT_EQ(runs(commands), 2);

    // While a run is under way the button cannot be pressed.
    state.health.running = true;
    EXPECT_FALSE(ui.clickItem("##main", "Checking\xE2\x80\xA6", draw));
    EXPECT_EQ(runs(commands), 2);
}

// (The status chips are drawn shapes, not text: the screenshot test sees their colours.)
TEST(HealthPanel, ShowsEveryCheckWithItsFindingAndFixAndTheSummary) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = stateWithAnEvent();
    state.health.requested = true;
    state.health.report = sampleReport();
    state.health.checkedAt = "19:02:11";
    RecordingCommands commands;
    ASSERT_TRUE(shell.select("settings"));
    ui.frame([&] { shell.draw(state, commands); });
    const std::string text = drawnText(ui, [&] { shell.draw(state, commands); });
    for (const char* expected :
         {"Health", "1 problem, 1 warning", "checked at 19:02:11", "Database", "Cameras", "Key files",
          "/data/keys/EV1.key may be read by other users", "Fix: Run 'chmod 600 /data/keys/EV1.key'.",
          "Fix: Plug in a webcam."})
        EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
    EXPECT_EQ(text.find("Fix: qrgate.db"), std::string::npos) << "no fix line under a check that is fine";
    EXPECT_EQ(runs(commands), 0) << "a report is there: no automatic run";
}

TEST(HealthPanel, SaysWhenTheChecksCouldNotRun) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = stateWithAnEvent();
    state.health.requested = true;
    state.health.error = "The checks could not run: out of memory";
    RecordingCommands commands;
    ASSERT_TRUE(shell.select("settings"));
    ui.frame([&] { shell.draw(state, commands); });
    const std::string text = drawnText(ui, [&] { shell.draw(state, commands); });
    EXPECT_NE(text.find("The checks could not run: out of memory"), std::string::npos) << text;
}

}  // namespace
}  // namespace qrgate::views

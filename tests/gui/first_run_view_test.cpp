// The getting started guide's view, drawn without a window: which step's buttons can be pressed
// when, and what it asks the app for (ConsoleCommands and FirstRunCommands, recorded).
#include <gtest/gtest.h>

#include <algorithm>

#include "imgui_headless.hpp"
#include "recording_commands.hpp"
#include "views/console_shell.hpp"
#include "views/first_run_view.hpp"

namespace qrgate::views {
namespace {

using testing::HeadlessImGui;

// The guide's own commands, as lines; like the app, a test ticket asked for is "being made"
// until an answer comes (so the view asks once, not every frame).
struct RecordingGuide : FirstRunCommands {
    RecordingGuide(std::vector<std::string>& calls, ConsoleState& state) : calls(calls), state(state) {}
    std::vector<std::string>& calls;
    ConsoleState& state;
    void createDemoEvent() override { calls.push_back("createDemoEvent"); }
    void makeTestTicket() override {
        calls.push_back("makeTestTicket");
        state.firstRun.makingTestTicket = true;
    }
    void saveTestTicket(const std::string& path) override { calls.push_back("saveTestTicket " + path); }
    void printTestTicket(const std::string& printer) override { calls.push_back("printTestTicket " + printer); }
    void emailTestTicket(const std::string& to) override { calls.push_back("emailTestTicket " + to); }
    void startTestKiosk(bool picture) override { calls.push_back(picture ? "startTestKiosk picture" : "startTestKiosk camera"); }
    void stopTestKiosk() override { calls.push_back("stopTestKiosk"); }
    void finishGuide() override { calls.push_back("finishGuide"); }
};

struct GuideCommands : RecordingCommands {
    explicit GuideCommands(ConsoleState& state) : guide(calls, state) {}
    RecordingGuide guide;
    FirstRunCommands* firstRun() override { return &guide; }
};

constexpr const char* kPanel = "Getting started###guide";

// Clicks through the top of the sidebar (the brand, where Help is) until the Help menu opens (a
// popup: its window is "##Popup_...").
template <class Draw>
bool openHelpMenu(HeadlessImGui& ui, Draw&& draw) {
    ImGuiWindow* sidebar = HeadlessImGui::findWindow("##sidebar");
    if (!sidebar) return false;
    const ImVec2 min = sidebar->Pos, max{sidebar->Pos.x + sidebar->Size.x, sidebar->Pos.y + 120};
    return ui.clickThrough(min, max, 8, draw, [] { return HeadlessImGui::findWindow("##Popup_") != nullptr; });
}

struct Guide {
    HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state;
    GuideCommands commands{state};

    explicit Guide(ConsoleState s = {}) : state(std::move(s)) {
        state.firstRun.open = true;
        frames(2);
    }
    void frames(int n = 2) {
        for (int i = 0; i < n; ++i) ui.frame([&] { shell.draw(state, commands); });
    }
    auto drawer() {
        return [this] { shell.draw(state, commands); };
    }
    bool click(const char* window, const char* label) { return ui.clickItem(window, label, drawer()); }
    int count(const std::string& call) const {
        return static_cast<int>(std::count(commands.calls.begin(), commands.calls.end(), call));
    }
    bool called(const std::string& call) const { return count(call) > 0; }
    FirstRunView& view() { return shell.guide(); }
    void press(FirstRunView::Press p) {
        view().press(p);
        frames(1);
    }
};

ConsoleState emptyFolder() {
    ConsoleState s;
    s.dataDir = "/tmp/qrgate";
    return s;
}

TEST(FirstRunView, OnAnEmptyFolderOnlyTheEventStepCanBeDoneAndNextWaitsForAnEvent) {
    Guide g(emptyFolder());
    ASSERT_NE(HeadlessImGui::findWindow(kPanel), nullptr) << "the guide is drawn over the console";
    EXPECT_FALSE(FirstRunView::canGoOn(g.state));
    EXPECT_FALSE(g.click(kPanel, "Next")) << "Next is grey without an event";
    EXPECT_FALSE(g.view().canCreateEvent()) << "an empty name cannot be created";
    g.press(FirstRunView::Press::CreateEvent);
    EXPECT_FALSE(g.called("createEvent ")) << "Create does nothing while the form is not valid";

    // The form filled as typed: Create asks for the event with the form's draft.
    ASSERT_TRUE(g.view().scriptCommand("guide-event Summer Fest|2026-07-01 18:00|2026-07-02 02:00|Europe/Berlin", g.state));
    g.frames();
    EXPECT_TRUE(g.view().canCreateEvent());
    g.press(FirstRunView::Press::CreateEvent);
    EXPECT_TRUE(g.called("createEvent Summer Fest"));

    // Ends before it starts: refused inline, nothing asked.
    g.commands.calls.clear();
    ASSERT_TRUE(g.view().scriptCommand("guide-event Later|2026-07-02 18:00|2026-07-01 18:00|Europe/Berlin", g.state));
    g.frames();
    EXPECT_FALSE(g.view().canCreateEvent());
    g.press(FirstRunView::Press::CreateEvent);
    EXPECT_TRUE(g.commands.calls.empty());
}

TEST(FirstRunView, RestoreFromABackupOpensTheBackupsPanelsRestoreForm) {
    Guide g(emptyFolder());
    const int serial = g.state.backup.openFormSerial;
    g.press(FirstRunView::Press::Restore);
    EXPECT_FALSE(g.state.firstRun.open) << "the guide steps aside";
    EXPECT_EQ(g.state.backup.openForm, "restore");
    EXPECT_EQ(g.state.backup.openFormSerial, serial + 1);
    g.frames();
    EXPECT_EQ(g.shell.currentId(), "settings");
}

TEST(FirstRunView, TheDemoIsOneClickAndTheEventArrivingEnablesNext) {
    Guide g(emptyFolder());
    g.press(FirstRunView::Press::Demo);
    EXPECT_EQ(g.count("createDemoEvent"), 1);
    g.state.firstRun.makingDemo = true;  // as the app says while it works
    g.press(FirstRunView::Press::Demo);
    EXPECT_EQ(g.count("createDemoEvent"), 1) << "a second press while the demo is made asks nothing";

    // The demo event arrives: Next goes on to attendees, step 1 marked done.
    g.state.firstRun.makingDemo = false;
    auto withEvent = stateWithAnEvent();
    g.state.events = withEvent.events;
    g.state.currentEventId = withEvent.currentEventId;
    g.frames();
    EXPECT_TRUE(FirstRunView::canGoOn(g.state));
    EXPECT_TRUE(g.click(kPanel, "Next"));
    EXPECT_EQ(g.state.firstRun.step, GuideStep::Attendees);
    EXPECT_EQ(g.state.firstRun.mark(GuideStep::Event), StepMark::Done);
}

TEST(FirstRunView, AttendeesIssueNTicketsOrOpenTheImportScreen) {
    ConsoleState s = stateWithAnEvent();
    s.stats.tickets = 0;
    s.firstRun.step = GuideStep::Attendees;
    Guide g(std::move(s));
    EXPECT_FALSE(g.click(kPanel, "Next")) << "no tickets yet";
    g.view().setIssueCount(25);
    g.frames();
    EXPECT_TRUE(g.click("guideBody", "Issue"));
    EXPECT_TRUE(g.called("issue 25"));

    // A running task (the issuing): Issue waits for it.
    g.commands.calls.clear();
    g.state.tasks.push_back(TaskHandle(1, "Issuing 25 tickets", nullptr));
    g.frames();
    EXPECT_FALSE(g.click("guideBody", "Issue"));
    g.state.tasks.clear();

    // Skip this step: marked skipped, on to the dry run.
    EXPECT_TRUE(g.click(kPanel, "Skip this step"));
    EXPECT_EQ(g.state.firstRun.mark(GuideStep::Attendees), StepMark::Skipped);
    EXPECT_EQ(g.state.firstRun.step, GuideStep::DryRun);

    // Back, then Import a CSV...: the guide steps aside for the Import screen.
    EXPECT_TRUE(g.click(kPanel, "Back"));
    EXPECT_EQ(g.state.firstRun.step, GuideStep::Attendees);
    EXPECT_TRUE(g.click("guideBody", "Import a CSV..."));
    EXPECT_FALSE(g.state.firstRun.open);
    EXPECT_EQ(g.state.navigateTo.empty() ? g.shell.currentId() : g.state.navigateTo, "import");
}

TEST(FirstRunView, TheDryRunMakesOneTestTicketThenSavesEmailsAndScansIt) {
    ConsoleState s = stateWithAnEvent();
    s.firstRun.step = GuideStep::DryRun;
    Guide g(std::move(s));
    g.frames(5);
    EXPECT_EQ(g.count("makeTestTicket"), 1) << "asked once on entering the step, not every frame";
    EXPECT_TRUE(g.called("refreshPrinters")) << "the printers are looked up for Print test ticket";

    // Without a test ticket nothing else can be asked.
    g.press(FirstRunView::Press::KioskPicture);
    EXPECT_FALSE(g.called("startTestKiosk picture"));

    auto& run = g.state.firstRun;
    run.makingTestTicket = false;
    run.testTicketId = "TESTTICKET01";
    run.testTicketNumber = 7;
    run.testTicketEventId = g.state.currentEventId;
    run.pdfSuggestion = "~/Documents/qrgate-test-ticket.pdf";
    g.frames();
    g.press(FirstRunView::Press::SavePdf);
    EXPECT_TRUE(g.called("saveTestTicket ~/Documents/qrgate-test-ticket.pdf")) << "the suggested path, unless changed";
    ASSERT_TRUE(g.view().scriptCommand("guide-pdf /tmp/t.pdf", g.state));
    g.frames();
    EXPECT_TRUE(g.called("saveTestTicket /tmp/t.pdf"));

    // Email: not set up, so no address field and nothing sent; set up, sent to the address typed.
    g.view().setEmail("ana@example.org");
    g.press(FirstRunView::Press::Email);
    EXPECT_FALSE(g.called("emailTestTicket ana@example.org"));
    run.mailConfigured = true;
    g.frames();
    g.press(FirstRunView::Press::Email);
    EXPECT_TRUE(g.called("emailTestTicket ana@example.org"));
    g.press(FirstRunView::Press::SetUpEmail);  // only shown while email is not set up
    EXPECT_TRUE(g.state.firstRun.open);

    // The kiosk with a picture; no second one while it runs.
    g.press(FirstRunView::Press::KioskPicture);
    EXPECT_EQ(g.count("startTestKiosk picture"), 1);
    run.kioskRunning = true;
    g.frames();
    g.press(FirstRunView::Press::KioskPicture);
    EXPECT_EQ(g.count("startTestKiosk picture"), 1);
    // No camera on this machine: there is no camera button to press.
    g.press(FirstRunView::Press::KioskCamera);
    EXPECT_FALSE(g.called("startTestKiosk camera"));

    // The verdict arrives; Finish asks the app to void the test ticket and marks the step done.
    run.scanLine = {"Admitted at 18:02 at Test gate", GuideLine::Tone::Good};
    run.admitted = true;
    g.frames();
    EXPECT_TRUE(g.click(kPanel, "Finish"));
    EXPECT_TRUE(g.called("finishGuide"));
    EXPECT_EQ(run.mark(GuideStep::DryRun), StepMark::Done);
}

TEST(FirstRunView, FinishingWithoutAScanMarksTheDryRunSkippedAndSkipTheGuideClosesIt) {
    ConsoleState s = stateWithAnEvent();
    s.firstRun.step = GuideStep::DryRun;
    Guide g(std::move(s));
    EXPECT_TRUE(g.click(kPanel, "Finish"));
    EXPECT_EQ(g.state.firstRun.mark(GuideStep::DryRun), StepMark::Skipped);

    Guide h(stateWithAnEvent());
    EXPECT_TRUE(h.click(kPanel, "Skip the guide"));
    EXPECT_FALSE(h.state.firstRun.open);
    h.frames();
    EXPECT_EQ(HeadlessImGui::findWindow(kPanel), nullptr) << "the panel is gone";

    // Help > Getting started guide: back at the first step not done.
    h.state.firstRun.setMark(GuideStep::Event, StepMark::Done);
    FirstRunView::open(h.state);
    EXPECT_TRUE(h.state.firstRun.open);
    EXPECT_EQ(h.state.firstRun.step, GuideStep::Attendees);
}

TEST(FirstRunView, WithoutTheGuidesCommandsItsOwnButtonsAskNothingAndNothingBreaks) {
    HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = emptyFolder();
    state.firstRun.open = true;
    RecordingCommands commands;  // firstRun() is null, as in the other screens' tests
    for (int i = 0; i < 3; ++i) ui.frame([&] { shell.draw(state, commands); });
    shell.guide().press(FirstRunView::Press::Demo);
    ui.frame([&] { shell.draw(state, commands); });
    EXPECT_TRUE(commands.calls.empty());
}

}  // namespace
}  // namespace qrgate::views

namespace qrgate::views {
namespace {

TEST(FirstRunView, HelpInTheSidebarReopensTheGuideAtTheFirstStepNotDone) {
    ConsoleState s = stateWithAnEvent();
    s.firstRun.offered = true;
    s.firstRun.setMark(GuideStep::Event, StepMark::Done);
    Guide g(std::move(s));
    g.state.firstRun.open = false;
    g.frames();
    ASSERT_EQ(HeadlessImGui::findWindow(kPanel), nullptr);
    ASSERT_TRUE(openHelpMenu(g.ui, g.drawer()));
    ASSERT_TRUE(g.click("##Popup_", "Getting started guide"));
    g.frames();
    EXPECT_TRUE(g.state.firstRun.open);
    EXPECT_EQ(g.state.firstRun.step, GuideStep::Attendees) << "at the first step not done";
    EXPECT_NE(HeadlessImGui::findWindow(kPanel), nullptr);

}

}  // namespace
}  // namespace qrgate::views

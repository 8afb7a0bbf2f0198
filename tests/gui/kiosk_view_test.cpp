// The kiosk screen without a window: scans go to the engine through the commands, verdicts are
// shown in the frame that receives them, a scanner's keystrokes reach the keyboard-wedge input.
#include <gtest/gtest.h>

#include <imgui_internal.h>

#include "imgui_headless.hpp"
#include "views/kiosk_view.hpp"

namespace qrgate::views {
namespace {

struct RecordingKiosk : KioskCommands {
    std::vector<std::string> calls;
    std::u32string typed;
    int enters = 0;
    void decide(long long id, const std::string& code, bool validate) override {
        calls.push_back((validate ? "validate " : "admit ") + code + " #" + std::to_string(id));
    }
    void admitTicket(long long, const std::string& t, bool validate) override {
        calls.push_back((validate ? "validateTicket " : "admitTicket ") + t);
    }
    void annul(const std::string& id) override { calls.push_back("annul " + id); }
    void search(const std::string& text) override { calls.push_back("search " + text); }
    void keyboardInput(const std::u32string& chars, bool enter) override {
        typed += chars;
        enters += enter;
    }
    void saveSettings(const KioskSettings& s, const std::string&) override {
        calls.push_back("saveSettings");
        saved = s;
    }
    KioskSettings saved;
    void listCameras() override { calls.push_back("listCameras"); }
    bool checkPin(const std::string& pin) const override { return pin == "1234"; }
    void setFullscreen(bool on) override { calls.push_back(on ? "fullscreen" : "windowed"); }
    void verdictShown(long long id, VerdictKind k) override {
        calls.push_back(std::string("shown ") + headline(k) + " #" + std::to_string(id));
    }
    void quit() override { calls.push_back("quit"); }
    void pairWithLeader(const std::string& invite) override { calls.push_back("pair " + invite); }
};

KioskState kioskState() {
    KioskState s;
    s.eventId = "EV000001";
    s.eventName = "Summer Fest";
    s.settings.gate = "North";
    s.deviceId = "gate-pc-1";
    s.status.camera = "camera 0: running";
    s.status.cameraOk = true;
    return s;
}

IncomingVerdict answer(long long id, bool admitted, Reason reason) {
    IncomingVerdict v;
    v.scanId = id;
    v.verdict.admitted = admitted;
    v.verdict.reason = reason;
    v.verdict.checkinId = admitted ? "NONCE1" : "";
    v.verdict.ticket = TicketSummary{"T1", 42, "Émile Dubois", "", "VIP", "#8E24AA"};
    if (reason == Reason::AlreadyUsed) v.verdict.firstCheckin = FirstCheckin{1'790'000'000'000, "South", "gate-pc-2"};
    return v;
}

TEST(KioskView, AScanIsDecidedAndItsVerdictShownInTheFrameThatReceivesIt) {
    testing::HeadlessImGui ui;
    KioskView view;
    KioskState state = kioskState();
    RecordingKiosk commands;
    ui.frame([&] { view.draw(state, commands); });
    EXPECT_EQ(view.shownKind(), "");

    state.scans.push_back({1, "QG1CODE", "camera 0"});
    ui.frame([&] { view.draw(state, commands); });
    ASSERT_EQ(commands.calls.size(), 1u);
    EXPECT_EQ(commands.calls[0], "admit QG1CODE #1");

    state.verdicts.push_back(answer(1, true, Reason::None));
    ui.frame([&] { view.draw(state, commands); });
    EXPECT_EQ(view.shownKind(), "admitted");
    EXPECT_EQ(commands.calls.back(), "shown ADMITTED #1");

    state.scans.push_back({2, "QG1CODE", "camera 0"});
    ui.frame([&] { view.draw(state, commands); });
    state.verdicts.push_back(answer(2, false, Reason::AlreadyUsed));
    ui.frame([&] { view.draw(state, commands); });
    EXPECT_EQ(view.shownKind(), "already_used");

    state.scans.push_back({3, "HELLO", "keyboard"});
    ui.frame([&] { view.draw(state, commands); });
    state.verdicts.push_back(answer(3, false, Reason::Malformed));
    ui.frame([&] { view.draw(state, commands); });
    EXPECT_EQ(view.shownKind(), "refused");
}

TEST(KioskView, ConfirmModeWaitsForEnter) {
    testing::HeadlessImGui ui;
    KioskView view;
    KioskState state = kioskState();
    state.settings.mode = KioskMode::Confirm;
    RecordingKiosk commands;
    state.scans.push_back({1, "QG1CODE", "camera 0"});
    ui.frame([&] { view.draw(state, commands); });
    EXPECT_EQ(commands.calls.back(), "validate QG1CODE #1");
    IncomingVerdict v = answer(1, true, Reason::None);
    v.validation = true;
    v.code = "QG1CODE";
    state.verdicts.push_back(v);
    ui.frame([&] { view.draw(state, commands); });
    EXPECT_EQ(view.shownKind(), "confirm");
    ui.frame([&] { view.draw(state, commands); });
    ui.press(257);  // Enter
    ui.frame([&] { view.draw(state, commands); });
    EXPECT_EQ(commands.calls.back(), "admit QG1CODE #1");
}

TEST(KioskView, AScannersKeystrokesGoToTheKeyboardWedge) {
    testing::HeadlessImGui ui;
    KioskView view;
    KioskState state = kioskState();
    RecordingKiosk commands;
    ui.frame([&] { view.draw(state, commands); });
    ui.type("QG1ABC");
    ui.press(257);
    ui.frame([&] { view.draw(state, commands); });
    EXPECT_EQ(commands.typed, U"QG1ABC");
    EXPECT_EQ(commands.enters, 1);
}

TEST(KioskView, EveryScreenDraws) {
    testing::HeadlessImGui ui;
    KioskView view;
    KioskState state = kioskState();
    state.debugOverlay = true;
    state.status.lastScan = ScanTiming{12, 40, 3, 60, 4, "camera 0"};
    RecordingKiosk commands;
    view.openSearch();
    state.searchResults.resize(3);
    EXPECT_GT(ui.frame([&] { view.draw(state, commands); }), 0);
    view.openSettings(state);
    EXPECT_GT(ui.frame([&] { view.draw(state, commands); }), 0);
    state.direction = Direction::Exit;
    state.scans.push_back({1, "X", "k"});
    ui.frame([&] { view.draw(state, commands); });
    IncomingVerdict v = answer(1, true, Reason::None);
    v.verdict.direction = Direction::Exit;
    state.verdicts.push_back(v);
    ui.frame([&] { view.draw(state, commands); });
    EXPECT_EQ(view.shownKind(), "exit");
}

TEST(KioskView, TheStatusLineTellsTheLeaderConnection) {
    KioskStatus s;
    EXPECT_EQ(leaderStatusText(s), "Leader: standalone");
    EXPECT_TRUE(leaderStatusOk(s));
    s.leader = "https://10.0.0.5:8443";
    s.leaderState = LinkState::Online;
    EXPECT_EQ(leaderStatusText(s), "Leader: online");
    EXPECT_TRUE(leaderStatusOk(s));
    s.leaderState = LinkState::Offline;
    s.pendingUploads = 3;
    EXPECT_EQ(leaderStatusText(s), "Leader: OFFLINE, 3 pending uploads");
    EXPECT_FALSE(leaderStatusOk(s));
    s.leaderState = LinkState::CertificateMismatch;
    EXPECT_NE(leaderStatusText(s).find("CERTIFICATE MISMATCH"), std::string::npos);
    s.leaderState = LinkState::Online;
    s.pendingUploads = 0;
    s.conflicts = 2;
    EXPECT_EQ(leaderStatusText(s), "Leader: online  \xC2\xB7  2 conflicts");
    EXPECT_FALSE(leaderStatusOk(s)) << "conflicts need someone's attention";
    s.leaderState = LinkState::NotPaired;
    EXPECT_NE(leaderStatusText(s).find("not paired"), std::string::npos);

    EXPECT_TRUE(looksLikePairingInvite("qrgate-pair:v1?url=https://10.0.0.5:8443&code=K3MZ8-Q41TB"));
    EXPECT_FALSE(looksLikePairingInvite("QG1ABCDEF"));
}

TEST(KioskView, SettingsPairWithTheTypedInvitation) {
    testing::HeadlessImGui ui;
    KioskView view;
    KioskState state = kioskState();
    state.fullscreen = false;  // the settings' fullscreen button must not be the one hit
    RecordingKiosk commands;
    auto draw = [&] { view.draw(state, commands); };
    view.openSettings(state);
    ui.frame(draw);
    ui.frame(draw);
    ImGuiWindow* w = testing::HeadlessImGui::findWindow("Gate settings");
    ASSERT_NE(w, nullptr);
    const ImGuiID invite = w->GetID("##invite");
    // Find the field by clicking down the window's input column until it has the focus.
    const float x = w->Pos.x + px(190) + px(60);
    bool focused = false;
    for (float y = w->Pos.y + px(40); y < w->Pos.y + w->Size.y && !focused; y += 6) {
        ui.click(x, y, draw);
        focused = GImGui->ActiveId == invite;
    }
    ASSERT_TRUE(focused);
    const std::string text = "qrgate-pair:v1?url=https://10.0.0.5:8443&code=K3MZ8-Q41TB";
    ui.enter(text.c_str(), draw);
    ASSERT_FALSE(commands.calls.empty());
    EXPECT_EQ(commands.calls.back(), "pair " + text);

    state.pairing = {false, true, "The leader refused the pairing: the code was already used"};
    EXPECT_GT(ui.frame(draw), 0);
}

TEST(KioskView, WithoutAnEventThePairingScreenTakesTheInvitation) {
    testing::HeadlessImGui ui;
    KioskView view;
    KioskState state = kioskState();
    state.eventId.clear();
    state.eventName.clear();
    RecordingKiosk commands;
    auto draw = [&] { view.draw(state, commands); };
    ui.frame(draw);
    state.scans.push_back({1, "QG1CODE", "camera 0"});
    ui.frame(draw);
    EXPECT_TRUE(commands.calls.empty()) << "no ticket is checked without an event";
    ImGuiWindow* w = testing::HeadlessImGui::findWindow("##kiosk");
    ASSERT_NE(w, nullptr);
    const ImGuiID field = w->GetID("##pair-invite");
    bool focused = false;
    for (float y = 400; y < 800 && !focused; y += 6) {
        ui.click(640, y, draw);
        focused = GImGui->ActiveId == field;
    }
    ASSERT_TRUE(focused) << "the invitation field under the camera preview";
    const std::string text = "qrgate-pair:v1?url=https://10.0.0.5:8443&code=K3MZ8-Q41TB";
    ui.enter(text.c_str(), draw);
    ASSERT_FALSE(commands.calls.empty());
    EXPECT_EQ(commands.calls.back(), "pair " + text);

    // Paired (or --leader with a token): waiting for the leader's data, no field any more.
    state.status.leader = "https://10.0.0.5:8443";
    state.status.leaderState = LinkState::Connecting;
    EXPECT_TRUE(kioskHasLeader(state.status));
    EXPECT_GT(ui.frame(draw), 0);
    state.status.leaderState = LinkState::NotPaired;
    EXPECT_FALSE(kioskHasLeader(state.status)) << "a URL without a token still needs pairing";
}

TEST(KioskView, ALockedKioskAsksForThePinBeforeSettings) {
    testing::HeadlessImGui ui;
    KioskView view;
    KioskState state = kioskState();
    state.settings.locked = true;
    state.settings.pinHash = "something";
    RecordingKiosk commands;
    ui.frame([&] { view.draw(state, commands); });
    ui.press(291);  // F2
    ui.frame([&] { view.draw(state, commands); });
    ui.releaseAll();
    // The PIN window has the focus; a wrong PIN keeps the settings closed.
    ui.enter("9999", [&] { view.draw(state, commands); });
    EXPECT_TRUE(std::find(commands.calls.begin(), commands.calls.end(), "saveSettings") == commands.calls.end());
    ui.enter("1234", [&] { view.draw(state, commands); });
    ImGuiWindow* settings = ImGui::FindWindowByName("Gate settings");
    ASSERT_NE(settings, nullptr);
    EXPECT_TRUE(settings->Active || settings->WasActive);
}

// The status line at the bottom right is cut (with an ellipsis and a tooltip) to the room the
// buttons leave: it never runs under them, on a small window, the usual gate screen or a 1080p one.
TEST(KioskView, TheStatusLineNeverOverlapsTheButtons) {
    for (ImVec2 screen : {ImVec2{1024, 600}, ImVec2{1280, 800}, ImVec2{1920, 1080}}) {
        testing::HeadlessImGui ui;
        ImGui::GetIO().DisplaySize = screen;
        KioskView view;
        KioskState state = kioskState();
        state.status.camera = "camera 0: failed (cannot open camera 0 (not plugged in, or in use by another program?))";
        state.status.cameraOk = false;
        state.status.leader = "https://192.168.100.200:8443";
        state.status.leaderState = LinkState::Offline;
        state.status.pendingUploads = 1234;
        state.status.conflicts = 12;
        state.status.database = "error: disk full (SQLITE_FULL) while recording a scan";
        state.status.databaseOk = false;
        RecordingKiosk commands;
        ui.frame([&] { view.draw(state, commands); });
        ui.frame([&] { view.draw(state, commands); });
        const auto& l = view.bottomBarLayout();
        EXPECT_GT(l.buttonsMax.x, l.buttonsMin.x) << screen.x;
        EXPECT_GT(l.statusMax.x, l.statusMin.x) << screen.x << ": the status is drawn";
        EXPECT_GE(l.statusMin.x, l.buttonsMax.x + 8) << screen.x << "x" << screen.y << ": status over the buttons";
        EXPECT_LE(l.statusMax.x, screen.x) << screen.x << ": status off the screen";
        EXPECT_LE(l.buttonsMax.y, screen.y) << screen.x;
    }
}

// The verdict word follows the screen's size, not only the UI scale: larger on a 1080p screen,
// smaller on a 1024x600 one, so the refusal still fits there.
TEST(KioskView, TheVerdictWordGrowsWithTheScreen) {
    std::vector<float> sizes;
    for (ImVec2 screen : {ImVec2{1024, 600}, ImVec2{1280, 800}, ImVec2{1920, 1080}}) {
        testing::HeadlessImGui ui;
        ImGui::GetIO().DisplaySize = screen;
        KioskView view;
        KioskState state = kioskState();
        RecordingKiosk commands;
        state.scans.push_back({1, "QG1CODE", "camera 0"});
        ui.frame([&] { view.draw(state, commands); });
        state.verdicts.push_back(answer(1, false, Reason::WrongEvent));
        ui.frame([&] { view.draw(state, commands); });
        ASSERT_EQ(view.shownKind(), "refused");
        sizes.push_back(view.verdictTextSize());
    }
    EXPECT_LT(sizes[0], sizes[1]);
    EXPECT_GT(sizes[2], sizes[1] * 1.3f) << "1920x1080 is 1.35 times 1280x800 in both directions";
}

TEST(KioskView, GatesAreNamedForPeople) {
    EXPECT_EQ(gateDisplayName("North"), "Gate North");
    EXPECT_EQ(gateDisplayName("North gate"), "North gate");
    EXPECT_EQ(gateDisplayName("Gate 3"), "Gate 3");
}

// The camera is chosen from the cameras found, with their own resolutions; none found says so.
TEST(KioskView, TheCameraIsChosenFromTheCamerasFoundWithTheirResolutions) {
    testing::HeadlessImGui ui;
    KioskView view;
    KioskState state = kioskState();
    RecordingKiosk commands;
    auto draw = [&] { view.draw(state, commands); };
    ui.frame(draw);
    view.openSettings(state);
    ui.frame(draw);
    EXPECT_NE(std::find(commands.calls.begin(), commands.calls.end(), "listCameras"), commands.calls.end())
        << "opening the settings looks for cameras";
    state.cameras = {CameraInfo{"/dev/video0", 0, "HD Pro Webcam C920", {{1920, 1080}, {1280, 720}, {640, 480}}},
                     CameraInfo{"/dev/video2", 2, "Integrated Camera", {{1280, 720}, {640, 480}}}};
    state.camerasListed = true;
    ui.frame(draw);
    ASSERT_TRUE(ui.clickItem("Gate settings", "##camera", draw)) << "the camera list opens";
    ui.frame(draw);
    ASSERT_TRUE(ui.clickItem("##Combo", "###camera2", draw)) << "the second camera found";
    ui.frame(draw);
    ASSERT_TRUE(ui.clickItem("Gate settings", "##res", draw));
    ui.frame(draw);
    ASSERT_TRUE(ui.clickItem("##Combo", "###res1", draw)) << "its second resolution, 640x480";
    ui.frame(draw);
    ASSERT_TRUE(ui.clickItem("Gate settings", "Save", draw));
    EXPECT_EQ(commands.saved.camera, "2");
    EXPECT_EQ(commands.saved.width, 640);
    EXPECT_EQ(commands.saved.height, 480);
}

TEST(KioskCameraChoice, TheListSaysWhenNoCameraWasFoundAndKeepsOtherSources) {
    auto none = cameraChoices({}, true, "0");
    auto has = [&](const std::string& label, bool enabled) {
        for (const auto& c : none)
            if (c.label == label) return c.enabled == enabled;
        return false;
    };
    EXPECT_TRUE(has("No camera found", false)) << "said, and not selectable";
    EXPECT_TRUE(has("Camera 0 (not found now)", true)) << "the configured camera is kept";
    EXPECT_TRUE(has("No camera (handheld scanner only)", true));
    EXPECT_EQ(none.back().setting, kOtherSource) << "a file or a stream URL can still be typed";
    auto looking = cameraChoices({}, false, "none");
    EXPECT_EQ(looking[1].label, "Looking for cameras...");
    EXPECT_EQ(resolutionChoices({}, "0").size(), 3u) << "the usual sizes for a camera not found";
    const std::vector<CameraInfo> one = {CameraInfo{"/dev/video0", 0, "Cam", {{1280, 720}}}};
    EXPECT_EQ(resolutionChoices(one, "0"), (std::vector<CameraResolution>{{1280, 720}}));
    EXPECT_EQ(cameraChoices(one, true, "0")[1].label, "Cam  /dev/video0");
}

}  // namespace
}  // namespace qrgate::views

#pragma once
// The gate kiosk's screen: the camera preview with the scan area; the verdict taking over the
// screen (green ADMITTED, amber ALREADY USED with the first time and gate, red REFUSED with the
// reason in plain words, the name large; a gate problem in its own colour, for the staff, with
// Try again); confirm mode's check; manual search; undo; entry/exit;
// counters; the status line and the debug overlay; settings and the kiosk lock.
#include <string>

#include "views/kiosk_camera_choice.hpp"
#include "views/kiosk_flow.hpp"
#include "views/kiosk_state.hpp"

namespace qrgate::views {

// How much larger than at 1280x800 the kiosk's big words are on a screen of `size` (0.7 on a
// 1024x600 netbook, 1.35 at 1920x1080): a gate screen is read from a few steps away whatever its
// size. The UI scale (px()) comes on top.
float screenTextScale(ImVec2 size);

class KioskView {
public:
    void draw(KioskState& state, KioskCommands& commands);

    const KioskFlow& flow() const { return m_flow; }
    // "admitted", "already_used", "refused", "exit", "gate_problem", "confirm" or "" while scanning.
    std::string shownKind() const;
    // Automation: open the panels as the keys would.
    void openSearch(const std::string& text = "");
    void openSettings(KioskState& state) { requestSettings(state); }
    // A gate problem on screen: decide its scan again (the Try again button; scripts).
    void retry(KioskCommands& commands);

    // Where the last frame drew the bottom bar's buttons and its status text (layout tests: the
    // two never overlap, at any window size).
    struct BarLayout {
        ImVec2 buttonsMin, buttonsMax;
        ImVec2 statusMin, statusMax;
    };
    const BarLayout& bottomBarLayout() const { return m_barLayout; }
    // The verdict word's pixel size in the last frame: it follows the screen's size.
    float verdictTextSize() const { return m_verdictSize; }

private:
    void consumeInput(KioskState& state, KioskCommands& commands, double now);
    void handleKeys(KioskState& state, KioskCommands& commands, double now);
    void perform(const FlowAction& a, KioskCommands& commands);
    void drawScanning(KioskState& state, ImVec2 pos, ImVec2 size);
    void drawVerdict(KioskState& state, ImVec2 pos, ImVec2 size, double now);
    // No event yet: "Pair this gate" (camera preview, invitation field) or waiting for the
    // leader's data (views/kiosk_pairing_panel.cpp).
    void drawPairing(KioskState& state, KioskCommands& commands, ImVec2 pos, ImVec2 size);
    void drawGateProblem(KioskCommands& commands, ImVec2 pos, ImVec2 size);
    void drawConfirm(KioskState& state, KioskCommands& commands, ImVec2 pos, ImVec2 size, double now);
    void drawTopBar(KioskState& state, ImVec2 pos, float width);
    void drawBottomBar(KioskState& state, KioskCommands& commands, ImVec2 pos, float width, double now);
    void drawDebugOverlay(KioskState& state);
    void drawSearch(KioskState& state, KioskCommands& commands, double now);
    void drawSettings(KioskState& state, KioskCommands& commands, double now);
    void drawPin(KioskState& state, KioskCommands& commands, double now);

    // Locked kiosks ask for the PIN first; `action` runs once it is given.
    enum class Guarded { None, Settings, LeaveFullscreen, Quit };
    void guarded(KioskState& state, KioskCommands& commands, Guarded action);
    void requestSettings(KioskState& state);
    void runGuarded(KioskState& state, KioskCommands& commands, Guarded action);

    KioskFlow m_flow;
    KioskMode m_configuredMode = KioskMode::Auto;
    int m_configuredMs = 0;
    long long m_nextManualId = -1;
    double m_lastTyped = -1;  // manual admissions count down, scans count up

    bool m_searchOpen = false;
    char m_search[128] = "";
    bool m_focusSearch = false;
    bool m_searchDirty = false;

    bool m_settingsOpen = false;
    KioskSettings m_draft;
    char m_gate[64] = "";
    CameraChoiceEdit m_cameraEdit;
    bool m_listCameras = false;  // the settings just opened: ask for the cameras once
    char m_newPin[32] = "";
    char m_invite[512] = "";  // "Pair with leader": the invitation or code, typed or pasted
    char m_pairInvite[512] = "";  // the same on the pairing screen

    BarLayout m_barLayout;
    float m_verdictSize = 0;

    Guarded m_pending = Guarded::None;
    bool m_pinOpen = false;
    char m_pin[32] = "";
    bool m_pinWrong = false;
};

}  // namespace qrgate::views

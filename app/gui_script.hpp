#pragma once
// Drives the desktop program from a text file, one command a line, for the screenshot and
// frame-time tests under Xvfb (QRGATE_GUI_SCRIPT=FILE). Commands:
//   frames N              let N frames pass
//   wait-ms N             let N milliseconds pass
//   wait-idle MS          until nothing is loading (or MS passed)
//   view NAME             show a console screen (dashboard, events, tickets, import, log, gates,
//                         print, mail, settings)
//   shot FILE.png         write the next frame to FILE.png
//   scroll ROWS FRAMES    scroll the tickets table ROWS rows each frame for FRAMES frames,
//                         timing each frame (vsync is off while a script runs)
//   perf FILE             write the timed frames' figures to FILE and start over
//   startup FILE          write the milliseconds from process start to the first frame
//   wait-verdict KIND MS  (kiosk) until the verdict screen shows KIND: admitted, already_used,
//                         refused, exit, gate_problem; a timeout fails the run (exit code 3)
//   wait-gone PATH MS     until the file PATH is gone (a test removed it); still there after MS
//                         fails the run (exit code 3)
//   mouse X Y             move the pointer (e.g. out of the way before a screenshot)
//   idle-frames N         time N frames without scrolling
//   window-size W H       resize the window (as a user maximising it on a larger screen)
//   rss FILE              write the resident memory (MB) to FILE
//   timeout S             fail (exit code 3) and quit if the script is still running after S seconds
//   quit
// Other lines go to the screen's own hook (e.g. "search Ana", "select-first", "code QG1...",
// "retry" for the kiosk's Try again; the console's Print screen: "print-layout NAME",
// "print-paper a4|letter", "print-path FILE", "print-save" (presses Save PDF), "print-printer NAME",
// "print-send" (presses Print), "print-state FILE"
// (what the screen shows, as JSON); the Email screen: "mail-tab NAME", "mail-set FIELD VALUE",
// "mail-save", "mail-test", "mail-send-test", "mail-recipients WHO", "mail-send", "mail-cancel",
// "mail-state FILE"; "ui-scale PERCENT" applies and stores the UI scale as Settings' Apply does;
// the Tickets screen: "select-row N [ctrl|shift]", "select-all-shown", "edit-ticket",
// "edit-fields NAME|EMAIL", "edit-save", "void-selected [yes]"; the getting started guide's
// "guide-*" lines (views/first_run_view.hpp) and "guide-state FILE"; in the console,
// "wait-verdict admitted MS" waits for the guide's test kiosk; see gui_console_app.cpp).
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace qrgate::gui {

class GuiWindow;

struct ScriptHooks {
    std::function<bool(const std::string& view)> selectView;
    std::function<void(float rows)> scrollTickets;
    std::function<bool()> idle;
    std::function<std::string()> verdictKind;
    std::function<bool(const std::string& line)> custom;
};

class GuiScript {
public:
    static std::optional<GuiScript> load(const std::string& path, std::string& error);

    // Once per frame before the views draw; false when the script has quit.
    bool step(GuiWindow& window, const ScriptHooks& hooks, double firstFrameMs);
    bool failed() const { return m_failed; }

private:
    std::vector<std::string> m_lines;
    std::size_t m_next = 0;
    long m_waitFrames = 0;
    std::chrono::steady_clock::time_point m_waitUntil{};
    std::string m_waitVerdict;
    std::string m_waitGone;
    bool m_waitIdle = false;
    int m_scrollFrames = 0;
    float m_scrollRows = 0;
    std::vector<double> m_frameMs;
    std::chrono::steady_clock::time_point m_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
    bool m_failed = false;
};

}  // namespace qrgate::gui

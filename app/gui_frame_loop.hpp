#pragma once
// The frame loop the admin console and the kiosk share: sleep until there is something to show
// (or keep drawing while animating), bring worker results in through the UiQueue, let the
// controller tick, run the test script's next step, draw, and note when the first frame was on
// screen (the script reports it).
#include <functional>
#include <optional>

#include "app/gui_script.hpp"
#include "app/gui_window.hpp"
#include "core/runtime/ui_queue.hpp"

namespace qrgate::gui {

// The GUI script named by QRGATE_GUI_SCRIPT, if any; false (after printing why) when it is set
// but cannot be read.
bool loadScriptFromEnvironment(std::optional<GuiScript>& script);

struct FrameSteps {
    std::function<bool()> animating;  // draw again at once instead of waiting for an event
    std::function<void()> tick;       // after the queue is drained, before drawing
    std::function<void()> draw;
    // Optional, after each frame: true ends the loop with kFrameLoopLeft, the window still open
    // (the console letting go of its folder to restore a backup, then opening it again).
    std::function<bool()> leave;
};

constexpr int kFrameLoopLeft = -1;

// Runs until the window closes (0, or 3 when the script failed) or steps.leave says so.
int runFrameLoop(GuiWindow& window, UiQueue& ui, std::optional<GuiScript>& script, const ScriptHooks& hooks,
                 const FrameSteps& steps);

}  // namespace qrgate::gui

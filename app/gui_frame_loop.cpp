#include "app/gui_frame_loop.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/gui_apps.hpp"

namespace qrgate::gui {

bool loadScriptFromEnvironment(std::optional<GuiScript>& script) {
    const char* path = std::getenv("QRGATE_GUI_SCRIPT");
    if (!path || !*path) return true;
    std::string error;
    script = GuiScript::load(path, error);
    if (!script) std::fprintf(stderr, "qrgate: %s\n", error.c_str());
    return script.has_value();
}

int runFrameLoop(GuiWindow& window, UiQueue& ui, std::optional<GuiScript>& script, const ScriptHooks& hooks,
                 const FrameSteps& steps) {
    double firstFrameMs = -1;
    int exitCode = 0;
    for (;;) {
        if (!window.beginFrame(script.has_value() || steps.animating())) break;
        ui.drain();
        steps.tick();
        if (script && !script->step(window, hooks, firstFrameMs)) {
            exitCode = script->failed() ? 3 : 0;
            window.requestClose();
        }
        steps.draw();
        window.endFrame();
        if (firstFrameMs < 0)
            firstFrameMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - processStart()).count();
        if (steps.leave && steps.leave()) {
            exitCode = kFrameLoopLeft;
            break;
        }
    }
    ui.setWakeUp(nullptr);  // the window that workers would wake is going
    return exitCode;
}

}  // namespace qrgate::gui

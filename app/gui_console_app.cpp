// The admin console: window, the one UiQueue, the controller and the screens, and the frame loop.
#include <cstdio>
#include <cstdlib>

#include "app/gui_apps.hpp"
#include "app/gui_console_controller.hpp"
#include "app/gui_frame_loop.hpp"
#include "app/gui_window.hpp"
#include "core/runtime/ui_queue.hpp"
#include "views/console_shell.hpp"
#include "views/tickets_view.hpp"

namespace qrgate::gui {

int runConsoleApp(const DataFolder& folder) {
    std::optional<GuiScript> script;
    if (!loadScriptFromEnvironment(script)) return 1;
    WindowOptions wo;
    wo.title = "qrgate \xE2\x80\x94 admin console";
    wo.vsync = !script;  // scripted runs time frames without waiting for the display
    auto listen = sync::ListenAddress::fromEnvironment();
    if (!listen) {
        std::fprintf(stderr, "qrgate: %s\n", listen.error().message.c_str());
        return 1;
    }
    std::string error;
    auto window = GuiWindow::open(wo, error);
    if (!window) {
        std::fprintf(stderr, "qrgate: %s\n", error.c_str());
        return 1;
    }

    UiQueue ui;
    ui.setWakeUp(&GuiWindow::wake);
    views::ConsoleState state;
    state.monitorScale = window->monitorScale();
    views::ConsoleShell shell;
    ConsoleController controller(state, ui, folder, *listen);
    controller.onQuit = [&] { window->requestClose(); };
    controller.onScale = [&](float s) { window->setUserScale(s); };
    window->onFileDrop([&](const std::vector<std::string>& files) {
        if (files.empty()) return;
        controller.openImport(files.front());
        shell.select("import");
    });
    controller.start();

    auto* tickets = dynamic_cast<views::TicketsView*>(shell.find("tickets"));
    ScriptHooks hooks;
    hooks.selectView = [&](const std::string& v) { return shell.select(v); };
    hooks.scrollTickets = [&](float rows) {
        if (tickets) tickets->scrollBy(rows);
    };
    hooks.idle = [&] {
        return controller.ready() && !controller.busy() && !state.tickets.loading() && ui.empty() &&
               (state.currentEventId.empty() || state.statsLoaded);
    };
    hooks.custom = [&](const std::string& line) {
        if (line.rfind("search ", 0) == 0 && tickets) {
            tickets->setSearch(line.substr(7));
            return true;
        }
        if (line.rfind("import ", 0) == 0) {
            controller.openImport(line.substr(7));
            return true;
        }
        if (line.rfind("select-first", 0) == 0) {
            if (auto* t = state.tickets.row(0)) controller.selectTicket(t->id);
            // The view keeps its own selection; tell it too.
            if (tickets && state.tickets.row(0)) tickets->select(state.tickets.row(0)->id);
            return true;
        }
        if (line == "pair-gate") {
            controller.createPairing();
            return true;
        }
        if (line.rfind("notify ", 0) == 0) {
            state.notify(line.substr(7));
            return true;
        }
        return false;
    };

    FrameSteps steps;
    steps.animating = [&] { return controller.busy() || !state.notices.empty(); };
    steps.tick = [&] { controller.tick(ImGui::GetTime(), shell.currentId()); };
    steps.draw = [&] { shell.draw(state, controller); };
    return runFrameLoop(*window, ui, script, hooks, steps);
}

}  // namespace qrgate::gui

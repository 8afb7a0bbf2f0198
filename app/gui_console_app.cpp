// The admin console: window, the one UiQueue, the controller and the screens, and the frame loop.
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "app/gui_apps.hpp"
#include "app/gui_console_controller.hpp"
#include "app/gui_frame_loop.hpp"
#include "app/gui_window.hpp"
#include "core/runtime/ui_queue.hpp"
#include "views/console_shell.hpp"
#include "views/print_view.hpp"
#include "views/tickets_view.hpp"

namespace qrgate::gui {

namespace {

// The Print screen's script commands: print-layout NAME, print-paper a4|letter, print-path FILE,
// print-save (presses Save PDF once it can be pressed), print-printer NAME, print-send (presses
// Print once it can be pressed), print-state FILE (what the screen shows,
// as JSON, for the test to check).
bool runPrintScriptCommand(const std::string& line, views::PrintView& print, const views::ConsoleState& state) {
    auto argument = [&](const char* command) -> std::optional<std::string> {
        const std::string prefix = std::string(command) + " ";
        if (line.rfind(prefix, 0) != 0) return std::nullopt;
        return line.substr(prefix.size());
    };
    if (auto name = argument("print-layout")) print.setLayout(*name);
    else if (auto paper = argument("print-paper")) print.setPaper(*paper);
    else if (auto path = argument("print-path")) print.setSheetPath(*path);
    else if (line == "print-save") print.pressSaveSheet();
    else if (auto printer = argument("print-printer")) print.setPrinter(*printer);
    else if (line == "print-send") print.pressPrintSheet();
    else if (auto file = argument("print-state")) {
        const auto& p = state.print;
        nlohmann::json undrawable = nlohmann::json::array();
        for (const auto& n : p.undrawable) undrawable.push_back({{"number", n.number}, {"name", n.name}});
        const nlohmann::json j{{"layout", p.options.layout},         {"paper", p.options.paper},
                               {"tickets", p.tickets},               {"noKeyFile", p.noKeyFile},
                               {"selectionError", p.selectionError}, {"loading", p.loading},
                               {"rendering", p.rendering},           {"previewWidth", p.preview.width},
                               {"previewHeight", p.preview.height},  {"previewMs", p.previewMs},
                               {"previewError", p.previewError},     {"printersError", p.printersError},
                               {"printers", p.printers.size()},      {"undrawableCount", p.undrawableCount},
                               {"undrawable", undrawable},           {"lastResult", p.lastResult},
                               {"lastResultError", p.lastResultError}};
        if (FILE* f = std::fopen(file->c_str(), "w")) {
            std::fputs((j.dump() + "\n").c_str(), f);
            std::fclose(f);
        }
    } else return false;
    return true;
}

}  // namespace

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
    auto* print = dynamic_cast<views::PrintView*>(shell.find("print"));
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
        if (print && runPrintScriptCommand(line, *print, state)) return true;
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

// The gate kiosk: settings and event resolved before the window opens (the command line
// overrides and is remembered), then the window, the one UiQueue, the controller and the view.
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include <imgui.h>

#include "app/gui_apps.hpp"
#include "app/gui_kiosk_controller.hpp"
#include "app/gui_frame_loop.hpp"
#include "app/gui_window.hpp"
#include "core/events/event_catalog.hpp"
#include "core/runtime/ui_queue.hpp"
#include "views/kiosk_view.hpp"

namespace qrgate::gui {

namespace {
std::string hostName() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "kiosk";
    return buf;
}

// Fills state from the database and the options; an error message when the kiosk cannot run.
std::string prepare(const DataFolder& folder, const KioskOptions& o, views::KioskState& state,
                    sync::LeaderChoice& leader) {
    auto db = Database::open(folder.databaseFile());
    if (!db) return db.error().message;
    Database& d = **db;
    state.settings = KioskSettings::load(d);
    bool changed = false;
    auto override = [&](std::string& field, const std::string& value) {
        if (!value.empty() && value != field) {
            field = value;
            changed = true;
        }
    };
    override(state.settings.gate, o.gate);
    override(state.settings.camera, o.camera);
    if (!o.mode.empty()) {
        auto mode = o.mode == "confirm" ? views::KioskMode::Confirm : views::KioskMode::Auto;
        changed |= mode != state.settings.mode;
        state.settings.mode = mode;
    }
    if (changed) state.settings.save(d);
    // --leader URL [--token T] [--fingerprint F] are stored like `qrgate device join`, so the next
    // start follows without them; otherwise a joined (paired) data folder follows its leader.
    leader = sync::node_config::chooseLeader(d, o.leader, o.token, o.fingerprint, true);
    state.status.leader = leader.url;

    state.deviceId = d.setting("kiosk.device_id");
    if (state.deviceId.empty()) {
        state.deviceId = hostName();
        d.storeSettings({{"kiosk.device_id", state.deviceId}});
    }

    EventCatalog catalog(d);
    std::string eventId = o.eventId.empty() ? catalog.currentEventId().value_or("") : o.eventId;
    auto event = eventId.empty() ? std::nullopt : catalog.find(eventId);
    if (!event) {
        // A standalone folder with events of its own will not get this one: a mistyped --event.
        if (!o.eventId.empty() && leader.url.empty() && !catalog.list().empty()) return "no event " + o.eventId;
        // Otherwise (a fresh gate PC, or a follower whose replica has not got it yet) the kiosk
        // opens on the pairing screen, or waits for the leader's data, and starts by itself.
        state.wantedEventId = o.eventId;
        return "";
    }
    state.eventId = event->id;
    state.eventName = event->name;
    state.eventZone = event->timeZone;
    return "";
}
}  // namespace

int runKioskApp(const DataFolder& folder, const KioskOptions& options) {
    // A kiosk runs a dozen threads (camera, decoder, database workers, sound, the renderer's);
    // glibc would give each its own 64 MB malloc arena. Two are plenty and keep the kiosk
    // within its memory budget on small gate PCs.
    mallopt(M_ARENA_MAX, 2);
    std::optional<GuiScript> script;
    if (!loadScriptFromEnvironment(script)) return 1;
    views::KioskState state;
    sync::LeaderChoice leader;
    if (std::string error = prepare(folder, options, state, leader); !error.empty()) {
        std::fprintf(stderr, "qrgate: %s\n", error.c_str());
        return 1;
    }
    auto listen = sync::ListenAddress::fromEnvironment();
    if (!listen) {
        std::fprintf(stderr, "qrgate: %s\n", listen.error().message.c_str());
        return 1;
    }

    WindowOptions wo;
    wo.title = "qrgate kiosk \xE2\x80\x94 gate " + state.settings.gate;
    wo.appId = "org.qrgate.Qrgate.Kiosk";
    wo.fullscreen = !options.windowed;
    wo.kioskFonts = true;
    wo.vsync = !script;
    std::string error;
    auto window = GuiWindow::open(wo, error);
    if (!window) {
        std::fprintf(stderr, "qrgate: %s\n", error.c_str());
        return 1;
    }
    // Tab switches entry/exit here; keyboard navigation would take it.
    ImGui::GetIO().ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
    state.fullscreen = window->fullscreen();

    UiQueue ui;
    ui.setWakeUp(&GuiWindow::wake);
    views::KioskView view;
    int exitCode = 0;
    {
        KioskController controller(state, ui, folder);
        controller.onQuit = [&] { window->requestClose(); };
        controller.onFullscreen = [&](bool on) {
            window->setFullscreen(on);
            state.fullscreen = window->fullscreen();
        };
        controller.setLeader(leader, *listen);
        controller.start();

        ScriptHooks hooks;
        hooks.verdictKind = [&] { return view.shownKind(); };
        // Idle: ready to scan (the event is known; a paired kiosk waits for the leader's data).
        hooks.idle = [&] { return !state.eventId.empty() && state.scans.empty() && state.verdicts.empty() && ui.empty(); };
        hooks.custom = [&](const std::string& line) {
            if (line.rfind("code ", 0) == 0) {
                controller.injectScan(line.substr(5), "script");
                return true;
            }
            if (line == "retry") {
                view.retry(controller);
                return true;
            }
            if (line == "search-panel") {
                view.openSearch();
                return true;
            }
            if (line.rfind("search ", 0) == 0) {
                view.openSearch(line.substr(7));
                return true;
            }
            if (line == "settings-panel") {
                view.openSettings(state);
                return true;
            }
            if (line == "debug-overlay") {
                state.debugOverlay = !state.debugOverlay;
                return true;
            }
            if (line.rfind("timings ", 0) == 0) {
                if (FILE* f = std::fopen(line.substr(8).c_str(), "w")) {
                    const auto& t = state.status.lastScan;
                    if (t)
                        std::fprintf(f,
                                     "{\"source\": \"%s\", \"decodeMs\": %.1f, \"captureToDecodedMs\": %.1f, "
                                     "\"decidedMs\": %.1f, \"captureToScreenMs\": %.1f, \"readyToScreenMs\": %.1f, "
                                     "\"framesDecoded\": %lld, \"framesDropped\": %lld}\n",
                                     t->source.c_str(), t->decodeMs, t->captureToDecodedMs, t->decidedMs,
                                     t->captureToScreenMs, t->readyToScreenMs, state.status.framesDecoded,
                                     state.status.framesDropped);
                    else
                        std::fprintf(f, "{}\n");
                    std::fclose(f);
                }
                return true;
            }
            if (line.rfind("link-status ", 0) == 0) {  // what the status line says of the leader
                if (FILE* f = std::fopen(line.substr(12).c_str(), "w")) {
                    std::fprintf(f, "{\"leaderState\": \"%s\", \"pendingUploads\": %lld}\n",
                                 toString(state.status.leaderState), state.status.pendingUploads);
                    std::fclose(f);
                }
                return true;
            }
            if (line.rfind("pair ", 0) == 0) {
                controller.pairWithLeader(line.substr(5));
                return true;
            }
            if (line == "exit-direction") {
                state.direction = Direction::Exit;
                return true;
            }
            return false;
        };

        FrameSteps steps;
        steps.animating = [&] {
            return view.flow().phase() != views::KioskPhase::Scanning ||
                   (!state.notice.empty() && ImGui::GetTime() < state.noticeUntil + 0.1);
        };
        steps.tick = [&] { controller.tick(ImGui::GetTime()); };
        steps.draw = [&] { view.draw(state, controller); };
        exitCode = runFrameLoop(*window, ui, script, hooks, steps);
    }
    return exitCode;
}

}  // namespace qrgate::gui

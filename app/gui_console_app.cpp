// The admin console: window, the one UiQueue, the controller and the screens, and the frame loop.
#include <chrono>
#include <cstdio>
#include <future>
#include <cstdlib>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/gui_apps.hpp"
#include "sync/pairing.hpp"
#include "app/gui_backup_controller.hpp"
#include "app/gui_console_controller.hpp"
#include "app/gui_first_run_controller.hpp"
#include "app/gui_frame_loop.hpp"
#include "app/gui_window.hpp"
#include "core/runtime/ui_queue.hpp"
#include "views/backup_panel.hpp"
#include "views/console_shell.hpp"
#include "views/mail_view.hpp"
#include "views/print_view.hpp"
#include "views/tickets_view.hpp"

namespace qrgate::gui {

namespace {

void writeJson(const std::string& path, const nlohmann::json& j) {
    if (FILE* f = std::fopen(path.c_str(), "w")) {
        std::fputs((j.dump() + "\n").c_str(), f);
        std::fclose(f);
    }
}

// The text after "command " when `line` is that command.
std::optional<std::string> argumentOf(const std::string& line, const char* command) {
    const std::string prefix = std::string(command) + " ";
    if (line.rfind(prefix, 0) != 0) return std::nullopt;
    return line.substr(prefix.size());
}

// The Print screen's script commands: print-layout NAME, print-paper a4|letter, print-path FILE,
// print-save (presses Save PDF once it can be pressed), print-printer NAME, print-send (presses
// Print once it can be pressed), print-state FILE (what the screen shows,
// as JSON, for the test to check).
bool runPrintScriptCommand(const std::string& line, views::PrintView& print, const views::ConsoleState& state) {
    auto argument = [&](const char* command) { return argumentOf(line, command); };
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
        writeJson(*file, j);
    } else return false;
    return true;
}

// The Tickets screen's script commands: select-row N [ctrl|shift] (a click on table row N, loaded
// by then), select-all-shown, edit-ticket (opens Edit... for the selected ticket), edit-fields
// NAME|EMAIL (as if typed in the open modal), edit-save (its Save, when it can be pressed),
// void-selected (asks "Void N tickets?"), void-selected yes (voids them without asking).
bool runTicketsScriptCommand(const std::string& line, views::TicketsView& tickets, views::ConsoleState& state) {
    if (auto args = argumentOf(line, "select-row")) {
        std::size_t row = 0;
        try {
            row = static_cast<std::size_t>(std::stoul(*args));
        } catch (const std::exception&) {
            return false;
        }
        const Ticket* t = state.tickets.row(row);
        if (!t) return false;
        tickets.select(t->id, row, args->find("ctrl") != std::string::npos, args->find("shift") != std::string::npos);
    } else if (line == "select-all-shown") {
        tickets.selectAllShown();
    } else if (line == "edit-ticket") {
        tickets.openEdit();
    } else if (auto fields = argumentOf(line, "edit-fields")) {
        const auto bar = fields->find('|');
        tickets.setEditFields(fields->substr(0, bar), bar == std::string::npos ? "" : fields->substr(bar + 1));
    } else if (line == "edit-save") {
        tickets.pressSaveEdit();
    } else if (line == "void-selected") {
        tickets.askToSetState(TicketState::Void);
    } else if (line == "void-selected yes") {
        tickets.setSelectionStateNow(TicketState::Void);
    } else {
        return false;
    }
    return true;
}

// The Import screen: import-run [skip|another|update] [skip-bad-rows] (Issue, or the partial
// import), import-undo (Undo last import, confirmed), import-columns NAME EMAIL TYPE FIRST LAST
// (the mapping's combos; column indices, -1 for none), import-state FILE (what the screen
// shows, as JSON).
bool runImportScriptCommand(const std::string& line, ConsoleController& controller, const views::ConsoleState& state) {
    std::istringstream words(line);
    std::string command;
    words >> command;
    if (command == "import-run") {
        views::ImportChoices choices;
        for (std::string w; words >> w;) {
            if (w == "skip-bad-rows") choices.skipBadRows = true;
            else if (auto p = parseDuplicatePolicy(w)) choices.duplicates = *p;
            else return false;
        }
        controller.runImport(choices);
    } else if (command == "import-undo") {
        controller.undoLastImport();
    } else if (command == "import-columns") {
        AttendeeColumns c;
        if (!(words >> c.name >> c.email >> c.type >> c.firstName >> c.lastName)) return false;
        controller.remapImport(c);
    } else if (auto file = argumentOf(line, "import-state")) {
        const auto& imp = state.import;
        const auto& c = imp.columns;
        const nlohmann::json j{
            {"path", imp.path},
            {"fileError", imp.fileError},
            {"encoding", imp.encodingNote},
            {"columns", {c.name, c.email, c.type, c.firstName, c.lastName}},
            {"mappingRemembered", imp.mappingRemembered},
            {"new", imp.plan.newRows.size()},
            {"duplicates", imp.plan.duplicates.size()},
            {"changed", imp.plan.changed},
            {"badRows", imp.result.rejected.size()},
            {"outcome", state.importOutcome.summary},
            {"rejectsPath", state.importOutcome.rejectsPath},
            {"lastImport", state.importHistory.last ? state.importHistory.last->source : ""}};
        writeJson(*file, j);
    } else {
        return false;
    }
    return true;
}

std::string toneName(views::OutcomeLine::Tone tone) {
    switch (tone) {
        case views::OutcomeLine::Tone::Good: return "good";
        case views::OutcomeLine::Tone::Bad: return "bad";
        case views::OutcomeLine::Tone::Plain: return "plain";
    }
    return "";
}

// What the Email screen shows, as JSON, for the test to check.
nlohmann::json mailStateJson(const views::MailState& m, views::MailView& view) {
    auto line = [](const views::OutcomeLine& l) { return nlohmann::json{{"text", l.text}, {"tone", toneName(l.tone)}}; };
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : m.entries)
        entries.push_back({{"number", e.ticketNumber}, {"name", e.holderName}, {"recipient", e.recipient},
                           {"state", toString(e.state)}, {"attempts", e.attempts}, {"reply", e.reply}});
    nlohmann::json j{{"tab", static_cast<int>(view.tab())},
                     {"settingsLoaded", m.settingsLoaded},
                     {"smtpUrl", m.settings.smtpUrl},
                     {"plainLocal", m.settings.plainLocal},
                     {"fromAddress", m.settings.fromAddress},
                     {"configured", m.settings.configured()},
                     {"hasPassword", m.hasPassword},
                     {"settingsSaved", line(m.settingsSaved)},
                     {"connection", line(m.connection)},
                     {"noKeyFile", m.noKeyFile},
                     {"recipients", {{"unsent", m.recipients.notSent}, {"all", m.recipients.all},
                                     {"failed", m.recipients.failed}, {"unknown", m.recipients.unknown},
                                     {"noAddress", m.recipients.noAddress}}},
                     {"outbox", {{"queued", m.outbox.queued}, {"sending", m.outbox.sending}, {"sent", m.outbox.sent},
                                 {"failed", m.outbox.failed}, {"unknown", m.outbox.unknown}}},
                     {"sending", m.sending},
                     {"sendResult", line(m.sendResult)},
                     {"previewNumber", m.preview ? m.preview->ticket.number : 0},
                     {"previewHasQr", m.preview && !m.preview->qrData.empty()},
                     {"previewError", m.previewError},
                     {"testMessage", line(m.testMessage)},
                     {"entries", entries},
                     {"outboxRowsShown", view.outbox().shownRows().size()}};
    if (m.progress)
        j["progress"] = {{"sent", m.progress->sentThisRun}, {"failed", m.progress->failedThisRun},
                         {"unknown", m.progress->unknownThisRun}, {"perMinute", m.progress->messagesPerMinute},
                         {"lastProblem", m.progress->lastProblem}};
    return j;
}

// The Email screen's script commands: mail-tab send|outbox|message|settings, mail-set FIELD
// VALUE (server, ca, user, password, name, from, rate), mail-no-tls on|off, mail-save (presses
// Save on Settings), mail-test (Test connection), mail-send-test (Send test on Message, to the
// sender's address), mail-recipients unsent|all|failed|unknown, mail-send (presses Send once it
// can be pressed), mail-cancel, mail-state FILE.
bool runMailScriptCommand(const std::string& line, views::MailView& mail, views::ConsoleState& state,
                          views::MailCommands& commands) {
    if (auto tab = argumentOf(line, "mail-tab")) {
        static const std::pair<const char*, views::MailTab> kTabs[] = {{"send", views::MailTab::Send},
                                                                       {"outbox", views::MailTab::Outbox},
                                                                       {"message", views::MailTab::Message},
                                                                       {"settings", views::MailTab::Settings}};
        for (const auto& [name, which] : kTabs)
            if (*tab == name) mail.showTab(which);
    } else if (auto set = argumentOf(line, "mail-set")) {
        const auto space = set->find(' ');
        const std::string field = set->substr(0, space);
        if (!mail.settings().setField(field, space == std::string::npos ? "" : set->substr(space + 1))) return false;
    } else if (auto on = argumentOf(line, "mail-no-tls")) {
        mail.settings().setPlainLocal(*on == "on");
    } else if (line == "mail-save") {
        mail.showTab(views::MailTab::Settings);
        mail.settings().pressSave();
    } else if (line == "mail-test") {
        mail.showTab(views::MailTab::Settings);
        mail.settings().pressTest();
    } else if (auto who = argumentOf(line, "mail-recipients")) {
        auto recipients = recipientsFromString(*who);
        if (!recipients) return false;
        mail.setRecipients(*recipients);
    } else if (line == "mail-send-test") {
        mail.showTab(views::MailTab::Message);
        mail.message().pressSendTest();
    } else if (line == "mail-send") {
        mail.pressSend();
    } else if (line == "mail-cancel") {
        commands.cancelSending();
    } else if (auto file = argumentOf(line, "mail-state")) {
        writeJson(*file, mailStateJson(state.mail, mail));
    } else {
        return false;
    }
    return true;
}

// What the getting started guide shows, as JSON, for the test to check.
nlohmann::json guideStateJson(const views::ConsoleState& state) {
    const auto& g = state.firstRun;
    auto mark = [](views::StepMark m) {
        return m == views::StepMark::Done ? "done" : m == views::StepMark::Skipped ? "skipped" : "open";
    };
    return {{"open", g.open},
            {"step", static_cast<int>(g.step)},
            {"marks", {mark(g.marks[0]), mark(g.marks[1]), mark(g.marks[2])}},
            {"eventLine", g.eventLine.text},
            {"testTicketId", g.testTicketId},
            {"testTicketNumber", g.testTicketNumber},
            {"paperLine", g.paperLine.text},
            {"paperDone", g.paperDone},
            {"mailLine", g.mailLine.text},
            {"mailDone", g.mailDone},
            {"mailConfigured", g.mailConfigured},
            {"kioskRunning", g.kioskRunning},
            {"kioskLine", g.kioskLine.text},
            {"scanLine", g.scanLine.text},
            {"admitted", g.admitted},
            {"finished", g.finished},
            {"finishLine", g.finishLine.text},
            {"currentEventId", state.currentEventId},
            {"tickets", state.stats.tickets}};
}

// What the Backups panel and the dashboard show, as JSON, for the restore test to check.
nlohmann::json backupStateJson(const views::ConsoleState& state) {
    const auto& b = state.backup;
    nlohmann::json notices = nlohmann::json::array();
    for (const auto& n : state.notices) notices.push_back({{"text", n.text}, {"error", n.error}});
    const Event* event = state.currentEvent();
    return {{"checkedFile", b.checkedFile},       {"checkedSummary", b.checkedSummary},
            {"checkError", b.checkError},         {"folderHeld", b.folderHeld},
            {"restartRequested", b.restartRequested}, {"restoredLine", b.restoredLine},
            {"restoreError", b.restoreError},     {"movedAside", b.movedAside},
            {"notices", notices},                 {"guideOpen", state.firstRun.open},
            {"currentEventId", state.currentEventId}, {"eventName", event ? event->name : ""},
            {"statsLoaded", state.statsLoaded},   {"tickets", state.stats.tickets},
            {"admitted", state.stats.admitted}};
}

// One console on the folder: the UiQueue, the state, the screens and the controllers (database
// workers, tasks, the sync node, the guide's test kiosk), and the frame loop. Everything it made
// is gone when it returns, so the folder is let go of: then a restore can run and a new session
// open the folder again in the same window.
struct SessionEnd {
    int exitCode = 0;
    std::optional<RestoreRequest> restore;  // "Restore and restart" was confirmed
};

SessionEnd runConsoleSession(GuiWindow& window, const DataFolder& folder, const sync::ListenAddress& listen,
                             std::optional<GuiScript>& script, const std::optional<RestoreOutcome>& restored) {
    UiQueue ui;
    ui.setWakeUp(&GuiWindow::wake);
    views::ConsoleState state;
    state.monitorScale = window.monitorScale();
    if (restored) showRestoreOutcome(state, *restored);
    views::ConsoleShell shell;
    ConsoleController controller(state, ui, folder, listen);
    controller.onQuit = [&] { window.requestClose(); };
    controller.onScale = [&](float s) { window.setUserScale(s); };
    window.onFileDrop([&](const std::vector<std::string>& files) {
        if (files.empty()) return;
        controller.openImport(files.front());
        shell.select("import");
    });
    FirstRunController guide(state, ui, folder);
    controller.setFirstRun(&guide);
    guide.onEventChosen = [&](const std::string& eventId) { controller.useEvent(eventId); };
    controller.start();

    auto* tickets = dynamic_cast<views::TicketsView*>(shell.find("tickets"));
    auto* print = dynamic_cast<views::PrintView*>(shell.find("print"));
    auto* mail = dynamic_cast<views::MailView*>(shell.find("mail"));
    ScriptHooks hooks;
    hooks.selectView = [&](const std::string& v) { return shell.select(v); };
    hooks.scrollTickets = [&](float rows) {
        if (tickets) tickets->scrollBy(rows);
    };
    hooks.idle = [&] {
        return controller.ready() && !controller.busy() && !guide.busy() && (shell.currentId() != "tickets" || !state.tickets.loading()) && ui.empty() &&
               (state.currentEventId.empty() || state.statsLoaded);
    };
    std::vector<std::future<void>> redeeming;  // script pairings in flight; waited for on leaving
    hooks.custom = [&](const std::string& line) {
        if (line.rfind("search ", 0) == 0 && tickets) {
            tickets->setSearch(line.substr(7));
            return true;
        }
        if (line.rfind("import ", 0) == 0) {
            controller.openImport(line.substr(7));
            return true;
        }
        if (runImportScriptCommand(line, controller, state)) return true;
        if (shell.guide().scriptCommand(line, state)) return true;
        if (auto file = argumentOf(line, "guide-state")) {
            writeJson(*file, guideStateJson(state));
            return true;
        }
        if (line.rfind("select-first", 0) == 0) {
            if (tickets && state.tickets.row(0)) tickets->select(state.tickets.row(0)->id);
            return true;
        }
        if (tickets && runTicketsScriptCommand(line, *tickets, state)) return true;
        if (print && runPrintScriptCommand(line, *print, state)) return true;
        if (mail && runMailScriptCommand(line, *mail, state, controller.mail())) return true;
        if (runBackupScriptCommand(line, controller.backup(), state.backup)) return true;
        if (auto file = argumentOf(line, "backup-state")) {
            writeJson(*file, backupStateJson(state));
            return true;
        }
        if (line == "pair-gate") {
            controller.createPairing();
            return true;
        }
        if (auto percent = argumentOf(line, "ui-scale")) {
            // As the Settings screen's Apply does: applied and stored in the data folder.
            views::ConsoleSettings settings = state.settings;
            settings.uiScale = std::stof(*percent) / 100.0f;
            controller.applySettings(settings);
            return true;
        }
        for (const auto& view : shell.views())
            if (view->scriptCommand(line, state)) return true;
        if (line.rfind("redeem-pairing ", 0) == 0) {
            // Tests: a kiosk named so uses the code on screen, over this node's own /api/pair.
            auto invite = state.sync.pairing ? sync::PairingInvite::parse(state.sync.pairing->invite)
                                             : Result<sync::PairingInvite>(Error{"no_code", "no code on screen"});
            if (invite)
                redeeming.push_back(std::async(std::launch::async, [invite = *invite, name = line.substr(15)] {
                    auto paired = sync::pairWithLeader(invite, name);
                    if (!paired) std::fprintf(stderr, "qrgate: redeem-pairing: %s\n", paired.error().message.c_str());
                }));
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
    // The guide's kiosk verdict, for "wait-verdict admitted MS" in a console script.
    hooks.verdictKind = [&]() -> std::string {
        const auto& g = state.firstRun;
        if (g.admitted) return "admitted";
        return g.scanLine.empty() ? "" : "refused";
    };
    steps.tick = [&] {
        controller.tick(ImGui::GetTime(), shell.currentId());
        guide.tick(ImGui::GetTime(), controller.ready());
    };
    steps.draw = [&] { shell.draw(state, controller); };
    steps.leave = [&] { return state.backup.restartRequested; };
    SessionEnd end;
    end.exitCode = runFrameLoop(window, ui, script, hooks, steps);
    window.onFileDrop({});
    if (end.exitCode == kFrameLoopLeft)
        if (auto request = controller.backupController().takeRestoreRequest()) end.restore.emplace(std::move(*request));
    for (auto& r : redeeming) r.wait();
    return end;
}

// The restore, on a thread of its own while the window shows "Restoring FILE..." (the folder is
// let go of: no session is open). A window closed meanwhile waits for the restore to finish.
RestoreOutcome restoreShowingProgress(GuiWindow& window, const DataFolder& folder, const RestoreRequest& request) {
    auto running = std::async(std::launch::async, [&] { return restoreIntoFolder(folder, request); });
    const std::string name = request.file.filename().string();
    while (running.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) {
        if (!window.beginFrame(true)) break;
        views::drawRestoringScreen(name);
        window.endFrame();
        running.wait_for(std::chrono::milliseconds(15));
    }
    return running.get();
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
    std::optional<RestoreOutcome> restored;
    for (;;) {
        SessionEnd end = runConsoleSession(*window, folder, *listen, script, restored);
        if (end.exitCode != kFrameLoopLeft) return end.exitCode;
        if (!end.restore) {  // cannot happen: the panel asks only after a check that succeeded
            restored.reset();
            continue;
        }
        restored = restoreShowingProgress(*window, folder, *end.restore);
    }
}

}  // namespace qrgate::gui

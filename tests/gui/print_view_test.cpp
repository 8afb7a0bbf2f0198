// The Print screen and the ticket detail's paper buttons, drawn without a window: what they ask
// the app for when the organizer changes an option, saves, prints or cancels, and what they
// refuse to ask for (QR codes on a gate's replica, printing without CUPS).
#include <gtest/gtest.h>

#include <algorithm>

#include "imgui_headless.hpp"
#include "recording_commands.hpp"
#include "views/console_shell.hpp"
#include "views/paper_widgets.hpp"
#include "views/print_view.hpp"
#include "views/tickets_view.hpp"

namespace qrgate::views {
namespace {

using testing::HeadlessImGui;

// An event with 10,000 tickets counted, a printer, and the preview's figures in.
ConsoleState printState() {
    ConsoleState s = stateWithAnEvent();
    s.print.documentsDir = "/home/ana/Documents";
    s.print.layouts = LayoutCatalog::builtIn().all();
    s.print.tickets = 10'000;
    s.print.printersLoaded = true;
    PrinterInfo laser;
    laser.name = "office-laser";
    laser.description = "Office laser";
    laser.isDefault = true;
    s.print.printers = {laser};
    return s;
}

struct PrintScreen {
    HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = printState();
    RecordingCommands commands;

    PrintScreen() {
        EXPECT_TRUE(shell.select("print"));
        frames(2);
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) ui.frame([&] { shell.draw(state, commands); });
    }
    auto drawer() {
        return [this] { shell.draw(state, commands); };
    }
    std::vector<std::string> callsStartingWith(const std::string& prefix) const {
        std::vector<std::string> out;
        for (const auto& c : commands.calls)
            if (c.rfind(prefix, 0) == 0) out.push_back(c);
        return out;
    }
    // Clicks through the options column's strip `fromRight` wide at its right edge (where the
    // buttons are), below its first `skipRows` rows (the combos), until `done`.
    template <class Done>
    bool clickButtons(float fromRight, Done&& done, float skipRows = 3) {
        ImGuiWindow* options = HeadlessImGui::findWindow("##printOptions");
        if (!options) return false;
        const float row = ImGui::GetFrameHeightWithSpacing();
        const ImVec2 min{std::max(options->Pos.x, options->Pos.x + options->Size.x - fromRight),
                         options->Pos.y + skipRows * row};
        const ImVec2 max{options->Pos.x + options->Size.x, options->Pos.y + options->Size.y};
        return ui.clickThrough(min, max, 6, drawer(), done);
    }
    PrintView* view() { return dynamic_cast<PrintView*>(shell.find("print")); }
};

TEST(PrintView, ReplacesTheComingSoonEntryAndAsksForItsDataWhenShown) {
    PrintScreen s;
    ASSERT_NE(s.view(), nullptr);
    EXPECT_EQ(s.view()->comingNote(), nullptr) << "reachable, no longer greyed";
    ASSERT_FALSE(s.commands.calls.empty());
    EXPECT_EQ(s.commands.calls.front(), "openPrint");
    ASSERT_EQ(s.commands.paperCommands.options.size(), 1u) << "the options once, not every frame";
    const PrintOptions& o = s.commands.paperCommands.options.front();
    EXPECT_EQ(o.eventId, "EV000001");
    EXPECT_EQ(o.tickets, PrintOptions::Tickets::All);
    EXPECT_EQ(o.layout, "grid-8");
    EXPECT_EQ(o.paper, "a4");
    EXPECT_EQ(o.printer, "office-laser") << "the default printer, for its calibration";
    EXPECT_GE(o.previewWidthPx, 160) << "the preview is drawn at the size it is shown";
    EXPECT_EQ(o.previewWidthPx % 16, 0);
}

TEST(PrintView, ALayoutChosenInItsComboIsSentOnceAndLabelStockFixesThePaper) {
    PrintScreen s;
    ImGuiWindow* options = HeadlessImGui::findWindow("##printOptions");
    ASSERT_NE(options, nullptr);
    const float row = ImGui::GetFrameHeightWithSpacing();
    // The layout combo is the second row; open it and pick its last entry.
    s.ui.click(options->Pos.x + options->Size.x - px(60), options->Pos.y + row * 1.5f, s.drawer());
    s.frames(1);  // a popup has its size from its second frame on
    ImGuiWindow* popup = HeadlessImGui::findWindow("##Combo");
    ASSERT_NE(popup, nullptr) << "the layout list opened";
    const SheetLayout last = LayoutCatalog::builtIn().all().back();
    ASSERT_TRUE(last.labels);
    const std::size_t before = s.commands.paperCommands.options.size();
    s.ui.click(popup->Pos.x + px(40), popup->Pos.y + popup->Size.y - ImGui::GetStyle().WindowPadding.y - px(6), s.drawer());
    s.frames(2);
    ASSERT_EQ(s.commands.paperCommands.options.size(), before + 1) << "one change, one message";
    EXPECT_EQ(s.commands.paperCommands.options.back().layout, last.name);

    // The paper combo is disabled for label stock: clicking it opens nothing.
    s.ui.click(options->Pos.x + options->Size.x - px(60), options->Pos.y + row * 2.5f, s.drawer());
    s.frames(1);
    EXPECT_EQ(HeadlessImGui::findWindow("##Combo"), nullptr);
    EXPECT_EQ(s.commands.paperCommands.options.size(), before + 1);

    // Changing back to a grid and to Letter: each is sent.
    s.view()->setLayout("grid-4");
    s.frames(1);
    s.view()->setPaper("letter");
    s.frames(1);
    ASSERT_EQ(s.commands.paperCommands.options.size(), before + 3);
    EXPECT_EQ(s.commands.paperCommands.options.back().layout, "grid-4");
    EXPECT_EQ(s.commands.paperCommands.options.back().paper, "letter");
}

TEST(PrintView, TheSelectedTicketIsWhatTheSelectionOptionPrints) {
    PrintScreen s;
    Ticket t;
    t.id = "T0000000042A";
    t.number = 42;
    t.holderName = "Ana Lima";
    s.state.selectedTicket = t;
    s.state.ticketSelection.selectOnly(t.id, 0);
    ImGuiWindow* options = HeadlessImGui::findWindow("##printOptions");
    ASSERT_NE(options, nullptr);
    const float row = ImGui::GetFrameHeightWithSpacing();
    s.ui.click(options->Pos.x + options->Size.x - px(60), options->Pos.y + row * 0.5f, s.drawer());
    s.frames(1);
    ImGuiWindow* popup = HeadlessImGui::findWindow("##Combo");
    ASSERT_NE(popup, nullptr);
    // Entries: all, one per type (one here), the selected ticket, not emailed, email failed.
    const float item = ImGui::GetTextLineHeight() + ImGui::GetStyle().ItemSpacing.y;
    s.ui.click(popup->Pos.x + px(40), popup->Pos.y + ImGui::GetStyle().WindowPadding.y + item * 2.5f, s.drawer());
    s.frames(1);
    const PrintOptions& o = s.commands.paperCommands.options.back();
    EXPECT_EQ(o.tickets, PrintOptions::Tickets::Selected);
    EXPECT_EQ(o.chosen.ids, std::vector<std::string>{"T0000000042A"});
    EXPECT_FALSE(o.chosen.matching);

    // "Select all shown" on the Tickets screen: the query goes to the printer's side, not the ids.
    TicketQuery shown;
    shown.eventId = s.state.currentEventId;
    shown.search = "ana";
    s.state.ticketSelection.showing(shown);
    s.state.ticketSelection.selectAllShown();
    s.frames(1);
    const PrintOptions& all = s.commands.paperCommands.options.back();
    EXPECT_EQ(all.tickets, PrintOptions::Tickets::Selected);
    EXPECT_TRUE(all.chosen.ids.empty());
    ASSERT_TRUE(all.chosen.matching);
    EXPECT_EQ(all.chosen.matching->search, "ana");
}

TEST(PrintView, SavePdfWritesTheSuggestedFileInTheDocumentsFolder) {
    PrintScreen s;
    ASSERT_TRUE(s.clickButtons(px(130), [&] { return !s.callsStartingWith("savePaper").empty(); }));
    EXPECT_EQ(s.callsStartingWith("savePaper"),
              std::vector<std::string>{"savePaper sheet /home/ana/Documents/"
                                       "qrgate-fête-de-la-musique-Ünïcödé-tickets.pdf"});
    EXPECT_TRUE(s.callsStartingWith("printPaper").empty());
}

TEST(PrintView, PrintSendsTheSheetToTheChosenPrinter) {
    PrintScreen s;
    // Only the Print button's column: the copies field's +/- sit left of it.
    ASSERT_TRUE(s.clickButtons(px(120), [&] { return !s.callsStartingWith("printPaper").empty(); }));
    EXPECT_EQ(s.callsStartingWith("printPaper"), std::vector<std::string>{"printPaper sheet office-laser 1"});
}

TEST(PrintView, WithoutCupsPrintIsDisabledAndSaysWhyInOneLine) {
    PrintScreen s;
    s.state.print.printers.clear();
    s.state.print.printersError = "No CUPS server answers on this machine: printing is not available.";
    s.frames(2);
    EXPECT_EQ(printingProblem(s.state.print), s.state.print.printersError);
    s.clickButtons(px(240), [] { return false; });
    EXPECT_TRUE(s.callsStartingWith("printPaper").empty()) << "no Print button answers";
    EXPECT_FALSE(s.callsStartingWith("savePaper").empty()) << "saving still works";

    s.state.print.printersError.clear();
    s.state.print.printersLoaded = true;
    EXPECT_NE(printingProblem(s.state.print).find("no printers"), std::string::npos);
}

TEST(PrintView, CancelStopsTheRunningSheet) {
    PrintScreen s;
    auto progress = std::make_shared<TaskProgress>();
    progress->report(3'000, 10'000);
    s.state.tasks = {TaskHandle(7, "Saving 10,000 tickets", progress)};
    s.state.print.busy = true;
    s.frames(2);
    ImGuiWindow* task = HeadlessImGui::findWindow("##task");
    ASSERT_NE(task, nullptr) << "the running sheet's progress bar";
    ASSERT_TRUE(s.ui.clickThrough(task->Pos, {task->Pos.x + task->Size.x, task->Pos.y + task->Size.y}, 8, s.drawer(),
                                  [&] { return !s.callsStartingWith("cancel").empty(); }));
    EXPECT_EQ(s.callsStartingWith("cancel"), std::vector<std::string>{"cancel 7"});
    // While it runs, no second sheet is started.
    s.clickButtons(px(130), [] { return false; });
    EXPECT_TRUE(s.callsStartingWith("savePaper sheet").empty());
}

TEST(PrintView, OnAGateReplicaOnlyTheDoorListIsOffered) {
    PrintScreen s;
    s.state.print.noKeyFile = true;
    s.frames(2);
    EXPECT_NE(HeadlessImGui::findWindow("##noKeys"), nullptr) << "the line saying it needs the organizer's machine";
    // Everything under the combos: only the door list's buttons answer.
    ASSERT_TRUE(s.clickButtons(px(1000), [&] { return !s.callsStartingWith("savePaper doorlist").empty(); }));
    EXPECT_TRUE(s.callsStartingWith("savePaper sheet").empty());
    EXPECT_TRUE(s.callsStartingWith("printPaper sheet").empty());
    EXPECT_EQ(s.callsStartingWith("savePaper doorlist").front(),
              "savePaper doorlist /home/ana/Documents/qrgate-fête-de-la-musique-Ünïcödé-door-list.pdf");
}

TEST(PrintView, NamesTheFontsCannotDrawAreListed) {
    PrintScreen s;
    const int plain = [&] {
        int v = 0;
        s.ui.frame([&] { s.shell.draw(s.state, s.commands); });
        v = s.ui.frame([&] { s.shell.draw(s.state, s.commands); });
        return v;
    }();
    s.state.print.undrawableCount = 3;
    s.state.print.undrawable = {{7, "\xF0\x9F\x8E\x89 Party"}, {9, "Ana \xF0\x93\x80\x80"}, {11, "Lin"}};
    s.frames(1);
    EXPECT_NE(HeadlessImGui::findWindow("##undrawable"), nullptr);
    EXPECT_GT(s.ui.frame([&] { s.shell.draw(s.state, s.commands); }), plain + 200) << "the list's lines";
}

TEST(TicketDetail, SavePngSavePdfAndPrintTheSelectedTicket) {
    HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = printState();
    RecordingCommands commands;
    ASSERT_TRUE(shell.select("tickets"));
    Ticket t;
    t.id = "T0000000042A";
    t.number = 42;
    t.holderName = "Ana Lima";
    t.typeId = 1;
    t.typeName = "General";
    state.selectedTicket = t;
    state.selectedQrData = "QG1-EXAMPLE";
    dynamic_cast<TicketsView*>(shell.find("tickets"))->select(t.id);
    auto draw = [&] { shell.draw(state, commands); };
    ui.frame(draw);
    ui.frame(draw);
    auto calls = [&](const std::string& prefix) {
        return std::count_if(commands.calls.begin(), commands.calls.end(),
                             [&](const std::string& c) { return c.rfind(prefix, 0) == 0; });
    };
    ImGuiWindow* detail = HeadlessImGui::findWindow("##ticketDetail");
    ASSERT_NE(detail, nullptr);
    const ImVec2 dMin = detail->Pos, dMax{detail->Pos.x + detail->Size.x, detail->Pos.y + detail->Size.y};
    // Save PNG... opens a popup with the suggested path; its Save button saves.
    ASSERT_TRUE(ui.clickThrough(dMin, dMax, 6, draw, [&] { return HeadlessImGui::findWindow("Save ticket") != nullptr; }));
    ui.frame(draw);  // a popup has its size from its second frame on
    ImGuiWindow* popup = HeadlessImGui::findWindow("Save ticket");
    ASSERT_NE(popup, nullptr);
    ASSERT_TRUE(ui.clickThrough(popup->Pos, {popup->Pos.x + popup->Size.x, popup->Pos.y + popup->Size.y}, 6, draw,
                                [&] { return calls("saveTicket") > 0; }));
    EXPECT_EQ(commands.calls.back(),
              "saveTicket T0000000042A png /home/ana/Documents/qrgate-fête-de-la-musique-Ünïcödé-ticket-000042.png");
    EXPECT_EQ(calls("setTicketState"), 0) << "Save PNG comes before Void";

    // Without the key file (a gate's replica) the buttons do nothing.
    state.selectedQrData.clear();
    state.selectedQrError = "No QR code on this machine";
    commands.calls.clear();
    ui.frame(draw);
    ui.clickThrough(dMin, {dMax.x, dMin.y + (dMax.y - dMin.y) * 0.6f}, 8, draw, [] { return false; });
    EXPECT_EQ(HeadlessImGui::findWindow("Save ticket"), nullptr);
    EXPECT_EQ(HeadlessImGui::findWindow("Print ticket"), nullptr);
}

TEST(PaperWidgets, SuggestedPathsKeepLettersOfEveryScriptAndDropPunctuation) {
    EXPECT_EQ(suggestedPaperPath("/home/ana", "Summer Fest 2026", "tickets"), "/home/ana/qrgate-summer-fest-2026-tickets.pdf");
    EXPECT_EQ(suggestedPaperPath("/home/ana/", "Fête — “Ünï”!", "door-list"), "/home/ana/qrgate-fête-Ünï-door-list.pdf");
    EXPECT_EQ(suggestedPaperPath("/d", "Фестиваль / नमस्ते", "tickets"), "/d/qrgate-Фестиваль-नमस्ते-tickets.pdf");
    EXPECT_EQ(suggestedPaperPath("/d", "???", "tickets"), "/d/qrgate-event-tickets.pdf");
    EXPECT_EQ(suggestedPaperPath("/d", "Ana", "ticket-000042", "png"), "/d/qrgate-ana-ticket-000042.png");
}

TEST(PaperWidgets, LongTextIsCutWithAnEllipsis) {
    HeadlessImGui ui;
    ui.frame([&] {
        const std::string title = "Labels 3 x 7 on A4 (63.5 x 38.1 mm, L7160)";
        EXPECT_EQ(ellipsized(title, 10000), title);
        const std::string cut = ellipsized(title, ImGui::CalcTextSize("Labels 3 x 7").x + 12);
        EXPECT_LE(ImGui::CalcTextSize(cut.c_str()).x, ImGui::CalcTextSize("Labels 3 x 7").x + 12);
        EXPECT_EQ(cut.substr(cut.size() - 3), "\xE2\x80\xA6");
        EXPECT_EQ(cut.rfind("Labels", 0), 0u);
    });
}

}  // namespace
}  // namespace qrgate::views

// The Tickets screen's multi-selection, Void N..., Edit... and Export CSV..., drawn without a
// window: what the screen asks the app to do when the organizer clicks, Ctrl+clicks,
// Shift+clicks, selects all shown, confirms, and types a name and an email.
#include <gtest/gtest.h>

#include "imgui_headless.hpp"
#include "recording_commands.hpp"
#include "views/console_shell.hpp"
#include "views/layout.hpp"
#include "views/tickets_view.hpp"

namespace qrgate::views {
namespace {

using testing::HeadlessImGui;

// ---------------------------------------------------------------- the selection's logic

TicketQuery shown(const std::string& search = "") {
    TicketQuery q;
    q.eventId = "EV000001";
    q.search = search;
    return q;
}

TEST(TicketSelection, AClickChoosesOneCtrlAddsShiftTakesTheRange) {
    TicketSelection s;
    s.showing(shown());
    s.selectOnly("T3", 3);
    EXPECT_EQ(s.count(1000), 1u);
    EXPECT_EQ(s.single(), "T3");
    s.toggle("T7", 7);
    EXPECT_EQ(s.count(1000), 2u);
    EXPECT_FALSE(s.single());
    s.toggle("T7", 7);
    EXPECT_EQ(s.single(), "T3") << "Ctrl+click again takes it out";

    s.selectOnly("T3", 3);
    s.extendTo(10);  // from T3, the last one clicked
    EXPECT_EQ(s.count(1000), 8u);
    EXPECT_TRUE(s.contains("T5", 5));
    EXPECT_FALSE(s.contains("T11", 11));
    s.toggle("T5", 5);
    EXPECT_FALSE(s.contains("T5", 5));
    EXPECT_EQ(s.count(1000), 7u);
    auto c = s.choice();
    ASSERT_TRUE(c.matching);
    EXPECT_EQ(c.matching->offset, 3u);
    EXPECT_EQ(c.matching->limit, 8u);
    EXPECT_EQ(c.except, std::vector<std::string>{"T5"});
    EXPECT_EQ(c.matching->eventId, "EV000001");
}

TEST(TicketSelection, AllShownIsTheQueryNotItsIds) {
    TicketSelection s;
    s.showing(shown("ana"));
    s.selectAllShown();
    EXPECT_TRUE(s.allShown());
    EXPECT_EQ(s.count(100000), 100000u);
    EXPECT_TRUE(s.contains("T99999", 99999)) << "rows never loaded are in it";
    s.toggle("T42", 42);
    EXPECT_EQ(s.count(100000), 99999u);
    const auto c = s.choice();
    EXPECT_TRUE(c.ids.empty());
    ASSERT_TRUE(c.matching);
    EXPECT_EQ(c.matching->search, "ana");
    EXPECT_EQ(c.matching->limit, 0u) << "to the end";
    EXPECT_EQ(c.except, std::vector<std::string>{"T42"});
}

TEST(TicketSelection, AnotherSearchKeepsTicketsChosenOneByOneAndDropsRanges) {
    TicketSelection s;
    s.showing(shown("ana"));
    s.selectOnly("T1", 0);
    s.toggle("T2", 1);
    s.showing(shown("bo"));
    s.toggle("T9", 0);
    EXPECT_EQ(s.count(3), 3u) << "Ana's two and Bo's one";
    s.selectAllShown();
    s.showing(shown("carl"));
    EXPECT_TRUE(s.empty()) << "'all shown' was of Bo's rows";
    s.showing(shown("carl"));  // the same query again changes nothing
    s.selectOnly("T4", 0);
    s.showing(shown("carl"));
    EXPECT_EQ(s.single(), "T4");
    TicketQuery other = shown("carl");
    other.eventId = "EV000002";
    s.showing(other);
    EXPECT_TRUE(s.empty()) << "another event's table chooses among its own tickets";
}

// ---------------------------------------------------------------- the screen

struct TicketsScreen {
    HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = stateWithAnEvent();
    RecordingCommands commands;

    TicketsScreen() {
        shell.select("tickets");
        frames(1);
        // The app's answer: 100,000 tickets, the first page of them.
        std::vector<Ticket> rows(TicketPager::kPageSize);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            rows[i].id = "T" + std::to_string(i);
            rows[i].number = static_cast<std::int64_t>(i + 1);
            rows[i].holderName = "\xC3\x89mile Zola " + std::to_string(i);
            rows[i].holderEmail = "guest" + std::to_string(i) + "@example.org";
            rows[i].typeName = "General";
        }
        state.tickets.deliver(commands.fetches.at(0).generation, 0, rows, 100000);
        frames(2);
    }
    std::function<void()> drawer() {
        return [this] { shell.draw(state, commands); };
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) ui.frame(drawer());
    }
    TicketsView& view() { return *dynamic_cast<TicketsView*>(shell.find("tickets")); }
    bool click(const char* window, const char* label) { return ui.clickItem(window, label, drawer()); }
    // A click where the pointer rests first, as a hand moves it there: the row's selectable lets
    // the check box over it take a click only when the pointer was on the check box already.
    void clickAt(float x, float y) {
        ImGui::GetIO().MousePos = {x, y};
        frames(1);
        ui.click(x, y, drawer());
    }
    std::size_t chosen() { return state.ticketSelection.count(state.tickets.total().value_or(0)); }
    bool called(const std::string& call) {
        return std::find(commands.calls.begin(), commands.calls.end(), call) != commands.calls.end();
    }
};

// Where the table's rows are: the first pixel row of row 0's check box and the rows' pitch,
// found by clicking down the check box column as a person would.
struct RowGeometry {
    float x = 0, firstY = 0, pitch = 0;
};

RowGeometry findRows(TicketsScreen& s) {
    ImGuiWindow* table = HeadlessImGui::findWindow("##tickets");
    EXPECT_NE(table, nullptr);
    RowGeometry g;
    if (!table) return g;
    g.x = table->Pos.x + px(13);
    const auto rowAt = [&](float y) -> int {
        s.clickAt(g.x, y);
        int row = -1;
        for (int r = 0; r < 3 && row < 0; ++r)
            if (s.state.ticketSelection.contains("T" + std::to_string(r), static_cast<std::size_t>(r))) row = r;
        s.state.ticketSelection.clear();
        return row;
    };
    float y = table->Pos.y;
    for (; y < table->Pos.y + 150 && rowAt(y) != 0; y += 1) {
    }
    g.firstY = y;
    for (; y < g.firstY + 100 && rowAt(y) != 1; y += 1) {
    }
    g.pitch = y - g.firstY;
    return g;
}

TEST(TicketsView, CtrlClickAddsShiftClickTakesTheRowsBetween) {
    TicketsScreen s;
    const auto rows = findRows(s);
    ASSERT_GT(rows.pitch, 10);
    float clipperRow = 0;
    s.ui.frame([&] {
        s.shell.draw(s.state, s.commands);
        clipperRow = clipperRowHeight(std::max(ImGui::GetTextLineHeight(), chipHeight()) + px(4));
    });
    EXPECT_EQ(rows.pitch, clipperRow) << "the check box keeps the row as tall as the clipper is told";
    // A row's middle, where its check box is (the selectable covers the whole row).
    const auto rowY = [&](int r) { return rows.firstY + rows.pitch * (static_cast<float>(r) + 0.5f) - 3; };
    ImGuiWindow* table = HeadlessImGui::findWindow("##tickets");
    const float nameX = table->Pos.x + table->Size.x * 0.35f;

    s.clickAt(nameX, rowY(2));
    EXPECT_EQ(s.state.ticketSelection.single(), "T2");
    EXPECT_TRUE(s.called("selectTicket T2")) << "the detail shows it";

    ImGui::GetIO().KeyCtrl = true;
    s.clickAt(nameX, rowY(4));
    ImGui::GetIO().KeyCtrl = false;
    EXPECT_EQ(s.chosen(), 2u);
    EXPECT_TRUE(s.state.ticketSelection.contains("T4", 4));

    ImGui::GetIO().KeyShift = true;
    s.clickAt(nameX, rowY(7));
    ImGui::GetIO().KeyShift = false;
    EXPECT_EQ(s.chosen(), 4u) << "rows 4 to 7, from the last one clicked";
    for (int r : {4, 5, 6, 7}) EXPECT_TRUE(s.state.ticketSelection.contains("T" + std::to_string(r), r)) << r;
    EXPECT_FALSE(s.state.ticketSelection.contains("T2", 2));

    // The check box takes a row out, the rest stays.
    s.clickAt(rows.x, rowY(5));
    EXPECT_EQ(s.chosen(), 3u);
    EXPECT_FALSE(s.state.ticketSelection.contains("T5", 5));

    // The detail panel offers what can be done with three.
    s.frames(1);
    ASSERT_TRUE(s.click("##ticketDetail", "Void 3..."));
    s.frames(1);
    ASSERT_TRUE(s.click("Void tickets?", "Void 3 tickets"));
    ASSERT_TRUE(s.called("setTicketsState void"));
    const auto& choice = s.commands.stateChanges.back();
    ASSERT_TRUE(choice.matching);
    EXPECT_EQ(choice.matching->offset, 4u);
    EXPECT_EQ(choice.matching->limit, 4u);
    EXPECT_EQ(choice.except, std::vector<std::string>{"T5"});
}

TEST(TicketsView, SelectAllShownVoidsEveryMatchingTicketAfterSayingHowMany) {
    TicketsScreen s;
    s.view().setSearch("emile");
    s.frames(2);
    // The search asks again; its answer: 1,234 of them.
    auto request = s.commands.fetches.back();
    ASSERT_EQ(request.query.search, "emile");
    std::vector<Ticket> rows(TicketPager::kPageSize);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].id = "E" + std::to_string(i);
    s.state.tickets.deliver(request.generation, 0, rows, 1234);
    s.frames(1);

    ASSERT_TRUE(s.click("##main", "Select all shown"));
    EXPECT_EQ(s.chosen(), 1234u);
    s.frames(1);
    ASSERT_TRUE(s.click("##ticketDetail", "Restore 1,234..."));
    s.frames(1);
    ASSERT_NE(HeadlessImGui::findWindow("Restore tickets?"), nullptr);
    ASSERT_TRUE(s.click("Restore tickets?", "Cancel"));
    EXPECT_FALSE(s.called("setTicketsState valid")) << "Cancel changes nothing";

    ASSERT_TRUE(s.click("##ticketDetail", "Void 1,234..."));
    s.frames(1);
    ASSERT_TRUE(s.click("Void tickets?", "Void 1,234 tickets"));
    ASSERT_EQ(s.commands.stateChanges.size(), 1u);
    const auto& choice = s.commands.stateChanges.back();
    EXPECT_TRUE(choice.ids.empty()) << "a query, not 1,234 ids";
    ASSERT_TRUE(choice.matching);
    EXPECT_EQ(choice.matching->search, "emile");
    EXPECT_EQ(choice.matching->limit, 0u);
    EXPECT_EQ(choice.matching->offset, 0u);

    // Clear lets go; Ctrl+A (outside a text field) chooses all shown again.
    ASSERT_TRUE(s.click("##main", "Clear"));
    EXPECT_EQ(s.chosen(), 0u);
    ImGui::GetIO().KeyCtrl = true;
    s.ui.press('A');
    s.frames(1);
    s.ui.releaseAll();
    ImGui::GetIO().KeyCtrl = false;
    s.frames(1);
    EXPECT_EQ(s.chosen(), 1234u);
}

TEST(TicketsView, EditChecksTheFieldsAsTheImportDoesAndClosesOnceSaved) {
    TicketsScreen s;
    Ticket t;
    t.id = "T0000000042A";
    t.number = 42;
    t.holderName = "Ana Lima";
    t.holderEmail = "ana@example.org";
    t.typeId = 1;
    t.typeName = "General";
    s.state.selectedTicket = t;
    s.view().select(t.id, 42);
    s.frames(2);
    ASSERT_TRUE(s.click("##ticketDetail", "Edit..."));
    s.frames(2);
    ASSERT_NE(HeadlessImGui::findWindow("Edit attendee"), nullptr);
    EXPECT_FALSE(s.click("Edit attendee", "Save###save")) << "nothing changed yet: nothing to save";

    s.view().setEditFields("   ", "ana@example.org");
    s.frames(1);
    EXPECT_FALSE(s.click("Edit attendee", "Save###save")) << "a name is needed";
    s.view().setEditFields("Ana Lima-Souza", "ana at example");
    s.frames(1);
    EXPECT_FALSE(s.click("Edit attendee", "Save###save")) << "not an email address";
    s.view().setEditFields("  Ana   Lima-Souza ", "ana.souza@example.org ");
    s.frames(1);
    ASSERT_TRUE(s.click("Edit attendee", "Save###save"));
    EXPECT_TRUE(s.called("editTicket T0000000042A Ana Lima-Souza <ana.souza@example.org>")) << "as it will be stored";

    // The app refuses: the modal stays open with the refusal under the field.
    s.state.ticketEdit = {t.id, false, false, "", "The server says no.", ""};
    s.frames(2);
    EXPECT_NE(HeadlessImGui::findWindow("Edit attendee"), nullptr);
    // Then it is saved: the modal closes.
    s.state.ticketEdit = {t.id, false, true, "", "", ""};
    s.frames(3);
    EXPECT_EQ(HeadlessImGui::findWindow("Edit attendee"), nullptr);
}

TEST(TicketsView, ExportCsvExportsWhatIsShownOrEverything) {
    TicketsScreen s;
    s.view().setSearch("zola");
    s.frames(2);
    ASSERT_TRUE(s.click("##main", "Export CSV..."));
    s.frames(2);
    ASSERT_NE(HeadlessImGui::findWindow("Export attendees"), nullptr);
    ASSERT_TRUE(s.click("Export attendees", "Export"));
    ASSERT_EQ(s.commands.exports.size(), 1u);
    EXPECT_EQ(s.commands.exports[0].search, "zola");
    EXPECT_TRUE(s.called("exportAttendees /tmp/qrgate/attendees-EV000001.csv"));

    ASSERT_TRUE(s.click("##main", "Export CSV..."));
    s.frames(2);
    ASSERT_TRUE(s.click("Export attendees", "###all"));
    ASSERT_TRUE(s.click("Export attendees", "Export"));
    ASSERT_EQ(s.commands.exports.size(), 2u);
    EXPECT_EQ(s.commands.exports[1].search, "");
    EXPECT_EQ(s.commands.exports[1].eventId, "EV000001");
}

}  // namespace
}  // namespace qrgate::views

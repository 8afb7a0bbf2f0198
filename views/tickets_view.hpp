#pragma once
// Tickets: a table over every ticket of the event (100,000 rows stay smooth: only the visible
// rows are drawn, pages come from the app off the UI thread), search, sort, filters, and the
// selected ticket with its QR code, void/restore, reissue, edit, and Save PNG / Save PDF / Print.
// Many tickets can be chosen (Ctrl+click, Shift+click, "Select all shown") and voided or restored
// at once; what is shown, or the whole event, exports as CSV.
#include <optional>
#include <string>

#include "views/console_view.hpp"
#include "views/paper_widgets.hpp"

namespace qrgate::views {

class TicketsView final : public ConsoleView {
public:
    const char* id() const override { return "tickets"; }
    const char* title() const override { return "Tickets"; }
    const char* icon() const override { return "\xE2\x96\xA4"; }  // ▤
    void onShow(ConsoleState& state, ConsoleCommands& commands) override;
    void draw(ConsoleState& state, ConsoleCommands& commands) override;

    // Automation (screenshot and frame-time tests): scroll the table by `rows` next frame.
    void scrollBy(float rows) { m_scrollRequest += rows; }
    float scrollFraction() const { return m_scrollFraction; }
    void setSearch(const std::string& text);
    // Selects the ticket of table row `row` next frame, as a click (with Ctrl: adds it; with
    // Shift: the rows from the last one clicked) would.
    void select(const std::string& ticketId, std::size_t row = 0, bool ctrl = false, bool shift = false) {
        m_pendingClick = PendingClick{ticketId, row, ctrl, shift};
    }
    void selectAllShown() { m_pendingSelectAll = true; }
    // Opens Edit... for the selected ticket, Void N... or Restore N... for the selection.
    void openEdit() { m_openEdit = true; }
    void askToSetState(TicketState state) { (state == TicketState::Void ? m_openVoid : m_openRestore) = true; }
    // The edit modal's fields, as if typed; its Save, as if pressed (when it can be).
    void setEditFields(const std::string& name, const std::string& email);
    void pressSaveEdit() { m_pressSave = true; }
    // Voids or restores the selection without asking (what Yes in "Void N tickets?" does).
    void setSelectionStateNow(TicketState state) { m_stateNow = state; }

private:
    struct PendingClick {
        std::string id;
        std::size_t row = 0;
        bool ctrl = false, shift = false;
    };

    TicketQuery buildQuery(const ConsoleState& state) const;
    void drawToolbar(ConsoleState& state, ConsoleCommands& commands);
    void drawSelectionBar(ConsoleState& state);
    void drawTable(ConsoleState& state, ConsoleCommands& commands, float width);
    void click(ConsoleState& state, ConsoleCommands& commands, const std::string& id, std::size_t row, bool ctrl,
               bool shift);
    void drawDetail(ConsoleState& state, ConsoleCommands& commands);
    void drawChosen(ConsoleState& state, std::size_t chosen);
    // tickets_dialogs.cpp
    void drawIssuePopup(ConsoleState& state, ConsoleCommands& commands);
    void drawEditPopup(ConsoleState& state, ConsoleCommands& commands);
    void drawExportPopup(ConsoleState& state, ConsoleCommands& commands);
    void drawStateConfirms(ConsoleState& state, ConsoleCommands& commands);

    char m_search[128] = "";
    int m_typeFilter = 0;   // 0 = all, else index+1 into state.types
    int m_stateFilter = 0;  // 0 all, 1 valid, 2 void, 3 inside
    TicketSort m_sort = TicketSort::Number;
    bool m_descending = false;
    std::string m_selectedId;  // the ticket the detail panel shows (the selection's only one)
    std::optional<PendingClick> m_pendingClick;
    bool m_pendingSelectAll = false;
    float m_scrollRequest = 0;
    float m_scrollFraction = 0;
    bool m_focusSearch = false;
    bool m_openIssue = false;
    int m_issueCount = 100;
    int m_issueType = 0;
    bool m_confirmReissue = false;
    TicketPaperActions m_paper;  // Save PNG, Save PDF, Print of the selected ticket

    // Edit...: a draft of the selected ticket's name and email.
    bool m_openEdit = false;
    std::string m_editId;
    char m_editName[512] = "";
    char m_editEmail[320] = "";
    int m_editFieldsGeneration = 0;
    bool m_pressSave = false;
    std::optional<TicketState> m_stateNow;
    // Void N... / Restore N...: asked with the count, then sent as the choice it was asked about.
    bool m_openVoid = false;
    bool m_openRestore = false;
    // Export CSV...
    bool m_openExport = false;
    bool m_exportAll = false;  // else what is shown
    char m_exportPath[1024] = "";
};

}  // namespace qrgate::views

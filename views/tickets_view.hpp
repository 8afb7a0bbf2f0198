#pragma once
// Tickets: a table over every ticket of the event (100,000 rows stay smooth: only the visible
// rows are drawn, pages come from the app off the UI thread), search, sort, filters, and the
// selected ticket with its QR code, void/restore, reissue, and Save PNG / Save PDF / Print.
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
    void select(const std::string& ticketId) { m_selectedId = ticketId; }

private:
    TicketQuery buildQuery(const ConsoleState& state) const;
    void drawToolbar(ConsoleState& state, ConsoleCommands& commands);
    void drawTable(ConsoleState& state, ConsoleCommands& commands, float width);
    void drawDetail(ConsoleState& state, ConsoleCommands& commands);
    void drawIssuePopup(ConsoleState& state, ConsoleCommands& commands);

    char m_search[128] = "";
    int m_typeFilter = 0;   // 0 = all, else index+1 into state.types
    int m_stateFilter = 0;  // 0 all, 1 valid, 2 void, 3 inside
    TicketSort m_sort = TicketSort::Number;
    bool m_descending = false;
    std::string m_selectedId;
    float m_scrollRequest = 0;
    float m_scrollFraction = 0;
    bool m_focusSearch = false;
    bool m_openIssue = false;
    int m_issueCount = 100;
    int m_issueType = 0;
    bool m_confirmReissue = false;
    TicketPaperActions m_paper;  // Save PNG, Save PDF, Print of the selected ticket
};

}  // namespace qrgate::views

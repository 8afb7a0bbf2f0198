#pragma once
// The Tickets table's multi-selection, over rows the table may never have loaded: a click chooses
// one ticket, Ctrl+click adds or removes one, Shift+click the rows from the last clicked one,
// "Select all shown" every row of the search and filter. A range and "all shown" are kept as the
// query (with the range as its offset and limit) and the few rows taken out of it, never as
// 100,000 ids; core resolves them (TicketStore::setState, chosenIds). Pure logic, like the pager.
//
// Rows are known by id and by their index in the table. A range or "all shown" belongs to the
// rows shown when it was made: when the search, filter or sort changes it goes, and tickets
// chosen one by one stay (until another event is shown).
#include <cstddef>
#include <optional>
#include <set>
#include <string>

#include "core/tickets/ticket_store.hpp"

namespace qrgate::views {

class TicketSelection {
public:
    // The table shows `query` now (limit and offset aside).
    void showing(const TicketQuery& query);

    void clear();
    // A plain click: this ticket alone.
    void selectOnly(const std::string& id, std::size_t row);
    // Ctrl+click or the row's check box: in or out, the rest stays.
    void toggle(const std::string& id, std::size_t row);
    // Shift+click: the rows from the last clicked one to `row`, in place of the rest.
    void extendTo(std::size_t row);
    // "Select all shown": every row of the query shown, loaded or not.
    void selectAllShown();

    bool contains(const std::string& id, std::size_t row) const;
    // How many are chosen, with `shownTotal` the rows the query shown matches.
    std::size_t count(std::size_t shownTotal) const;
    bool empty() const { return m_ids.empty() && !m_range; }
    bool allShown() const { return m_range && m_range->first == 0 && !m_range->second && m_except.empty(); }
    // The one ticket chosen by id when that is all there is (the detail panel shows it).
    std::optional<std::string> single() const;
    // For core: the ids, and the query shown with the range as its offset and limit.
    TicketChoice choice() const;

private:
    bool inRange(std::size_t row) const;

    TicketQuery m_shown;
    std::set<std::string> m_ids;
    // Rows [first, first + second) of the query shown; no second: to the end.
    std::optional<std::pair<std::size_t, std::optional<std::size_t>>> m_range;
    std::set<std::string> m_except;  // in the range, taken out by Ctrl+click
    std::optional<std::size_t> m_anchor;  // the row last clicked, where Shift+click starts
};

}  // namespace qrgate::views

#include "views/ticket_selection.hpp"

#include <algorithm>

namespace qrgate::views {

namespace {
bool sameRows(const TicketQuery& a, const TicketQuery& b) {
    TicketQuery x = a, y = b;
    x.limit = y.limit = 0;
    x.offset = y.offset = 0;
    return x == y;
}
}  // namespace

void TicketSelection::showing(const TicketQuery& query) {
    if (sameRows(query, m_shown)) return;
    if (query.eventId != m_shown.eventId) m_ids.clear();  // tickets of another event
    m_shown = query;
    m_shown.limit = 0;
    m_shown.offset = 0;
    m_range.reset();
    m_except.clear();
    m_anchor.reset();  // row numbers of another query
}

void TicketSelection::clear() {
    m_ids.clear();
    m_range.reset();
    m_except.clear();
    m_anchor.reset();
}

void TicketSelection::selectOnly(const std::string& id, std::size_t row) {
    clear();
    m_ids.insert(id);
    m_anchor = row;
}

void TicketSelection::toggle(const std::string& id, std::size_t row) {
    m_anchor = row;
    if (inRange(row)) {
        if (!m_except.erase(id)) m_except.insert(id);
        return;
    }
    if (!m_ids.erase(id)) m_ids.insert(id);
}

void TicketSelection::extendTo(std::size_t row) {
    const std::size_t from = m_anchor.value_or(row);
    m_ids.clear();
    m_except.clear();
    m_range = std::make_pair(std::min(from, row), std::optional<std::size_t>(std::max(from, row) - std::min(from, row) + 1));
    m_anchor = from;
}

void TicketSelection::selectAllShown() {
    m_ids.clear();
    m_except.clear();
    m_range = std::make_pair(std::size_t{0}, std::optional<std::size_t>{});
}

bool TicketSelection::inRange(std::size_t row) const {
    if (!m_range) return false;
    const auto& [first, size] = *m_range;
    return row >= first && (!size || row < first + *size);
}

bool TicketSelection::contains(const std::string& id, std::size_t row) const {
    if (inRange(row)) return !m_except.count(id);
    return m_ids.count(id) > 0;
}

std::size_t TicketSelection::count(std::size_t shownTotal) const {
    std::size_t n = m_ids.size();
    if (m_range) {
        const auto& [first, size] = *m_range;
        std::size_t rows = first < shownTotal ? shownTotal - first : 0;
        if (size) rows = std::min(rows, *size);
        n += rows > m_except.size() ? rows - m_except.size() : 0;
    }
    return n;
}

std::optional<std::string> TicketSelection::single() const {
    if (m_range || m_ids.size() != 1) return std::nullopt;
    return *m_ids.begin();
}

TicketChoice TicketSelection::choice() const {
    TicketChoice c;
    c.ids.assign(m_ids.begin(), m_ids.end());
    if (m_range) {
        c.matching = m_shown;
        c.matching->offset = m_range->first;
        c.matching->limit = m_range->second.value_or(0);
        c.except.assign(m_except.begin(), m_except.end());
    }
    return c;
}

}  // namespace qrgate::views

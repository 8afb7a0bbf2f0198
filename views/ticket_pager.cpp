#include "views/ticket_pager.hpp"

#include <algorithm>

namespace qrgate::views {

bool TicketPager::sameFilter(const TicketQuery& a, const TicketQuery& b) const {
    return a.eventId == b.eventId && a.search == b.search && a.typeId == b.typeId && a.state == b.state &&
           a.inside == b.inside && a.sort == b.sort && a.descending == b.descending;
}

void TicketPager::setQuery(const TicketQuery& query) {
    if (m_hasQuery && sameFilter(query, m_query)) return;
    m_hasQuery = true;
    m_query = query;
    m_query.limit = 0;
    m_query.offset = 0;
    ++m_generation;
    m_pages.clear();
    m_wanted.clear();
    m_requested.clear();
    m_total.reset();
    m_countWanted = true;
    m_wanted[0] = true;
}

void TicketPager::invalidate() {
    ++m_generation;
    for (auto& [_, page] : m_pages) page.stale = true;
    m_requested.clear();
    m_wanted.clear();
    m_countWanted = true;
    std::size_t around = m_lastIndex / kPageSize;
    m_wanted[around] = true;
}

const Ticket* TicketPager::row(std::size_t index) {
    m_lastIndex = index;
    const std::size_t page = index / kPageSize;
    auto it = m_pages.find(page);
    if (it == m_pages.end() || it->second.stale) {
        if (!m_requested.count(page)) m_wanted.try_emplace(page, false);
    }
    // Ask for the neighbouring page ahead of time, so scrolling rarely shows unloaded rows.
    const std::size_t within = index % kPageSize;
    const std::size_t near = within >= kPageSize * 3 / 4 ? page + 1 : (within < kPageSize / 4 && page > 0 ? page - 1 : page);
    if (near != page && !m_pages.count(near) && !m_requested.count(near) &&
        (!m_total || near * kPageSize < *m_total))
        m_wanted.try_emplace(near, false);
    if (it == m_pages.end()) return nullptr;
    const std::size_t at = index % kPageSize;
    return at < it->second.rows.size() ? &it->second.rows[at] : nullptr;
}

std::vector<TicketPager::Request> TicketPager::takeRequests() {
    std::vector<Request> out;
    if (!m_hasQuery) return out;
    // Nearest to where the user looks first: a fast scroll asks for many pages.
    std::vector<std::size_t> pages;
    for (auto& [page, _] : m_wanted) pages.push_back(page);
    const std::size_t here = m_lastIndex / kPageSize;
    std::sort(pages.begin(), pages.end(), [here](std::size_t a, std::size_t b) {
        auto da = a > here ? a - here : here - a;
        auto db = b > here ? b - here : here - b;
        return da < db;
    });
    for (std::size_t page : pages) {
        Request r;
        r.generation = m_generation;
        r.query = m_query;
        r.query.limit = kPageSize;
        r.query.offset = page * kPageSize;
        r.page = page;
        r.withCount = m_countWanted;
        m_countWanted = false;
        m_requested[page] = true;
        out.push_back(std::move(r));
    }
    m_wanted.clear();
    return out;
}

void TicketPager::deliver(int generation, std::size_t page, std::vector<Ticket> rows,
                          std::optional<std::size_t> total) {
    if (generation != m_generation) return;
    m_requested.erase(page);
    if (total) m_total = total;
    m_pages[page] = Page{std::move(rows), false};
    evict();
}

void TicketPager::skipped(int generation, std::size_t page) {
    if (generation != m_generation) return;
    m_requested.erase(page);
}

void TicketPager::update(const Ticket& ticket) {
    for (auto& [_, page] : m_pages)
        for (auto& row : page.rows)
            if (row.id == ticket.id) row = ticket;
}

void TicketPager::evict() {
    const std::size_t here = m_lastIndex / kPageSize;
    while (m_pages.size() > kMaxPages) {
        auto far = std::max_element(m_pages.begin(), m_pages.end(), [here](const auto& a, const auto& b) {
            auto da = a.first > here ? a.first - here : here - a.first;
            auto db = b.first > here ? b.first - here : here - b.first;
            return da < db;
        });
        m_pages.erase(far);
    }
}

}  // namespace qrgate::views

#pragma once
// The tickets table's window onto 100,000 rows: pages of rows fetched off the UI thread on
// demand, a bounded cache, and a generation number so that a page of an old query (the user
// typed another letter meanwhile) is never shown. Pure logic: the table asks for rows, the
// controller fetches what `takeRequests` lists and hands pages back with `deliver`.
#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "core/base/model.hpp"
#include "core/tickets/ticket_store.hpp"

namespace qrgate::views {

class TicketPager {
public:
    static constexpr std::size_t kPageSize = 200;
    static constexpr std::size_t kMaxPages = 64;

    struct Request {
        int generation = 0;
        TicketQuery query;  // with limit/offset of the page
        std::size_t page = 0;
        bool withCount = false;
    };

    // A different filter or sort starts over (rows of the old query are dropped).
    void setQuery(const TicketQuery& query);
    const TicketQuery& query() const { return m_query; }
    int generation() const { return m_generation; }

    // The data changed (tickets issued, voided): fetch again, keep showing the old rows until
    // the new ones arrive so the table does not flicker.
    void invalidate();

    // Number of matching rows once known.
    std::optional<std::size_t> total() const { return m_total; }
    // The row at `index` if its page is here; asks for it otherwise.
    const Ticket* row(std::size_t index);
    // Pages to fetch now (each listed once until delivered or invalidated).
    std::vector<Request> takeRequests();
    void deliver(int generation, std::size_t page, std::vector<Ticket> rows, std::optional<std::size_t> total);
    // Patches a cached row after a change the user made (void, restore, reissue).
    void update(const Ticket& ticket);

    // The page the user looks at, so the fetcher can skip pages scrolled past meanwhile.
    std::size_t focusPage() const { return m_lastIndex / kPageSize; }
    // The fetcher skipped a page: ask again if it is still wanted.
    void skipped(int generation, std::size_t page);

    std::size_t cachedPages() const { return m_pages.size(); }
    bool loading() const { return !m_requested.empty() || !m_wanted.empty(); }

private:
    struct Page {
        std::vector<Ticket> rows;
        bool stale = false;
    };
    bool sameFilter(const TicketQuery& a, const TicketQuery& b) const;
    void evict();

    TicketQuery m_query;
    bool m_hasQuery = false;
    int m_generation = 0;
    std::optional<std::size_t> m_total;
    bool m_countWanted = true;
    std::map<std::size_t, Page> m_pages;
    std::map<std::size_t, bool> m_wanted;     // page -> requested count with it
    std::map<std::size_t, bool> m_requested;  // sent, not delivered
    std::size_t m_lastIndex = 0;
};

}  // namespace qrgate::views

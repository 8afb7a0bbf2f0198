// The tickets table's paging: only what is looked at is fetched, old answers are dropped,
// the cache stays bounded.
#include <gtest/gtest.h>

#include "views/ticket_pager.hpp"

namespace qrgate::views {
namespace {

std::vector<Ticket> page(std::size_t first, std::size_t n) {
    std::vector<Ticket> rows(n);
    for (std::size_t i = 0; i < n; ++i) {
        rows[i].id = "T" + std::to_string(first + i);
        rows[i].number = static_cast<std::int64_t>(first + i + 1);
    }
    return rows;
}

TicketQuery query(const std::string& search = "") {
    TicketQuery q;
    q.eventId = "E1";
    q.search = search;
    return q;
}

TEST(TicketPager, AsksForTheFirstPageWithTheCount) {
    TicketPager p;
    p.setQuery(query());
    auto r = p.takeRequests();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].page, 0u);
    EXPECT_TRUE(r[0].withCount);
    EXPECT_EQ(r[0].query.limit, TicketPager::kPageSize);
    EXPECT_TRUE(p.takeRequests().empty()) << "a page is asked for once";
    p.deliver(r[0].generation, 0, page(0, TicketPager::kPageSize), 100000);
    EXPECT_EQ(p.total(), 100000u);
    ASSERT_NE(p.row(5), nullptr);
    EXPECT_EQ(p.row(5)->id, "T5");
}

TEST(TicketPager, FetchesOnlyThePagesLookedAt) {
    TicketPager p;
    p.setQuery(query());
    auto first = p.takeRequests();
    p.deliver(first[0].generation, 0, page(0, 200), 100000);
    for (std::size_t i = 50'060; i < 50'090; ++i) EXPECT_EQ(p.row(i), nullptr);
    auto r = p.takeRequests();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].page, 250u);
    EXPECT_EQ(r[0].query.offset, 50'000u);
    EXPECT_FALSE(r[0].withCount);
}

TEST(TicketPager, ThePageAheadIsFetchedBeforeItIsReached) {
    TicketPager p;
    p.setQuery(query());
    auto first = p.takeRequests();
    p.deliver(first[0].generation, 0, page(0, 200), 100000);
    ASSERT_NE(p.row(180), nullptr);
    auto r = p.takeRequests();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].page, 1u);
}

TEST(TicketPager, AnswersToAnOldQueryAreDropped) {
    TicketPager p;
    p.setQuery(query());
    auto old = p.takeRequests();
    p.setQuery(query("ana"));
    auto fresh = p.takeRequests();
    p.deliver(old[0].generation, 0, page(0, 200), 100000);
    EXPECT_FALSE(p.total().has_value());
    EXPECT_EQ(p.row(0), nullptr);
    p.deliver(fresh[0].generation, 0, page(0, 3), 3);
    EXPECT_EQ(p.total(), 3u);
    EXPECT_EQ(p.row(3), nullptr);
}

TEST(TicketPager, TheSameFilterKeepsTheRows) {
    TicketPager p;
    p.setQuery(query());
    auto r = p.takeRequests();
    p.deliver(r[0].generation, 0, page(0, 200), 500);
    p.setQuery(query());
    EXPECT_NE(p.row(0), nullptr);
}

TEST(TicketPager, InvalidateKeepsShowingOldRowsUntilNewOnesArrive) {
    TicketPager p;
    p.setQuery(query());
    auto r = p.takeRequests();
    p.deliver(r[0].generation, 0, page(0, 200), 500);
    p.invalidate();
    ASSERT_NE(p.row(0), nullptr);
    auto again = p.takeRequests();
    ASSERT_FALSE(again.empty());
    EXPECT_TRUE(again[0].withCount);
    EXPECT_NE(again[0].generation, r[0].generation);
}

TEST(TicketPager, TheCacheIsBounded) {
    TicketPager p;
    p.setQuery(query());
    int gen = p.takeRequests()[0].generation;
    for (std::size_t pg = 0; pg < 3 * TicketPager::kMaxPages; ++pg) {
        p.row(pg * TicketPager::kPageSize);
        p.deliver(gen, pg, page(pg * 200, 200), 1'000'000);
    }
    EXPECT_LE(p.cachedPages(), TicketPager::kMaxPages);
}

TEST(TicketPager, ASkippedPageIsAskedForAgain) {
    TicketPager p;
    p.setQuery(query());
    auto r = p.takeRequests();
    p.deliver(r[0].generation, 0, page(0, 200), 100000);
    p.row(1100);
    auto r2 = p.takeRequests();
    ASSERT_EQ(r2.size(), 1u);
    p.skipped(r2[0].generation, r2[0].page);
    p.row(1100);
    EXPECT_EQ(p.takeRequests().size(), 1u);
}

TEST(TicketPager, UpdatePatchesACachedRow) {
    TicketPager p;
    p.setQuery(query());
    auto r = p.takeRequests();
    p.deliver(r[0].generation, 0, page(0, 200), 200);
    Ticket t = *p.row(3);
    t.state = TicketState::Void;
    p.update(t);
    EXPECT_EQ(p.row(3)->state, TicketState::Void);
}

}  // namespace
}  // namespace qrgate::views

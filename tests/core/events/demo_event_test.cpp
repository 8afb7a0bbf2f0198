// The demo event `qrgate demo` and the console's guide make: an event with a VIP type and five
// tickets, made the current event, once per data folder.
#include <gtest/gtest.h>

#include "core/events/demo_event.hpp"
#include "core/events/event_catalog.hpp"
#include "core/store/data_folder.hpp"
#include "core/tickets/ticket_store.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {
namespace {

TEST(DemoEvent, IsMadeOnceWithAVipTypeAndFiveTicketsAndBecomesTheCurrentEvent) {
    TempDir dir;
    auto folder = DataFolder::prepare(dir.path()).value();
    auto keys = folder.keyStore();
    auto db = folder.openDatabase().value();

    auto demo = createDemoEvent(*db, keys, "Europe/Lisbon");
    ASSERT_TRUE(demo) << demo.error().message;
    EXPECT_FALSE(demo->existed);
    EXPECT_EQ(demo->event.name, kDemoEventName);
    EXPECT_EQ(demo->event.timeZone, "Europe/Lisbon");
    EXPECT_EQ(demo->tickets.size(), 5u);
    EventCatalog catalog(*db);
    EXPECT_EQ(catalog.currentEventId().value_or(""), demo->event.id);
    bool vip = false;
    for (const auto& t : catalog.types(demo->event.id))
        if (t.name == "VIP") vip = t.entries == EntryPolicy::Reentry;
    EXPECT_TRUE(vip) << "a VIP type with re-entry";
    TicketQuery all;
    all.eventId = demo->event.id;
    EXPECT_EQ(TicketStore(*db).count(all), 5u);

    // A second time: the same event, nothing added.
    auto again = createDemoEvent(*db, keys, "UTC");
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->existed);
    EXPECT_EQ(again->event.id, demo->event.id);
    EXPECT_TRUE(again->tickets.empty());
    EXPECT_EQ(catalog.list().size(), 1u);
    EXPECT_EQ(TicketStore(*db).count(all), 5u);
}

}  // namespace
}  // namespace qrgate::testing

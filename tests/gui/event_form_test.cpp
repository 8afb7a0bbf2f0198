// The event and ticket-type forms: Save only while the draft differs and is valid; errors by field.
#include <gtest/gtest.h>

#include "core/base/time_format.hpp"
#include "core/events/validity_text.hpp"
#include "views/event_form.hpp"

namespace qrgate::views {
namespace {

Event storedEvent() {
    Event e;
    e.id = "EV000001";
    e.name = "Summer Fest";
    e.venue = "Park";
    e.timeZone = "Europe/Lisbon";
    e.startsAt = parseIsoTime("2026-07-18 16:00", "Europe/Lisbon");
    e.endsAt = parseIsoTime("2026-07-19 02:00", "Europe/Lisbon");
    return e;
}

TEST(EventForm, ShowsStoredTimesInTheEventsZone) {
    EventForm f;
    Event e = storedEvent();
    f.load(&e);
    EXPECT_EQ(f.fields().starts, "2026-07-18 16:00");
    EXPECT_EQ(f.fields().ends, "2026-07-19 02:00");
    EXPECT_FALSE(f.changed());
    EXPECT_FALSE(f.canSave()) << "nothing to save";
}

TEST(EventForm, SaveNeedsAChangeThatChecksOut) {
    EventForm f;
    Event e = storedEvent();
    f.load(&e);
    f.fields().name = "Summer Fest 2026";
    EXPECT_TRUE(f.canSave());
    auto c = f.check();
    ASSERT_TRUE(c.draft);
    EXPECT_EQ(c.draft->name, "Summer Fest 2026");
    EXPECT_EQ(c.draft->startsAt, e.startsAt);

    f.fields().name = "   ";
    EXPECT_FALSE(f.canSave());
    EXPECT_FALSE(f.check().name.empty());
    f.revert();
    EXPECT_FALSE(f.changed());
}

TEST(EventForm, EveryFieldSaysWhatIsWrong) {
    EventForm f;
    f.load(nullptr, "UTC");
    EXPECT_TRUE(f.isNew());
    f.fields().name = "X";
    f.fields().starts = "tomorrow";
    f.fields().timeZone = "Mars/Olympus";
    auto c = f.check();
    EXPECT_FALSE(c.draft);
    EXPECT_FALSE(c.starts.empty());
    EXPECT_FALSE(c.timeZone.empty());

    f.fields().timeZone = "UTC";
    f.fields().starts = "2026-07-19 10:00";
    f.fields().ends = "2026-07-18 10:00";
    c = f.check();
    EXPECT_FALSE(c.ends.empty()) << "ends before it starts";
    f.fields().ends = "";
    EXPECT_TRUE(f.canSave());
}

TEST(TypeForm, ReadsTheRulesFromTheFields) {
    TypeForm f;
    f.load(nullptr, "EV000001", "UTC");
    f.fields().name = "Night";
    f.fields().entries = 1;
    f.fields().gates = "A, B ,";
    f.fields().days = "2026-07-18, 2026-07-19";
    f.fields().daily = "22:00-02:00";
    auto c = f.check();
    ASSERT_TRUE(c.type) << c.general;
    EXPECT_EQ(c.type->entries, EntryPolicy::Reentry);
    EXPECT_EQ(c.type->gates, (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(c.type->validity.days.size(), 2u);
    EXPECT_EQ(c.type->validity.dailyStartMinute, 22 * 60);
    EXPECT_EQ(c.type->validity.dailyEndMinute, 2 * 60);
    EXPECT_EQ(c.type->colour.size(), 7u);

    f.fields().daily = "late";
    f.fields().days = "18 July";
    c = f.check();
    EXPECT_FALSE(c.type);
    EXPECT_FALSE(c.daily.empty());
    EXPECT_FALSE(c.days.empty());
}

TEST(TypeForm, AStoredTypeRoundTrips) {
    TicketType t;
    t.id = 4;
    t.eventId = "EV000001";
    t.name = "VIP";
    t.entries = EntryPolicy::Unlimited;
    t.gates = {"North"};
    t.colour = "#8E24AA";
    TypeForm f;
    f.load(&t, t.eventId, "UTC");
    EXPECT_FALSE(f.changed());
    auto c = f.check();
    ASSERT_TRUE(c.type);
    EXPECT_EQ(c.type->colour, "#8E24AA");
    EXPECT_EQ(c.type->gates, t.gates);
}

// The form reads days and the daily window with core's parser (tests/core/validity_text_test.cpp),
// so it answers as `qrgate type add` does for the same text: its error is the parser's message.
TEST(TypeForm, DaysAndDailyWindowAnswerAsTheSharedParser) {
    TypeForm f;
    f.load(nullptr, "EV000001", "UTC");
    f.fields().name = "Night";
    for (const char* daily : {"24:00-02:00", "18:00-23:30 daily", "9:5-10:00"}) {
        f.fields().daily = daily;
        auto c = f.check();
        EXPECT_FALSE(c.type) << daily;
        EXPECT_EQ(c.daily, parseDailyWindow(daily).error().message);
    }
    f.fields().daily = " 9:30 - 17:00 ";
    auto c = f.check();
    ASSERT_TRUE(c.type) << c.daily;
    EXPECT_EQ(c.type->validity.dailyStartMinute, 9 * 60 + 30);
    f.fields().daily = "";
    EXPECT_TRUE(f.check().type) << "an empty field is no daily window";

    f.fields().days = "2026-07-18, 2026-07-18";
    c = f.check();
    EXPECT_FALSE(c.type);
    EXPECT_EQ(c.days, parseDateList("2026-07-18, 2026-07-18").error().message);
}

TEST(TypeForm, AStoredWindowShowsAsItIsTyped) {
    TicketType t;
    t.id = 5;
    t.eventId = "EV000001";
    t.name = "Late";
    t.validity.dailyStartMinute = 22 * 60;
    t.validity.dailyEndMinute = 2 * 60;
    t.validity.days = {"2026-07-18", "2026-07-19"};
    TypeForm f;
    f.load(&t, t.eventId, "UTC");
    EXPECT_EQ(f.fields().daily, "22:00-02:00");
    EXPECT_EQ(f.fields().days, "2026-07-18, 2026-07-19");
    EXPECT_TRUE(f.check().type);
}

}  // namespace
}  // namespace qrgate::views

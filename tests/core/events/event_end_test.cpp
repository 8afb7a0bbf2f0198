// When a ticket expires because its event is over: the event's end plus the grace period the
// organizer set, unless the ticket type has an end of its own (docs/design.md).
#include <gtest/gtest.h>

#include "core/base/time_format.hpp"
#include "core/events/event_catalog.hpp"
#include "core/events/event_dates.hpp"
#include "core/events/validity.hpp"

using namespace qrgate;

namespace {
const std::string kZone = "Europe/Berlin";
TimeMs local(const char* text) { return *parseIsoTime(text, kZone); }
constexpr TimeMs kMinute = 60'000;
}  // namespace

TEST(EventEnd, AScanIsAdmittedUntilTheLastMillisecondOfTheGraceAndExpiredFromItsEnd) {
    const EventEnd end{local("2026-11-22 23:00"), 120};
    const TimeMs closes = local("2026-11-22 23:00") + 120 * kMinute;
    EXPECT_EQ(checkValidity({}, std::nullopt, closes - 1, kZone, end).reason, Reason::None);
    auto refused = checkValidity({}, std::nullopt, closes, kZone, end);
    EXPECT_EQ(refused.reason, Reason::Expired);
    EXPECT_EQ(refused.message, "Expired: the event ended at 22 Nov 23:00.");
}

TEST(EventEnd, AGraceOfZeroClosesTheGatesAtTheEnd) {
    const EventEnd end{local("2026-11-22 23:00"), 0};
    EXPECT_EQ(checkValidity({}, std::nullopt, local("2026-11-22 22:59") + 59'999, kZone, end).reason, Reason::None);
    EXPECT_EQ(checkValidity({}, std::nullopt, local("2026-11-22 23:00"), kZone, end).reason, Reason::Expired);
}

TEST(EventEnd, WithoutAnEndThereIsNoSuchRule) {
    const EventEnd none{std::nullopt, 0};
    EXPECT_FALSE(none.gatesCloseAt());
    EXPECT_EQ(checkValidity({}, std::nullopt, local("2036-01-01 00:00"), kZone, none).reason, Reason::None);
}

TEST(EventEnd, ATypeWithItsOwnUntilAfterTheEndIsAdmittedUntilThen) {
    const EventEnd end{local("2026-11-22 23:00"), 120};
    Validity camping;
    camping.until = local("2026-11-23 12:00");
    EXPECT_EQ(checkValidity(camping, std::nullopt, local("2026-11-23 09:00"), kZone, end).reason, Reason::None);
    auto refused = checkValidity(camping, std::nullopt, local("2026-11-23 12:00"), kZone, end);
    EXPECT_EQ(refused.reason, Reason::Expired);
    EXPECT_EQ(refused.message, "Expired: was valid until 23 Nov 12:00.");
}

TEST(EventEnd, ATypeWithItsOwnDaysDecidesByItsDays) {
    const EventEnd end{local("2026-11-22 23:00"), 120};
    Validity dayAfter;
    dayAfter.days = {"2026-11-23"};
    EXPECT_EQ(checkValidity(dayAfter, std::nullopt, local("2026-11-23 15:00"), kZone, end).reason, Reason::None);
}

TEST(EventEnd, ADailyWindowAloneDoesNotOutliveTheEvent) {
    const EventEnd end{local("2026-11-22 23:00"), 60};
    Validity evenings;  // every day 18:00-02:00: says nothing about when the event is over
    evenings.dailyStartMinute = 18 * 60;
    evenings.dailyEndMinute = 2 * 60;
    EXPECT_EQ(checkValidity(evenings, std::nullopt, local("2026-11-22 23:30"), kZone, end).reason, Reason::None);
    EXPECT_EQ(checkValidity(evenings, std::nullopt, local("2026-11-23 00:00"), kZone, end).reason, Reason::Expired);
    EXPECT_EQ(checkValidity(evenings, std::nullopt, local("2026-11-23 19:00"), kZone, end).reason, Reason::Expired);
}

TEST(EventEnd, TheGracePeriodIsZeroToSevenDays) {
    EventDraft d{"Fest", "", std::nullopt, std::nullopt, "UTC"};
    for (int ok : {0, 120, 10080}) {
        d.endGraceMinutes = ok;
        EXPECT_FALSE(validateEventDraft(d)) << ok;
    }
    for (int bad : {-1, 10081}) {
        d.endGraceMinutes = bad;
        auto err = validateEventDraft(d);
        ASSERT_TRUE(err) << bad;
        EXPECT_NE(err->message.find("10080"), std::string::npos) << err->message;
    }
}

TEST(EventDates, OneEveningTwoNightsAndSeveralDays) {
    const TimeMs now = local("2026-09-01 12:00");
    Event e;
    e.timeZone = kZone;
    e.startsAt = local("2026-11-21 18:00");
    e.endsAt = local("2026-11-21 23:00");
    EXPECT_EQ(formatEventDates(e, now), "Sat 21 Nov 18:00 \xE2\x80\x93 23:00");
    e.endsAt = local("2026-11-22 04:00");
    EXPECT_EQ(formatEventDates(e, now), "Sat 21 Nov 18:00 \xE2\x80\x93 Sun 04:00");
    e.endsAt = local("2026-11-23 23:00");
    EXPECT_EQ(formatEventDates(e, now), "21\xE2\x80\x93" "23 Nov");
    e.endsAt = local("2026-12-02 23:00");
    EXPECT_EQ(formatEventDates(e, now), "21 Nov \xE2\x80\x93 2 Dec");
    e.endsAt = local("2027-01-02 23:00");
    EXPECT_EQ(formatEventDates(e, now), "21 Nov 2026 \xE2\x80\x93 2 Jan 2027");
    e.endsAt.reset();
    EXPECT_EQ(formatEventDates(e, now), "Sat 21 Nov 18:00");
    EXPECT_EQ(formatEventDates(e, local("2027-03-01 12:00")), "Sat 21 Nov 2026 18:00");
    e.startsAt.reset();
    EXPECT_EQ(formatEventDates(e, now), "");
}

TEST(EventDates, ThePhaseFollowsTheClockAndTheGrace) {
    Event e;
    e.timeZone = kZone;
    EXPECT_EQ(eventPhase(e, 0), EventPhase::Undated);
    e.startsAt = local("2026-11-21 18:00");
    e.endsAt = local("2026-11-21 23:00");
    e.endGraceMinutes = 30;
    EXPECT_EQ(eventPhase(e, local("2026-11-21 17:59")), EventPhase::Upcoming);
    EXPECT_EQ(eventPhase(e, local("2026-11-21 18:00")), EventPhase::Ongoing);
    EXPECT_EQ(eventPhase(e, local("2026-11-21 23:00")), EventPhase::Closing);
    EXPECT_EQ(eventPhase(e, local("2026-11-21 23:30")), EventPhase::Ended);
}

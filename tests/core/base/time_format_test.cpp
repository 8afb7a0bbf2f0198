// Times as people write them, in the event's zone.
#include <gtest/gtest.h>

#include "core/base/time_format.hpp"
#include "core/events/validity.hpp"

using namespace qrgate;

TEST(TimeFormat, ParsesIsoWithOffsetsAndLocalWallClock) {
    EXPECT_EQ(*parseIsoTime("1970-01-01T00:00:00Z", "UTC"), 0);
    EXPECT_EQ(*parseIsoTime("1970-01-01T01:00:00+01:00", "UTC"), 0);
    EXPECT_EQ(*parseIsoTime("1970-01-01 00:00", "UTC"), 0);
    EXPECT_EQ(*parseIsoTime("2026-07-01 12:00", "Europe/Berlin"), *parseIsoTime("2026-07-01T10:00:00Z", "UTC"));
    EXPECT_EQ(*parseIsoTime("2026-01-01 12:00", "Europe/Berlin"), *parseIsoTime("2026-01-01T11:00:00Z", "UTC"));
    EXPECT_EQ(*parseIsoTime("2026-11-21T18:30:05.250Z", "UTC") % 1000, 250);
    for (const char* bad : {"", "tomorrow", "2026-13-01", "2026-02-30", "2026-11-21T25:00", "2026-11-21T10:00+99"})
        EXPECT_FALSE(parseIsoTime(bad, "UTC")) << bad;
}

TEST(TimeFormat, FormatsWithTheZonesOffset) {
    auto t = *parseIsoTime("2026-07-01T10:00:00Z", "UTC");
    EXPECT_EQ(formatIsoUtc(t), "2026-07-01T10:00:00.000Z");
    EXPECT_EQ(formatIsoLocal(t, "Europe/Berlin"), "2026-07-01T12:00:00.000+02:00");
    EXPECT_EQ(formatIsoLocal(t, "Asia/Kolkata"), "2026-07-01T15:30:00.000+05:30");
    EXPECT_EQ(formatClockLocal(t, "America/New_York"), "06:00");
}

TEST(TimeFormat, UnknownZonesAreRejected) {
    EXPECT_TRUE(isKnownTimeZone("Europe/Lisbon"));
    EXPECT_TRUE(isKnownTimeZone("UTC"));
    EXPECT_FALSE(isKnownTimeZone("Mars/Olympus_Mons"));
}

TEST(Validity, WholeDaysAreReadInTheEventsZone) {
    Validity v;
    v.days = {"2026-11-21"};
    const std::string tz = "Asia/Tokyo";  // UTC+9
    EXPECT_EQ(checkValidity(v, {}, *parseIsoTime("2026-11-20T15:00:00Z", "UTC"), tz).reason, Reason::None);
    EXPECT_EQ(checkValidity(v, {}, *parseIsoTime("2026-11-20T14:59:00Z", "UTC"), tz).reason, Reason::NotYetValid);
    EXPECT_EQ(checkValidity(v, {}, *parseIsoTime("2026-11-21T15:00:00Z", "UTC"), tz).reason, Reason::Expired);
}

TEST(Validity, DailyWindowWithoutDaysRepeatsEveryNight) {
    Validity v;
    v.dailyStartMinute = 20 * 60;
    v.dailyEndMinute = 3 * 60;
    const std::string tz = "Europe/London";
    EXPECT_EQ(checkValidity(v, {}, *parseIsoTime("2026-11-21 19:00", tz), tz).reason, Reason::NotYetValid);
    EXPECT_EQ(checkValidity(v, {}, *parseIsoTime("2026-11-21 23:30", tz), tz).reason, Reason::None);
    EXPECT_EQ(checkValidity(v, {}, *parseIsoTime("2026-11-22 02:59", tz), tz).reason, Reason::None);
    EXPECT_EQ(checkValidity(v, {}, *parseIsoTime("2026-11-22 03:00", tz), tz).reason, Reason::NotYetValid);
}

TEST(Validity, SeveralDaysWithAGapBetween) {
    Validity v;
    v.days = {"2026-11-21", "2026-11-23"};
    const std::string tz = "UTC";
    auto reason = [&](const char* t) { return checkValidity(v, {}, *parseIsoTime(t, tz), tz).reason; };
    EXPECT_EQ(reason("2026-11-21 10:00"), Reason::None);
    EXPECT_EQ(reason("2026-11-22 10:00"), Reason::NotYetValid);
    EXPECT_EQ(reason("2026-11-23 23:59"), Reason::None);
    EXPECT_EQ(reason("2026-11-24 00:00"), Reason::Expired);
}

TEST(Validity, TicketExpiryAndDaylightSavingChange) {
    Validity none;
    EXPECT_EQ(checkValidity(none, 1000, 999, "UTC").reason, Reason::None);
    EXPECT_EQ(checkValidity(none, 1000, 1000, "UTC").reason, Reason::Expired);
    // The night the clocks go back in Berlin (25 Oct 2026): a 22:00-04:00 window lasts 7 hours.
    Validity night;
    night.days = {"2026-10-24"};
    night.dailyStartMinute = 22 * 60;
    night.dailyEndMinute = 4 * 60;
    const std::string tz = "Europe/Berlin";
    EXPECT_EQ(checkValidity(night, {}, *parseIsoTime("2026-10-25T02:30:00Z", "UTC"), tz).reason, Reason::None);
    EXPECT_EQ(checkValidity(night, {}, *parseIsoTime("2026-10-25T03:00:00Z", "UTC"), tz).reason, Reason::Expired);
}

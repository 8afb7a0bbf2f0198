// The text forms of a ticket type's rules, as `qrgate type add` and the console's type form read
// them: comma lists, date lists and the daily window. Strict: a part that is not exactly a date
// or a time of day is refused with a message that names it.
#include "core/events/validity_text.hpp"

#include <gtest/gtest.h>

namespace qrgate {
namespace {

std::string windowError(std::string_view text) {
    auto w = parseDailyWindow(text);
    EXPECT_FALSE(w.ok()) << text << " was accepted";
    return w.ok() ? "" : w.error().message;
}

std::string datesError(std::string_view text) {
    auto d = parseDateList(text);
    EXPECT_FALSE(d.ok()) << text << " was accepted";
    return d.ok() ? "" : d.error().message;
}

// ---- daily windows ----

TEST(DailyWindow, AWindowWithinADay) {
    EXPECT_EQ(parseDailyWindow("09:00-17:00").value(), (DailyWindow{9 * 60, 17 * 60}));
    EXPECT_EQ(parseDailyWindow("18:00-24:00").value(), (DailyWindow{18 * 60, 24 * 60})) << "24:00 ends a day";
    EXPECT_EQ(parseDailyWindow("00:00-23:59").value(), (DailyWindow{0, 23 * 60 + 59}));
}

TEST(DailyWindow, AWindowMayRunPastMidnight) {
    EXPECT_EQ(parseDailyWindow("22:00-02:00").value(), (DailyWindow{22 * 60, 2 * 60}));
}

TEST(DailyWindow, SpacesAroundThePartsAndOneDigitHoursAreFine) {
    EXPECT_EQ(parseDailyWindow(" 09:00 - 17:00 ").value(), (DailyWindow{9 * 60, 17 * 60}));
    EXPECT_EQ(parseDailyWindow("\t9:30-17:00").value(), (DailyWindow{9 * 60 + 30, 17 * 60}));
}

TEST(DailyWindow, TwentyFourCannotStartAWindow) {
    // 24:00-02:00 could mean tonight's or last night's midnight: the organizer writes 00:00.
    EXPECT_EQ(windowError("24:00-02:00"), "A window cannot start at 24:00; write 00:00.");
}

TEST(DailyWindow, MinutesHaveTwoDigits) {
    // 9:5 could be 09:05 or 09:50.
    EXPECT_EQ(windowError("9:5-10:00"), "'9:5' is not a time of day; write times as HH:MM, e.g. 09:05.");
    EXPECT_EQ(windowError("09:00-10:0"), "'10:0' is not a time of day; write times as HH:MM, e.g. 09:05.");
}

TEST(DailyWindow, TextAfterTheWindowIsRefusedByName) {
    EXPECT_EQ(windowError("18:00-23:30 daily"),
              "Unexpected 'daily' after the end time 23:30; write it as HH:MM-HH:MM, e.g. 18:00-02:00.");
    EXPECT_EQ(windowError("18:00-23:30-01:00"),
              "Unexpected '-01:00' after the end time 23:30; write it as HH:MM-HH:MM, e.g. 18:00-02:00.");
    EXPECT_EQ(windowError("18:00-23:30x"),
              "Unexpected 'x' after the end time 23:30; write it as HH:MM-HH:MM, e.g. 18:00-02:00.");
}

TEST(DailyWindow, TimesOutOfRangeNameTheTime) {
    EXPECT_EQ(windowError("25:00-02:00"), "'25:00' is not a time of day; the start is from 00:00 to 23:59.");
    EXPECT_EQ(windowError("18:00-24:30"), "'24:30' is not a time of day; the end is from 00:00 to 24:00.");
    EXPECT_EQ(windowError("18:60-20:00"), "'18:60' is not a time of day; the start is from 00:00 to 23:59.");
}

TEST(DailyWindow, OtherShapesAreRefusedWithTheWayToWriteIt) {
    EXPECT_EQ(windowError(""), "The daily window is empty; write it as HH:MM-HH:MM, e.g. 18:00-02:00.");
    EXPECT_EQ(windowError("late"), "'late' is not a daily window; write it as HH:MM-HH:MM, e.g. 18:00-02:00.");
    EXPECT_EQ(windowError("1800-2300"), "'1800' is not a time of day; write times as HH:MM, e.g. 09:05.");
    EXPECT_EQ(windowError("18:00-"), "The end time is missing; write it as HH:MM-HH:MM, e.g. 18:00-02:00.");
    EXPECT_EQ(windowError("-02:00"), "The start time is missing; write it as HH:MM-HH:MM, e.g. 18:00-02:00.");
    EXPECT_EQ(windowError("18:00-late"), "'late' is not a time of day; write times as HH:MM, e.g. 09:05.");
    EXPECT_EQ(windowError("+9:00-10:00"), "'+9:00' is not a time of day; write times as HH:MM, e.g. 09:05.");
    EXPECT_EQ(parseDailyWindow("late").error().code, "invalid_daily_window");
}

TEST(DailyWindow, FormattedAsItIsParsed) {
    EXPECT_EQ(formatDailyWindow(18 * 60, 2 * 60), "18:00-02:00");
    EXPECT_EQ(parseDailyWindow(formatDailyWindow(9 * 60 + 5, 24 * 60)).value(), (DailyWindow{9 * 60 + 5, 24 * 60}));
}

// ---- date lists ----

TEST(DateList, DatesSeparatedByCommasWithAnySpaces) {
    EXPECT_EQ(parseDateList("2026-07-18,2026-07-19").value(), (std::vector<std::string>{"2026-07-18", "2026-07-19"}));
    EXPECT_EQ(parseDateList("  2026-07-19 ,\t2026-07-18 ,").value(),
              (std::vector<std::string>{"2026-07-19", "2026-07-18"}))
        << "in the order given; an empty part is nothing";
}

TEST(DateList, NoDatesMeansEveryDay) {
    EXPECT_TRUE(parseDateList("").value().empty());
    EXPECT_TRUE(parseDateList(" , ").value().empty());
}

TEST(DateList, ADateGivenTwiceIsRefused) {
    EXPECT_EQ(datesError("2026-07-18, 2026-07-19, 2026-07-18"), "2026-07-18 is listed twice.");
}

TEST(DateList, ABadDateIsRefusedByName) {
    const std::string how = " is not a date; write dates as 2026-11-21, separated by commas.";
    EXPECT_EQ(datesError("2026-07-18, 18 July"), "'18 July'" + how);
    EXPECT_EQ(datesError("2026-02-30"), "'2026-02-30'" + how) << "not in the calendar";
    EXPECT_EQ(datesError("2026-7-18"), "'2026-7-18'" + how);
    EXPECT_EQ(datesError("2026-07-18 2026-07-19"), "'2026-07-18 2026-07-19'" + how) << "commas separate dates";
    EXPECT_EQ(datesError("2026-07-18T10:00"), "'2026-07-18T10:00'" + how);
    EXPECT_EQ(parseDateList("x").error().code, "invalid_dates");
}

// ---- plain lists (gates) ----

TEST(CommaList, PartsAreTrimmedAndEmptyOnesDropped) {
    EXPECT_EQ(splitList("A, B ,C"), (std::vector<std::string>{"A", "B", "C"}));
    EXPECT_EQ(splitList(" North gate ,,\tSouth\t,"), (std::vector<std::string>{"North gate", "South"}));
    EXPECT_TRUE(splitList(" , ").empty());
    EXPECT_TRUE(splitList("").empty());
}

}  // namespace
}  // namespace qrgate

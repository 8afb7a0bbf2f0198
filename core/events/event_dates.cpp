#include "core/events/event_dates.hpp"

#include <date/date.h>

#include <cstdio>

#include "core/base/time_format.hpp"
#include "core/events/validity.hpp"

namespace qrgate {

namespace {
constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kEnDash = "\xE2\x80\x93";
constexpr TimeMs kDayMs = 24LL * 60 * 60 * 1000;

const char* weekdayOf(const LocalDateTime& l) {
    const auto days = date::sys_days(date::year(l.year) / l.month / l.day);
    return kWeekdays[date::weekday(days).c_encoding() % 7];
}

const char* monthOf(const LocalDateTime& l) { return kMonths[(l.month + 11) % 12]; }

std::string clock(const LocalDateTime& l) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", l.minuteOfDay / 60, l.minuteOfDay % 60);
    return buf;
}

std::string yearSuffix(const LocalDateTime& l, int thisYear) {
    return l.year == thisYear ? "" : " " + std::to_string(l.year);
}

// "Sat 21 Nov 18:00" (with the year when it is not this year's)
std::string dayAndTime(const LocalDateTime& l, int thisYear) {
    return std::string(weekdayOf(l)) + " " + std::to_string(l.day) + " " + monthOf(l) + yearSuffix(l, thisYear) +
           " " + clock(l);
}

bool sameDay(const LocalDateTime& a, const LocalDateTime& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
}
}  // namespace

EventPhase eventPhase(const Event& e, TimeMs now) {
    if (!e.startsAt && !e.endsAt) return EventPhase::Undated;
    if (e.startsAt && now < *e.startsAt) return EventPhase::Upcoming;
    if (!e.endsAt || now < *e.endsAt) return EventPhase::Ongoing;
    auto closesAt = EventEnd::of(e).gatesCloseAt();
    return now < *closesAt ? EventPhase::Closing : EventPhase::Ended;
}

std::string formatEventDates(const Event& e, TimeMs now) {
    const int thisYear = toLocal(now, e.timeZone).year;
    if (!e.startsAt && !e.endsAt) return "";
    if (!e.endsAt) return dayAndTime(toLocal(*e.startsAt, e.timeZone), thisYear);
    const auto end = toLocal(*e.endsAt, e.timeZone);
    if (!e.startsAt) return "until " + dayAndTime(end, thisYear);
    const auto start = toLocal(*e.startsAt, e.timeZone);
    const std::string dash = std::string(" ") + kEnDash + " ";
    if (sameDay(start, end)) return dayAndTime(start, thisYear) + dash + clock(end);
    if (*e.endsAt - *e.startsAt < kDayMs)  // through the night
        return dayAndTime(start, thisYear) + dash + weekdayOf(end) + " " + clock(end);
    if (start.year != end.year)
        return std::to_string(start.day) + " " + monthOf(start) + " " + std::to_string(start.year) + dash +
               std::to_string(end.day) + " " + monthOf(end) + " " + std::to_string(end.year);
    if (start.month != end.month)
        return std::to_string(start.day) + " " + monthOf(start) + dash + std::to_string(end.day) + " " + monthOf(end) +
               yearSuffix(end, thisYear);
    return std::to_string(start.day) + kEnDash + std::to_string(end.day) + " " + monthOf(end) +
           yearSuffix(end, thisYear);
}

}  // namespace qrgate

#include "core/events/validity.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/base/time_format.hpp"

namespace qrgate {

namespace {
struct Window {
    TimeMs start, end;  // [start, end)
};

constexpr int kMinutesPerDay = 24 * 60;

// The window of one local date: the whole day, or the daily window that starts that day.
Window windowOf(int y, int m, int d, const Validity& v, const std::string& tz) {
    int startMinute = v.dailyStartMinute.value_or(0);
    int endMinute = v.dailyEndMinute.value_or(kMinutesPerDay);
    if (endMinute <= startMinute) endMinute += kMinutesPerDay;  // runs past midnight
    return {fromLocal(y, m, d, startMinute, tz), fromLocal(y, m, d, endMinute, tz)};
}

std::vector<Window> candidateWindows(const Validity& v, TimeMs at, const std::string& tz) {
    std::vector<Window> windows;
    if (!v.days.empty()) {
        for (const auto& day : v.days) {
            int y, m, d;
            if (std::sscanf(day.c_str(), "%d-%d-%d", &y, &m, &d) == 3) windows.push_back(windowOf(y, m, d, v, tz));
        }
    } else {
        // Every day: yesterday's window may still be open, today's or tomorrow's may be next.
        for (TimeMs probe : {TimeMs(at - 86400000), at, TimeMs(at + 86400000)}) {
            auto ld = toLocal(probe, tz);
            windows.push_back(windowOf(ld.year, ld.month, ld.day, v, tz));
        }
    }
    return windows;
}
}  // namespace

std::string formatShortLocal(TimeMs t, const std::string& timeZone) {
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    auto ld = toLocal(t, timeZone);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d %s %02d:%02d", ld.day, kMonths[(ld.month + 11) % 12], ld.minuteOfDay / 60,
                  ld.minuteOfDay % 60);
    return buf;
}

std::optional<TimeMs> EventEnd::gatesCloseAt() const {
    if (!endsAt) return std::nullopt;
    return *endsAt + static_cast<TimeMs>(graceMinutes) * 60000;
}

bool typeSetsItsOwnEnd(const Validity& v) { return v.until.has_value() || !v.days.empty(); }

ValidityCheck checkValidity(const Validity& v, std::optional<TimeMs> expiresAt, TimeMs at, const std::string& tz,
                            const EventEnd& eventEnd) {
    if (v.from && at < *v.from)
        return {Reason::NotYetValid, "Not valid yet: valid from " + formatShortLocal(*v.from, tz) + "."};
    if (v.until && at >= *v.until)
        return {Reason::Expired, "Expired: was valid until " + formatShortLocal(*v.until, tz) + "."};
    if (expiresAt && at >= *expiresAt)
        return {Reason::Expired, "Expired: was valid until " + formatShortLocal(*expiresAt, tz) + "."};
    if (auto closesAt = eventEnd.gatesCloseAt(); closesAt && at >= *closesAt && !typeSetsItsOwnEnd(v))
        return {Reason::Expired, "Expired: the event ended at " + formatShortLocal(*eventEnd.endsAt, tz) + "."};
    if (v.days.empty() && !v.dailyStartMinute) return {};

    auto windows = candidateWindows(v, at, tz);
    if (windows.empty()) return {};
    std::optional<TimeMs> nextStart;
    TimeMs lastEnd = windows.front().end;
    for (const auto& w : windows) {
        if (at >= w.start && at < w.end) return {};
        if (w.start > at && (!nextStart || w.start < *nextStart)) nextStart = w.start;
        lastEnd = std::max(lastEnd, w.end);
    }
    if (nextStart)
        return {Reason::NotYetValid, "Not valid now: next valid from " + formatShortLocal(*nextStart, tz) + "."};
    return {Reason::Expired, "Expired: was valid until " + formatShortLocal(lastEnd, tz) + "."};
}

}  // namespace qrgate

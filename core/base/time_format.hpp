#pragma once
// ISO 8601 text <-> instants, and local wall-clock time in an IANA time zone.
#include <optional>
#include <string>
#include <string_view>

#include "core/base/clock.hpp"

namespace qrgate {

// "2026-11-21T18:30:05.123Z"
std::string formatIsoUtc(TimeMs t);
// "20261121T183005Z": the time now, for names of files moved or kept aside (sorts by age).
std::string utcFileStamp();
// The same instant as wall-clock time in `timeZone` with its offset: "2026-11-21T19:30:05+01:00".
// Falls back to UTC for an unknown zone.
std::string formatIsoLocal(TimeMs t, const std::string& timeZone);
// "19:30" in the zone, for short on-screen messages.
std::string formatClockLocal(TimeMs t, const std::string& timeZone);
// "Saturday 21 November 2026, 18:30" in the zone (English names), for tickets and printed lists.
std::string formatLongLocal(TimeMs t, const std::string& timeZone);

// Accepts "2026-11-21T18:30:00Z", "...+05:30", "2026-11-21 18:30[:ss]" and "2026-11-21"
// (the last two read as wall-clock time in `timeZone`). nullopt when the text is not a time.
std::optional<TimeMs> parseIsoTime(std::string_view text, const std::string& timeZone);

bool isKnownTimeZone(const std::string& timeZone);
// The machine's own zone name (e.g. "Europe/Berlin"), "UTC" when it cannot be told.
std::string localTimeZoneName();

struct LocalDateTime {
    int year, month, day;
    int minuteOfDay;  // 0..1439
};
LocalDateTime toLocal(TimeMs t, const std::string& timeZone);
// The instant at which the wall clock in `timeZone` reads that date and minute (the earlier
// one when the clock goes back; the first valid minute after a gap when it jumps forward).
TimeMs fromLocal(int year, int month, int day, int minuteOfDay, const std::string& timeZone);

}  // namespace qrgate

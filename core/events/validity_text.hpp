#pragma once
// A ticket type's rules as people type them, in `qrgate type add` and in the console's type
// form: one parser, so the same text gets the same answer in both. It is strict: a part that is
// not exactly a date or a time of day is refused with a message that names it, never guessed at
// ("9:5" could be 09:05 or 09:50; "24:00-02:00" could mean either midnight).
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.hpp"

namespace qrgate {

// "A, B ,C" -> {"A", "B", "C"}: parts trimmed of spaces and tabs, empty parts dropped.
std::vector<std::string> splitList(std::string_view text);

// A local date written YYYY-MM-DD that exists in the calendar ("2026-02-30" does not).
bool isLocalDate(std::string_view text);

// "2026-07-18, 2026-07-19" -> the dates in the order given; "" -> none (every day). Refused:
// a part that is not a date (isLocalDate), a date given twice.
Result<std::vector<std::string>> parseDateList(std::string_view text);

// Minutes after local midnight. `end <= start` runs past midnight and belongs to the day it
// starts (22:00-02:00); end may be 1440 (24:00).
struct DailyWindow {
    int startMinute = 0;
    int endMinute = 0;
    bool operator==(const DailyWindow&) const = default;
};

// "HH:MM-HH:MM": hours of one or two digits, minutes of two, spaces around the parts allowed.
// The start is 00:00 to 23:59, the end 00:00 to 24:00; nothing may follow the end.
Result<DailyWindow> parseDailyWindow(std::string_view text);
// "18:00-02:00"
std::string formatDailyWindow(int startMinute, int endMinute);

}  // namespace qrgate

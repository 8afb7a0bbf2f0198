#include "core/events/validity_text.hpp"

#include <cstdio>
#include <optional>
#include <set>
#include <utility>

#include "core/base/time_format.hpp"

namespace qrgate {

namespace {

constexpr std::string_view kHowToWriteAWindow = "write it as HH:MM-HH:MM, e.g. 18:00-02:00";

bool isBlank(char c) { return c == ' ' || c == '\t'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
    while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
    return s;
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

Error windowError(std::string message) { return Error{"invalid_daily_window", std::move(message)}; }

// "18:00" or "9:30" as (hours, minutes); nullopt for any other shape. Ranges are checked by the caller.
std::optional<std::pair<int, int>> readClock(std::string_view s) {
    const std::size_t colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || s.size() != colon + 3) return std::nullopt;
    int hours = 0, minutes = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i == colon) continue;
        if (!isDigit(s[i])) return std::nullopt;
        int& into = i < colon ? hours : minutes;
        into = into * 10 + (s[i] - '0');
    }
    return std::pair{hours, minutes};
}

// One end of the window in minutes, or a message that names the part.
Result<int> timeOfDay(std::string_view part, bool isEnd) {
    const std::string which = isEnd ? "end" : "start";
    if (part.empty()) return windowError("The " + which + " time is missing; " + std::string(kHowToWriteAWindow) + ".");
    const auto clock = readClock(part);
    if (!clock) return windowError(quoted(part) + " is not a time of day; write times as HH:MM, e.g. 09:05.");
    const auto [hours, minutes] = *clock;
    // 24:00 ends a day; as a start it would be either midnight, so the organizer says which.
    if (!isEnd && hours == 24 && minutes == 0) return windowError("A window cannot start at 24:00; write 00:00.");
    if (minutes > 59 || hours > 24 || (hours == 24 && (!isEnd || minutes > 0)))
        return windowError(quoted(part) + " is not a time of day; the " + which + " is from 00:00 to " +
                           (isEnd ? "24:00." : "23:59."));
    return hours * 60 + minutes;
}

}  // namespace

std::vector<std::string> splitList(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t from = 0; from <= text.size();) {
        std::size_t comma = text.find(',', from);
        if (comma == std::string_view::npos) comma = text.size();
        if (const auto part = trim(text.substr(from, comma - from)); !part.empty()) out.emplace_back(part);
        from = comma + 1;
    }
    return out;
}

bool isLocalDate(std::string_view text) {
    return text.size() == 10 && parseIsoTime(text, "UTC").has_value();
}

Result<std::vector<std::string>> parseDateList(std::string_view text) {
    auto dates = splitList(text);
    std::set<std::string_view> seen;
    for (const auto& date : dates) {
        if (!isLocalDate(date))
            return Error{"invalid_dates", quoted(date) + " is not a date; write dates as 2026-11-21, separated by commas."};
        if (!seen.insert(date).second) return Error{"invalid_dates", date + " is listed twice."};
    }
    return dates;
}

Result<DailyWindow> parseDailyWindow(std::string_view text) {
    const std::string_view t = trim(text);
    if (t.empty()) return windowError("The daily window is empty; " + std::string(kHowToWriteAWindow) + ".");
    const std::size_t dash = t.find('-');
    if (dash == std::string_view::npos)
        return windowError(quoted(t) + " is not a daily window; " + std::string(kHowToWriteAWindow) + ".");
    auto start = timeOfDay(trim(t.substr(0, dash)), false);
    if (!start) return start.error();

    // The end time is the digits and colon after the dash; whatever follows them is refused by name.
    const std::string_view rest = trim(t.substr(dash + 1));
    std::size_t length = 0;
    while (length < rest.size() && (isDigit(rest[length]) || rest[length] == ':')) ++length;
    const std::string_view endPart = length > 0 ? rest.substr(0, length) : rest;
    auto end = timeOfDay(endPart, true);
    if (!end) return end.error();
    if (const auto trailing = trim(rest.substr(length)); length > 0 && !trailing.empty())
        return windowError("Unexpected " + quoted(trailing) + " after the end time " + std::string(endPart) + "; " +
                           std::string(kHowToWriteAWindow) + ".");
    return DailyWindow{*start, *end};
}

std::string formatDailyWindow(int startMinute, int endMinute) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", startMinute / 60, startMinute % 60, endMinute / 60,
                  endMinute % 60);
    return buf;
}

}  // namespace qrgate

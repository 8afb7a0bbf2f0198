#include "core/base/time_format.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace qrgate {

namespace {
using Ms = std::chrono::milliseconds;
using SysMs = date::sys_time<Ms>;

const date::time_zone* findZone(const std::string& name) {
    if (name.empty() || name == "UTC" || name == "Z") return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return nullptr;
    }
}

std::string offsetText(std::chrono::seconds offset) {
    auto total = offset.count();
    char sign = total < 0 ? '-' : '+';
    total = std::llabs(total);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%c%02lld:%02lld", sign, static_cast<long long>(total / 3600),
                  static_cast<long long>((total % 3600) / 60));
    return buf;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}
}  // namespace

std::string formatIsoUtc(TimeMs t) {
    return date::format("%FT%TZ", SysMs(Ms(t)));
}

std::string utcFileStamp() {
    return date::format("%Y%m%dT%H%M%SZ", date::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

std::string formatIsoLocal(TimeMs t, const std::string& timeZone) {
    const auto* zone = findZone(timeZone);
    if (!zone) return formatIsoUtc(t);
    auto info = zone->get_info(date::floor<std::chrono::seconds>(SysMs(Ms(t))));
    if (info.offset.count() == 0) return formatIsoUtc(t);
    auto local = date::local_time<Ms>(Ms(t) + std::chrono::duration_cast<Ms>(info.offset));
    return date::format("%FT%T", local) + offsetText(info.offset);
}

std::string formatClockLocal(TimeMs t, const std::string& timeZone) {
    auto ld = toLocal(t, timeZone);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d", ld.minuteOfDay / 60, ld.minuteOfDay % 60);
    return buf;
}

std::string formatLongLocal(TimeMs t, const std::string& timeZone) {
    static const char* const kWeekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    static const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};
    const auto ld = toLocal(t, timeZone);
    const auto days = date::sys_days(date::year(ld.year) / ld.month / ld.day);
    const unsigned weekday = date::weekday(days).c_encoding();
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s %d %s %d, %02d:%02d", kWeekdays[weekday % 7], ld.day,
                  kMonths[(ld.month + 11) % 12], ld.year, ld.minuteOfDay / 60, ld.minuteOfDay % 60);
    return buf;
}

bool isKnownTimeZone(const std::string& timeZone) {
    return timeZone == "UTC" || findZone(timeZone) != nullptr;
}

std::string localTimeZoneName() {
    if (const char* tz = std::getenv("TZ"); tz && *tz && isKnownTimeZone(tz[0] == ':' ? tz + 1 : tz))
        return tz[0] == ':' ? tz + 1 : tz;
    try {
        return std::string(date::current_zone()->name());
    } catch (const std::exception&) {
        return "UTC";
    }
}

LocalDateTime toLocal(TimeMs t, const std::string& timeZone) {
    auto sys = SysMs(Ms(t));
    date::local_time<Ms> local;
    if (const auto* zone = findZone(timeZone))
        local = zone->to_local(sys);
    else
        local = date::local_time<Ms>(sys.time_since_epoch());
    auto day = date::floor<date::days>(local);
    date::year_month_day ymd(day);
    auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
    return {int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())), int(minutes)};
}

TimeMs fromLocal(int year, int month, int day, int minuteOfDay, const std::string& timeZone) {
    date::local_days ld{date::year(year) / date::month(unsigned(month)) / date::day(unsigned(day))};
    auto local = date::local_time<Ms>(ld) + std::chrono::minutes(minuteOfDay);
    const auto* zone = findZone(timeZone);
    if (!zone) return local.time_since_epoch().count();
    auto info = zone->get_info(date::floor<std::chrono::seconds>(local));
    switch (info.result) {
        case date::local_info::unique:
            return (local - info.first.offset).time_since_epoch().count();
        case date::local_info::ambiguous:
            return (local - info.first.offset).time_since_epoch().count();
        case date::local_info::nonexistent:
        default:
            // The wall clock skipped this minute: take the moment the gap ends.
            return date::floor<Ms>(info.second.begin).time_since_epoch().count();
    }
}

std::optional<TimeMs> parseIsoTime(std::string_view s, const std::string& timeZone) {
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0;
    if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
        !digits(s, 8, 2, d))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    date::year_month_day ymd{date::year(y) / date::month(unsigned(mo)) / date::day(unsigned(d))};
    if (!ymd.ok()) return std::nullopt;
    std::size_t pos = 10;
    if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
        ++pos;
        if (!digits(s, pos, 2, h) || pos + 2 >= s.size() + 0 || s[pos + 2] != ':' ||
            !digits(s, pos + 3, 2, mi))
            return std::nullopt;
        pos += 5;
        if (pos < s.size() && s[pos] == ':') {
            if (!digits(s, pos + 1, 2, sec)) return std::nullopt;
            pos += 3;
            if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
                ++pos;
                int scale = 100;
                while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                    ms += (s[pos] - '0') * scale;
                    scale /= 10;
                    ++pos;
                }
            }
        }
        if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    }
    auto localMs = date::local_days(ymd).time_since_epoch() + std::chrono::hours(h) +
                   std::chrono::minutes(mi) + std::chrono::seconds(sec) + Ms(ms);
    if (pos == s.size()) {
        // No offset given: wall-clock time in the event's zone.
        auto base = fromLocal(y, mo, d, h * 60 + mi, timeZone);
        return base + sec * 1000 + ms;
    }
    auto asUtc = std::chrono::duration_cast<Ms>(localMs).count();
    if (s[pos] == 'Z' || s[pos] == 'z') {
        if (pos + 1 != s.size()) return std::nullopt;
        return asUtc;
    }
    if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
    int sign = s[pos] == '-' ? -1 : 1;
    int oh, om = 0;
    if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
    std::size_t rest = pos + 3;
    if (rest < s.size() && s[rest] == ':') ++rest;
    if (rest < s.size()) {
        if (!digits(s, rest, 2, om)) return std::nullopt;
        rest += 2;
    }
    if (rest != s.size() || oh > 18 || om > 59) return std::nullopt;
    return asUtc - sign * (oh * 3600000LL + om * 60000LL);
}

}  // namespace qrgate

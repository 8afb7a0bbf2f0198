#include "core/base/time_zones.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace qrgate {

namespace {
std::string searchTextOf(const std::string& name) {
    std::string s = name;
    for (char& c : s) {
        if (c == '_') c = ' ';
        else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

bool isListed(const std::string& name) {
    return name.find('/') != std::string::npos && name.rfind("Etc/", 0) != 0 && name.rfind("SystemV/", 0) != 0;
}

// The zones tzdata's zone.tab names, one per region of a country (Asia/Kolkata, not also its old
// name Asia/Calcutta, which the system's zoneinfo folder holds as a file of its own). Empty when
// the file is missing.
std::set<std::string> zoneTabNames() {
    const char* dir = std::getenv("TZDIR");
    std::ifstream in(std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/zone.tab");
    std::set<std::string> names;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string country, coordinates, name;
        if (fields >> country >> coordinates >> name) names.insert(name);
    }
    return names;
}
}  // namespace

std::string formatUtcOffset(int offsetMinutes) {
    if (offsetMinutes == 0) return "UTC";
    const int magnitude = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
    char buf[16];
    std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", offsetMinutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
    return buf;
}

std::vector<TimeZoneChoice> listTimeZones(TimeMs at) {
    std::vector<TimeZoneChoice> out;
    out.push_back({"UTC", 0, formatUtcOffset(0), "utc gmt"});
    const auto instant = date::sys_seconds(std::chrono::seconds(at / 1000));
    try {
        const auto& db = date::get_tzdb();
        const auto canonical = zoneTabNames();
        for (const auto& zone : db.zones) {
            std::string name(zone.name());
            if (!isListed(name) || (!canonical.empty() && !canonical.count(name))) continue;
            const auto info = zone.get_info(instant);
            const int minutes = static_cast<int>(info.offset.count() / 60);
            const auto offset = formatUtcOffset(minutes);
            out.push_back({name, minutes, offset, searchTextOf(name + " " + offset)});
        }
    } catch (const std::exception&) {
        // No tz database on this machine: UTC alone is still a choice.
    }
    std::sort(out.begin() + 1, out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

}  // namespace qrgate

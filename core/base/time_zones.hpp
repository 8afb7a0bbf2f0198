#pragma once
// The tz database's zone names with their UTC offset at an instant, for choosing an event's zone
// from a list instead of typing it. Building the list reads every zone: do it once, not per frame.
#include <string>
#include <vector>

#include "core/base/clock.hpp"

namespace qrgate {

struct TimeZoneChoice {
    std::string name;         // "Europe/Berlin"
    int offsetMinutes = 0;    // at the instant the list was built: 60 for UTC+01:00
    std::string offsetText;   // "UTC+01:00", "UTC-03:30", "UTC"
    std::string searchText;   // name and offset in lower case, '_' as ' ': what a filter matches
                              // ("europe/berlin utc+01:00")
};

// "UTC" first, then every Area/Location zone of the tz database that tzdata's zone.tab lists, in
// name order (old names such as Asia/Calcutta, the Etc/ zones and legacy names like "EST5EDT"
// left out: they repeat a zone, or their signs and meanings mislead). Any stored zone name
// still works: the list is what the form offers, not what the database accepts.
std::vector<TimeZoneChoice> listTimeZones(TimeMs at);

// "UTC+05:30" for 330 minutes, "UTC" for 0.
std::string formatUtcOffset(int offsetMinutes);

}  // namespace qrgate

#pragma once
// An event's dates as the events list shows them ("Sat 21 Nov 18:00 – 23:00", "21–23 Nov"), and
// where an event stands at a given instant (upcoming, on now, ended). Read in the event's zone.
// Pure: the caller passes the time.
#include <string>

#include "core/base/model.hpp"

namespace qrgate {

enum class EventPhase {
    Undated,   // neither start nor end set
    Upcoming,  // before the start
    Ongoing,   // started (or no start) and not yet ended
    Closing,   // ended, but the gates stay open for the grace period ("Ended, open till 01:00")
    Ended,     // ended and the grace period is over: scans are refused as expired
};

EventPhase eventPhase(const Event& event, TimeMs now);

// "Sat 21 Nov 18:00 – 23:00" (one day), "Sat 21 Nov 22:00 – Sun 04:00" (through the night),
// "21–23 Nov", "30 Nov – 2 Dec", "Sat 21 Nov 18:00" (start only), "until Sat 21 Nov 23:00";
// the year is added when it is not the year of `now`. "" without dates.
std::string formatEventDates(const Event& event, TimeMs now);

}  // namespace qrgate

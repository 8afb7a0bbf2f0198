#pragma once
// Whether a ticket may be used at a given instant: the type's absolute window, its valid days and
// daily window (read in the event's time zone; a window may run past midnight), the ticket's
// own expiry and the event's end plus its grace period. Pure: no database, no clock.
#include <optional>
#include <string>

#include "core/base/model.hpp"
#include "core/base/verdict.hpp"

namespace qrgate {

struct ValidityCheck {
    Reason reason = Reason::None;  // None, NotYetValid or Expired
    std::string message;           // "Valid from 21 Nov 18:00." / "Expired on 22 Nov 02:00."
};

constexpr int kDefaultEndGraceMinutes = 120;
constexpr int kMaxEndGraceMinutes = 7 * 24 * 60;

// The event's end and how long the gates stay open after it (events.ends_at, end_grace_minutes).
struct EventEnd {
    std::optional<TimeMs> endsAt;  // none: no end rule
    int graceMinutes = kDefaultEndGraceMinutes;

    static EventEnd of(const Event& event) { return {event.endsAt, event.endGraceMinutes}; }
    // The first instant at which a ticket without an end of its own is refused as expired.
    std::optional<TimeMs> gatesCloseAt() const;
};

// A type with its own `until` or its own valid days decides by that rule, also after the event's
// end (a camping pass valid the day after); every other type stops at the event's end + grace.
bool typeSetsItsOwnEnd(const Validity& validity);

ValidityCheck checkValidity(const Validity& validity, std::optional<TimeMs> ticketExpiresAt, TimeMs at,
                            const std::string& timeZone, const EventEnd& eventEnd = {});

// "21 Nov 18:00" in the zone
std::string formatShortLocal(TimeMs t, const std::string& timeZone);

}  // namespace qrgate

#pragma once
// Whether a ticket may be used at a given instant: the type's absolute window, its valid days and
// daily window (read in the event's time zone; a window may run past midnight) and the ticket's
// own expiry. Pure: no database, no clock.
#include <optional>
#include <string>

#include "core/base/model.hpp"
#include "core/base/verdict.hpp"

namespace qrgate {

struct ValidityCheck {
    Reason reason = Reason::None;  // None, NotYetValid or Expired
    std::string message;           // "Valid from 21 Nov 18:00." / "Expired on 22 Nov 02:00."
};

ValidityCheck checkValidity(const Validity& validity, std::optional<TimeMs> ticketExpiresAt, TimeMs at,
                            const std::string& timeZone);

// "21 Nov 18:00" in the zone
std::string formatShortLocal(TimeMs t, const std::string& timeZone);

}  // namespace qrgate

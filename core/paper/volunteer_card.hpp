#pragma once
// The volunteer card: one landscape A4 page to pin up beside a gate kiosk or hand to each
// volunteer at the briefing. The event's name, what each colour of the kiosk's screen means (the
// words and colours of core/checkin/verdict_signals.hpp, so the card says what the screen says),
// how to scan, search by name, undo a wrong admission, record an exit, what "offline" means, and
// a blank line for the supervisor's phone number. Needs no key file and no tickets.
#include <filesystem>

#include "core/base/model.hpp"
#include "core/base/result.hpp"
#include "core/paper/sheet_layouts.hpp"

namespace qrgate {

// A4 turned on its side: the card's paper.
PaperSize volunteerCardPaper();

// Writes the card for `event` to `out` (PDF, one page). Errors: the output file's
// ("write_failed", "disk_full").
Status renderVolunteerCard(const Event& event, TimeMs now, const std::filesystem::path& out);

}  // namespace qrgate

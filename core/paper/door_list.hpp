#pragma once
// The door list: every valid ticket of an event on paper, sorted by name, for the gate that has
// lost every PC. Made to find a name fast: letter headings, the first and last name of each page
// at its top (as in a dictionary), a tick box per line, who was already in when it was printed,
// and whose emailed ticket did not go out (they may come without one).
// Needs no key file: a gate can print it from its replica.
#include <filesystem>
#include <functional>
#include <string>

#include "core/base/clock.hpp"
#include "core/base/result.hpp"
#include "core/paper/paper_job.hpp"
#include "core/paper/printer_calibration.hpp"
#include "core/paper/sheet_layouts.hpp"

namespace qrgate {

struct DoorListSummary {
    std::size_t pages = 0;
    std::size_t tickets = 0;
    std::size_t admitted = 0;  // already in when printed
    std::size_t mailFailed = 0;  // marked "email failed" (batch.mailFailedIds, see markFailedMail)
};

// The order of the list: accents and case ignored ("Émile" with "emile"), then the name as
// written; tickets without a name come last, by number.
std::string doorListSortKey(const std::string& name);

// `batch` is typically loadTicketBatch(db, event, TicketSelection::all()); `printedAt` is shown
// on every page. Errors: the output file's; "cancelled" (progress returned false).
Result<DoorListSummary> renderDoorList(const TicketBatch& batch, const PaperSize& paper, TimeMs printedAt,
                                       const std::filesystem::path& out, const PrinterCalibration& calibration = {},
                                       const std::function<bool(std::size_t, std::size_t)>& progress = {});

}  // namespace qrgate

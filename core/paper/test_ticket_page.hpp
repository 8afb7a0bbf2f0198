#pragma once
// The first-run guide's test ticket on paper: the one-page ticket, marked TEST in red on both
// sides of its code and across its top, with a 100 mm ruler under it and the words "this line
// should measure 100 mm; if not, calibrate the printer on the Print screen". The ticket is a real
// one of the event (holder "Test ticket"), so the gate admits it during the dry run; the guide
// voids it when it finishes, so a printed copy left lying around admits nobody.
#include <filesystem>
#include <string>

#include "core/base/result.hpp"
#include "core/paper/paper_job.hpp"
#include "core/paper/printer_calibration.hpp"
#include "core/paper/sheet_layouts.hpp"

namespace qrgate {

inline constexpr const char* kTestTicketHolder = "Test ticket";
inline constexpr const char* kTestTicketRulerText =
    "This line should measure 100 mm; if not, calibrate the printer on the Print screen.";

// A job of exactly one ticket (loadPaperJob with TicketSelection::byIds({id})).
Status writeTestTicketPdf(const PaperJob& job, const PaperSize& paper, const std::filesystem::path& out,
                          const PrinterCalibration& calibration = {});
// The same page as a PNG `widthPx` wide: the picture a kiosk's camera folder shows it.
Status writeTestTicketPng(const PaperJob& job, const PaperSize& paper, int widthPx, const std::filesystem::path& out);

// Where the ruler's line starts on the page (mm from the top left corner): for tests measuring it.
struct RulerPlacement {
    double xMm = 0, yMm = 0;
};
RulerPlacement testTicketRuler(const PaperSize& paper);

}  // namespace qrgate

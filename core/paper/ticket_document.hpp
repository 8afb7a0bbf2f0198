#pragma once
// One ticket on its own: a one-page PDF for the attendee (attached to the email, "print my
// ticket"), and its QR code as a PNG.
#include <filesystem>
#include <string>

#include "core/base/result.hpp"
#include "core/paper/paper_job.hpp"
#include "core/paper/printer_calibration.hpp"
#include "core/paper/sheet_layouts.hpp"

namespace qrgate {

// A job of exactly one ticket (loadPaperJob with TicketSelection::byIds({id})).
// Page: the event, its start in the event's time zone, the venue, a large QR, the name, type and
// number, and a line telling the holder to show it at the gate.
Result<std::string> ticketPdfBytes(const PaperJob& job, const PaperSize& paper);
Status writeTicketPdf(const PaperJob& job, const PaperSize& paper, const std::filesystem::path& out,
                      const PrinterCalibration& calibration = {});

// The ticket's QR code alone, `pixels` square (see qrPngBytes).
Result<std::string> ticketQrPngBytes(const PaperJob& job, int pixels);
Status writeTicketQrPng(const PaperJob& job, int pixels, const std::filesystem::path& out);

}  // namespace qrgate

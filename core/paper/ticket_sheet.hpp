#pragma once
// Sheets of tickets: many QR codes per page, on plain paper (cut apart) or label stock. Streamed
// page by page, so 10,000 tickets need no more memory than a few pages.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <vector>

#include "core/base/model.hpp"
#include "core/base/result.hpp"
#include "core/paper/page_image.hpp"
#include "core/paper/paper_job.hpp"
#include "core/paper/printer_calibration.hpp"
#include "core/paper/sheet_layouts.hpp"

namespace qrgate {

struct SheetOptions {
    SheetLayout layout = *LayoutCatalog::builtIn().gridFor(8);
    PaperSize paper = *findPaperSize("a4");  // for grids; label stock has its own
    PrinterCalibration calibration;          // of the printer the sheet is meant for
};

struct SheetSummary {
    std::size_t pages = 0;
    std::size_t tickets = 0;
    std::string paper;                      // the paper the pages have
    std::vector<Ticket> incompleteNames;    // names printed without what no font could draw
};

// Called after each page with (tickets done, total); return false to cancel.
using SheetProgress = std::function<bool(std::size_t done, std::size_t total)>;

std::size_t sheetPageCount(std::size_t tickets, const SheetLayout& layout);

// Where a cell's content goes: the cell less its padding. Everything a ticket shows stays inside
// it; between content boxes there are only the light cut marks.
RectMm cellContentBox(const SheetLayout& layout, const RectMm& cell);

// Writes the PDF (temporary file, renamed at the end: a cancelled or failed run leaves nothing
// under `out`). Errors: "invalid_layout", "cancelled", the output file's ("write_failed",
// "disk_full"), "render_failed".
Result<SheetSummary> renderSheet(const PaperJob& job, const SheetOptions& options, const std::filesystem::path& out,
                                 const SheetProgress& progress = {});

// The first page as pixels, `widthPx` wide (the console's preview).
Result<PageImage> renderSheetPreview(const PaperJob& job, const SheetOptions& options, int widthPx);

// The glyph check: the tickets whose holder names the fonts on this machine cannot draw in full
// (those names are printed without the missing characters, or as their ticket number).
std::vector<Ticket> namesFontsCannotDraw(const std::vector<Ticket>& tickets);

}  // namespace qrgate

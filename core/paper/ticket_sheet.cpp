#include "core/paper/ticket_sheet.hpp"

#include <algorithm>
#include <future>

#include "core/paper/paper_canvas.hpp"
#include "core/paper/ticket_face.hpp"

namespace qrgate {

using namespace paper;

namespace {

// Light marks at each cell's corners, along its edges, in the padding between cells: scissors
// follow them; they never reach a cell's content.
void drawCutMarks(cairo_t* cr, const SheetGeometry& geometry) {
    constexpr double kLength = 3;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.72, 0.72, 0.72);
    cairo_set_line_width(cr, 0.15);
    for (const auto& c : geometry.cells) {
        for (const double x : {c.x, c.x + c.width})
            for (const double y : {c.y, c.y + c.height}) {
                const double dx = x == c.x ? 1 : -1, dy = y == c.y ? 1 : -1;
                cairo_move_to(cr, x, y);
                cairo_line_to(cr, x + dx * kLength, y);
                cairo_move_to(cr, x, y);
                cairo_line_to(cr, x, y + dy * kLength);
            }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void drawFooter(TextPainter& text, const SheetGeometry& geometry, const Event& event, std::size_t page,
                std::size_t pages, std::size_t first, std::size_t last) {
    const RectMm& lastCell = geometry.cells.back();
    const double top = lastCell.y + lastCell.height + 1.5;
    const double height = geometry.paper.heightMm - top - 2;
    if (height < 2.5) return;  // no room below the cells
    TextStyle style;
    style.sizePt = 6.5;
    style.minSizePt = 5;
    style.maxLines = 1;
    style.colour = {0.6, 0.6, 0.6};
    style.align = Align::Centre;
    const double left = geometry.cells.front().x;
    text.draw(event.name + "  \u00B7  page " + std::to_string(page) + " of " + std::to_string(pages) + "  \u00B7  cells " +
                  std::to_string(first) + "\u2013" + std::to_string(last),
              {left, top, geometry.paper.widthMm - 2 * left, std::min(height, 4.0)}, style);
}

struct SheetPlan {
    SheetGeometry geometry;
    std::size_t pages = 0;
};

Result<SheetPlan> plan(const PaperJob& job, const SheetOptions& options) {
    auto geometry = resolveGeometry(options.layout, options.paper);
    if (!geometry) return geometry.error();
    return SheetPlan{std::move(*geometry), sheetPageCount(job.batch.tickets.size(), options.layout)};
}

// The QR symbols of page `page`'s tickets: each payload signed and encoded (libqrencode's mask
// choice is most of it), on a thread of its own while the page before is drawn.
Result<std::vector<QrSymbol>> encodePage(const PaperJob& job, const SheetPlan& plan, std::size_t page) {
    const auto perPage = plan.geometry.cells.size();
    const std::size_t first = page * perPage;
    const std::size_t end = std::min(first + perPage, job.batch.tickets.size());
    std::vector<QrSymbol> symbols;
    for (std::size_t i = first; i < end; ++i) {
        auto payload = job.qrDataFor(job.batch.tickets[i]);
        if (!payload) return payload.error();
        auto symbol = encodeQr(*payload);
        if (!symbol) return symbol.error();
        symbols.push_back(std::move(*symbol));
    }
    return symbols;
}

// Draws page `page` (0-based) of the sheet with its QR symbols.
Status drawSheetPage(cairo_t* cr, const PaperJob& job, const SheetOptions& options, const SheetPlan& plan,
                     std::size_t page, const std::vector<QrSymbol>& symbols) {
    TextPainter text(cr);
    const auto perPage = plan.geometry.cells.size();
    const std::size_t first = page * perPage;
    const std::size_t end = std::min(first + perPage, job.batch.tickets.size());
    for (std::size_t i = first; i < end; ++i) {
        const Ticket& ticket = job.batch.tickets[i];
        TicketFace face{&job.batch.event, job.batch.typeOf(ticket), &ticket, &symbols[i - first], i + 1};
        const RectMm& cell = plan.geometry.cells[i - first];
        drawTicketCell(cr, text, face, cellContentBox(options.layout, cell), options.layout.labels);
    }
    if (plan.geometry.cutMarks) drawCutMarks(cr, plan.geometry);
    if (!options.layout.labels) drawFooter(text, plan.geometry, job.batch.event, page + 1, plan.pages, first + 1, end);
    return success();
}

}  // namespace

RectMm cellContentBox(const SheetLayout& layout, const RectMm& cell) {
    const double pad = layout.labels ? std::clamp(cell.height * 0.06, 1.2, 2.5) : 4.0;
    return {cell.x + pad, cell.y + pad, cell.width - 2 * pad, cell.height - 2 * pad};
}

std::size_t sheetPageCount(std::size_t tickets, const SheetLayout& layout) {
    const auto perPage = static_cast<std::size_t>(std::max(1, layout.perPage()));
    return (tickets + perPage - 1) / perPage;
}

Result<SheetSummary> renderSheet(const PaperJob& job, const SheetOptions& options, const std::filesystem::path& out,
                                 const SheetProgress& progress) {
    auto sheet = plan(job, options);
    if (!sheet) return sheet.error();
    // The glyph check, before anything is drawn.
    std::vector<Ticket> incompleteNames = namesFontsCannotDraw(job.batch.tickets);
    auto doc = PdfDocument::create(out, job.batch.event.name + " \u2013 tickets");
    if (!doc) return doc.error();
    const std::size_t total = job.batch.tickets.size();
    const std::size_t perPage = sheet->geometry.cells.size();
    auto encodeLater = [&](std::size_t page) { return std::async(std::launch::async, encodePage, std::cref(job), std::cref(*sheet), page); };
    auto nextSymbols = encodeLater(0);
    for (std::size_t page = 0; page < sheet->pages; ++page) {
        auto symbols = nextSymbols.get();
        if (!symbols) return symbols.error();
        if (page + 1 < sheet->pages) nextSymbols = encodeLater(page + 1);
        cairo_t* cr = (*doc)->beginPage(sheet->geometry.paper, options.calibration);
        if (auto s = drawSheetPage(cr, job, options, *sheet, page, *symbols); !s) return s.error();
        if (auto s = (*doc)->endPage(); !s) return s.error();
        if (progress && !progress(std::min(total, (page + 1) * perPage), total))
            return Error{"cancelled", "Cancelled; no file was written"};
    }
    if (auto s = (*doc)->finish(); !s) return s.error();
    SheetSummary summary;
    summary.pages = sheet->pages;
    summary.tickets = total;
    summary.paper = sheet->geometry.paper.name;
    summary.incompleteNames = std::move(incompleteNames);
    return summary;
}

Result<PageImage> renderSheetPreview(const PaperJob& job, const SheetOptions& options, int widthPx) {
    auto sheet = plan(job, options);
    if (!sheet) return sheet.error();
    std::optional<Error> failure;
    auto symbols = encodePage(job, *sheet, 0);
    if (!symbols) return symbols.error();
    PageImage image = renderPageImage(sheet->geometry.paper, widthPx, [&](cairo_t* cr) {
        if (auto s = drawSheetPage(cr, job, options, *sheet, 0, *symbols); !s) failure = s.error();
    });
    if (failure) return *failure;
    return image;
}

std::vector<Ticket> namesFontsCannotDraw(const std::vector<Ticket>& tickets) {
    std::vector<Ticket> out;
    for (const auto& t : tickets)
        if (!t.holderName.empty() && !fontsCanDraw(t.holderName)) out.push_back(t);
    return out;
}

}  // namespace qrgate

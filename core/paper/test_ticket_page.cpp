#include "core/paper/test_ticket_page.hpp"

#include <cmath>

#include "core/paper/paper_canvas.hpp"
#include "core/paper/paper_ruler.hpp"
#include "core/paper/qr_symbol.hpp"
#include "core/paper/ticket_face.hpp"
#include "core/store/output_file.hpp"

namespace qrgate {

using namespace paper;

namespace {

const Rgb kTestRed{0.78, 0.1, 0.1};

// "TEST" standing up in the margin beside the code, read from the bottom up.
void drawSideStamp(cairo_t* cr, TextPainter& text, double centreX, double centreY) {
    cairo_save(cr);
    cairo_translate(cr, centreX, centreY);
    cairo_rotate(cr, -M_PI / 2);
    TextStyle stamp = TextStyle::of(44, true, kTestRed, Align::Centre, 1, 0.5);
    text.draw("TEST", {-45, -9, 90, 18}, stamp);
    cairo_restore(cr);
}

void drawPage(cairo_t* cr, const PaperJob& job, const QrSymbol& symbol, const PaperSize& paper) {
    const Ticket& ticket = job.batch.tickets.front();
    TextPainter text(cr);
    drawTicketPage(cr, text, TicketFace{&job.batch.event, job.batch.typeOf(ticket), &ticket, &symbol, 1}, paper);

    // The ticket page's code: 105 mm square, centred, its top about 60 mm down (ticket_face.cpp);
    // the stamps stand in the margins either side of it, clear of the code's quiet zone.
    const double qrSide = std::min(paper.widthMm - 36, 105.0);
    const double sideMargin = (paper.widthMm - qrSide) / 2;
    drawSideStamp(cr, text, sideMargin / 2, 60 + qrSide / 2);
    drawSideStamp(cr, text, paper.widthMm - sideMargin / 2, 60 + qrSide / 2);
    TextStyle banner = TextStyle::of(9, true, kTestRed, Align::Centre, 1, 0.7);
    text.draw("TEST TICKET \u2013 made by the getting started guide, void once the guide ends",
              {18, 5, paper.widthMm - 36, 8}, banner);

    const RulerPlacement ruler = testTicketRuler(paper);
    drawMmRuler(cr, text, ruler.xMm, ruler.yMm, true);
    TextStyle note = TextStyle::of(10, false, {0.1, 0.1, 0.1}, Align::Centre, 2, 0.8);
    text.draw(kTestTicketRulerText, {18, ruler.yMm + 11, paper.widthMm - 36, 10}, note);
}

}  // namespace

RulerPlacement testTicketRuler(const PaperSize& paper) {
    return {(paper.widthMm - paper::kRulerLengthMm) / 2, paper.heightMm - 34};
}

Status writeTestTicketPdf(const PaperJob& job, const PaperSize& paper, const std::filesystem::path& out,
                          const PrinterCalibration& calibration) {
    auto symbol = onlyTicketSymbol(job, "A test ticket page");
    if (!symbol) return symbol.error();
    auto doc = PdfDocument::create(out, job.batch.event.name + " \u2013 test ticket");
    if (!doc) return doc.error();
    cairo_t* cr = (*doc)->beginPage(paper, calibration);
    drawPage(cr, job, *symbol, paper);
    if (auto s = (*doc)->endPage(); !s) return s;
    return (*doc)->finish();
}

Status writeTestTicketPng(const PaperJob& job, const PaperSize& paper, int widthPx, const std::filesystem::path& out) {
    auto symbol = onlyTicketSymbol(job, "A test ticket page");
    if (!symbol) return symbol.error();
    const PageImage image = renderPageImage(paper, widthPx, [&](cairo_t* cr) { drawPage(cr, job, *symbol, paper); });
    // The page's pixels as a PNG, through cairo (RGB24 wants 0x00RRGGBB words).
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, image.width, image.height);
    unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < image.height; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + y * stride);
        const std::uint8_t* in = image.rgba.data() + static_cast<std::size_t>(y) * image.width * 4;
        for (int x = 0; x < image.width; ++x)
            row[x] = (std::uint32_t{in[x * 4]} << 16) | (std::uint32_t{in[x * 4 + 1]} << 8) | in[x * 4 + 2];
    }
    cairo_surface_mark_dirty(surface);
    std::string bytes;
    cairo_status_t status = cairo_surface_write_to_png_stream(
        surface,
        [](void* closure, const unsigned char* chunk, unsigned int length) {
            static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(chunk), length);
            return CAIRO_STATUS_SUCCESS;
        },
        &bytes);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) return Error{"write_failed", std::string("PNG: ") + cairo_status_to_string(status)};
    return writeOutputFile(out, bytes);
}

}  // namespace qrgate

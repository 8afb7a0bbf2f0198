#include "core/paper/ticket_document.hpp"

#include "core/paper/paper_canvas.hpp"
#include "core/paper/qr_symbol.hpp"
#include "core/paper/ticket_face.hpp"
#include "core/store/output_file.hpp"

namespace qrgate {

using namespace paper;

namespace {

Status drawInto(PdfDocument& doc, const PaperJob& job, const QrSymbol& symbol, const PaperSize& paper,
                const PrinterCalibration& calibration) {
    const Ticket& ticket = job.batch.tickets.front();
    cairo_t* cr = doc.beginPage(paper, calibration);
    TextPainter text(cr);
    drawTicketPage(cr, text, TicketFace{&job.batch.event, job.batch.typeOf(ticket), &ticket, &symbol, 1}, paper);
    return doc.endPage();
}

std::string titleOf(const PaperJob& job) {
    const Ticket& t = job.batch.tickets.front();
    return job.batch.event.name + " \u2013 ticket " + formatTicketNumber(t.number);
}

}  // namespace

Result<std::string> ticketPdfBytes(const PaperJob& job, const PaperSize& paper) {
    auto symbol = onlyTicketSymbol(job, "A ticket document");
    if (!symbol) return symbol.error();
    auto doc = PdfDocument::inMemory(titleOf(job));
    if (auto s = drawInto(*doc, job, *symbol, paper, {}); !s) return s.error();
    return doc->finishBytes();
}

Status writeTicketPdf(const PaperJob& job, const PaperSize& paper, const std::filesystem::path& out,
                      const PrinterCalibration& calibration) {
    auto symbol = onlyTicketSymbol(job, "A ticket document");
    if (!symbol) return symbol.error();
    auto doc = PdfDocument::create(out, titleOf(job));
    if (!doc) return doc.error();
    if (auto s = drawInto(**doc, job, *symbol, paper, calibration); !s) return s;
    return (*doc)->finish();
}

Result<std::string> ticketQrPngBytes(const PaperJob& job, int pixels) {
    auto symbol = onlyTicketSymbol(job, "A ticket document");
    if (!symbol) return symbol.error();
    return qrPngBytes(*symbol, pixels);
}

Status writeTicketQrPng(const PaperJob& job, int pixels, const std::filesystem::path& out) {
    auto png = ticketQrPngBytes(job, pixels);
    if (!png) return png.error();
    return writeOutputFile(out, *png);
}

}  // namespace qrgate

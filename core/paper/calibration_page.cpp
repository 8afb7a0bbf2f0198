#include "core/paper/calibration_page.hpp"

#include <string>

#include "core/paper/paper_canvas.hpp"
#include "core/paper/paper_ruler.hpp"

namespace qrgate {

using namespace paper;

namespace {

constexpr double kRulerStart = 60;  // each ruler's 0, from the edge it runs away from
constexpr double kRulerBase = 40;   // and its distance from the other edge

}  // namespace

Status writeCalibrationPage(const PaperSize& paper, const std::filesystem::path& out,
                            const PrinterCalibration& calibration) {
    auto doc = PdfDocument::create(out, "qrgate printer calibration");
    if (!doc) return doc.error();
    cairo_t* cr = (*doc)->beginPage(paper, calibration);
    TextPainter text(cr);
    // The cross: its centre is 20 mm from the left and the top edge.
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.2);
    const double c = kCalibrationCrossMm;
    cairo_move_to(cr, c - 6, c);
    cairo_line_to(cr, c + 6, c);
    cairo_move_to(cr, c, c - 6);
    cairo_line_to(cr, c, c + 6);
    cairo_stroke(cr);
    cairo_arc(cr, c, c, 3, 0, 6.2832);
    cairo_stroke(cr);
    drawMmRuler(cr, text, kRulerStart, kRulerBase, true);
    drawMmRuler(cr, text, kRulerBase, kRulerStart, false);

    TextStyle title;
    title.sizePt = 16;
    title.bold = true;
    title.maxLines = 1;
    TextStyle body;
    body.sizePt = 10;
    body.maxLines = 12;
    const double x = 60, width = paper.widthMm - x - 20;
    text.draw("Printer calibration", {x, 58, width, 8}, title);
    text.draw(std::string("Print this page at 100 % (no \u201Cfit to page\u201D) and measure with a ruler:\n"
                          "1. The ruler across the page, from 0 to 100. Scale across = what you measured \u00F7 100.\n"
                          "2. The ruler down the page, from 0 to 100. Scale down = what you measured \u00F7 100.\n"
                          "3. The centre of the cross in the top left corner, from the left edge and from the top "
                          "edge of the paper. Offset = what you measured \u2212 20 mm.\n\n"
                          "Enter the four numbers in qrgate (Print \u203A Calibration, or: qrgate printers calibrate "
                          "PRINTER --measured-left MM --measured-top MM --measured-across MM --measured-down MM). "
                          "Sheets sent to that printer are then corrected, so label sheets line up. ") +
                  (calibration.isIdentity() ? "This page was printed without correction."
                                            : "This page was printed with the saved correction: both rulers should "
                                              "now measure 100 mm and the cross sit 20 mm from both edges."),
              {x, 70, width, 90}, body);
    if (auto s = (*doc)->endPage(); !s) return s;
    return (*doc)->finish();
}

PrinterCalibration calibrationFromMeasurements(double crossFromLeftMm, double crossFromTopMm,
                                               double horizontalRulerMm, double verticalRulerMm) {
    PrinterCalibration c;
    c.scaleX = horizontalRulerMm / kCalibrationRulerMm;
    c.scaleY = verticalRulerMm / kCalibrationRulerMm;
    // printed = s * p + o  at p = 20 mm.
    c.offsetXmm = crossFromLeftMm - c.scaleX * kCalibrationCrossMm;
    c.offsetYmm = crossFromTopMm - c.scaleY * kCalibrationCrossMm;
    return c;
}

}  // namespace qrgate

#pragma once
// A 100 mm ruler on paper (internal to core/paper): the calibration page has one across and one
// down, the first-run guide's test ticket one across. Printed at 100 %, it measures 100 mm.
#include "core/paper/paper_canvas.hpp"

namespace qrgate::paper {

inline constexpr double kRulerLengthMm = 100;

// Ticks every mm (longer every 5 and 10 mm, numbered every 10) on a line from (x, y) 100 mm long,
// to the right when `across`, else down the page; the ticks and numbers stand below (right of) it.
void drawMmRuler(cairo_t* cr, TextPainter& text, double x, double y, bool across);

}  // namespace qrgate::paper

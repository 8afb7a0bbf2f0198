#include "core/paper/paper_ruler.hpp"

#include <string>

namespace qrgate::paper {

void drawMmRuler(cairo_t* cr, TextPainter& text, double x, double y, bool across) {
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.15);
    for (int mm = 0; mm <= 100; ++mm) {
        const double length = mm % 10 == 0 ? 6 : mm % 5 == 0 ? 4 : 2.5;
        if (across) {
            cairo_move_to(cr, x + mm, y);
            cairo_line_to(cr, x + mm, y + length);
        } else {
            cairo_move_to(cr, x, y + mm);
            cairo_line_to(cr, x + length, y + mm);
        }
    }
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.3);
    cairo_move_to(cr, x, y);
    if (across) cairo_line_to(cr, x + kRulerLengthMm, y);
    else cairo_line_to(cr, x, y + kRulerLengthMm);
    cairo_stroke(cr);
    cairo_restore(cr);
    TextStyle label;
    label.sizePt = 6;
    label.maxLines = 1;
    label.align = Align::Centre;
    for (int mm = 0; mm <= 100; mm += 10) {
        if (across)
            text.draw(std::to_string(mm), {x + mm - 4, y + 6.5, 8, 3}, label);
        else
            text.draw(std::to_string(mm), {x + 6.5, y + mm - 1.5, 8, 3},
                      TextStyle{label.sizePt, 5, 1, false, false, false, {}, Align::Left});
    }
}

}  // namespace qrgate::paper

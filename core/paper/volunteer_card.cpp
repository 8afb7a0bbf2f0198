#include "core/paper/volunteer_card.hpp"

#include "core/base/time_format.hpp"
#include "core/checkin/verdict_signals.hpp"
#include "core/events/event_dates.hpp"
#include "core/paper/paper_canvas.hpp"

namespace qrgate {

using namespace paper;

namespace {

constexpr double kMargin = 12;

// What the volunteer does at the kiosk, in the order a shift meets it. The keys are the kiosk's
// own (views/kiosk_view.cpp: F1, Tab, Ctrl+Z, Space / Esc).
struct HowTo {
    const char* title;
    const char* text;
};
constexpr HowTo kHowTos[] = {
    {"Scan",
     "Hold the ticket's QR code (phone or paper) in the square on the screen, or aim the handheld scanner at it. "
     "The answer fills the screen at once; Space or Esc clears it for the next person."},
    {"Search by name  (F1)",
     "No code, or a phone that died? Press F1 (Search), type part of the name, email or ticket number, check "
     "it is them, then press Admit on their line."},
    {"Undo a wrong admission  (Ctrl+Z)",
     "Let someone in by mistake? Press Ctrl+Z (Undo last) straight away: the admission is cancelled and the "
     "ticket can be used again."},
    {"Record an exit  (Tab)",
     "Someone leaving who will come back: press Tab so the top bar says EXIT, scan their ticket, then Tab again "
     "for ENTRY."},
    {"\"Leader: OFFLINE\" at the bottom",
     "Keep scanning. This gate decides from its own copy of the tickets and sends its scans on when the link "
     "is back. Tell a supervisor if it lasts."},
};

Rgb rgbOf(SignalColour c) { return {c.r / 255.0, c.g / 255.0, c.b / 255.0}; }

void fillRect(cairo_t* cr, const RectMm& r, Rgb c) {
    setColour(cr, c);
    cairo_rectangle(cr, r.x, r.y, r.width, r.height);
    cairo_fill(cr);
}

}  // namespace

PaperSize volunteerCardPaper() { return {"a4-landscape", 297, 210}; }

Status renderVolunteerCard(const Event& event, TimeMs now, const std::filesystem::path& out) {
    const PaperSize paper = volunteerCardPaper();
    auto doc = PdfDocument::create(out, event.name + " \u2013 volunteer card");
    if (!doc) return doc.error();
    cairo_t* cr = (*doc)->beginPage(paper);
    TextPainter text(cr);
    const Rgb ink{0.08, 0.08, 0.08}, grey{0.38, 0.38, 0.38}, rule{0.7, 0.7, 0.7};
    auto style = [](double size, bool bold, Rgb colour, int lines = 1, Align align = Align::Left) {
        return TextStyle::of(size, bold, colour, align, lines, 0.75);
    };
    // Running text wraps at its size rather than shrinking to stay on one line.
    auto body = [](double size, int lines) { return TextStyle::of(size, false, {0.08, 0.08, 0.08}, Align::Left, lines, 1.0); };
    const double width = paper.widthMm - 2 * kMargin;

    // The event, large: the card belongs to one event.
    text.draw("At the gate \u00B7 " + event.name, {kMargin, kMargin, width, 11}, style(20, true, ink));
    std::string where = event.venue;
    const std::string dates = formatEventDates(event, now);
    if (!dates.empty()) where += (where.empty() ? "" : "  \u00B7  ") + dates;
    if (!where.empty()) text.draw(where, {kMargin, kMargin + 11.5, width, 6}, style(10.5, false, grey));

    // Left: the colours, each a swatch with the screen's own word in the screen's own ink.
    const double top = kMargin + 21;
    const double leftW = 150, swatchW = 50, rowH = 25.5;
    text.draw("What the screen's colour means", {kMargin, top, leftW, 7}, style(13, true, ink));
    double y = top + 9;
    for (const auto& signal : kVerdictSignals) {
        const Rgb bg = rgbOf(signal.colour);
        const Rgb wordInk = signal.darkInk ? Rgb{0.08, 0.08, 0.08} : Rgb{1, 1, 1};
        fillRect(cr, {kMargin, y, swatchW, rowH - 3}, bg);
        text.draw(signal.headline, {kMargin + 2, y + (rowH - 3) / 2 - 3.6, swatchW - 4, 7.2},
                  style(13, true, wordInk, 1, Align::Centre));
        const double tx = kMargin + swatchW + 4, tw = leftW - swatchW - 4;
        text.draw(signal.colourName, {tx, y, tw, 6}, style(11.5, true, bg.r + bg.g + bg.b > 1.6 ? Rgb{0.55, 0.32, 0} : bg));
        text.draw(signal.staffAction, {tx, y + 6, tw, rowH - 8}, body(9.5, 4));
        y += rowH;
    }

    // Right: how to do the rest.
    const double rightX = kMargin + leftW + 10, rightW = paper.widthMm - kMargin - rightX;
    cairo_set_source_rgb(cr, rule.r, rule.g, rule.b);
    cairo_set_line_width(cr, 0.3);
    cairo_move_to(cr, rightX - 5, top);
    cairo_line_to(cr, rightX - 5, y - 3);
    cairo_stroke(cr);
    text.draw("How to", {rightX, top, rightW, 7}, style(13, true, ink));
    double ry = top + 9;
    const double blockH = (y - 3 - ry) / static_cast<double>(std::size(kHowTos));
    for (const auto& how : kHowTos) {
        text.draw(how.title, {rightX, ry, rightW, 5.5}, style(10.5, true, ink));
        text.draw(how.text, {rightX, ry + 6, rightW, blockH - 6}, body(9.8, 4));
        ry += blockH;
    }

    // Whom to call: blank lines to write on.
    const double callY = paper.heightMm - kMargin - 17;
    cairo_set_source_rgb(cr, rule.r, rule.g, rule.b);
    cairo_move_to(cr, kMargin, callY - 3);
    cairo_line_to(cr, kMargin + width, callY - 3);
    cairo_stroke(cr);
    text.draw("Whom to call", {kMargin, callY, 40, 7}, style(13, true, ink));
    const double lineY = callY + 11;
    text.draw("Supervisor", {kMargin + 42, lineY - 5, 25, 5}, style(9.5, false, grey));
    text.draw("Phone", {kMargin + 152, lineY - 5, 18, 5}, style(9.5, false, grey));
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 0.35);
    cairo_move_to(cr, kMargin + 64, lineY);
    cairo_line_to(cr, kMargin + 145, lineY);
    cairo_move_to(cr, kMargin + 166, lineY);
    cairo_line_to(cr, kMargin + width, lineY);
    cairo_stroke(cr);
    text.draw("Printed " + formatLongLocal(now, event.timeZone) + " by qrgate", {kMargin, paper.heightMm - kMargin - 3, width, 4},
              style(7, false, grey, 1, Align::Right));
    if (auto s = (*doc)->endPage(); !s) return s.error();
    return (*doc)->finish();
}

}  // namespace qrgate

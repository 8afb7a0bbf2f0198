#include "core/paper/ticket_face.hpp"

#include <glib.h>

#include <algorithm>
#include <cmath>

#include "core/base/time_format.hpp"

namespace qrgate::paper {

namespace {

constexpr double kMmPerPoint = 25.4 / 72.0;
constexpr double kLineFactor = 1.22;  // a line of DejaVu Sans is about 1.16 em; a little air

double lineHeight(double sizePt) { return sizePt * kMmPerPoint * kLineFactor; }

bool hasVisibleCharacter(const std::string& s) {
    for (const gchar* p = s.c_str(); *p; p = g_utf8_next_char(p)) {
        const gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isspace(c) && !g_unichar_ismark(c) && g_unichar_isgraph(c)) return true;
    }
    return false;
}

// The type's colour as a small square, then its name.
void drawType(cairo_t* cr, TextPainter& text, const TicketFace& face, const RectMm& box, const TextStyle& style) {
    const std::string name = face.type ? face.type->name : face.ticket->typeName;
    const double swatch = std::min(box.height * 0.8, style.sizePt * kMmPerPoint * 0.95);
    double x = box.x;
    if (face.type && style.align != Align::Centre) {
        cairo_save(cr);
        setColour(cr, parseHexColour(face.type->colour));
        cairo_rectangle(cr, box.x, box.y + (lineHeight(style.sizePt) - swatch) / 2, swatch, swatch);
        cairo_fill(cr);
        cairo_restore(cr);
        x += swatch * 1.5;
    }
    TextStyle typeStyle = style;
    if (face.type) typeStyle.colour = parseHexColour(face.type->colour);
    // Light colours stay readable: darken them for the text (the swatch keeps the real colour).
    const double luminance = 0.2126 * typeStyle.colour.r + 0.7152 * typeStyle.colour.g + 0.0722 * typeStyle.colour.b;
    if (luminance > 0.55) {
        const double k = 0.55 / luminance;
        typeStyle.colour = {typeStyle.colour.r * k, typeStyle.colour.g * k, typeStyle.colour.b * k};
    }
    std::string label = name;
    if (face.type && style.align == Align::Centre) label = "\u25A0 " + name;  // centred: the square leads the text
    text.draw(label, {x, box.y, box.x + box.width - x, box.height}, typeStyle);
}

// The name, or the ticket number when no font can draw it.
void drawName(TextPainter& text, const TicketFace& face, const RectMm& box, const TextStyle& style) {
    const PrintableName name = printableName(face.ticket->holderName);
    if (!name.text.empty()) {
        text.draw(name.text, box, style);
        return;
    }
    TextStyle fallback = style;
    fallback.italic = true;
    fallback.maxLines = 1;
    text.draw("Ticket " + formatTicketNumber(face.ticket->number), box, fallback);
}

}  // namespace

PrintableName printableName(const std::string& holderName) {
    if (fontsCanDraw(holderName)) return {hasVisibleCharacter(holderName) ? holderName : std::string(), true};
    // Keep what can be drawn, character by character (with its combining marks).
    std::string kept;
    const gchar* p = holderName.c_str();
    while (*p) {
        const gchar* next = g_utf8_next_char(p);
        while (*next && g_unichar_ismark(g_utf8_get_char(next))) next = g_utf8_next_char(next);
        const std::string cluster(p, next);
        if (fontsCanDraw(cluster)) kept += cluster;
        p = next;
    }
    // Squeeze the spaces left where something was taken out.
    std::string squeezed;
    for (char c : kept) {
        if (c == ' ' && (squeezed.empty() || squeezed.back() == ' ')) continue;
        squeezed.push_back(c);
    }
    while (!squeezed.empty() && squeezed.back() == ' ') squeezed.pop_back();
    if (!hasVisibleCharacter(squeezed)) squeezed.clear();
    return {squeezed, false};
}

Result<QrSymbol> onlyTicketSymbol(const PaperJob& job, const std::string& document) {
    if (job.batch.tickets.size() != 1)
        return Error{"invalid_selection",
                     document + " holds exactly one ticket, not " + std::to_string(job.batch.tickets.size())};
    auto payload = job.qrDataFor(job.batch.tickets.front());
    if (!payload) return payload.error();
    return encodeQr(*payload);
}

std::string whenAndWhere(const Event& event) {
    std::string s;
    if (event.startsAt) s = formatLongLocal(*event.startsAt, event.timeZone);
    if (!event.venue.empty()) s += (s.empty() ? "" : " \u00B7 ") + event.venue;
    return s;
}

void drawTicketCell(cairo_t* cr, TextPainter& text, const TicketFace& face, const RectMm& content, bool label) {
    if (content.width <= 0 || content.height <= 0) return;
    cairo_save(cr);
    cairo_rectangle(cr, content.x, content.y, content.width, content.height);
    cairo_clip(cr);

    const bool landscape = content.width >= content.height * 1.2;
    const double gap = label ? 1.5 : 2.5;
    double qrSide;
    RectMm column;
    if (landscape) {
        qrSide = std::min(content.height, content.width * 0.5);
        drawQr(cr, *face.qr, content.x, content.y + (content.height - qrSide) / 2, qrSide);
        column = {content.x + qrSide + gap, content.y, content.width - qrSide - gap, content.height};
    } else {
        qrSide = std::min(content.width, content.height * 0.6);
        drawQr(cr, *face.qr, content.x + (content.width - qrSide) / 2, content.y, qrSide);
        column = {content.x, content.y + qrSide + gap * 0.5, content.width, content.height - qrSide - gap * 0.5};
    }

    // Sizes at scale 1, then the whole block scaled to the column (never beyond 2x, never below
    // 0.4x: the TextPainter shrinks, wraps or ellipsises what still does not fit).
    const std::string where = whenAndWhere(*face.event);
    struct Line {
        double sizePt;
        int lines;
    };
    const Line eventLine{9, 1}, whereLine{6.5, where.empty() ? 0 : 1}, nameLine{14, 2}, typeLine{8.5, 1},
        numberLine{11, 1};
    const double spacing = 1.0;  // mm between the groups
    double needed = 0;
    for (const Line& l : {eventLine, whereLine, nameLine, typeLine, numberLine}) needed += l.lines * lineHeight(l.sizePt);
    needed += 2 * spacing;
    const double scale = std::clamp(std::min(column.height / needed, column.width / 38.0), 0.4, 2.0);
    const double blockHeight = std::min(column.height, needed * scale);
    double y = column.y + (landscape ? (column.height - blockHeight) / 2 : 0);
    const Align align = landscape ? Align::Left : Align::Centre;
    auto next = [&](const Line& l, double extra = 0) {
        const double h = l.lines * lineHeight(l.sizePt * scale);
        RectMm box{column.x, y, column.width, std::max(0.0, std::min(h, column.y + column.height - y))};
        y += h + extra * scale;
        return box;
    };
    auto style = [&](const Line& l, bool bold, Rgb colour, int maxLines) {
        TextStyle s = TextStyle::of(l.sizePt * scale, bold, colour, align, maxLines, 0.5);
        s.minSizePt = std::max(3.5, s.minSizePt);
        return s;
    };
    const Rgb ink{0.08, 0.08, 0.08}, grey{0.35, 0.35, 0.35};
    text.draw(face.event->name, next(eventLine), style(eventLine, true, ink, 1));
    if (whereLine.lines) text.draw(where, next(whereLine, spacing), style(whereLine, false, grey, 1));
    else y += spacing * scale;
    drawName(text, face, next(nameLine, spacing), style(nameLine, true, ink, 2));
    drawType(cr, text, face, next(typeLine), style(typeLine, false, ink, 1));
    const RectMm numberBox = next(numberLine);
    TextStyle number = style(numberLine, true, ink, 1);
    number.monospace = true;
    const std::string sequence = "#" + std::to_string(face.sequence);
    TextStyle seq = style(Line{6, 1}, false, {0.45, 0.45, 0.45}, 1);
    seq.align = Align::Right;
    if (align == Align::Left) {
        // The number on the left, the cell's sequence small on the right of the same line.
        const double seqWidth = text.measure(sequence, seq).first;
        text.draw("No. " + formatTicketNumber(face.ticket->number),
                  {numberBox.x, numberBox.y, numberBox.width - seqWidth - 1, numberBox.height}, number);
        text.draw(sequence, {numberBox.x, numberBox.y + numberBox.height * 0.25, numberBox.width, numberBox.height * 0.75},
                  seq);
    } else {
        text.draw("No. " + formatTicketNumber(face.ticket->number), numberBox, number);
        // Centred cells: the sequence sits in the cell's bottom right corner.
        text.draw(sequence, {content.x, content.y + content.height - lineHeight(seq.sizePt), content.width,
                             lineHeight(seq.sizePt)}, seq);
    }
    cairo_restore(cr);
}

void drawTicketPage(cairo_t* cr, TextPainter& text, const TicketFace& face, const PaperSize& paper) {
    const double margin = 18;
    const double width = paper.widthMm - 2 * margin;
    double y = margin;
    const Rgb ink{0.08, 0.08, 0.08}, grey{0.38, 0.38, 0.38};
    auto style = [&](double size, bool bold, Rgb colour, Align align = Align::Centre, int lines = 2) {
        return TextStyle::of(size, bold, colour, align, lines, 0.55);
    };
    // A band in the type's colour across the top: the ticket's kind at a glance.
    const Rgb typeColour = face.type ? parseHexColour(face.type->colour) : Rgb{0.3, 0.3, 0.3};
    setColour(cr, typeColour);
    cairo_rectangle(cr, margin, y, width, 3);
    cairo_fill(cr);
    y += 8;
    y += text.draw(face.event->name, {margin, y, width, 2 * lineHeight(24)}, style(24, true, ink)) + 3;
    if (face.event->startsAt) {
        std::string when = formatLongLocal(*face.event->startsAt, face.event->timeZone);
        const std::string& zone = face.event->timeZone;
        when += zone == "UTC" || zone == "Etc/UTC" ? " (UTC)" : " (" + zone + ")";
        y += text.draw(when, {margin, y, width, 2 * lineHeight(13)}, style(13, false, ink)) + 1.5;
    }
    if (!face.event->venue.empty())
        y += text.draw(face.event->venue, {margin, y, width, 2 * lineHeight(13)}, style(13, false, ink)) + 1.5;

    const double qrSide = std::min(width, 105.0);
    y += 6;
    drawQr(cr, *face.qr, margin + (width - qrSide) / 2, y, qrSide);
    y += qrSide + 6;

    drawName(text, face, {margin, y, width, 2 * lineHeight(22)}, style(22, true, ink));
    y += 2 * lineHeight(22) + 2;
    const double typeWidth = std::min(width, 120.0);
    drawType(cr, text, face, {margin + (width - typeWidth) / 2, y, typeWidth, lineHeight(14)}, style(14, false, ink));
    y += lineHeight(14) + 2;
    TextStyle number = style(18, true, ink, Align::Centre, 1);
    number.monospace = true;
    y += text.draw("No. " + formatTicketNumber(face.ticket->number), {margin, y, width, lineHeight(18)}, number) + 8;

    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
    cairo_set_line_width(cr, 0.3);
    cairo_move_to(cr, margin, y);
    cairo_line_to(cr, margin + width, y);
    cairo_stroke(cr);
    cairo_restore(cr);
    y += 5;
    text.draw("Show this code at the entrance, printed or on your phone's screen. Keep it to yourself: "
              "the first scan of this code is the one that counts.",
              {margin, y, width, 3 * lineHeight(11)}, [&] {
                  TextStyle s = style(11, false, grey, Align::Centre, 3);
                  s.minSizePt = s.sizePt;  // a sentence wraps rather than shrinks
                  return s;
              }());
}

}  // namespace qrgate::paper

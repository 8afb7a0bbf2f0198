#include "core/paper/door_list.hpp"

#include <glib.h>

#include <algorithm>

#include "core/base/time_format.hpp"
#include "core/paper/paper_canvas.hpp"
#include "core/paper/ticket_face.hpp"

namespace qrgate {

using namespace paper;

namespace {

constexpr double kMargin = 12;
constexpr double kHeaderHeight = 17;
constexpr double kFooterHeight = 7;
constexpr double kRowHeight = 6.2;
constexpr double kHeadingHeight = 8;

struct Entry {
    const Ticket* ticket;
    std::string key;
    std::string name;  // printable (may be empty: then the number stands for it)
    std::string letter;
};

struct Line {
    bool heading;
    const Entry* entry;  // the entry (for a heading: the first of its letter)
};

std::string firstLetter(const std::string& key) {
    if (key.empty()) return "";
    const gchar* p = key.c_str();
    const gunichar c = g_unichar_toupper(g_utf8_get_char(p));
    if (!g_unichar_isalpha(c)) return "#";
    gchar buf[8] = {};
    g_unichar_to_utf8(c, buf);
    return buf;
}

std::vector<std::vector<Line>> paginate(const std::vector<Entry>& entries, double bodyHeight) {
    std::vector<Line> lines;
    std::string letter = "\x01";
    for (const auto& e : entries) {
        if (e.letter != letter) {
            letter = e.letter;
            lines.push_back({true, &e});
        }
        lines.push_back({false, &e});
    }
    std::vector<std::vector<Line>> pages(1);
    double used = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const double h = lines[i].heading ? kHeadingHeight : kRowHeight;
        // A heading never ends a page: it moves to the next one with its first row.
        const double need = lines[i].heading ? h + kRowHeight : h;
        if (used + need > bodyHeight && !pages.back().empty()) {
            pages.emplace_back();
            used = 0;
        }
        pages.back().push_back(lines[i]);
        used += h;
    }
    return pages;
}

std::string shortName(const Entry& e) {
    return e.name.empty() ? "No. " + formatTicketNumber(e.ticket->number) : e.name;
}

}  // namespace

std::string doorListSortKey(const std::string& name) {
    gchar* decomposed = g_utf8_normalize(name.c_str(), static_cast<gssize>(name.size()), G_NORMALIZE_NFKD);
    if (!decomposed) return name;
    std::string bare;
    for (const gchar* p = decomposed; *p; p = g_utf8_next_char(p)) {
        const gunichar c = g_utf8_get_char(p);
        if (g_unichar_ismark(c)) continue;
        gchar buf[8] = {};
        bare.append(buf, static_cast<std::size_t>(g_unichar_to_utf8(c, buf)));
    }
    g_free(decomposed);
    gchar* folded = g_utf8_casefold(bare.c_str(), static_cast<gssize>(bare.size()));
    std::string key = folded ? folded : bare;
    g_free(folded);
    // Leading spaces and quotes do not decide where a name goes.
    const auto start = key.find_first_not_of(" \t\"'");
    return start == std::string::npos ? std::string() : key.substr(start);
}

Result<DoorListSummary> renderDoorList(const TicketBatch& batch, const PaperSize& paper, TimeMs printedAt,
                                       const std::filesystem::path& out, const PrinterCalibration& calibration,
                                       const std::function<bool(std::size_t, std::size_t)>& progress) {
    std::vector<Entry> entries;
    entries.reserve(batch.tickets.size());
    DoorListSummary summary;
    for (const auto& t : batch.tickets) {
        if (t.state != TicketState::Valid) continue;
        PrintableName name = printableName(t.holderName);
        std::string key = doorListSortKey(name.text);
        std::string letter = firstLetter(key);
        entries.push_back({&t, std::move(key), std::move(name.text), std::move(letter)});
        if (t.entryAt) ++summary.admitted;
        if (batch.mailFailedIds.count(t.id)) ++summary.mailFailed;
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        if (a.key.empty() != b.key.empty()) return b.key.empty();  // nameless last
        if (a.key != b.key) return a.key < b.key;
        if (a.name != b.name) return a.name < b.name;
        return a.ticket->number < b.ticket->number;
    });
    for (auto& e : entries)
        if (e.key.empty()) e.letter = "Without a name";
    summary.tickets = entries.size();

    const double bodyTop = kMargin + kHeaderHeight;
    const double bodyHeight = paper.heightMm - bodyTop - kMargin - kFooterHeight;
    const auto pages = paginate(entries, bodyHeight);
    summary.pages = pages.size();

    auto doc = PdfDocument::create(out, batch.event.name + " \u2013 door list");
    if (!doc) return doc.error();
    const double width = paper.widthMm - 2 * kMargin;
    const Rgb ink{0.05, 0.05, 0.05}, grey{0.4, 0.4, 0.4}, green{0.1, 0.45, 0.2}, amber{0.62, 0.36, 0.0};
    auto style = [](double size, bool bold, Rgb colour, Align align = Align::Left) {
        return TextStyle::of(size, bold, colour, align, 1, 0.7);
    };
    // Columns: tick box, name, number, type, already in.
    const double boxX = kMargin, nameX = kMargin + 8, numberX = kMargin + width * 0.56, typeX = numberX + 19,
                 inX = kMargin + width * 0.80;
    const std::string printed = formatLongLocal(printedAt, batch.event.timeZone);
    std::size_t done = 0;
    for (std::size_t p = 0; p < pages.size(); ++p) {
        cairo_t* cr = (*doc)->beginPage(paper, calibration);
        TextPainter text(cr);
        const auto& lines = pages[p];
        // Header: the event, and the page's first and last name, large, where the eye looks first.
        const Entry* firstEntry = nullptr;
        const Entry* lastEntry = nullptr;
        for (const auto& l : lines)
            if (!l.heading) {
                if (!firstEntry) firstEntry = l.entry;
                lastEntry = l.entry;
            }
        text.draw("Door list \u00B7 " + batch.event.name, {kMargin, kMargin, width * 0.55, 6}, style(11, true, ink));
        if (firstEntry)
            text.draw(shortName(*firstEntry) + "  \u2013  " + shortName(*lastEntry),
                      {kMargin + width * 0.55, kMargin, width * 0.45, 6}, style(11, true, ink, Align::Right));
        text.draw("Printed " + printed + " \u00B7 " + withThousands(long(summary.tickets)) + " valid tickets, " +
                      withThousands(long(summary.admitted)) +
                      " already in then" +
                      (summary.mailFailed ? ", " + withThousands(long(summary.mailFailed)) + " whose email failed" : "") +
                      ". Tick a name when its holder comes in; check the number on their ticket.",
                  {kMargin, kMargin + 7, width, 5}, style(7.5, false, grey));
        cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
        cairo_set_line_width(cr, 0.3);
        cairo_move_to(cr, kMargin, bodyTop - 2);
        cairo_line_to(cr, kMargin + width, bodyTop - 2);
        cairo_stroke(cr);

        double y = bodyTop;
        std::size_t row = 0;
        for (const auto& l : lines) {
            if (l.heading) {
                cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
                cairo_rectangle(cr, kMargin, y + 1, width, kHeadingHeight - 2);
                cairo_fill(cr);
                text.draw(l.entry->letter, {kMargin + 2, y + 1.4, width - 4, kHeadingHeight - 2.5}, style(11, true, ink));
                y += kHeadingHeight;
                row = 0;
                continue;
            }
            const Ticket& t = *l.entry->ticket;
            if (row++ % 2 == 1) {
                cairo_set_source_rgb(cr, 0.955, 0.955, 0.955);
                cairo_rectangle(cr, kMargin, y, width, kRowHeight);
                cairo_fill(cr);
            }
            cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
            cairo_set_line_width(cr, 0.25);
            cairo_rectangle(cr, boxX + 1, y + 1.3, 3.6, 3.6);
            cairo_stroke(cr);
            const double textY = y + 1.1;
            const double textH = kRowHeight - 1.2;
            if (!l.entry->name.empty())
                text.draw(l.entry->name, {nameX, textY, numberX - nameX - 2, textH}, style(9.5, true, ink));
            else
                text.draw("(no name)", {nameX, textY, numberX - nameX - 2, textH}, style(9, false, grey));
            TextStyle number = style(9, false, ink);
            number.monospace = true;
            text.draw(formatTicketNumber(t.number), {numberX, textY, typeX - numberX - 1, textH}, number);
            const TicketType* type = batch.typeOf(t);
            if (type) {
                setColour(cr, parseHexColour(type->colour));
                cairo_rectangle(cr, typeX, y + 2, 2.2, 2.2);
                cairo_fill(cr);
            }
            text.draw(type ? type->name : t.typeName, {typeX + 3.2, textY, inX - typeX - 4.5, textH}, style(8, false, ink));
            if (t.entryAt)
                text.draw("already in " + formatClockLocal(*t.entryAt, batch.event.timeZone) +
                              (t.entryGate.empty() ? "" : ", " + t.entryGate),
                          {inX, textY, kMargin + width - inX, textH}, style(8, true, green));
            else if (batch.mailFailedIds.count(t.id))
                text.draw("email failed: no ticket?", {inX, textY, kMargin + width - inX, textH}, style(8, true, amber));
            y += kRowHeight;
            ++done;
        }
        text.draw("Page " + std::to_string(p + 1) + " of " + std::to_string(pages.size()),
                  {kMargin, paper.heightMm - kMargin - 4, width, 4.5}, style(7.5, false, grey, Align::Centre));
        if (auto s = (*doc)->endPage(); !s) return s.error();
        if (progress && !progress(done, entries.size())) return Error{"cancelled", "Cancelled; no file was written"};
    }
    if (auto s = (*doc)->finish(); !s) return s.error();
    return summary;
}

}  // namespace qrgate

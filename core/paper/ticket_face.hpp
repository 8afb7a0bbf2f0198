#pragma once
// One ticket as it appears on paper (internal to core/paper): the cell of a sheet or a label, and
// the name line shared by every document (with its fallback when no font can draw the name).
#include <string>

#include "core/base/model.hpp"
#include "core/base/result.hpp"
#include "core/paper/paper_canvas.hpp"
#include "core/paper/paper_job.hpp"
#include "core/paper/qr_symbol.hpp"

namespace qrgate::paper {

// The holder's name as printable text: characters no font on this machine can draw are left out;
// when nothing readable is left (or there was no name) it is empty and the caller prints the
// ticket number instead. `complete` is false when anything was left out.
struct PrintableName {
    std::string text;
    bool complete = true;
};
PrintableName printableName(const std::string& holderName);

struct TicketFace {
    const Event* event = nullptr;
    const TicketType* type = nullptr;  // may be null (then the ticket's type name, no colour)
    const Ticket* ticket = nullptr;
    const QrSymbol* qr = nullptr;
    std::size_t sequence = 0;  // 1-based position in the run, printed small so a gap shows
};

// The code of a one-ticket document: an error when `job` does not hold exactly one ticket
// (`document` names it in the message: "A ticket document") or its code cannot be made.
Result<QrSymbol> onlyTicketSymbol(const PaperJob& job, const std::string& document);

// "Saturday 21 November 2026, 18:30 · Venue" (what is known of it).
std::string whenAndWhere(const Event& event);

// Draws the face into `content` (mm: a cell less its padding, see cellContentBox). `label` picks
// the tighter spacing of label stock. Nothing is drawn outside `content`.
void drawTicketCell(cairo_t* cr, TextPainter& text, const TicketFace& face, const RectMm& content, bool label);

// The one-page ticket: `page` is the paper's printable area.
void drawTicketPage(cairo_t* cr, TextPainter& text, const TicketFace& face, const PaperSize& paper);

}  // namespace qrgate::paper

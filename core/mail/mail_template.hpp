#pragma once
// What the message says: a subject and a body per event, with placeholders filled in for each
// attendee. The organizer writes plain text; the HTML part is made from it (paragraphs, line
// breaks, links left as text) with the QR code placed where {qr} stands (after the text when the
// body has no {qr}).
//
// Placeholders: {name} {event} {ticket_number} {ticket_type} {venue} {starts} {qr}.
// A message carrying several tickets (one message per address) lists every number and type, and
// the names when they differ.
#include <string>
#include <vector>

#include "core/base/model.hpp"
#include "core/base/result.hpp"
#include "core/store/database.hpp"

namespace qrgate {

struct MailTemplate {
    std::string subject;
    std::string body;
    bool operator==(const MailTemplate&) const = default;
};

MailTemplate defaultMailTemplate();
const std::vector<std::string>& mailPlaceholders();  // "{name}", "{event}", ...
// Placeholders written in the template that are not one of ours ("{nmae}"), for a warning.
std::vector<std::string> unknownPlaceholders(const MailTemplate& tmpl);

// The event's template, or the default when the organizer has not written one.
MailTemplate loadMailTemplate(Database& db, const std::string& eventId);
// Error "empty_subject" when the subject is blank.
Status saveMailTemplate(Database& db, const std::string& eventId, const MailTemplate& tmpl, TimeMs now);

// The values for one message.
struct TemplateValues {
    std::string name;
    std::string event;
    std::string ticketNumber;
    std::string ticketType;
    std::string venue;
    std::string starts;
};
TemplateValues templateValuesFor(const Event& event, const std::vector<Ticket>& tickets);

struct FilledTemplate {
    std::string subject;  // one line: line breaks in values become spaces
    std::string text;     // the plain-text part ({qr} becomes "(your QR code is attached)")
    std::string html;     // a whole HTML document; {qr} becomes the images cid:qrCid[i]
};
FilledTemplate fillTemplate(const MailTemplate& tmpl, const TemplateValues& values,
                            const std::vector<std::string>& qrContentIds);

}  // namespace qrgate

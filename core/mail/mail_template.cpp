#include "core/mail/mail_template.hpp"

#include <algorithm>
#include <set>

#include "core/base/time_format.hpp"

namespace qrgate {

namespace {

const char* const kQrPlaceholder = "{qr}";

std::string escapeHtml(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> pairsOf(const TemplateValues& v) {
    return {{"{name}", v.name},     {"{event}", v.event}, {"{ticket_number}", v.ticketNumber},
            {"{ticket_type}", v.ticketType}, {"{venue}", v.venue}, {"{starts}", v.starts}};
}

// Fills one line in one pass over the template's text, so a value that looks like a placeholder
// ("{venue}" typed as a name) is kept as written. The result is the line cut at each {qr}: one
// piece when it has none. A line whose placeholders are all empty (no venue, no start time) is
// dropped, so the default template reads well for every event: nullopt.
std::optional<std::vector<std::string>> fillLine(const std::string& line, const TemplateValues& values) {
    const auto pairs = pairsOf(values);
    const std::string qr = kQrPlaceholder;
    bool any = false, anyFilled = false;
    std::vector<std::string> pieces(1);
    for (std::size_t at = 0; at < line.size();) {
        if (line[at] != '{') {
            pieces.back() += line[at++];
            continue;
        }
        if (line.compare(at, qr.size(), qr) == 0) {
            pieces.emplace_back();
            at += qr.size();
            continue;
        }
        const auto key = std::find_if(pairs.begin(), pairs.end(),
                                      [&](const auto& p) { return line.compare(at, p.first.size(), p.first) == 0; });
        if (key == pairs.end()) {
            pieces.back() += line[at++];
            continue;
        }
        any = true;
        anyFilled = anyFilled || !key->second.empty();
        pieces.back() += key->second;
        at += key->first.size();
    }
    if (any && !anyFilled) return std::nullopt;
    return pieces;
}

std::string joined(const std::vector<std::string>& pieces, std::size_t from, const std::string& between) {
    std::string out;
    for (std::size_t i = from; i < pieces.size(); ++i) {
        if (i > from) out += between;
        out += pieces[i];
    }
    return out;
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::string line;
    for (char c : text) {
        if (c == '\r') continue;
        if (c == '\n') {
            lines.push_back(line);
            line.clear();
        } else {
            line += c;
        }
    }
    lines.push_back(line);
    return lines;
}

std::string oneLine(std::string text) {
    for (char& c : text)
        if (c == '\r' || c == '\n' || c == '\t') c = ' ';
    return text;
}

template <class Names>
std::string joinDistinct(const Names& items) {
    std::string out;
    std::set<std::string> seen;
    for (const auto& item : items) {
        if (item.empty() || !seen.insert(item).second) continue;
        if (!out.empty()) out += ", ";
        out += item;
    }
    return out;
}

}  // namespace

MailTemplate defaultMailTemplate() {
    return {"Your ticket for {event}",
            "Hello {name},\n"
            "\n"
            "here is your ticket for {event}.\n"
            "\n"
            "{qr}\n"
            "\n"
            "Ticket {ticket_number} ({ticket_type})\n"
            "When: {starts}\n"
            "Where: {venue}\n"
            "\n"
            "Show this QR code at the entrance, on your phone or printed: the PDF attached is the same "
            "ticket, ready to print. Please do not share it; it lets one person in.\n"};
}

const std::vector<std::string>& mailPlaceholders() {
    static const std::vector<std::string> names = {"{name}",  "{event}",  "{ticket_number}", "{ticket_type}",
                                                   "{venue}", "{starts}", "{qr}"};
    return names;
}

std::vector<std::string> unknownPlaceholders(const MailTemplate& tmpl) {
    std::vector<std::string> unknown;
    for (const std::string* text : {&tmpl.subject, &tmpl.body}) {
        for (auto open = text->find('{'); open != std::string::npos; open = text->find('{', open + 1)) {
            auto close = text->find('}', open);
            if (close == std::string::npos) break;
            const std::string word = text->substr(open, close - open + 1);
            // "{ a brace in prose }" or "{{": not meant as a placeholder.
            if (word.size() > 40 || word.find_first_of(" \n\t{", 1) != std::string::npos) continue;
            const auto& known = mailPlaceholders();
            if (std::find(known.begin(), known.end(), word) == known.end() &&
                std::find(unknown.begin(), unknown.end(), word) == unknown.end())
                unknown.push_back(word);
        }
    }
    return unknown;
}

MailTemplate loadMailTemplate(Database& db, const std::string& eventId) {
    SQLite::Statement q(db.sql(), "SELECT subject, body FROM mail_templates WHERE event_id = ?");
    q.bind(1, eventId);
    if (q.executeStep()) return {q.getColumn(0).getString(), q.getColumn(1).getString()};
    return defaultMailTemplate();
}

Status saveMailTemplate(Database& db, const std::string& eventId, const MailTemplate& tmpl, TimeMs now) {
    if (oneLine(tmpl.subject).find_first_not_of(' ') == std::string::npos)
        return Error{"empty_subject", "The subject is empty: write what the message is about."};
    WriteTransaction tx(db);
    SQLite::Statement q(db.sql(),
                        "INSERT INTO mail_templates (event_id, subject, body, updated_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (event_id) DO UPDATE SET subject = excluded.subject, body = excluded.body, "
                        "updated_at = excluded.updated_at");
    q.bind(1, eventId);
    q.bind(2, oneLine(tmpl.subject));
    q.bind(3, tmpl.body);
    q.bind(4, static_cast<std::int64_t>(now));
    q.exec();
    tx.commit();
    return success();
}

TemplateValues templateValuesFor(const Event& event, const std::vector<Ticket>& tickets) {
    TemplateValues v;
    std::vector<std::string> names, numbers, types;
    for (const auto& t : tickets) {
        names.push_back(t.holderName);
        numbers.push_back(formatTicketNumber(t.number));
        types.push_back(t.typeName);
    }
    v.name = joinDistinct(names);
    v.ticketNumber = joinDistinct(numbers);
    v.ticketType = joinDistinct(types);
    v.event = event.name;
    v.venue = event.venue;
    if (event.startsAt) v.starts = formatLongLocal(*event.startsAt, event.timeZone);
    return v;
}

FilledTemplate fillTemplate(const MailTemplate& tmpl, const TemplateValues& values,
                            const std::vector<std::string>& qrContentIds) {
    FilledTemplate out;
    const auto subject = fillLine(tmpl.subject, values);
    out.subject = oneLine(subject ? joined(*subject, 0, kQrPlaceholder) : "");

    // Each line as the pieces between its {qr}s.
    std::vector<std::vector<std::string>> lines;
    for (const auto& line : splitLines(tmpl.body))
        if (auto filled = fillLine(line, values)) lines.push_back(std::move(*filled));
    while (!lines.empty() && lines.back().size() == 1 && lines.back()[0].empty()) lines.pop_back();
    const bool placesQr =
        std::any_of(lines.begin(), lines.end(), [](const std::vector<std::string>& l) { return l.size() > 1; });
    const std::string qrWords = qrContentIds.size() > 1 ? "(Your tickets' QR codes are in the attached PDFs.)"
                                                        : "(Your ticket's QR code is in the attached PDF.)";
    for (const auto& line : lines) out.text += joined(line, 0, qrWords) + "\n";

    std::string images;
    for (std::size_t i = 0; i < qrContentIds.size(); ++i)
        images += "<img src=\"cid:" + qrContentIds[i] + "\" alt=\"Ticket QR code\" width=\"280\" height=\"280\" "
                  "style=\"display:inline-block;margin:8px;width:280px;height:280px;\">";
    const std::string qrBlock = "<p style=\"text-align:center;margin:24px 0;\">" + images + "</p>\n";

    std::string body;
    std::string paragraph;
    auto flush = [&] {
        if (paragraph.empty()) return;
        body += "<p style=\"margin:0 0 14px 0;\">" + paragraph + "</p>\n";
        paragraph.clear();
    };
    for (const auto& line : lines) {
        if (line.size() > 1) {
            flush();
            const std::string before = line[0], after = joined(line, 1, kQrPlaceholder);
            if (!before.empty()) body += "<p>" + escapeHtml(before) + "</p>\n";
            body += qrBlock;
            if (!after.empty()) body += "<p>" + escapeHtml(after) + "</p>\n";
        } else if (line[0].empty()) {
            flush();
        } else {
            if (!paragraph.empty()) paragraph += "<br>\n";
            paragraph += escapeHtml(line[0]);
        }
    }
    flush();
    if (!placesQr) body += qrBlock;
    out.html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escapeHtml(out.subject) +
               "</title></head>\n<body style=\"font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.45;"
               "color:#1d1d1f;max-width:620px;margin:0 auto;padding:20px;\">\n" +
               body + "</body></html>\n";
    return out;
}

}  // namespace qrgate

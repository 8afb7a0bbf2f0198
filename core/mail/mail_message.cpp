#include "core/mail/mail_message.hpp"

#include <curl/curl.h>
#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <ctime>

#include "core/base/crypto.hpp"
#include "core/paper/ticket_document.hpp"

namespace qrgate {

namespace {

bool isPrintableAscii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

// Length in bytes of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
std::size_t utf8Length(unsigned char lead) {
    if (lead >= 0xf0 && lead < 0xf8) return 4;
    if (lead >= 0xe0) return lead < 0xf0 ? 3 : 1;
    if (lead >= 0xc0) return 2;
    return 1;
}

// Standard base64 with padding (RFC 4648 section 4), as RFC 2047's "B" encoding wants it.
std::string base64(std::string_view bytes) {
    ensureSodium();
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

// Characters a filename keeps in its ASCII fallback and unencoded in RFC 2231's form.
bool isAttrChar(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// A file name without path separators, control characters or quotes.
std::string safeFilename(const std::string& name) {
    std::string out;
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '"') out += ' ';
        else out += static_cast<char>(c);
    }
    return out;
}

PaperJob jobOfOne(const PaperJob& job, const Ticket& ticket) {
    PaperJob one;
    one.batch.event = job.batch.event;
    one.batch.types = job.batch.types;
    one.batch.tickets = {ticket};
    one.keys = job.keys;
    return one;
}

}  // namespace

std::string messageIdDomain(const std::string& fromAddress) {
    const auto at = fromAddress.rfind('@');
    std::string domain = at == std::string::npos ? "" : fromAddress.substr(at + 1);
    return domain.empty() ? "qrgate.invalid" : domain;
}

// Printable ASCII folded before spaces so that no line passes 76 characters (RFC 5322 allows 998;
// a subject listing many names of one address would pass it). Unfolding (removing each CRLF)
// gives the text back. nullopt when a run without spaces is too long to fold.
std::optional<std::string> foldedAscii(std::string_view text) {
    constexpr std::size_t kLine = 76;
    std::string out;
    std::size_t lineStart = 0;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t next = text.find(' ', at + 1);
        if (next == std::string_view::npos) next = text.size();
        if (next - at > 900) return std::nullopt;
        if (at > 0 && text[at] == ' ' && out.size() - lineStart + (next - at) > kLine) {
            out += "\r\n";
            lineStart = out.size();
        }
        out.append(text.substr(at, next - at));
        at = next;
    }
    return out;
}

std::string encodeHeaderText(std::string_view utf8) {
    if (isPrintableAscii(utf8)) {
        if (auto folded = foldedAscii(utf8)) return *folded;
    }
    // Each encoded word: "=?UTF-8?B?" + base64 + "?=" <= 75 characters, so at most 45 bytes of
    // text per word (60 base64 characters), cut between characters.
    constexpr std::size_t kBytesPerWord = 45;
    std::string out;
    std::size_t at = 0;
    while (at < utf8.size()) {
        std::size_t end = at;
        while (end < utf8.size()) {
            std::size_t len = utf8Length(static_cast<unsigned char>(utf8[end]));
            if (end + len > utf8.size()) len = utf8.size() - end;
            if (end + len - at > kBytesPerWord && end > at) break;
            end += len;
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(utf8.substr(at, end - at)) + "?=";
        at = end;
    }
    return out;
}

std::string formatAddressHeader(const NamedAddress& address) {
    if (address.name.empty()) return "<" + address.address + ">";
    std::string name;
    if (!isPrintableAscii(address.name)) {
        name = encodeHeaderText(address.name);
    } else if (address.name.find_first_of("()<>[]:;@\\,.\"") != std::string::npos) {
        name = "\"";
        for (char c : address.name) {
            if (c == '"' || c == '\\') name += '\\';
            name += c;
        }
        name += "\"";
    } else {
        name = address.name;
    }
    return name + " <" + address.address + ">";
}

std::string contentDisposition(std::string_view disposition, const std::string& filename) {
    const std::string name = safeFilename(filename);
    if (isPrintableAscii(name)) return std::string(disposition) + "; filename=\"" + name + "\"";
    // RFC 2231 alone: a plain filename= beside it is a duplicate parameter to strict parsers
    // (Python's email package flags it and keeps the ASCII stand-in).
    static const char* const hex = "0123456789ABCDEF";
    std::string encoded;
    for (unsigned char c : name) {
        if (isAttrChar(c)) {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += hex[c >> 4];
            encoded += hex[c & 15];
        }
    }
    return std::string(disposition) + ";\r\n filename*=UTF-8''" + encoded;
}

std::string formatMailDate(TimeMs t) {
    const std::time_t seconds = static_cast<std::time_t>(t / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char text[64];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[utc.tm_wday], utc.tm_mday,
                  months[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    return text;
}

std::string ticketMessageId(const std::vector<Ticket>& tickets, const std::string& fromAddress) {
    const std::string domain = messageIdDomain(fromAddress);
    if (tickets.size() == 1)
        return "<qrgate." + tickets[0].id + "." + std::to_string(tickets[0].generation) + "@" + domain + ">";
    std::vector<std::string> parts;
    for (const auto& t : tickets) parts.push_back(t.id + "." + std::to_string(t.generation));
    std::sort(parts.begin(), parts.end());
    std::string all;
    for (const auto& p : parts) all += p + ";";
    const auto digest = hash256(all);
    return "<qrgate.group." + base32Encode(digest.data(), 15) + "@" + domain + ">";
}

Result<ComposedMail> composeTicketMail(const PaperJob& job, const MailTemplate& tmpl, const NamedAddress& from,
                                       TimeMs now, const PaperSize& paper, int qrPixels) {
    const auto& tickets = job.batch.tickets;
    if (tickets.empty()) return Error{"empty_selection", "No ticket to send."};
    ComposedMail mail;
    mail.from = from;
    mail.to.address = tickets.front().holderEmail;
    mail.date = now;
    mail.messageId = ticketMessageId(tickets, from.address);
    std::vector<std::string> contentIds;
    for (const auto& ticket : tickets) {
        mail.ticketIds.push_back(ticket.id);
        const PaperJob one = jobOfOne(job, ticket);
        auto png = ticketQrPngBytes(one, qrPixels);
        if (!png) return png.error();
        auto pdf = ticketPdfBytes(one, paper);
        if (!pdf) return pdf.error();
        const std::string number = formatTicketNumber(ticket.number);
        const std::string cid = "qr-" + ticket.id + "." + std::to_string(ticket.generation) + "@qrgate";
        contentIds.push_back(cid);
        mail.inlineImages.push_back({"Ticket " + number + " QR.png", "image/png", cid, std::move(*png)});
        mail.attachments.push_back(
            {job.batch.event.name + " - ticket " + number + ".pdf", "application/pdf", "", std::move(*pdf)});
    }
    const auto values = templateValuesFor(job.batch.event, tickets);
    mail.to.name = values.name;
    mail.content = fillTemplate(tmpl, values, contentIds);
    return mail;
}

namespace {

struct MimeParts {
    curl_mime* root = nullptr;
    bool failed = false;

    curl_mimepart* add(curl_mime* mime) {
        curl_mimepart* part = curl_mime_addpart(mime);
        if (!part) failed = true;
        return part;
    }
    void check(CURLcode code) {
        if (code != CURLE_OK) failed = true;
    }
    void text(curl_mime* mime, const std::string& body, const char* type) {
        // Lines end in CRLF: curl's quoted-printable encoder keeps CRLF as a line break and
        // would encode a bare LF as =0A, leaving one endless line.
        std::string crlf;
        crlf.reserve(body.size() + body.size() / 40);
        for (char c : body) {
            if (c == '\r') continue;
            if (c == '\n') crlf += '\r';
            crlf += c;
        }
        if (curl_mimepart* part = add(mime)) {
            check(curl_mime_data(part, crlf.data(), crlf.size()));
            check(curl_mime_type(part, type));
            check(curl_mime_encoder(part, "quoted-printable"));
        }
    }
    void binary(curl_mime* mime, const MailPart& file, const char* disposition) {
        curl_mimepart* part = add(mime);
        if (!part) return;
        check(curl_mime_data(part, file.bytes.data(), file.bytes.size()));
        check(curl_mime_type(part, file.contentType.c_str()));
        check(curl_mime_encoder(part, "base64"));
        curl_slist* headers = nullptr;
        headers = curl_slist_append(headers, ("Content-Disposition: " + contentDisposition(disposition, file.filename)).c_str());
        if (!file.contentId.empty())
            headers = curl_slist_append(headers, ("Content-ID: <" + file.contentId + ">").c_str());
        if (!headers) failed = true;
        check(curl_mime_headers(part, headers, 1));
    }
    // A part holding `sub` as a multipart of `type`; `sub` belongs to the part from then on.
    void nest(curl_mime* mime, curl_mime* sub, const char* type) {
        curl_mimepart* part = add(mime);
        if (!part) {
            curl_mime_free(sub);
            return;
        }
        check(curl_mime_subparts(part, sub));
        check(curl_mime_type(part, type));
    }
};

}  // namespace

Result<MimeMessage> MimeMessage::build(CURL* easy, const ComposedMail& mail) {
    MimeMessage message;
    MimeParts parts;
    message.m_mime = curl_mime_init(easy);
    curl_mime* alternative = curl_mime_init(easy);
    curl_mime* related = curl_mime_init(easy);
    if (!message.m_mime || !alternative || !related) {
        curl_mime_free(alternative);
        curl_mime_free(related);
        return Error{"mime", "Out of memory while building the message."};
    }
    parts.text(related, mail.content.html, "text/html; charset=UTF-8");
    for (const auto& image : mail.inlineImages) parts.binary(related, image, "inline");
    parts.text(alternative, mail.content.text, "text/plain; charset=UTF-8");
    parts.nest(alternative, related, "multipart/related");
    parts.nest(message.m_mime, alternative, "multipart/alternative");
    for (const auto& file : mail.attachments) parts.binary(message.m_mime, file, "attachment");

    const std::vector<std::string> headers = {
        "Date: " + formatMailDate(mail.date),
        "From: " + formatAddressHeader(mail.from),
        "To: " + formatAddressHeader(mail.to),
        "Subject: " + encodeHeaderText(mail.content.subject),
        "Message-ID: " + mail.messageId,
        "Auto-Submitted: auto-generated",
    };
    for (const auto& h : headers) {
        curl_slist* grown = curl_slist_append(message.m_headers, h.c_str());
        if (!grown) parts.failed = true;
        else message.m_headers = grown;
    }
    if (parts.failed) return Error{"mime", "libcurl could not build the message."};
    return message;
}

MimeMessage::MimeMessage(MimeMessage&& other) noexcept
    : m_mime(std::exchange(other.m_mime, nullptr)), m_headers(std::exchange(other.m_headers, nullptr)) {}

MimeMessage& MimeMessage::operator=(MimeMessage&& other) noexcept {
    if (this != &other) {
        curl_mime_free(m_mime);
        curl_slist_free_all(m_headers);
        m_mime = std::exchange(other.m_mime, nullptr);
        m_headers = std::exchange(other.m_headers, nullptr);
    }
    return *this;
}

MimeMessage::~MimeMessage() {
    curl_mime_free(m_mime);
    curl_slist_free_all(m_headers);
}

}  // namespace qrgate

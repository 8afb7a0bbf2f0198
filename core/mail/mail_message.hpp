#pragma once
// One email with one or more tickets: what it says (the event's template filled in), the QR
// code of each ticket inline (cid:), the one-page PDF of each attached, and its headers.
//
// Composing (template, QR PNG, PDF) is the costly part and runs on the sender's worker thread
// ahead of sending. The MIME structure itself is libcurl's (curl_mime): multipart/mixed holding
// multipart/alternative (text/plain, then multipart/related with text/html and the QR images),
// then the PDFs. A curl_mime belongs to the handle that sends it, so MimeMessage is made on the
// sending thread from a ComposedMail; that copies the bytes once and takes microseconds.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.hpp"
#include "core/base/result.hpp"
#include "core/mail/mail_settings.hpp"
#include "core/mail/mail_template.hpp"
#include "core/paper/paper_job.hpp"
#include "core/paper/sheet_layouts.hpp"

typedef void CURL;
struct curl_mime;
struct curl_slist;

namespace qrgate {

struct MailPart {
    std::string filename;     // UTF-8; encoded per RFC 2231 in the header
    std::string contentType;  // "image/png", "application/pdf"
    std::string contentId;    // inline parts: referenced as cid:<contentId> by the HTML
    std::string bytes;
};

struct ComposedMail {
    std::vector<std::string> ticketIds;
    NamedAddress from;
    NamedAddress to;
    std::string messageId;  // "<qrgate.T.G@domain>": fixed per ticket and revision
    TimeMs date = 0;
    FilledTemplate content;
    std::vector<MailPart> inlineImages;  // one QR per ticket
    std::vector<MailPart> attachments;   // one PDF per ticket
};

// The Message-ID of a message carrying these tickets: the same for the same tickets at the same
// generation (a deliberate resend reuses it; a reissued ticket gets a new one), on the sender's
// domain.
std::string ticketMessageId(const std::vector<Ticket>& tickets, const std::string& fromAddress);
// The right-hand side of Message-IDs: the sender's domain ("qrgate.invalid" when it has none).
std::string messageIdDomain(const std::string& fromAddress);

// The job's tickets (all to one address) in one message. QR images of `qrPixels`, PDFs on `paper`.
Result<ComposedMail> composeTicketMail(const PaperJob& job, const MailTemplate& tmpl, const NamedAddress& from,
                                       TimeMs now, const PaperSize& paper, int qrPixels = 360);

// Header pieces (RFC 5322 / RFC 2047 / RFC 2231), pure functions.
// Text as is when it is printable ASCII (folded before spaces into lines of at most 76
// characters), else encoded words (=?UTF-8?B?...?=) of at most 75
// characters each, split between whole characters, joined by folding white space.
std::string encodeHeaderText(std::string_view utf8);
// "Name <addr>": the name quoted when it has specials, encoded when it is not ASCII.
std::string formatAddressHeader(const NamedAddress& address);
// "attachment; filename=\"name\"" for an ASCII name, else "attachment; filename*=UTF-8''percent-encoded"
// (or "inline; ...").
std::string contentDisposition(std::string_view disposition, const std::string& filename);
// "Tue, 24 Nov 2026 18:30:05 +0000"
std::string formatMailDate(TimeMs t);

// The message as libcurl sends it: the curl_mime tree and the top-level headers.
class MimeMessage {
public:
    // `easy` is the handle that will send it (curl_mime_init binds to it).
    static Result<MimeMessage> build(CURL* easy, const ComposedMail& mail);
    MimeMessage(MimeMessage&&) noexcept;
    MimeMessage& operator=(MimeMessage&&) noexcept;
    ~MimeMessage();

    curl_mime* mime() const { return m_mime; }
    curl_slist* headers() const { return m_headers; }

private:
    MimeMessage() = default;
    curl_mime* m_mime = nullptr;
    curl_slist* m_headers = nullptr;
};

}  // namespace qrgate

// What an attendee receives: the event's message with their details, each ticket's QR code shown
// in the message itself and its PDF attached, from the organizer's address.
#include "core/mail/mail_message.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/paper/ticket_document.hpp"
#include "support/fixtures.hpp"

namespace qrgate {
namespace {

using testing::EventFixture;

const std::string kPngSignature("\x89PNG\r\n\x1a\n", 8);

struct ComposeFixture : EventFixture {
    PaperSize a4 = findPaperSize("a4").value();
    NamedAddress from{"Fixture Box Office", "tickets@fixture.example.org"};

    std::vector<Ticket> issue(const std::vector<TicketHolder>& holders) {
        const auto issued = TicketIssuer(*db, keys, clock).issueFor(event.id, holders).value();
        std::vector<Ticket> out;
        for (const auto& i : issued) out.push_back(i.ticket);
        return out;
    }
    PaperJob job(const std::vector<Ticket>& tickets) {
        std::vector<std::string> ids;
        for (const auto& t : tickets) ids.push_back(t.id);
        return loadPaperJob(*db, keys, event.id, TicketSelection::byIds(ids)).value();
    }
};

// PNG width and height from its IHDR chunk.
std::pair<unsigned, unsigned> pngSize(const std::string& png) {
    auto be32 = [&](std::size_t at) {
        return unsigned(static_cast<unsigned char>(png[at])) << 24 | unsigned(static_cast<unsigned char>(png[at + 1])) << 16 |
               unsigned(static_cast<unsigned char>(png[at + 2])) << 8 | unsigned(static_cast<unsigned char>(png[at + 3]));
    };
    if (png.size() < 24 || png.compare(12, 4, "IHDR") != 0) return {0, 0};
    return {be32(16), be32(20)};
}

TEST(MailCompose, OneTicketGivesItsQrInlineAndItsPdfAttached) {
    ComposeFixture f;
    const auto t = f.issue({{"Ada Lovelace", "ada@example.org", ""}}).front();
    const auto job = f.job({t});
    const TimeMs now = f.clock.nowMs();
    auto mail = composeTicketMail(job, defaultMailTemplate(), f.from, now, f.a4, 300);
    ASSERT_TRUE(mail.ok()) << mail.error().message;

    EXPECT_EQ(mail->ticketIds, (std::vector<std::string>{t.id}));
    EXPECT_EQ(mail->to.address, "ada@example.org");
    EXPECT_EQ(mail->to.name, "Ada Lovelace");
    EXPECT_EQ(mail->from.address, "tickets@fixture.example.org");
    EXPECT_EQ(mail->from.name, "Fixture Box Office");
    EXPECT_EQ(mail->date, now);
    EXPECT_EQ(mail->messageId, ticketMessageId({t}, "tickets@fixture.example.org"));
    EXPECT_EQ(mail->content.subject, "Your ticket for Fixture fest");
    EXPECT_NE(mail->content.text.find("Hello Ada Lovelace,"), std::string::npos) << mail->content.text;
    EXPECT_NE(mail->content.text.find("Ticket " + formatTicketNumber(t.number)), std::string::npos);
    EXPECT_NE(mail->content.text.find("Where: Hall"), std::string::npos) << "the event's venue";

    ASSERT_EQ(mail->inlineImages.size(), 1u);
    const auto& png = mail->inlineImages[0];
    EXPECT_EQ(png.contentType, "image/png");
    EXPECT_EQ(png.bytes.substr(0, 8), kPngSignature);
    EXPECT_EQ(pngSize(png.bytes), (std::pair<unsigned, unsigned>{300, 300}));
    EXPECT_EQ(png.bytes, ticketQrPngBytes(job, 300).value()) << "the ticket's own QR code";
    ASSERT_FALSE(png.contentId.empty());
    EXPECT_NE(mail->content.html.find("src=\"cid:" + png.contentId + "\""), std::string::npos) << mail->content.html;

    ASSERT_EQ(mail->attachments.size(), 1u);
    const auto& pdf = mail->attachments[0];
    EXPECT_EQ(pdf.contentType, "application/pdf");
    EXPECT_EQ(pdf.bytes.rfind("%PDF-", 0), 0u);
    EXPECT_NE(pdf.bytes.find("%%EOF"), std::string::npos) << "a whole PDF";
    EXPECT_TRUE(pdf.contentId.empty()) << "an attachment, not shown inline";
    EXPECT_EQ(pdf.filename, "Fixture fest - ticket " + formatTicketNumber(t.number) + ".pdf");
}

TEST(MailCompose, SeveralTicketsToOneAddressEachHaveTheirImageAndPdf) {
    ComposeFixture f;
    const auto t = f.issue({{"Ada", "ada@example.org", ""}, {"Bob", "ada@example.org", ""}, {"Cy", "ada@example.org", ""}});
    const auto job = f.job(t);
    auto mail = composeTicketMail(job, {"Tickets {ticket_number} for {name}", "Hi {name}.\n{qr}\nBye."}, f.from,
                                  f.clock.nowMs(), f.a4);
    ASSERT_TRUE(mail.ok()) << mail.error().message;
    ASSERT_EQ(mail->inlineImages.size(), 3u);
    ASSERT_EQ(mail->attachments.size(), 3u);
    EXPECT_EQ(mail->ticketIds, (std::vector<std::string>{t[0].id, t[1].id, t[2].id}));
    EXPECT_EQ(mail->messageId, ticketMessageId(t, f.from.address));
    EXPECT_EQ(mail->content.subject, "Tickets " + formatTicketNumber(t[0].number) + ", " + formatTicketNumber(t[1].number) +
                                         ", " + formatTicketNumber(t[2].number) + " for Ada, Bob, Cy");

    std::set<std::string> ids;
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& png = mail->inlineImages[i];
        EXPECT_EQ(png.bytes.substr(0, 8), kPngSignature);
        auto one = loadPaperJob(*f.db, f.keys, f.event.id, TicketSelection::byIds({t[i].id})).value();
        EXPECT_EQ(png.bytes, ticketQrPngBytes(one, 360).value()) << "image " << i << " is ticket " << i << "'s";
        EXPECT_NE(mail->content.html.find("cid:" + png.contentId), std::string::npos) << png.contentId;
        ids.insert(png.contentId);
        EXPECT_EQ(mail->attachments[i].bytes.rfind("%PDF-", 0), 0u);
        EXPECT_NE(mail->attachments[i].filename.find(formatTicketNumber(t[i].number)), std::string::npos);
    }
    EXPECT_EQ(ids.size(), 3u) << "one content id per ticket";
    EXPECT_NE(mail->content.text.find("QR codes are in the attached PDFs"), std::string::npos) << mail->content.text;
}

TEST(MailCompose, AReissuedTicketGoesOutUnderANewMessageIdWithItsNewCode) {
    ComposeFixture f;
    const auto t = f.issue({{"Ada", "ada@example.org", ""}}).front();
    auto before = composeTicketMail(f.job({t}), defaultMailTemplate(), f.from, f.clock.nowMs(), f.a4).value();
    TicketIssuer(*f.db, f.keys, f.clock).reissue(t.id).value();
    auto after = composeTicketMail(f.job({t}), defaultMailTemplate(), f.from, f.clock.nowMs(), f.a4).value();
    EXPECT_NE(before.messageId, after.messageId);
    EXPECT_NE(before.inlineImages[0].bytes, after.inlineImages[0].bytes) << "the old QR code is void";
    EXPECT_NE(before.inlineImages[0].contentId, after.inlineImages[0].contentId);
}

TEST(MailCompose, AJobWithoutTicketsIsRefused) {
    ComposeFixture f;
    f.issue({{"Ada", "ada@example.org", ""}});
    PaperJob empty = loadPaperJob(*f.db, f.keys, f.event.id, TicketSelection::all()).value();
    empty.batch.tickets.clear();
    auto mail = composeTicketMail(empty, defaultMailTemplate(), f.from, f.clock.nowMs(), f.a4);
    ASSERT_FALSE(mail.ok());
    EXPECT_EQ(mail.error().code, "empty_selection");
}

}  // namespace
}  // namespace qrgate

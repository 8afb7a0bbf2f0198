// Each attendee gets their ticket by email, exactly once: against a real SMTP server on
// 127.0.0.1 (aiosmtpd), through `qrgate mail send` as the organizer runs it.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "mail/mail_test_support.hpp"

using namespace qrgate::testing;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const ReceivedMail* mailTo(const std::vector<ReceivedMail>& mails, const std::string& address) {
    for (const auto& m : mails)
        if (m.meta["rcptTos"].size() == 1 && m.meta["rcptTos"][0] == address) return &m;
    return nullptr;
}

class MailDelivery : public ::testing::Test {
protected:
    void SetUp() override {
        if (!server.start()) GTEST_SKIP() << server.failure();
    }
    SmtpTestServer server;
};

}  // namespace

TEST_F(MailDelivery, EachAttendeeGetsTheirOwnTicketWhoseQrAndPdfAreAdmittedAtTheGate) {
    MailFolder folder;
    auto attendees = sampleAttendees(6);
    folder.issue(attendees);

    auto sent = folder.send(server);
    ASSERT_EQ(sent.exitCode, 0) << sent.out << sent.err << server.errors();
    EXPECT_TRUE(contains(sent.out, "Sent 6 messages")) << sent.out;

    const auto mails = server.received();
    ASSERT_EQ(mails.size(), attendees.size());
    std::set<std::string> messageIds;
    for (const auto& a : attendees) {
        SCOPED_TRACE(a.name);
        const ReceivedMail* mail = mailTo(mails, a.email);
        ASSERT_NE(mail, nullptr);
        const auto& meta = mail->meta;
        EXPECT_TRUE(mail->allDefects().empty()) << meta.dump(1);
        EXPECT_EQ(meta["structure"],
                  "multipart/mixed(multipart/alternative(text/plain,multipart/related(text/html,image/png)),application/pdf)");
        // Headers, decoded as the attendee's mail program decodes them.
        EXPECT_EQ(meta["to"][0]["name"], a.name);
        EXPECT_EQ(meta["from"]["name"], "Équipe Fête");
        EXPECT_EQ(meta["from"]["address"], "tickets@example.org");
        EXPECT_EQ(meta["subject"], "Your ticket for Fête de la Musique 2026");
        EXPECT_EQ(meta["autoSubmitted"], "auto-generated");
        EXPECT_FALSE(meta["date"].get<std::string>().empty());
        messageIds.insert(meta["messageId"].get<std::string>());
        EXPECT_TRUE(contains(meta["text"], "Hello " + a.name)) << meta["text"];
        EXPECT_TRUE(contains(meta["text"], "Salle Pleyel")) << meta["text"];

        // The inline QR: referenced by the HTML, and it is this attendee's code.
        const auto images = mail->partsOfType("image/png");
        ASSERT_EQ(images.size(), 1u);
        const std::string cid = images[0]["contentId"];
        EXPECT_TRUE(contains(meta["html"], "cid:" + cid)) << meta["html"];
        const auto png = folder.scratch() / (a.ticketId + ".png");
        std::ofstream(png, std::ios::binary) << mail->partBytes(images[0]);
        EXPECT_EQ(decodeImage(png), std::vector<std::string>{a.qrData});

        // The attached PDF, printed by the attendee: the same code.
        const auto pdfs = mail->partsOfType("application/pdf");
        ASSERT_EQ(pdfs.size(), 1u);
        EXPECT_EQ(pdfs[0]["filename"], "Fête de la Musique 2026 - ticket " + a.number + ".pdf");
        const auto pdf = folder.scratch() / (a.ticketId + ".pdf");
        std::ofstream(pdf, std::ios::binary) << mail->partBytes(pdfs[0]);
        const auto fromPdf = decodePdf(pdf, folder.scratch());
        ASSERT_EQ(fromPdf, std::vector<std::string>{a.qrData});

        // And the gate admits it.
        auto verdict = folder.qrgate({"checkin", "--event", folder.eventId(), "--gate", "A", fromPdf[0]});
        EXPECT_EQ(verdict.exitCode, 0) << verdict.out << verdict.err;
        EXPECT_TRUE(contains(verdict.out, "\"admitted\"")) << verdict.out;
    }
    EXPECT_EQ(messageIds.size(), attendees.size());

    // The outbox says so, with the server's reply and the Message-ID that went out.
    const auto status = folder.status();
    ASSERT_EQ(status.size(), attendees.size());
    for (const auto& row : status) {
        EXPECT_EQ(row["state"], "sent");
        EXPECT_TRUE(contains(row["reply"], "250")) << row.dump();
        EXPECT_EQ(messageIds.count(row["messageId"].get<std::string>()), 1u) << row.dump();
        EXPECT_FALSE(row["at"].get<std::string>().empty());
    }
}

TEST_F(MailDelivery, RunningSendAgainSendsNothingTwiceAndAResendKeepsTheMessageId) {
    MailFolder folder;
    auto attendees = sampleAttendees(3);
    folder.issue(attendees);
    ASSERT_EQ(folder.send(server).exitCode, 0);
    ASSERT_EQ(server.receivedCount(), 3u);

    auto again = folder.send(server);
    EXPECT_EQ(again.exitCode, 0) << again.err;
    EXPECT_TRUE(contains(again.out, "Sent 0 messages")) << again.out;
    EXPECT_TRUE(contains(again.out, "3 tickets were sent before")) << again.out;
    EXPECT_EQ(server.receivedCount(), 3u);

    // A deliberate resend of one ticket: one more message, same Message-ID as the first.
    const std::string firstId = mailTo(server.received(), attendees[1].email)->meta["messageId"];
    auto resent = folder.qrgate({"mail", "resend", attendees[1].ticketId});
    EXPECT_EQ(resent.exitCode, 0) << resent.out << resent.err;
    ASSERT_EQ(server.receivedCount(), 4u);
    EXPECT_EQ(server.received().back().meta["rcptTos"][0], attendees[1].email);
    EXPECT_EQ(server.received().back().meta["messageId"], firstId);
}

TEST_F(MailDelivery, NewTicketsIssuedLaterAreTheOnlyOnesSentByTheNextRun) {
    MailFolder folder;
    auto first = sampleAttendees(2);
    folder.issue(first);
    ASSERT_EQ(folder.send(server).exitCode, 0);
    std::vector<Attendee> later = {{"Late Comer", "late@example.org"}};
    folder.issue(later);
    auto sent = folder.send(server);
    EXPECT_EQ(sent.exitCode, 0) << sent.err;
    ASSERT_EQ(server.receivedCount(), 3u);
    EXPECT_EQ(server.received().back().meta["rcptTos"][0], "late@example.org");
}

TEST_F(MailDelivery, OneMessagePerAddressCarriesEveryTicketOfThatAddress) {
    MailFolder folder;
    std::vector<Attendee> family = {{"Marie Curie", "curie@example.org"},
                                    {"Pierre Curie", "Curie@Example.org"},
                                    {"Irène Joliot-Curie", "curie@example.org"},
                                    {"Paul Langevin", "paul@example.org"}};
    folder.issue(family);
    auto sent = folder.send(server, {"--one-per-address"});
    ASSERT_EQ(sent.exitCode, 0) << sent.err;
    const auto mails = server.received();
    ASSERT_EQ(mails.size(), 2u);
    const ReceivedMail* curie = mailTo(mails, "curie@example.org");
    ASSERT_NE(curie, nullptr);
    EXPECT_TRUE(curie->allDefects().empty());
    ASSERT_EQ(curie->partsOfType("image/png").size(), 3u);
    ASSERT_EQ(curie->partsOfType("application/pdf").size(), 3u);
    std::set<std::string> codes;
    int i = 0;
    for (const auto& part : curie->partsOfType("image/png")) {
        const auto png = folder.scratch() / ("curie" + std::to_string(i++) + ".png");
        std::ofstream(png, std::ios::binary) << curie->partBytes(part);
        for (const auto& c : decodeImage(png)) codes.insert(c);
    }
    EXPECT_EQ(codes, (std::set<std::string>{family[0].qrData, family[1].qrData, family[2].qrData}));
    const auto status = folder.status();
    std::set<std::string> curieIds;
    for (const auto& row : status) {
        EXPECT_EQ(row["state"], "sent");
        if (row["ticketId"] != family[3].ticketId) curieIds.insert(row["messageId"].get<std::string>());
    }
    EXPECT_EQ(curieIds.size(), 1u) << "the three tickets went in one message";
}

TEST_F(MailDelivery, ADryRunWritesTheMessagesAndSendsNothing) {
    MailFolder folder;
    auto attendees = sampleAttendees(3);
    folder.issue(attendees);
    const auto out = folder.scratch() / "preview";
    auto dry = folder.qrgate({"mail", "send", "--event", folder.eventId(), "--from", "Org <org@example.org>",
                              "--dry-run", "--out", out.string()});
    ASSERT_EQ(dry.exitCode, 0) << dry.err;
    EXPECT_EQ(server.receivedCount(), 0u);
    EXPECT_TRUE(folder.status().empty()) << "a dry run leaves the outbox alone";
    for (const auto& a : attendees) {
        const auto eml = readWholeFile(out / (a.number + ".eml"));
        EXPECT_TRUE(contains(eml, "To: ")) << a.number;
        EXPECT_TRUE(contains(eml, "<" + a.email + ">"));
        EXPECT_TRUE(contains(eml, "Content-Type: application/pdf"));
        EXPECT_TRUE(contains(eml, "Message-ID: <qrgate." + a.ticketId + ".0@example.org>"));
    }
}

TEST_F(MailDelivery, TheDoorListMarksAttendeesWhoseEmailFailed) {
    SmtpTestServer refusing;
    ASSERT_TRUE(refusing.start({.reject = {"guest2@example.org"}})) << refusing.failure();
    MailFolder folder;
    auto attendees = sampleAttendees(3);
    folder.issue(attendees);
    EXPECT_EQ(folder.send(refusing).exitCode, 1);
    const auto pdf = folder.scratch() / "doorlist.pdf";
    ASSERT_EQ(folder.qrgate({"doorlist", "--event", folder.eventId(), "--out", pdf.string()}).exitCode, 0);
    auto text = runProcess({"/usr/bin/pdftotext", "-layout", pdf.string(), "-"});
    ASSERT_EQ(text.exitCode, 0);
    std::string failedLine, otherLine;
    std::istringstream lines(text.out);
    for (std::string line; std::getline(lines, line);) {
        if (contains(line, attendees[1].number)) failedLine = line;
        if (contains(line, attendees[0].number)) otherLine = line;
    }
    EXPECT_TRUE(contains(failedLine, "email failed")) << text.out;
    EXPECT_FALSE(contains(otherLine, "email failed")) << text.out;
    EXPECT_TRUE(contains(text.out, "1 whose email failed")) << text.out;
}

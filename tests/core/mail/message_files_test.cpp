// `mail send --dry-run --out DIR`: the organizer looks at exactly what attendees would receive,
// one .eml file per message, before anything is sent, and the outbox is left as it was. The
// messages go through libcurl's SMTP code to a receiver on 127.0.0.1 inside this process.
#include "core/mail/message_files.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>

#include "core/mail/mail_message.hpp"
#include "core/mail/mail_template.hpp"
#include "support/fixtures.hpp"
#include "support/file_text.hpp"
#include "support/mail_text.hpp"

namespace qrgate {
namespace {

using testing::base64DecodeLines;
using testing::EventFixture;
using testing::fileText;
using testing::TempDir;

struct FilesFixture : EventFixture {
    TempDir out;
    MailSettings settings;
    PaperSize a4 = findPaperSize("a4").value();

    FilesFixture() {
        settings.fromName = "Fixture Box Office";
        settings.fromAddress = "tickets@fixture.example.org";
        // Never used by a dry run: it must not try to reach this.
        settings.smtpUrl = "smtps://smtp.invalid:465";
        settings.user = "someone";
    }

    std::vector<Ticket> issue(const std::vector<TicketHolder>& holders) {
        const auto issued = TicketIssuer(*db, keys, clock).issueFor(event.id, holders).value();
        std::vector<Ticket> tickets;
        for (const auto& i : issued) tickets.push_back(i.ticket);
        return tickets;
    }

    std::set<std::string> filesWritten() {
        std::set<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(out.path())) names.insert(e.path().filename().string());
        return names;
    }

    int outboxRows() { return db->sql().execAndGet("SELECT COUNT(*) FROM mail_outbox").getInt(); }
};

// The message's header block with folded lines unfolded, and the header named `name` in it.
std::string header(const std::string& message, const std::string& name) {
    std::string block = message.substr(0, message.find("\r\n\r\n"));
    std::string unfolded;
    for (std::size_t i = 0; i < block.size(); ++i) {
        if (block.compare(i, 3, "\r\n ") == 0 || block.compare(i, 3, "\r\n\t") == 0) {
            i += 1;  // the CRLF goes, the white space stays
            continue;
        }
        unfolded += block[i];
    }
    const std::string key = name + ": ";
    std::size_t at = 0;
    while (at < unfolded.size()) {
        const auto end = std::min(unfolded.find("\r\n", at), unfolded.size());
        const std::string line = unfolded.substr(at, end - at);
        if (line.size() >= key.size() && strncasecmp(line.c_str(), key.c_str(), key.size()) == 0)
            return line.substr(key.size());
        at = end + 2;
    }
    return "";
}

// The bodies of the MIME parts whose Content-Type starts with `type`, in order (still encoded).
std::vector<std::string> partBodies(const std::string& message, const std::string& type) {
    std::vector<std::string> bodies;
    const std::string key = "\r\nContent-Type: " + type;
    for (auto at = message.find(key); at != std::string::npos; at = message.find(key, at + 1)) {
        const auto body = message.find("\r\n\r\n", at);
        if (body == std::string::npos) break;
        const auto end = message.find("\r\n--", body + 4);
        bodies.push_back(message.substr(body + 4, end == std::string::npos ? std::string::npos : end - body - 4));
    }
    return bodies;
}

std::string quotedPrintableDecode(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=') {
            out += text[i];
        } else if (text.compare(i + 1, 2, "\r\n") == 0) {
            i += 2;  // soft line break
        } else if (i + 2 < text.size()) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        }
    }
    return out;
}

// Every line ends in CRLF and fits SMTP's 998 characters.
void expectWellFormedLines(const std::string& message) {
    std::size_t start = 0, longest = 0;
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] != '\n') continue;
        ASSERT_TRUE(i > 0 && message[i - 1] == '\r') << "a bare LF at byte " << i;
        longest = std::max(longest, i - 1 - start);
        start = i + 1;
    }
    EXPECT_LE(longest, 998u);
    ASSERT_GE(message.size(), 2u);
    EXPECT_EQ(message.substr(message.size() - 2), "\r\n");
}

TEST(MailMessageFiles, EachMessageIsAFileAndTheOutboxIsLeftAlone) {
    FilesFixture f;
    const auto t = f.issue({{"Ada Lovelace", "ada@example.org", ""},
                            {"No Mail", "", ""},
                            {"Bob Bad", "not-an-address", ""},
                            {"Cy Young", "cy@example.org", ""}});
    auto written = writeMessageFiles(f.folder, f.event.id, Recipients::NotSent, f.settings, f.a4, f.out.path());
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_EQ(written->messages, 2);
    EXPECT_EQ(written->tickets, 2);
    EXPECT_EQ(written->selection.noAddress, 1);
    EXPECT_EQ(written->selection.badAddress, 1);
    EXPECT_EQ(f.filesWritten(), (std::set<std::string>{formatTicketNumber(t[0].number) + ".eml",
                                                        formatTicketNumber(t[3].number) + ".eml"}));
    EXPECT_EQ(f.outboxRows(), 0) << "a dry run queues nothing and marks nothing failed";

    const std::string ada = fileText(f.out / (formatTicketNumber(t[0].number) + ".eml"));
    expectWellFormedLines(ada);
    EXPECT_EQ(header(ada, "From"), "Fixture Box Office <tickets@fixture.example.org>");
    EXPECT_EQ(header(ada, "To"), "Ada Lovelace <ada@example.org>");
    EXPECT_EQ(header(ada, "Subject"), "Your ticket for Fixture fest");
    EXPECT_EQ(header(ada, "Message-ID"), ticketMessageId({t[0]}, "tickets@fixture.example.org"));
    EXPECT_EQ(header(ada, "Auto-Submitted"), "auto-generated");
    EXPECT_FALSE(header(ada, "Date").empty());

    // The MIME structure is closed: the file ends with the outer boundary's closing line.
    const std::string type = header(ada, "Content-Type");
    ASSERT_EQ(type.rfind("multipart/mixed", 0), 0u) << type;
    auto b = type.find("boundary=");
    ASSERT_NE(b, std::string::npos) << type;
    std::string boundary = type.substr(b + 9);
    if (!boundary.empty() && boundary.front() == '"') boundary = boundary.substr(1, boundary.find('"', 1) - 1);
    const std::string closing = "\r\n--" + boundary + "--\r\n";
    ASSERT_GE(ada.size(), closing.size());
    EXPECT_EQ(ada.substr(ada.size() - closing.size()), closing);

    // A mail program finds the PDF and the QR image in it.
    const auto pdfs = partBodies(ada, "application/pdf");
    ASSERT_EQ(pdfs.size(), 1u);
    auto pdf = base64DecodeLines(pdfs[0]);
    ASSERT_TRUE(pdf.has_value());
    EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
    const auto pngs = partBodies(ada, "image/png");
    ASSERT_EQ(pngs.size(), 1u);
    auto png = base64DecodeLines(pngs[0]);
    ASSERT_TRUE(png.has_value());
    EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));

    const std::string cy = fileText(f.out / (formatTicketNumber(t[3].number) + ".eml"));
    EXPECT_EQ(header(cy, "To"), "Cy Young <cy@example.org>");
    EXPECT_NE(header(cy, "Message-ID"), header(ada, "Message-ID"));
}

TEST(MailMessageFiles, BodyLinesStartingWithADotSurviveTheSmtpDotStuffing) {
    FilesFixture f;
    const auto t = f.issue({{"Ada", "ada@example.org", ""}}).front();
    ASSERT_TRUE(saveMailTemplate(*f.db, f.event.id,
                                 {"Dots for {name}", "First line\n.hidden\n.\n..two dots\nLast line, after the dots"},
                                 f.clock.nowMs())
                    .ok());
    auto written = writeMessageFiles(f.folder, f.event.id, Recipients::All, f.settings, f.a4, f.out.path());
    ASSERT_TRUE(written.ok()) << written.error().message;
    const std::string eml = fileText(f.out / (formatTicketNumber(t.number) + ".eml"));
    EXPECT_EQ(header(eml, "Subject"), "Dots for Ada");

    const auto texts = partBodies(eml, "text/plain");
    ASSERT_EQ(texts.size(), 1u) << eml.substr(0, 2000);
    const std::string text = quotedPrintableDecode(texts[0]);
    EXPECT_NE(text.find("First line\r\n.hidden\r\n.\r\n..two dots\r\nLast line, after the dots\r\n"), std::string::npos)
        << text;
    // A lone "." ends the message in SMTP: had it not been stuffed, the rest would be missing.
    EXPECT_EQ(partBodies(eml, "application/pdf").size(), 1u) << "the message went on after the \".\" line";
}

TEST(MailMessageFiles, OnePerAddressWritesOneFileWithEveryTicketOfTheAddress) {
    FilesFixture f;
    f.settings.onePerAddress = true;
    const auto t = f.issue({{"Ada", "ada@example.org", ""}, {"Bob", "bob@example.org", ""}, {"Ada's friend", "ADA@example.org", ""}});
    auto written = writeMessageFiles(f.folder, f.event.id, Recipients::NotSent, f.settings, f.a4, f.out.path());
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_EQ(written->messages, 2);
    EXPECT_EQ(written->tickets, 3);
    EXPECT_EQ(f.filesWritten(), (std::set<std::string>{formatTicketNumber(t[0].number) + ".eml",
                                                        formatTicketNumber(t[1].number) + ".eml"}));
    const std::string ada = fileText(f.out / (formatTicketNumber(t[0].number) + ".eml"));
    EXPECT_EQ(partBodies(ada, "application/pdf").size(), 2u);
    EXPECT_EQ(partBodies(ada, "image/png").size(), 2u);
    EXPECT_EQ(header(ada, "Message-ID"), ticketMessageId({t[0], t[2]}, f.settings.fromAddress));
    EXPECT_EQ(f.outboxRows(), 0);
}

TEST(MailMessageFiles, NothingToSendWritesNoFile) {
    FilesFixture f;
    f.issue({{"No Mail", "", ""}});
    auto written = writeMessageFiles(f.folder, f.event.id, Recipients::NotSent, f.settings, f.a4, f.out / "sub");
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_EQ(written->messages, 0);
    EXPECT_EQ(written->selection.noAddress, 1);
    EXPECT_TRUE(std::filesystem::is_directory(f.out / "sub"));
    EXPECT_TRUE(std::filesystem::is_empty(f.out / "sub"));
}

// Speaks SMTP to the sink as a client would, byte for byte; returns every reply line.
std::vector<std::string> converse(int port, const std::vector<std::string>& commands) {
    std::vector<std::string> replies;
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        if (fd >= 0) ::close(fd);
        return replies;
    }
    std::string pending;
    auto readReply = [&] {
        while (true) {
            const auto nl = pending.find("\r\n");
            if (nl != std::string::npos) {
                std::string line = pending.substr(0, nl);
                pending.erase(0, nl + 2);
                replies.push_back(line);
                if (line.size() < 4 || line[3] != '-') return true;
                continue;
            }
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 5000) <= 0) return false;
            char chunk[4096];
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0) return false;
            pending.append(chunk, static_cast<std::size_t>(n));
        }
    };
    readReply();  // the greeting
    for (const auto& command : commands) {
        if (::send(fd, command.data(), command.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(command.size())) break;
        if (!readReply()) break;
    }
    ::close(fd);
    return replies;
}

TEST(MailMessageFiles, TheLoopbackSinkKeepsEachMessageDotUnstuffed) {
    auto sink = LoopbackMailSink::start();
    ASSERT_TRUE(sink.ok()) << sink.error().message;
    EXPECT_TRUE((*sink)->take().empty());
    const auto replies = converse((*sink)->port(), {"EHLO test\r\n", "MAIL FROM:<a@example.org>\r\n",
                                                     "RCPT TO:<b@example.org>\r\n", "DATA\r\n",
                                                     "Subject: x\r\n\r\n..hidden\r\n..\r\n...two\r\nend\r\n.\r\n",
                                                     "QUIT\r\n"});
    ASSERT_FALSE(replies.empty());
    EXPECT_EQ(replies.front().substr(0, 3), "220");
    EXPECT_EQ(replies.back().substr(0, 3), "221") << "the whole conversation went through";
    const auto kept = (*sink)->take();
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(kept[0], "Subject: x\r\n\r\n.hidden\r\n.\r\n..two\r\nend\r\n");
    EXPECT_TRUE((*sink)->take().empty()) << "taken once";
}

}  // namespace
}  // namespace qrgate

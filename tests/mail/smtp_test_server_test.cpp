// The test SMTP server (support/smtp_test_server.*) proven against libcurl, the client the
// product sends with: what it stores and how it fails on purpose, and what curl 7.88 makes of
// each failure (the codes the mail sender has to tell apart). Raw curl_easy with hand-written
// messages here only; the product's messages are built by core/mail.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/smtp_test_server.hpp"

namespace {

using qrgate::testing::SmtpServerOptions;
using qrgate::testing::SmtpTestServer;
using namespace std::chrono_literals;

struct Sent {
    CURLcode code = CURLE_OK;
    long response = 0;  // the server's last reply code
    std::string error;  // curl's words
};

struct Source {
    std::string data;
    size_t at = 0;
};

size_t readMessage(char* buffer, size_t size, size_t count, void* user) {
    auto* source = static_cast<Source*>(user);
    const size_t n = std::min(size * count, source->data.size() - source->at);
    source->data.copy(buffer, n, source->at);
    source->at += n;
    return n;
}

struct Mail {
    std::string url;
    std::string from = "box@example.org";
    std::vector<std::string> to{"ann@example.org"};
    std::string message;
    std::string caFile{};         // CURLOPT_CAINFO; empty: curl's default (the system's CAs)
    bool requireTls = false;      // CURLUSESSL_ALL
    std::string user{}, password{};
    long timeoutSeconds = 10;
};

// One message through one curl handle (or `handle`, to see what it keeps between transfers).
Sent send(const Mail& mail, CURL* handle = nullptr) {
    CURL* curl = handle ? handle : curl_easy_init();
    Source source{mail.message};
    char error[CURL_ERROR_SIZE] = "";
    curl_slist* rcpts = nullptr;
    for (const auto& to : mail.to) rcpts = curl_slist_append(rcpts, ("<" + to + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_URL, mail.url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + mail.from + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readMessage);
    curl_easy_setopt(curl, CURLOPT_READDATA, &source);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.message.size()));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, mail.timeoutSeconds);
    curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, mail.timeoutSeconds);
    if (!mail.caFile.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, mail.caFile.c_str());
    curl_easy_setopt(curl, CURLOPT_USE_SSL, mail.requireTls ? static_cast<long>(CURLUSESSL_ALL) : 0L);
    curl_easy_setopt(curl, CURLOPT_USERNAME, mail.user.empty() ? nullptr : mail.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, mail.user.empty() ? nullptr : mail.password.c_str());
    Sent sent;
    sent.code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &sent.response);
    sent.error = error[0] ? error : curl_easy_strerror(sent.code);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    curl_slist_free_all(rcpts);
    if (!handle) curl_easy_cleanup(curl);
    return sent;
}

// RFC 5322, by hand: CRLF line ends, an RFC 2047 subject and display name, a line that starts
// with "." (curl stuffs it, the server unstuffs it).
const std::string kPlainMessage =
    "From: =?UTF-8?Q?Kasse_S=C3=BCd?= <box@example.org>\r\n"
    "To: Ann <ann@example.org>\r\n"
    "Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=\r\n"
    "Date: Mon, 01 Jan 2024 10:00:00 +0000\r\n"
    "Message-ID: <plain.1@example.org>\r\n"
    "Auto-Submitted: auto-generated\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Hallo Ann, sch=C3=B6n.\r\n"
    ".dot at the start\r\n";

std::string messageTo(const std::string& to, const std::string& subject) {
    return "From: box@example.org\r\nTo: " + to + "\r\nSubject: " + subject +
           "\r\nMessage-ID: <" + subject + "@example.org>\r\n\r\nBody of " + subject + "\r\n";
}

// A hand-driven SMTP client, for what curl does not do (hang up at a chosen moment).
int connectTo(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    timeval fiveSeconds{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &fiveSeconds, sizeof fiveSeconds);
    return fd;
}

// One whole reply (the last line of a multi-line one: "250 HELP").
std::string reply(int fd) {
    std::string line;
    char c;
    while (::read(fd, &c, 1) == 1) {
        line += c;
        if (c != '\n') continue;
        if (line.size() >= 4 && line[3] == ' ') return line;
        line.clear();
    }
    return line;
}

std::string say(int fd, const std::string& command) {
    const std::string line = command + "\r\n";
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) return "";
    return reply(fd);
}

bool waitForLog(const SmtpTestServer& server, const std::string& needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (server.countInLog(needle) == 0) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(20ms);
    }
    return true;
}

class SmtpTestServerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    static void TearDownTestSuite() { curl_global_cleanup(); }

    // The server is a requirement of the mail tests (issue 12), not an optional extra: fail.
    void start(SmtpServerOptions options = {}) { ASSERT_TRUE(server.start(options)) << server.failure(); }

    SmtpTestServer server;
};

TEST_F(SmtpTestServerTest, StoresWhatItAcceptedAndTakesItApart) {
    start();
    ASSERT_GT(server.port(), 0);
    EXPECT_EQ(server.url(), "smtp://127.0.0.1:" + std::to_string(server.port()));
    const Sent sent = send({.url = server.url(), .message = kPlainMessage});
    ASSERT_EQ(sent.code, CURLE_OK) << sent.error;
    EXPECT_EQ(sent.response, 250);

    // Stored before the 250 went out: no waiting.
    const auto mails = server.received();
    ASSERT_EQ(mails.size(), 1u) << server.log();
    const auto& mail = mails[0];
    EXPECT_EQ(mail.eml.filename(), "0001.eml");
    EXPECT_EQ(mail.raw, kPlainMessage);
    EXPECT_EQ(mail.meta["mailFrom"], "box@example.org");
    EXPECT_EQ(mail.meta["rcptTos"], nlohmann::json::array({"ann@example.org"}));
    EXPECT_EQ(mail.meta["from"]["name"], "Kasse Süd");
    EXPECT_EQ(mail.meta["from"]["address"], "box@example.org");
    EXPECT_EQ(mail.meta["to"][0]["name"], "Ann");
    EXPECT_EQ(mail.meta["subject"], "Grüße aus Köln");
    EXPECT_EQ(mail.meta["messageId"], "<plain.1@example.org>");
    EXPECT_EQ(mail.meta["autoSubmitted"], "auto-generated");
    EXPECT_EQ(mail.meta["contentType"], "text/plain");
    EXPECT_EQ(mail.meta["structure"], "text/plain");
    EXPECT_EQ(mail.meta["text"], "Hallo Ann, schön.\n.dot at the start\n");
    EXPECT_TRUE(mail.meta["html"].is_null());
    EXPECT_EQ(mail.allDefects(), std::vector<std::string>{});
    EXPECT_EQ(server.countInLog("DATA 250 0001 <ann@example.org>"), 1u) << server.log();
}

TEST_F(SmtpTestServerTest, TakesMultipartMessagesApart) {
    start();
    // multipart/mixed(multipart/alternative(text/plain,text/html),application/pdf), the
    // attachment's name in RFC 2231 form.
    const std::string message =
        "From: box@example.org\r\nTo: ann@example.org\r\nSubject: parts\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
        "--outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n"
        "--inner\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nplain body\r\n"
        "--inner\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n<p>html body</p>\r\n"
        "--inner--\r\n"
        "--outer\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Disposition: attachment; filename*=utf-8''Ticket%20Zo%C3%AB.pdf\r\n"
        "Content-ID: <ticket.1@example.org>\r\n\r\n"
        "JVBERi0xLjQgZmFrZQ==\r\n"
        "--outer--\r\n";
    ASSERT_EQ(send({.url = server.url(), .message = message}).code, CURLE_OK);
    const auto mails = server.received();
    ASSERT_EQ(mails.size(), 1u);
    const auto& mail = mails[0];
    EXPECT_EQ(mail.meta["structure"], "multipart/mixed(multipart/alternative(text/plain,text/html),application/pdf)");
    // The CRLF before a boundary is the boundary's.
    EXPECT_EQ(mail.meta["text"], "plain body");
    EXPECT_EQ(mail.meta["html"], "<p>html body</p>");
    ASSERT_EQ(mail.meta["parts"].size(), 3u);
    const auto pdfs = mail.partsOfType("application/pdf");
    ASSERT_EQ(pdfs.size(), 1u);
    EXPECT_EQ(pdfs[0]["filename"], "Ticket Zoë.pdf");
    EXPECT_EQ(pdfs[0]["disposition"], "attachment");
    EXPECT_EQ(pdfs[0]["contentId"], "ticket.1@example.org");
    EXPECT_EQ(mail.partBytes(pdfs[0]), "%PDF-1.4 fake");
    EXPECT_EQ(mail.allDefects(), std::vector<std::string>{});
}

TEST_F(SmtpTestServerTest, ReportsWhatIsWrongWithAMessage) {
    start();
    // A bare LF, and 8-bit bytes without 8BITMIME (curl never asks for it).
    const std::string message = "From: box@example.org\r\nTo: ann@example.org\r\nSubject: bad\r\n\r\nsch\xC3\xB6n\nx\r\n";
    ASSERT_EQ(send({.url = server.url(), .message = message}).code, CURLE_OK);
    const auto mails = server.received();
    ASSERT_EQ(mails.size(), 1u);
    const auto defects = mails[0].allDefects();
    ASSERT_EQ(defects.size(), 2u) << mails[0].meta.dump(1);
    EXPECT_NE(defects[0].find("bare LF"), std::string::npos) << defects[0];
    EXPECT_NE(defects[1].find("8-bit bytes in the body"), std::string::npos) << defects[1];
}

TEST_F(SmtpTestServerTest, TempfailAtDataThenAccepts) {
    start({.tempfail = 1});
    const Mail mail{.url = server.url(), .message = messageTo("ann@example.org", "retried")};
    const Sent first = send(mail);
    // curl 7.88: a DATA answered other than 250 is CURLE_WEIRD_SERVER_REPLY; the code tells.
    EXPECT_EQ(first.code, CURLE_WEIRD_SERVER_REPLY) << first.error;
    EXPECT_EQ(first.response, 451);
    EXPECT_EQ(server.receivedCount(), 0u);
    const Sent second = send(mail);
    EXPECT_EQ(second.code, CURLE_OK) << second.error;
    EXPECT_EQ(second.response, 250);
    EXPECT_EQ(server.receivedCount(), 1u);
    EXPECT_EQ(server.countInLog("DATA 451 tempfail <ann@example.org>"), 1u) << server.log();
    EXPECT_EQ(server.countInLog("DATA 250 0001"), 1u) << server.log();
}

TEST_F(SmtpTestServerTest, TempfailAtRcptCountsEachRecipient) {
    start({.tempfail = 2, .tempfailAtRcpt = true});
    const Mail ann{.url = server.url(), .message = messageTo("ann@example.org", "ann")};
    for (int attempt = 1; attempt <= 2; ++attempt) {
        const Sent sent = send(ann);
        // curl 7.88: a refused RCPT is CURLE_SEND_ERROR ("RCPT failed: 451").
        EXPECT_EQ(sent.code, CURLE_SEND_ERROR) << sent.error;
        EXPECT_EQ(sent.response, 451) << "attempt " << attempt;
    }
    // Another recipient has its own count.
    const Sent bob = send({.url = server.url(), .to = {"bob@example.org"}, .message = messageTo("bob@example.org", "bob")});
    EXPECT_EQ(bob.response, 451);
    EXPECT_EQ(send(ann).code, CURLE_OK);
    EXPECT_EQ(server.receivedCount(), 1u);
    EXPECT_EQ(server.countInLog("RCPT <ann@example.org> 451 tempfail"), 2u) << server.log();
}

TEST_F(SmtpTestServerTest, RejectedRecipientIsAnswered550) {
    start({.reject = {"gone@example.org"}});
    const Sent sent = send({.url = server.url(), .to = {"gone@example.org"}, .message = messageTo("gone@example.org", "x")});
    EXPECT_EQ(sent.code, CURLE_SEND_ERROR) << sent.error;
    EXPECT_EQ(sent.response, 550);
    // With another, good recipient curl gives up on the whole message (no
    // CURLOPT_MAIL_RCPT_ALLLOWFAILS): nothing is sent to anyone.
    const Sent both = send({.url = server.url(), .to = {"ann@example.org", "gone@example.org"},
                            .message = messageTo("ann@example.org", "y")});
    EXPECT_EQ(both.code, CURLE_SEND_ERROR) << both.error;
    EXPECT_EQ(server.receivedCount(), 0u);
    EXPECT_EQ(server.countInLog("RCPT <gone@example.org> 550 rejected"), 2u) << server.log();
}

TEST_F(SmtpTestServerTest, StarttlsWithTheTestCa) {
    start({.starttls = true});
    ASSERT_FALSE(server.caFile().empty());
    Mail mail{.url = server.url(), .message = kPlainMessage, .caFile = server.caFile().string(), .requireTls = true};
    const Sent sent = send(mail);
    ASSERT_EQ(sent.code, CURLE_OK) << sent.error;
    EXPECT_EQ(server.countInLog(" tls"), 1u) << server.log();

    // localhost is in the certificate too.
    mail.url = "smtp://localhost:" + std::to_string(server.port());
    EXPECT_EQ(send(mail).code, CURLE_OK);

    // Without the test CA the certificate is not trusted.
    mail.caFile.clear();
    const Sent untrusted = send(mail);
    EXPECT_EQ(untrusted.code, CURLE_PEER_FAILED_VERIFICATION) << untrusted.error;

    // Without TLS the server refuses the mail (STARTTLS required).
    const Sent plain = send({.url = server.url(), .message = kPlainMessage});
    EXPECT_EQ(plain.code, CURLE_SEND_ERROR) << plain.error;
    EXPECT_EQ(plain.response, 530);
    EXPECT_EQ(server.receivedCount(), 2u);
}

TEST_F(SmtpTestServerTest, ImplicitTls) {
    start({.implicitTls = true});
    Mail mail{.url = "smtps://localhost:" + std::to_string(server.port()), .message = kPlainMessage,
              .caFile = server.caFile().string()};
    const Sent sent = send(mail);
    ASSERT_EQ(sent.code, CURLE_OK) << sent.error;
    mail.url = server.url("smtps");
    EXPECT_EQ(send(mail).code, CURLE_OK);
    mail.caFile.clear();
    EXPECT_EQ(send(mail).code, CURLE_PEER_FAILED_VERIFICATION);
    EXPECT_EQ(server.receivedCount(), 2u);
}

TEST_F(SmtpTestServerTest, AuthRequired) {
    start({.user = "gate", .password = "s3cret pass"});
    Mail mail{.url = server.url(), .message = kPlainMessage, .user = "gate", .password = "s3cret pass"};
    const Sent right = send(mail);
    EXPECT_EQ(right.code, CURLE_OK) << right.error;

    mail.password = "wrong";
    const Sent wrong = send(mail);
    EXPECT_EQ(wrong.code, CURLE_LOGIN_DENIED) << wrong.error;
    EXPECT_EQ(wrong.response, 535);

    mail.user.clear();
    const Sent none = send(mail);
    EXPECT_EQ(none.code, CURLE_SEND_ERROR) << none.error;
    EXPECT_EQ(none.response, 530);

    EXPECT_EQ(server.receivedCount(), 1u);
    EXPECT_EQ(server.countInLog("AUTH ok gate"), 1u) << server.log();
    EXPECT_EQ(server.countInLog("AUTH failed gate"), 1u) << server.log();
}

TEST_F(SmtpTestServerTest, AuthOverStarttls) {
    start({.starttls = true, .user = "gate", .password = "pw"});
    const Sent sent = send({.url = server.url(), .message = kPlainMessage, .caFile = server.caFile().string(),
                            .requireTls = true, .user = "gate", .password = "pw"});
    EXPECT_EQ(sent.code, CURLE_OK) << sent.error;
    EXPECT_EQ(server.receivedCount(), 1u);
}

TEST_F(SmtpTestServerTest, NeverAnswerTimesOut) {
    start({.neverAnswer = true});
    const auto before = std::chrono::steady_clock::now();
    const Sent sent = send({.url = server.url(), .message = kPlainMessage, .timeoutSeconds = 2});
    const auto took = std::chrono::steady_clock::now() - before;
    EXPECT_EQ(sent.code, CURLE_OPERATION_TIMEDOUT) << sent.error;
    EXPECT_GE(took, 1900ms);
    EXPECT_LT(took, 5s);
    EXPECT_EQ(server.countInLog(" connect "), 1u) << server.log();
}

TEST_F(SmtpTestServerTest, AClientGoneDuringTheDelayCancelsTheMessage) {
    start({.delayMs = 1500});
    // A client killed after its final ".": the connection closes with the answer still due.
    const int fd = connectTo(server.port());
    ASSERT_GE(fd, 0);
    EXPECT_EQ(reply(fd).substr(0, 3), "220");
    for (const std::string command : {"EHLO test", "MAIL FROM:<box@example.org>", "RCPT TO:<ann@example.org>"})
        EXPECT_EQ(say(fd, command).substr(0, 3), "250") << command;
    EXPECT_EQ(say(fd, "DATA").substr(0, 3), "354");
    const std::string body = messageTo("ann@example.org", "gone") + ".\r\n";
    ASSERT_EQ(::write(fd, body.data(), body.size()), static_cast<ssize_t>(body.size()));
    EXPECT_TRUE(waitForLog(server, "DATA received", 5s)) << server.log();
    ::close(fd);
    EXPECT_TRUE(waitForLog(server, "DATA aborted", 5s)) << server.log();

    // A client that waits gets its answer.
    const Sent waited = send({.url = server.url(), .message = messageTo("ann@example.org", "waited")});
    EXPECT_EQ(waited.code, CURLE_OK) << waited.error;
    const auto mails = server.received();
    ASSERT_EQ(mails.size(), 1u) << server.log();
    EXPECT_EQ(mails[0].meta["subject"], "waited");
}

// What the mail sender has to know about curl 7.88 (not about this server): a transfer that timed
// out waiting for the answer to its final "." leaves the connection open in the handle's cache,
// in the middle of the exchange. The message may still be delivered (the server had it all):
// CURLE_OPERATION_TIMEDOUT after the body means "unknown", not "not sent". And the handle's next
// transfer reuses that connection and reads the previous answer as the answer to its MAIL FROM:
// after an error, the next message needs a new connection (CURLOPT_FORBID_REUSE or
// CURLOPT_FRESH_CONNECT). curl_easy_cleanup sends QUIT and waits for the answer, at most
// CURLOPT_SERVER_RESPONSE_TIMEOUT.
TEST_F(SmtpTestServerTest, CurlThatTimedOutAfterTheBodyIsOutOfStepWithTheServer) {
    start({.delayMs = 1500});
    CURL* curl = curl_easy_init();
    const Sent timedOut = send({.url = server.url(), .message = messageTo("ann@example.org", "first"), .timeoutSeconds = 1}, curl);
    EXPECT_EQ(timedOut.code, CURLE_OPERATION_TIMEDOUT) << timedOut.error;
    const Sent next = send({.url = server.url(), .message = messageTo("ann@example.org", "second")}, curl);
    EXPECT_NE(next.code, CURLE_OK) << next.error;
    curl_easy_cleanup(curl);
    const auto mails = server.received();
    ASSERT_EQ(mails.size(), 1u) << server.log();
    EXPECT_EQ(mails[0].meta["subject"], "first");  // the one curl said timed out
    EXPECT_EQ(server.countInLog(" connect "), 1u) << server.log();
}

TEST_F(SmtpTestServerTest, OneHandleKeepsItsConnection) {
    // What the sender may count on: curl keeps the SMTP connection of a handle open and sends
    // the next message over it (a new MAIL FROM after the last one's 250), also after a 451.
    start({.tempfail = 1});
    CURL* curl = curl_easy_init();
    const Mail ann{.url = server.url(), .message = messageTo("ann@example.org", "one")};
    EXPECT_EQ(send(ann, curl).response, 451);
    EXPECT_EQ(send(ann, curl).code, CURLE_OK);
    EXPECT_EQ(send({.url = server.url(), .to = {"bob@example.org"}, .message = messageTo("bob@example.org", "two")}, curl)
                  .response,
              451);
    curl_easy_cleanup(curl);
    EXPECT_EQ(server.receivedCount(), 1u);
    EXPECT_EQ(server.countInLog(" connect "), 1u) << server.log();
    EXPECT_EQ(server.countInLog(" MAIL "), 3u) << server.log();
}

TEST_F(SmtpTestServerTest, ComesBackOnTheSamePortAndKeepsCounting) {
    start();
    ASSERT_EQ(send({.url = server.url(), .message = messageTo("ann@example.org", "before")}).code, CURLE_OK);
    const int port = server.port();
    server.stop();
    server.stop();  // idempotent
    EXPECT_EQ(send({.url = server.url(), .message = kPlainMessage, .timeoutSeconds = 2}).code, CURLE_COULDNT_CONNECT);
    start({.port = port});
    EXPECT_EQ(server.port(), port);
    ASSERT_EQ(send({.url = server.url(), .message = messageTo("ann@example.org", "after")}).code, CURLE_OK);
    ASSERT_TRUE(server.waitForCount(2, 1s));
    const auto mails = server.received();
    ASSERT_EQ(mails.size(), 2u);
    EXPECT_EQ(mails[1].eml.filename(), "0002.eml");
    EXPECT_EQ(mails[1].meta["subject"], "after");
}

}  // namespace

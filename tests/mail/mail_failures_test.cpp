// When the server says no, or is not there: temporary refusals are retried until each message
// arrives once; permanent ones fail that message only; a sender killed half-way loses nothing
// and sends nothing twice; TLS is checked; bad settings give one clear line in time.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "mail/mail_test_support.hpp"

using namespace qrgate::testing;
using Clock = std::chrono::steady_clock;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

int lineCount(const std::string& text) {
    int n = 0;
    for (char c : text) n += c == '\n';
    return n;
}

int countState(const nlohmann::json& status, const std::string& state) {
    int n = 0;
    for (const auto& row : status) n += row["state"] == state;
    return n;
}

// A port nothing listens on: bound, then closed.
int closedPort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

// `qrgate ARGS` started in the background (stdout and stderr to /dev/null), to be killed.
pid_t startQrgate(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {qrgateBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_t pid = ::fork();
    if (pid == 0) {
        int devnull = ::open("/dev/null", O_RDWR);
        ::dup2(devnull, 0);
        ::dup2(devnull, 1);
        ::dup2(devnull, 2);
        std::vector<char*> raw;
        for (auto& a : argv) raw.push_back(a.data());
        raw.push_back(nullptr);
        ::execv(raw[0], raw.data());
        ::_exit(127);
    }
    return pid;
}

}  // namespace

TEST(MailFailures, TemporaryRefusalsAreRetriedUntilEachMessageArrivesExactlyOnce) {
    SmtpTestServer server;
    if (!server.start({.tempfail = 2})) GTEST_SKIP() << server.failure();
    MailFolder folder;
    auto attendees = sampleAttendees(5);
    folder.issue(attendees);
    auto sent = folder.send(server);
    ASSERT_EQ(sent.exitCode, 0) << sent.out << sent.err;
    const auto perAddress = messagesPerAddress(server.received());
    ASSERT_EQ(perAddress.size(), attendees.size());
    for (const auto& a : attendees) EXPECT_EQ(perAddress.at(a.email), 1) << a.email;
    EXPECT_EQ(server.countInLog("DATA 451"), 2 * attendees.size()) << server.log();
    for (const auto& row : folder.status()) {
        EXPECT_EQ(row["state"], "sent");
        EXPECT_EQ(row["attempts"], 3) << "two refusals, then accepted";
    }
}

TEST(MailFailures, ARefusalAtRecipientIsRetriedToo) {
    SmtpTestServer server;
    if (!server.start({.tempfail = 1, .tempfailAtRcpt = true})) GTEST_SKIP() << server.failure();
    MailFolder folder;
    auto attendees = sampleAttendees(3);
    folder.issue(attendees);
    ASSERT_EQ(folder.send(server).exitCode, 0);
    for (const auto& [address, n] : messagesPerAddress(server.received())) EXPECT_EQ(n, 1) << address;
    EXPECT_EQ(server.receivedCount(), 3u);
}

TEST(MailFailures, APermanentRefusalFailsThatAddressOnlyAndIsNotRetried) {
    SmtpTestServer server;
    if (!server.start({.reject = {"guest3@example.org"}})) GTEST_SKIP() << server.failure();
    MailFolder folder;
    auto attendees = sampleAttendees(5);
    folder.issue(attendees);
    auto sent = folder.send(server);
    EXPECT_EQ(sent.exitCode, 1) << "not every message was sent";
    EXPECT_TRUE(contains(sent.err, "guest3@example.org")) << sent.err;
    EXPECT_TRUE(contains(sent.err, "550")) << sent.err;
    const auto perAddress = messagesPerAddress(server.received());
    EXPECT_EQ(perAddress.size(), 4u);
    EXPECT_EQ(perAddress.count("guest3@example.org"), 0u);
    EXPECT_EQ(server.countInLog("RCPT <guest3@example.org> 550"), 1u) << "never retried:\n" << server.log();
    for (const auto& row : folder.status()) {
        if (row["to"] == "guest3@example.org") {
            EXPECT_EQ(row["state"], "failed");
            EXPECT_TRUE(contains(row["reply"], "550")) << row.dump();
        } else {
            EXPECT_EQ(row["state"], "sent") << row.dump();
        }
    }
    // Sending again does not retry a failed message by itself... unless asked: --to failed.
    auto again = folder.send(server, {"--to", "failed"});
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_EQ(server.countInLog("RCPT <guest3@example.org> 550"), 2u);
    EXPECT_EQ(server.receivedCount(), 4u);
}

TEST(MailFailures, ASenderKilledHalfWayLosesNothingAndSendsNothingTwice) {
    SmtpTestServer server;
    if (!server.start({.delayMs = 400})) GTEST_SKIP() << server.failure();
    MailFolder folder;
    auto attendees = sampleAttendees(8);
    folder.issue(attendees);
    auto args = folder.sendArgs(server);
    args.insert(args.begin(), {"--data", folder.data().string()});
    const pid_t sender = startQrgate(args);
    ASSERT_GT(sender, 0);
    ASSERT_TRUE(server.waitForCount(3, std::chrono::seconds(60))) << server.log();
    // Kill it while the server holds the next message's answer back.
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (server.countInLog("DATA received") <= server.receivedCount() && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ::kill(sender, SIGKILL);
    int status = 0;
    ::waitpid(sender, &status, 0);
    const std::size_t before = server.receivedCount();
    ASSERT_LT(before, attendees.size()) << "killed too late to test anything";

    auto resumed = folder.send(server);
    EXPECT_EQ(resumed.exitCode, 1) << "one message is in doubt";
    EXPECT_TRUE(contains(resumed.err, "unknown")) << resumed.err;

    const auto rows = folder.status();
    EXPECT_EQ(countState(rows, "unknown"), 1) << rows.dump(1);
    EXPECT_EQ(countState(rows, "sent"), static_cast<int>(attendees.size()) - 1) << rows.dump(1);
    const auto perAddress = messagesPerAddress(server.received());
    for (const auto& row : rows) {
        const std::string to = row["to"];
        const int got = perAddress.count(to) ? perAddress.at(to) : 0;
        if (row["state"] == "unknown") {
            EXPECT_LE(got, 1) << to;
            EXPECT_TRUE(contains(row["reply"], "may have arrived")) << row.dump();
        } else {
            EXPECT_EQ(got, 1) << to;
        }
    }
    // The unknown one is not resent by itself...
    const std::size_t afterResume = server.receivedCount();
    EXPECT_EQ(folder.send(server).exitCode, 0) << "nothing left to send; the doubt was reported already";
    EXPECT_EQ(server.receivedCount(), afterResume);
    // ...only when the organizer asks.
    auto again = folder.send(server, {"--to", "unknown"});
    EXPECT_EQ(again.exitCode, 0) << again.err;
    EXPECT_EQ(countState(folder.status(), "sent"), static_cast<int>(attendees.size()));
}

TEST(MailFailures, StartTlsWorksWithTheGivenCaAndIsRefusedWithoutIt) {
    SmtpTestServer server;
    if (!server.start({.starttls = true})) GTEST_SKIP() << server.failure();
    MailFolder folder;
    auto attendees = sampleAttendees(2);
    folder.issue(attendees);
    const std::string url = "smtp://localhost:" + std::to_string(server.port());
    const std::vector<std::string> common = {"mail", "send", "--event", folder.eventId(), "--smtp", url, "--from",
                                             "Org <org@example.org>", "--rate", "0", "--timeout", "5"};
    // Without the CA: the certificate is not trusted, nothing goes out.
    auto refused = folder.qrgate(common);
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(contains(refused.err, "certificate")) << refused.err;
    EXPECT_EQ(lineCount(refused.err), 1) << refused.err;
    EXPECT_EQ(server.receivedCount(), 0u);
    EXPECT_EQ(countState(folder.status(), "sent"), 0);
    EXPECT_EQ(countState(folder.status(), "queued"), 2);
    // With it: sent over TLS.
    auto withCa = common;
    withCa.insert(withCa.end(), {"--ca", server.caFile().string()});
    auto sent = folder.qrgate(withCa);
    EXPECT_EQ(sent.exitCode, 0) << sent.err;
    EXPECT_EQ(server.receivedCount(), 2u);
    EXPECT_GE(server.countInLog(" tls"), 1u) << "the session switched to TLS:\n" << server.log();
}

TEST(MailFailures, ImplicitTlsSmtpsWorksWithTheGivenCa) {
    SmtpTestServer server;
    if (!server.start({.implicitTls = true})) GTEST_SKIP() << server.failure();
    MailFolder folder;
    auto attendees = sampleAttendees(2);
    folder.issue(attendees);
    auto sent = folder.qrgate({"mail", "send", "--event", folder.eventId(), "--smtp", server.url("smtps"), "--ca",
                               server.caFile().string(), "--from", "Org <org@example.org>", "--rate", "0"});
    EXPECT_EQ(sent.exitCode, 0) << sent.err;
    EXPECT_EQ(server.receivedCount(), 2u);
}

TEST(MailFailures, PlainSmtpToAnotherMachineIsRefused) {
    MailFolder folder;
    auto refused = folder.qrgate({"mail", "send", "--event", folder.eventId(), "--smtp", "smtp://smtp.example.org:25",
                                  "--no-tls", "--from", "Org <org@example.org>"});
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_TRUE(contains(refused.err, "only allowed to a relay on this machine")) << refused.err;
}

namespace {

// `mail send` with `settings`: one line on stderr, exit 1, within `limit`, nothing marked sent.
void expectOneClearLine(const std::vector<std::string>& settings, const std::string& words, std::chrono::seconds limit,
                        const std::vector<std::string>& env = {}) {
    MailFolder folder;
    auto attendees = sampleAttendees(2);
    folder.issue(attendees);
    std::vector<std::string> args = {"mail", "send", "--event", folder.eventId(), "--from", "Org <org@example.org>",
                                     "--rate", "0"};
    args.insert(args.end(), settings.begin(), settings.end());
    const auto start = Clock::now();
    auto sent = folder.qrgate(args, env);
    const auto took = Clock::now() - start;
    EXPECT_EQ(sent.exitCode, 1) << sent.out << sent.err;
    EXPECT_EQ(lineCount(sent.err), 1) << sent.err;
    EXPECT_TRUE(contains(sent.err, words)) << sent.err;
    EXPECT_LT(took, limit) << sent.err;
    const auto rows = folder.status();
    EXPECT_EQ(countState(rows, "sent"), 0);
    EXPECT_EQ(countState(rows, "queued"), 2) << "still queued for the next run: " << rows.dump(1);
}

}  // namespace

TEST(MailBadSettings, AnUnknownHost) {
    expectOneClearLine({"--smtp", "smtp://no-such-host.invalid:587", "--timeout", "3"},
                       "Cannot find the mail server", std::chrono::seconds(15));
}

TEST(MailBadSettings, AClosedPort) {
    // --no-tls needs a local host; a closed port there is what a stopped relay looks like.
    expectOneClearLine({"--smtp", "smtp://127.0.0.1:" + std::to_string(closedPort()), "--no-tls", "--timeout", "3"},
                       "refused the connection", std::chrono::seconds(10));
}

TEST(MailBadSettings, ARefusedLogin) {
    SmtpTestServer server;
    if (!server.start({.user = "organizer", .password = "right-password"})) GTEST_SKIP() << server.failure();
    expectOneClearLine({"--smtp", server.url(), "--no-tls", "--user", "organizer", "--timeout", "5"},
                       "refused the user name or password", std::chrono::seconds(15),
                       {"QRGATE_SMTP_PASSWORD=wrong-password"});
    EXPECT_EQ(server.receivedCount(), 0u);
}

TEST(MailBadSettings, AServerThatNeverAnswers) {
    SmtpTestServer server;
    if (!server.start({.neverAnswer = true})) GTEST_SKIP() << server.failure();
    expectOneClearLine({"--smtp", server.url(), "--no-tls", "--timeout", "2"}, "did not answer within 2 s",
                       std::chrono::seconds(12));
}

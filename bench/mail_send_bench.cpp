// mail_send_bench: issue 12's email target, 1,000 tickets to a local SMTP server at 50 messages
// a second or more and at most 150 MB peak memory.
//
// One data folder, one event, TICKETS tickets with addresses, each queued as its own message.
// sendQueuedMail (no rate limit, plain SMTP on 127.0.0.1) sends them twice:
//   1. to tests/support/smtp_test_server.py, the aiosmtpd server the mail tests use (receiving
//      only: without --out it neither parses nor stores what it gets), a process of its own;
//   2. to LoopbackMailSink (core/mail/message_files.hpp), the minimal receiver of
//      `mail send --dry-run` on a thread of this process: qrgate's own rate, without python.
// Each run prints messages, seconds, messages/s and this process's peak resident memory during
// the run (the kernel's high-water mark, reset before it via /proc/self/clear_refs).
//
// Then where the time goes, one message at a time on one thread: loading a ticket's paper job
// (the per-message database reads and the key), composeTicketMail (QR PNG + PDF + template) and
// its QR PNG and PDF alone; the outbox's reads and commits around each message on the sending
// thread; and sending one composed message (SmtpTransport::send: curl's MIME,
// base64, the SMTP exchange) SAMPLES times to each receiver. 1 / median send time to the python
// server is how fast it can take messages, whatever the sender does.
//
//   build/bench/mail_send_bench [TICKETS] [SAMPLES]
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_machine.hpp"
#include "core/base/clock.hpp"
#include "core/mail/mail_message.hpp"
#include "core/mail/mail_outbox.hpp"
#include "core/mail/mail_sender.hpp"
#include "core/mail/message_files.hpp"
#include "core/mail/smtp_transport.hpp"
#include "core/paper/paper_job.hpp"
#include "core/paper/ticket_document.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "core_bench_common.hpp"

#ifndef QRGATE_SMTP_TEST_SERVER
#error "QRGATE_SMTP_TEST_SERVER (the path of tests/support/smtp_test_server.py) must be defined by the build"
#endif

using namespace qrgate;
using namespace qrgate::bench;

namespace {

// A field of a /proc/PID/status file, in kB.
long statusKb(const std::string& file, const char* field) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
    return -1;
}

// CPU seconds (user + system) this process has used so far, all threads.
double cpuSeconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds another process has used so far (/proc/PID/stat: utime and stime, in clock ticks).
double cpuSecondsOf(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    std::getline(in, stat);
    const auto close = stat.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos) return 0;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; fields >> field; ++i) {  // field 3 is the state
        if (i == 14) utime = std::stoll(field);
        if (i == 15) {
            stime = std::stoll(field);
            break;
        }
    }
    return double(utime + stime) / ::sysconf(_SC_CLK_TCK);
}

// smtp_test_server.py in a process of its own; it stops when its stdin (a pipe from here) closes.
class PythonSmtpServer {
public:
    bool start() {
        int in[2], out[2];
        if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) return false;
        m_pid = ::fork();
        if (m_pid == 0) {
            ::dup2(in[0], 0);
            ::dup2(out[1], 1);
            const char* argv[] = {"/usr/bin/python3", QRGATE_SMTP_TEST_SERVER, "--max-seconds", "900", nullptr};
            ::execv(argv[0], const_cast<char**>(argv));
            ::_exit(127);
        }
        ::close(in[0]);
        ::close(out[1]);
        m_stdin = in[1];
        std::string said;
        while (said.find('\n') == std::string::npos) {
            pollfd p{out[0], POLLIN, 0};
            if (::poll(&p, 1, 15000) <= 0) break;
            char buf[256];
            const ssize_t n = ::read(out[0], buf, sizeof buf);
            if (n <= 0) break;
            said.append(buf, static_cast<std::size_t>(n));
        }
        ::close(out[0]);
        if (said.rfind("port ", 0) == 0) m_port = std::atoi(said.c_str() + 5);
        return m_port > 0;
    }
    // Its peak resident memory so far, in kB.
    long peakRssKb() const { return statusKb("/proc/" + std::to_string(m_pid) + "/status", "VmHWM:"); }
    int port() const { return m_port; }
    pid_t pid() const { return m_pid; }
    ~PythonSmtpServer() {
        if (m_stdin >= 0) ::close(m_stdin);
        if (m_pid > 0) ::waitpid(m_pid, nullptr, 0);
    }

private:
    pid_t m_pid = -1;
    int m_stdin = -1;
    int m_port = 0;
};

// Takes what LoopbackMailSink keeps, every few milliseconds, so that its store does not grow.
class SinkDrain {
public:
    explicit SinkDrain(LoopbackMailSink& sink)
        : m_sink(sink), m_thread([this] {
              while (!m_stop.load()) {
                  drain();
                  std::this_thread::sleep_for(std::chrono::milliseconds(5));
              }
              drain();
          }) {}
    ~SinkDrain() { finish(); }
    void finish() {
        m_stop = true;
        if (m_thread.joinable()) m_thread.join();
    }
    long messages() const { return m_messages; }
    long long bytes() const { return m_bytes; }

private:
    void drain() {
        for (const auto& m : m_sink.take()) {
            ++m_messages;
            m_bytes += static_cast<long long>(m.size());
        }
    }
    LoopbackMailSink& m_sink;
    std::atomic<bool> m_stop{false};
    long m_messages = 0;
    long long m_bytes = 0;
    std::thread m_thread;
};

MailSettings settingsFor(int port) {
    MailSettings s;
    s.smtpUrl = "smtp://127.0.0.1:" + std::to_string(port);
    s.plainLocal = true;
    s.fromName = "Benchmark Box Office";
    s.fromAddress = "tickets@example.org";
    s.ratePerMinute = 0;  // no limit
    return s;
}

// One sendQueuedMail run over everything queued; false when not every message was accepted.
// `server`: the receiving process, when it is not this one (its CPU time is printed too).
bool sendRun(const DataFolder& folder, const std::string& eventId, int port, const PaperSize& paper,
             std::size_t expected, const char* label, pid_t server = 0) {
    SendRequest request;
    request.eventId = eventId;
    request.settings = settingsFor(port);
    request.paper = paper;
    resetPeakRss();
    const long before = peakRssKb();
    const double cpuBefore = cpuSeconds(), serverCpuBefore = server ? cpuSecondsOf(server) : 0;
    const auto start = std::chrono::steady_clock::now();
    auto report = sendQueuedMail(folder, request);
    const double seconds = secondsSince(start);
    const long peak = peakRssKb();
    const double cpu = cpuSeconds() - cpuBefore, serverCpu = server ? cpuSecondsOf(server) - serverCpuBefore : 0;
    if (!report) {
        std::fprintf(stderr, "%s: sendQueuedMail failed: %s\n", label, report.error().message.c_str());
        return false;
    }
    const auto& p = report->last;
    std::printf("%s: %d messages sent (%d failed, %d unknown) in %.2f s = %.1f messages/s; peak memory %.1f MB "
                "(%.1f MB when the run began)\n",
                label, p.sentThisRun, p.failedThisRun, p.unknownThisRun, seconds, p.sentThisRun / seconds,
                peak / 1024.0, before / 1024.0);
    std::printf("  CPU time: this process %.2f s (%.0f %% of one core)", cpu, 100 * cpu / seconds);
    if (server) std::printf(", the server %.2f s (%.0f %%)", serverCpu, 100 * serverCpu / seconds);
    std::printf("\n");
    if (report->stopped) std::printf("%s: stopped: %s\n", label, report->stopped->message.c_str());
    return static_cast<std::size_t>(p.sentThisRun) == expected;
}

void printMs(const char* what, const std::vector<double>& seconds) {
    std::printf("  %-44s median %6.2f ms, p95 %6.2f ms\n", what, percentile(seconds, 50) * 1e3,
                percentile(seconds, 95) * 1e3);
}

// The same composed message through one SmtpTransport `samples` times.
std::vector<double> sendTimes(int port, const ComposedMail& mail, int samples, LoopbackMailSink* sink) {
    auto transport = SmtpTransport::create(settingsFor(port), "").value();
    std::vector<double> times;
    for (int i = 0; i < samples; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const auto outcome = transport->send(mail);
        times.push_back(secondsSince(start));
        if (outcome.kind != SendOutcome::Kind::Accepted) {
            std::fprintf(stderr, "send: %s\n", outcome.reply.c_str());
            break;
        }
        if (sink) sink->take();
    }
    return times;
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t count = argc > 1 ? std::stoul(argv[1]) : 1'000;
    const int samples = argc > 2 ? std::stoi(argv[2]) : 200;
    BenchFolder bench("mail");
    auto folder = DataFolder::prepare(bench.root).value();
    auto db = folder.openDatabase().value();
    auto keys = folder.keyStore();
    const Event event = createEvent(*db, keys);
    const PaperSize paper = *findPaperSize("a4");

    std::vector<TicketHolder> holders;
    for (std::size_t i = 0; i < count; ++i)
        holders.push_back({mixedScriptName(i), "guest" + std::to_string(i + 1) + "@example.org", ""});
    const auto issued = TicketIssuer(*db, keys).issueFor(event.id, holders).value();
    MailOutbox outbox(*db);
    const auto queued = outbox.enqueue(event.id, Recipients::NotSent, false, SystemClock::instance().nowMs()).value();

    std::printf("mail_send_bench on %s, %u hardware threads; load average at start: ", cpuName().c_str(),
                std::thread::hardware_concurrency());
    {
        std::ifstream load("/proc/loadavg");
        std::string a, b, c;
        load >> a >> b >> c;
        std::printf("%s %s %s\n", a.c_str(), b.c_str(), c.c_str());
    }
    std::printf("%zu tickets, %d messages queued (one ticket each), PDF on %s; peak memory after issuing %.1f MB\n",
                count, queued.queued, paper.name.c_str(), peakRssKb() / 1024.0);

    // 1. The python aiosmtpd test server.
    PythonSmtpServer python;
    if (!python.start()) {
        std::fprintf(stderr, "smtp_test_server.py did not start (needs /usr/bin/python3 and python3-aiosmtpd)\n");
        return 1;
    }
    bool ok = sendRun(folder, event.id, python.port(), paper, count, "send to aiosmtpd (python, other process)",
                      python.pid());

    // 2. LoopbackMailSink, in this process.
    outbox.resendState(event.id, OutboxState::Sent, SystemClock::instance().nowMs());
    auto sink = LoopbackMailSink::start().value();
    {
        SinkDrain drain(*sink);
        ok = sendRun(folder, event.id, sink->port(), paper, count, "send to LoopbackMailSink (in-process)") && ok;
        drain.finish();
        if (drain.messages() > 0)
            std::printf("  messages received: %ld, %.1f KB each on average\n", drain.messages(),
                        drain.bytes() / 1024.0 / drain.messages());
    }

    // 3. Where the time goes, one message at a time.
    const std::size_t n = std::min<std::size_t>(count, static_cast<std::size_t>(samples));
    const MailTemplate tmpl = loadMailTemplate(*db, event.id);
    const NamedAddress from{"Benchmark Box Office", "tickets@example.org"};
    std::vector<double> load, compose, png, pdf;
    std::optional<ComposedMail> sample;
    for (std::size_t i = 0; i < n; ++i) {
        auto start = std::chrono::steady_clock::now();
        auto job = loadPaperJob(*db, keys, event.id, TicketSelection::byIds({issued[i].ticket.id})).value();
        load.push_back(secondsSince(start));
        start = std::chrono::steady_clock::now();
        auto mail = composeTicketMail(job, tmpl, from, SystemClock::instance().nowMs(), paper).value();
        compose.push_back(secondsSince(start));
        start = std::chrono::steady_clock::now();
        (void)ticketQrPngBytes(job, 360).value();
        png.push_back(secondsSince(start));
        start = std::chrono::steady_clock::now();
        (void)ticketPdfBytes(job, paper).value();
        pdf.push_back(secondsSince(start));
        if (i == 0) sample = std::move(mail);
    }
    std::printf("one message at a time, %zu messages (PNG %zu bytes, PDF %zu bytes):\n", n,
                sample->inlineImages.front().bytes.size(), sample->attachments.front().bytes.size());
    printMs("load the ticket (loadPaperJob)", load);
    printMs("compose (composeTicketMail: QR PNG+PDF+template)", compose);
    printMs("  of which the QR PNG (ticketQrPngBytes)", png);
    printMs("  of which the PDF (ticketPdfBytes)", pdf);
    // The sending thread's own bookkeeping per message: peek the next, claim it (a commit), record
    // it sent (a commit), count the outbox for the progress line.
    outbox.resendState(event.id, OutboxState::Sent, SystemClock::instance().nowMs());
    std::vector<double> peek, claim, sent, counts;
    for (std::size_t i = 0; i < n; ++i) {
        const TimeMs now = SystemClock::instance().nowMs();
        auto start = std::chrono::steady_clock::now();
        auto next = outbox.peekNext(event.id, now);
        peek.push_back(secondsSince(start));
        if (!next) break;
        start = std::chrono::steady_clock::now();
        const bool claimed = outbox.claim(*next, "<bench." + std::to_string(i) + "@example.org>", next->recipient, now);
        claim.push_back(secondsSince(start));
        if (!claimed) break;
        start = std::chrono::steady_clock::now();
        outbox.markSent(*next, "250 OK", now);
        sent.push_back(secondsSince(start));
        start = std::chrono::steady_clock::now();
        (void)outbox.counts(event.id);
        counts.push_back(secondsSince(start));
    }
    printMs("outbox: peek the next message (peekNext)", peek);
    printMs("outbox: claim it (a commit, synchronous=FULL)", claim);
    printMs("outbox: record it sent (markSent, a commit)", sent);
    printMs("outbox: count for the progress line (counts)", counts);
    const auto toPython = sendTimes(python.port(), *sample, samples, nullptr);
    const auto toSink = sendTimes(sink->port(), *sample, samples, sink.get());
    printMs("send one (SmtpTransport::send) to aiosmtpd", toPython);
    printMs("send one (SmtpTransport::send) to LoopbackMailSink", toSink);
    std::printf("  aiosmtpd takes at most %.0f messages/s from one connection (1 / median send)\n",
                1 / percentile(toPython, 50));
    std::printf("peak memory of the aiosmtpd process: %.1f MB\n", python.peakRssKb() / 1024.0);
    return ok ? 0 : 1;
}

#include "core/mail/mail_sender.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "core/base/crypto.hpp"
#include "core/mail/mail_message.hpp"
#include "core/mail/mail_template.hpp"
#include "core/mail/smtp_transport.hpp"
#include "core/paper/paper_job.hpp"

namespace qrgate {

Result<MailSenderLock> MailSenderLock::acquire(const DataFolder& folder) {
    const auto path = folder.mailLockFile();
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return Error{"mail_busy", "Cannot open " + path.string() + ": " + std::strerror(errno)};
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return Error{"mail_busy",
                     "Another qrgate is sending this data folder's mail right now; wait for it to finish or stop it."};
    }
    return MailSenderLock(fd);
}

MailSenderLock::MailSenderLock(MailSenderLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

MailSenderLock::~MailSenderLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing drops the lock
}

namespace {

using Kind = SendOutcome::Kind;

// A message composed on the worker, with what became of tickets that can no longer be sent.
struct Composition {
    OutboxClaim claim;                   // the rows that go in this message
    std::vector<std::int64_t> voidRows;  // voided since they were queued
    std::string badAddress;              // the ticket's address is no longer usable
    Result<ComposedMail> mail = Error{"not_composed", ""};
};

class Composer {
public:
    Composer(std::unique_ptr<Database> db, KeyStore keys, std::string eventId, MailTemplate tmpl, NamedAddress from,
             PaperSize paper, const Clock& clock)
        : m_db(std::move(db)), m_keys(std::move(keys)), m_eventId(std::move(eventId)), m_template(std::move(tmpl)),
          m_from(std::move(from)), m_paper(std::move(paper)), m_clock(clock) {}

    Composition compose(const OutboxClaim& claim) {
        Composition out;
        out.claim = claim;
        out.claim.rowIds.clear();
        out.claim.ticketIds.clear();
        SQLite::Statement q(m_db->sql(), "SELECT state, holder_email FROM tickets WHERE id = ?");
        for (std::size_t i = 0; i < claim.ticketIds.size(); ++i) {
            q.bind(1, claim.ticketIds[i]);
            const bool valid = q.executeStep() && q.getColumn(0).getString() == "valid";
            const std::string address = valid ? q.getColumn(1).getString() : "";
            q.reset();
            if (!valid) {
                out.voidRows.push_back(claim.rowIds[i]);
                continue;
            }
            if (out.claim.ticketIds.empty()) out.claim.recipient = address;
            out.claim.rowIds.push_back(claim.rowIds[i]);
            out.claim.ticketIds.push_back(claim.ticketIds[i]);
        }
        if (out.claim.rowIds.empty()) return out;
        if (!isPlausibleAddress(out.claim.recipient)) {
            out.badAddress = "\"" + out.claim.recipient + "\" is not an email address";
            return out;
        }
        auto job = loadPaperJob(*m_db, m_keys, m_eventId, TicketSelection::byIds(out.claim.ticketIds));
        if (!job) {
            out.mail = job.error();
            return out;
        }
        out.mail = composeTicketMail(*job, m_template, m_from, m_clock.nowMs(), m_paper);
        return out;
    }

private:
    std::unique_ptr<Database> m_db;
    KeyStore m_keys;
    std::string m_eventId;
    MailTemplate m_template;
    NamedAddress m_from;
    PaperSize m_paper;
    const Clock& m_clock;
};

// The one thread every message of a run is composed on. A thread of its own per message (as
// std::async made) starts with no fonts: Pango's font map and context are per thread, so each
// message loaded its fonts again (+3.5 ms) and left about 1 MB behind that was never given back.
class ComposeThread {
public:
    ComposeThread() : m_thread([this] { work(); }) {}
    ~ComposeThread() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_one();
        m_thread.join();  // after the tasks still queued: none is left unanswered
    }
    ComposeThread(const ComposeThread&) = delete;
    ComposeThread& operator=(const ComposeThread&) = delete;

    std::future<Composition> submit(std::function<Composition()> task) {
        std::packaged_task<Composition()> job(std::move(task));
        auto result = job.get_future();
        {
            std::lock_guard lock(m_mutex);
            m_tasks.push_back(std::move(job));
        }
        m_wake.notify_one();
        return result;
    }

private:
    void work() {
        while (true) {
            std::packaged_task<Composition()> job;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stop || !m_tasks.empty(); });
                if (m_tasks.empty()) return;
                job = std::move(m_tasks.front());
                m_tasks.pop_front();
            }
            job();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::packaged_task<Composition()>> m_tasks;
    bool m_stop = false;
    std::thread m_thread;  // last: starts once the rest is ready
};

std::string secondsText(TimeMs ms) {
    const long long s = (ms + 999) / 1000;
    if (s < 90) return std::to_string(s) + " s";
    return std::to_string((s + 59) / 60) + " min";
}

class SendRun {
public:
    SendRun(const SendRequest& request, Database& db, SmtpTransport& transport, Composer& composer)
        : m_request(request), m_outbox(db), m_transport(transport), m_composer(composer), m_clock(*request.clock),
          m_started(m_clock.nowMs()) {}

    SendReport run() {
        SendReport report;
        std::future<Composition> ahead;
        std::int64_t lastPeeked = 0;
        auto composeNext = [&]() -> bool {
            auto claim = m_outbox.peekNext(m_request.eventId, m_clock.nowMs(), lastPeeked);
            if (!claim) return false;
            lastPeeked = *std::max_element(claim->rowIds.begin(), claim->rowIds.end());
            ahead = m_composeThread.submit([this, c = *claim] { return m_composer.compose(c); });
            return true;
        };
        int connectionFailures = 0;
        composeNext();
        while (true) {
            if (cancelled()) {
                report.stopped = Error{"cancelled", "Sending was cancelled; the rest stays queued."};
                break;
            }
            if (!ahead.valid()) {
                const auto due = m_outbox.nextDueAt(m_request.eventId);
                if (!due) break;  // nothing queued: done
                const TimeMs now = m_clock.nowMs();
                if (*due > now) {
                    const auto counts = m_outbox.counts(m_request.eventId);
                    m_progress.waiting = "Waiting " + secondsText(*due - now) + " to retry " +
                                         std::to_string(counts.queued) + (counts.queued == 1 ? " message" : " messages");
                    report_();
                    if (!sleepUntil(*due)) continue;  // cancelled: said at the top
                    m_progress.waiting.clear();
                }
                lastPeeked = 0;
                if (!composeNext()) {
                    // Due but not peekable cannot last: the clock moved between the two reads.
                    sleepUntil(m_clock.nowMs() + 50);
                }
                continue;
            }
            Composition current = ahead.get();
            composeNext();  // the next message is composed while this one is sent
            if (!settleUnsendable(current)) continue;
            waitForRate();
            if (cancelled()) continue;
            const ComposedMail& mail = *current.mail;
            const TimeMs start = m_clock.nowMs();
            if (!m_outbox.claim(current.claim, mail.messageId, mail.to.address, start)) continue;
            m_lastStart = start;
            const SendOutcome outcome = m_transport.send(mail);
            const TimeMs now = m_clock.nowMs();
            if (outcome.kind == Kind::Connection) {
                m_outbox.release(current.claim, now);
                m_progress.lastProblem = outcome.reply;
                ++connectionFailures;
                // Never reached the server in this run, or lost it for good: stop; the rows stay queued.
                if (!m_reachedServer || connectionFailures >= 3) {
                    report.stopped = Error{"smtp_connection", outcome.reply};
                    break;
                }
                m_progress.waiting = "Connection lost; trying again in " +
                                     secondsText(retryDelay(connectionFailures - 1));
                report_();
                sleepUntil(now + retryDelay(connectionFailures - 1));
                m_progress.waiting.clear();
                if (ahead.valid()) ahead.get();  // its rows are still queued; peek again from the start
                lastPeeked = 0;
                composeNext();
                continue;
            }
            m_reachedServer = true;
            connectionFailures = 0;
            record(current.claim, outcome, now);
            report_();
        }
        if (ahead.valid()) ahead.wait();
        report_();
        report.last = m_progress;
        return report;
    }

private:
    bool cancelled() const { return m_request.cancel && m_request.cancel->load(); }

    // Marks what cannot be sent; true when a composed message remains.
    bool settleUnsendable(Composition& c) {
        const TimeMs now = m_clock.nowMs();
        if (!c.voidRows.empty()) {
            OutboxClaim gone;
            gone.rowIds = c.voidRows;
            m_outbox.markFailed(gone, "The ticket was voided before its message was sent.", now);
            m_progress.failedThisRun += static_cast<int>(c.voidRows.size());
        }
        if (c.claim.rowIds.empty()) return false;
        std::string problem = c.badAddress;
        if (problem.empty() && !c.mail) problem = c.mail.error().message;
        if (problem.empty()) return true;
        m_outbox.markFailed(c.claim, problem, now);
        m_progress.failedThisRun += static_cast<int>(c.claim.rowIds.size());
        m_progress.lastProblem = problem;
        return false;
    }

    TimeMs retryDelay(int attemptsBefore) const {
        const double base = m_request.settings.retryBaseSeconds * 1000.0;
        const double delay = base * std::pow(2.0, std::min(attemptsBefore, 10));
        return static_cast<TimeMs>(std::min(delay, 30.0 * 60 * 1000));
    }

    TimeMs interval() const {
        const int rate = m_request.settings.ratePerMinute;
        return rate > 0 ? 60000 / rate : 0;
    }

    void waitForRate() {
        if (m_lastStart == 0 || interval() == 0) return;
        sleepUntil(m_lastStart + interval());
    }

    // False when cancelled while waiting.
    bool sleepUntil(TimeMs when) {
        while (m_clock.nowMs() < when) {
            if (cancelled()) return false;
            const TimeMs left = when - m_clock.nowMs();
            std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp<TimeMs>(left, 1, 100)));
        }
        return !cancelled();
    }

    void record(const OutboxClaim& claim, const SendOutcome& outcome, TimeMs now) {
        const int n = static_cast<int>(claim.rowIds.size());
        switch (outcome.kind) {
            case Kind::Accepted:
                m_outbox.markSent(claim, outcome.reply, now);
                m_progress.sentThisRun += n;
                break;
            case Kind::Temporary:
                if (claim.attempts + 1 >= m_request.settings.maxAttempts) {
                    m_outbox.markFailed(claim, "Gave up after " + std::to_string(claim.attempts + 1) +
                                                   " attempts: " + outcome.reply, now);
                    m_progress.failedThisRun += n;
                } else {
                    m_outbox.markRetry(claim, outcome.reply, now + retryDelay(claim.attempts), now);
                }
                m_progress.lastProblem = claim.recipient + ": " + outcome.reply;
                break;
            case Kind::Permanent:
                m_outbox.markFailed(claim, outcome.reply, now);
                m_progress.failedThisRun += n;
                m_progress.lastProblem = claim.recipient + ": " + outcome.reply;
                break;
            case Kind::Unknown:
                m_outbox.markUnknown(claim, outcome.reply, now);
                m_progress.unknownThisRun += n;
                m_progress.lastProblem = claim.recipient + ": " + outcome.reply;
                break;
            case Kind::Connection: break;  // handled by the caller
        }
    }

    void report_() {
        m_progress.counts = m_outbox.counts(m_request.eventId);
        const TimeMs elapsed = std::max<TimeMs>(1, m_clock.nowMs() - m_started);
        const int done = m_progress.sentThisRun + m_progress.failedThisRun + m_progress.unknownThisRun;
        m_progress.messagesPerMinute = done * 60000.0 / elapsed;
        const int left = m_progress.counts.queued + m_progress.counts.sending;
        if (left == 0) {
            m_progress.secondsLeft = 0;
        } else if (done > 0 || interval() > 0) {
            const double perMessage = std::max<double>(interval(), done > 0 ? double(elapsed) / done : 0);
            m_progress.secondsLeft = static_cast<int>(std::ceil(left * perMessage / 1000.0));
        } else {
            m_progress.secondsLeft.reset();
        }
        if (m_request.onProgress) m_request.onProgress(m_progress);
    }

    const SendRequest& m_request;
    MailOutbox m_outbox;
    SmtpTransport& m_transport;
    Composer& m_composer;
    ComposeThread m_composeThread;  // its tasks use m_composer, which outlives the run
    const Clock& m_clock;
    TimeMs m_started;
    TimeMs m_lastStart = 0;
    bool m_reachedServer = false;
    SendProgress m_progress;
};

NamedAddress senderOf(const MailSettings& settings) { return {settings.fromName, settings.fromAddress}; }

}  // namespace

Result<SendReport> sendQueuedMail(const DataFolder& folder, const SendRequest& request) {
    auto lock = MailSenderLock::acquire(folder);
    if (!lock) return lock.error();
    auto db = folder.openDatabase();
    if (!db) return db.error();
    MailOutbox outbox(**db);
    const int interrupted = outbox.markInterruptedAsUnknown(request.clock->nowMs());
    const KeyStore keys = folder.keyStore();
    if (!keys.has(request.eventId))
        return Error{"no_key_file", "This machine has no signing key for event " + request.eventId +
                                        ": tickets can only be emailed from the organizer's machine."};
    auto transport = SmtpTransport::create(request.settings, request.password);
    if (!transport) return transport.error();
    auto composerDb = folder.openDatabase();
    if (!composerDb) return composerDb.error();
    Composer composer(std::move(*composerDb), keys, request.eventId, loadMailTemplate(**db, request.eventId),
                      senderOf(request.settings), request.paper, *request.clock);
    SendRun run(request, **db, **transport, composer);
    SendReport report = run.run();
    report.interruptedBefore = interrupted;
    return report;
}

Status sendTestMessage(const DataFolder& folder, const MailSettings& settings, const std::string& password,
                       const std::string& eventId, const std::string& ticketId, const std::string& to,
                       const PaperSize& paper) {
    auto recipient = parseNamedAddress(to);
    if (!recipient) return recipient.error();
    auto db = folder.openDatabase();
    if (!db) return db.error();
    auto batch = loadTicketBatch(**db, eventId, ticketId.empty() ? TicketSelection::all()
                                                                 : TicketSelection::byIds({ticketId}));
    if (!batch) return batch.error();
    auto job = loadPaperJob(**db, folder.keyStore(), eventId, TicketSelection::byIds({batch->tickets.front().id}));
    if (!job) return job.error();
    auto transport = SmtpTransport::create(settings, password);
    if (!transport) return transport.error();
    MailTemplate tmpl = loadMailTemplate(**db, eventId);
    tmpl.subject = "[Test] " + tmpl.subject;
    auto mail = composeTicketMail(*job, tmpl, senderOf(settings), SystemClock::instance().nowMs(), paper);
    if (!mail) return mail.error();
    mail->to = *recipient;
    mail->messageId = "<qrgate.test." + randomId(16) + "@" + messageIdDomain(settings.fromAddress) + ">";
    const SendOutcome outcome = (*transport)->send(*mail);
    if (outcome.kind == Kind::Accepted) return success();
    if (outcome.kind == Kind::Connection) return Error{"smtp_connection", outcome.reply};
    return Error{"mail_rejected", "The server did not take the test message: " + outcome.reply};
}

}  // namespace qrgate

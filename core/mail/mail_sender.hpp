#pragma once
// Sends an event's queued messages: composes the next message on a worker thread while the
// current one is on the wire, keeps to the rate, retries temporary failures with a growing wait,
// and records each outcome in the outbox the moment it is known.
//
// One process sends a data folder's mail at a time (MailSenderLock, an flock on
// <data>/mail-sender.lock that the kernel drops when the process dies): holding it is what lets
// the sender turn `sending` rows left by a dead predecessor into `unknown`.
#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "core/base/clock.hpp"
#include "core/base/result.hpp"
#include "core/mail/mail_outbox.hpp"
#include "core/mail/mail_settings.hpp"
#include "core/paper/sheet_layouts.hpp"
#include "core/store/data_folder.hpp"

namespace qrgate {

class MailSenderLock {
public:
    // Error "mail_busy" when another process holds it.
    static Result<MailSenderLock> acquire(const DataFolder& folder);
    MailSenderLock(MailSenderLock&& other) noexcept;
    MailSenderLock& operator=(MailSenderLock&&) = delete;
    ~MailSenderLock();

private:
    explicit MailSenderLock(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

struct SendProgress {
    OutboxCounts counts;         // the event's outbox now
    int sentThisRun = 0;
    int failedThisRun = 0;
    int unknownThisRun = 0;
    double messagesPerMinute = 0;   // measured over this run
    std::optional<int> secondsLeft;  // estimate at the slower of the rate limit and the pace so far
    std::string waiting;           // "Waiting 30 s to retry 2 messages", "" when sending
    std::string lastProblem;       // the latest failure, in words
};

struct SendRequest {
    std::string eventId;
    MailSettings settings;
    std::string password;
    PaperSize paper;  // of the attached PDF
    std::function<void(const SendProgress&)> onProgress;  // called from the sending thread
    const std::atomic<bool>* cancel = nullptr;
    const Clock* clock = &SystemClock::instance();
};

struct SendReport {
    SendProgress last;
    int interruptedBefore = 0;  // rows a stopped sender left `sending`, now `unknown`
    // Why the run stopped before the queue was empty: "cancelled", or "smtp_connection" (the
    // server cannot be reached or refuses the login: the rows stay queued for the next run).
    std::optional<Error> stopped;
};

// Sends every queued message of the event that is due, waiting for retries, until none is left
// or the run is cancelled or the server cannot be reached. Opens its own database connections.
// Errors (nothing was sent): "mail_busy", "no_key_file", settings errors from SmtpTransport.
Result<SendReport> sendQueuedMail(const DataFolder& folder, const SendRequest& request);

// One message for the first valid ticket of the event (or `ticketId`), to `to`, not recorded in
// the outbox: "send a test message to me". Error "smtp_connection" and the others of send.
Status sendTestMessage(const DataFolder& folder, const MailSettings& settings, const std::string& password,
                       const std::string& eventId, const std::string& ticketId, const std::string& to,
                       const PaperSize& paper);

}  // namespace qrgate

#pragma once
// The outbox: one row per ticket in the database (mail_outbox, schema 5), so that sending
// survives a restart and nothing is sent twice or forgotten.
//
//   queued  --claim-->  sending  --server said 250-->  sent
//                          |--4xx, connection lost before DATA--> queued (again, after a wait)
//                          |--5xx, bad address, too many attempts--> failed
//                          '--cut off after the message was handed over--> unknown
//
// A row is `sending` only while one process holds it; a process that finds `sending` rows when it
// starts (holding the folder's MailSenderLock, so no one else is sending) knows the last sender
// stopped half-way: those rows become `unknown` and are shown, never resent by themselves.
// Resending is explicit: one ticket, or every row in a state.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.hpp"
#include "core/base/result.hpp"
#include "core/store/database.hpp"

namespace qrgate {

enum class OutboxState { Queued, Sending, Sent, Failed, Unknown };
const char* toString(OutboxState state);  // "queued", "sending", ...
std::optional<OutboxState> outboxStateFromString(const std::string& text);

struct OutboxEntry {
    std::int64_t id = 0;
    std::string eventId;
    std::string ticketId;
    std::int64_t ticketNumber = 0;
    std::string holderName;
    std::string recipient;
    std::string groupKey;
    std::string messageId;
    OutboxState state = OutboxState::Queued;
    int attempts = 0;
    TimeMs nextAttemptAt = 0;
    std::string reply;  // the server's reply (sent) or the reason (failed, unknown, waiting to retry)
    TimeMs queuedAt = 0;
    TimeMs updatedAt = 0;
    std::optional<TimeMs> sentAt;
};

// Whom `enqueue` selects among the event's valid tickets with an email address.
enum class Recipients {
    NotSent,  // no message accepted yet and none in doubt: new tickets and failed ones
    All,      // everyone, also those already sent (a deliberate second round)
    Failed,   // only the failed ones
    Unknown,  // only those in doubt (the organizer checked they did not get it)
};
std::optional<Recipients> recipientsFromString(const std::string& text);  // all|unsent|failed|unknown
const char* toString(Recipients recipients);

struct EnqueueSummary {
    int queued = 0;        // rows now waiting to be sent
    int alreadySent = 0;   // skipped: sent before (NotSent)
    int inDoubt = 0;       // skipped: unknown (NotSent, All)
    int noAddress = 0;     // valid tickets without an email address
    int badAddress = 0;    // marked failed at once: not an email address
    int busy = 0;          // skipped: being sent right now by another run
};

struct OutboxCounts {
    int queued = 0, sending = 0, sent = 0, failed = 0, unknown = 0;
    int waitingToRetry = 0;  // queued rows that were tried before and wait for another attempt
    int total() const { return queued + sending + sent + failed + unknown; }
};

// A message's worth of rows (several when one message carries every ticket of an address).
struct OutboxClaim {
    std::vector<std::int64_t> rowIds;
    std::vector<std::string> ticketIds;
    std::string recipient;
    int attempts = 0;  // attempts made before this one
};

// What `enqueue` would do, without doing it: for the console's counts and `mail send --dry-run`.
struct MailPlan {
    EnqueueSummary summary;  // queued = how many tickets would be queued
    std::vector<OutboxClaim> messages;  // one per message (several tickets with onePerAddress); no row ids
    std::vector<std::pair<std::string, std::string>> badAddresses;  // ticket id, address
};

class MailOutbox {
public:
    explicit MailOutbox(Database& db) : m_db(db) {}

    // Read-only. Error "unknown_event".
    Result<MailPlan> plan(const std::string& eventId, Recipients who, bool onePerAddress);

    // Queues the event's tickets chosen by `who`. With `onePerAddress` the rows of one address
    // share a group and go as one message. Error "unknown_event".
    Result<EnqueueSummary> enqueue(const std::string& eventId, Recipients who, bool onePerAddress, TimeMs now);
    // Queues one ticket again whatever its state (`mail resend`); its Message-ID stays the same
    // unless the ticket was reissued. Errors "unknown_ticket", "void_ticket", "no_address",
    // "busy" (being sent right now).
    Status resendTicket(const std::string& ticketId, TimeMs now);
    // Every row of the event in `state` queued again; returns how many.
    int resendState(const std::string& eventId, OutboxState state, TimeMs now);

    // `sending` rows left by a sender that stopped: they become `unknown`. Call only while
    // holding the MailSenderLock. Returns how many.
    int markInterruptedAsUnknown(TimeMs now);

    // The next due message after row `afterId` in queue order (peek, nothing changes), and the
    // time the next waiting row becomes due.
    std::optional<OutboxClaim> peekNext(const std::string& eventId, TimeMs now, std::int64_t afterId = 0);
    std::optional<TimeMs> nextDueAt(const std::string& eventId);
    // Takes the rows for sending (queued -> sending, with the Message-ID it goes out with and the
    // address as now on the ticket). False when they are no longer all queued and due.
    bool claim(const OutboxClaim& claim, const std::string& messageId, const std::string& recipient, TimeMs now);

    void markSent(const OutboxClaim& claim, const std::string& reply, TimeMs now);
    void markFailed(const OutboxClaim& claim, const std::string& reason, TimeMs now);
    void markUnknown(const OutboxClaim& claim, const std::string& reason, TimeMs now);
    // A temporary failure: queued again, due at `retryAt`, one more attempt counted.
    void markRetry(const OutboxClaim& claim, const std::string& reason, TimeMs retryAt, TimeMs now);
    // Nothing was handed over (the server was unreachable): queued again, not counted as an attempt.
    void release(const OutboxClaim& claim, TimeMs now);

    OutboxCounts counts(const std::string& eventId);
    // The event's rows, by ticket number; `state` filters.
    std::vector<OutboxEntry> list(const std::string& eventId, std::optional<OutboxState> state = std::nullopt);
    std::optional<OutboxEntry> entryForTicket(const std::string& ticketId);

private:
    void setState(const OutboxClaim& claim, OutboxState state, const std::string& reply, TimeMs now,
                  std::optional<TimeMs> nextAttemptAt, bool countAttempt);
    Database& m_db;
};

}  // namespace qrgate

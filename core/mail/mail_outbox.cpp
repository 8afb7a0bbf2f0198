#include "core/mail/mail_outbox.hpp"

#include <map>

#include "core/base/ascii_text.hpp"
#include "core/mail/mail_settings.hpp"

namespace qrgate {

namespace {

const char* const kEntryColumns =
    "m.id, m.event_id, m.ticket_id, t.number, t.holder_name, m.recipient, m.group_key, m.message_id, m.state, "
    "m.attempts, m.next_attempt_at, m.reply, m.queued_at, m.updated_at, m.sent_at";

OutboxEntry entryFrom(SQLite::Statement& q) {
    OutboxEntry e;
    e.id = q.getColumn(0).getInt64();
    e.eventId = q.getColumn(1).getString();
    e.ticketId = q.getColumn(2).getString();
    e.ticketNumber = q.getColumn(3).getInt64();
    e.holderName = q.getColumn(4).getString();
    e.recipient = q.getColumn(5).getString();
    e.groupKey = q.getColumn(6).getString();
    e.messageId = q.getColumn(7).getString();
    e.state = outboxStateFromString(q.getColumn(8).getString()).value_or(OutboxState::Queued);
    e.attempts = q.getColumn(9).getInt();
    e.nextAttemptAt = q.getColumn(10).getInt64();
    e.reply = q.getColumn(11).getString();
    e.queuedAt = q.getColumn(12).getInt64();
    e.updatedAt = q.getColumn(13).getInt64();
    if (!q.getColumn(14).isNull()) e.sentAt = q.getColumn(14).getInt64();
    return e;
}

std::string groupKeyFor(const std::string& ticketId, const std::string& address, bool onePerAddress) {
    return onePerAddress ? "to:" + asciiLower(address) : "ticket:" + ticketId;
}

}  // namespace

const char* toString(OutboxState state) {
    switch (state) {
        case OutboxState::Queued: return "queued";
        case OutboxState::Sending: return "sending";
        case OutboxState::Sent: return "sent";
        case OutboxState::Failed: return "failed";
        case OutboxState::Unknown: return "unknown";
    }
    return "queued";
}

std::optional<OutboxState> outboxStateFromString(const std::string& text) {
    for (auto s : {OutboxState::Queued, OutboxState::Sending, OutboxState::Sent, OutboxState::Failed,
                   OutboxState::Unknown})
        if (text == toString(s)) return s;
    return std::nullopt;
}

std::optional<Recipients> recipientsFromString(const std::string& text) {
    const std::string t = asciiLower(text);
    if (t == "unsent" || t == "not-sent") return Recipients::NotSent;
    if (t == "all") return Recipients::All;
    if (t == "failed") return Recipients::Failed;
    if (t == "unknown") return Recipients::Unknown;
    return std::nullopt;
}

const char* toString(Recipients recipients) {
    switch (recipients) {
        case Recipients::NotSent: return "unsent";
        case Recipients::All: return "all";
        case Recipients::Failed: return "failed";
        case Recipients::Unknown: return "unknown";
    }
    return "unsent";
}

Result<MailPlan> MailOutbox::plan(const std::string& eventId, Recipients who, bool onePerAddress) {
    {
        SQLite::Statement e(m_db.sql(), "SELECT 1 FROM events WHERE id = ?");
        e.bind(1, eventId);
        if (!e.executeStep()) return Error{"unknown_event", "There is no event " + eventId + " in this data folder."};
    }
    std::map<std::string, OutboxState> existing;
    {
        SQLite::Statement q(m_db.sql(), "SELECT ticket_id, state FROM mail_outbox WHERE event_id = ?");
        q.bind(1, eventId);
        while (q.executeStep())
            existing[q.getColumn(0).getString()] =
                outboxStateFromString(q.getColumn(1).getString()).value_or(OutboxState::Queued);
    }
    MailPlan plan;
    std::map<std::string, std::size_t> messageOfGroup;
    SQLite::Statement tickets(m_db.sql(),
                              "SELECT id, holder_email FROM tickets WHERE event_id = ? AND state = 'valid' ORDER BY number");
    tickets.bind(1, eventId);
    while (tickets.executeStep()) {
        const std::string id = tickets.getColumn(0).getString();
        const std::string address = trimmedAscii(tickets.getColumn(1).getString());
        const auto row = existing.find(id);
        const std::optional<OutboxState> state =
            row == existing.end() ? std::nullopt : std::optional<OutboxState>(row->second);
        if (state == OutboxState::Sending) {
            ++plan.summary.busy;
            continue;
        }
        bool take = false;
        switch (who) {
            case Recipients::NotSent: take = !state || state == OutboxState::Queued || state == OutboxState::Failed; break;
            case Recipients::All: take = state != OutboxState::Unknown; break;
            case Recipients::Failed: take = state == OutboxState::Failed; break;
            case Recipients::Unknown: take = state == OutboxState::Unknown; break;
        }
        if (!take) {
            if (state == OutboxState::Sent) ++plan.summary.alreadySent;
            if (state == OutboxState::Unknown) ++plan.summary.inDoubt;
            continue;
        }
        if (address.empty()) {
            ++plan.summary.noAddress;
            continue;
        }
        if (!isPlausibleAddress(address)) {
            plan.badAddresses.emplace_back(id, address);
            ++plan.summary.badAddress;
            continue;
        }
        ++plan.summary.queued;
        const std::string group = groupKeyFor(id, address, onePerAddress);
        auto [at, fresh] = messageOfGroup.emplace(group, plan.messages.size());
        if (fresh) plan.messages.push_back(OutboxClaim{{}, {}, address, 0});
        plan.messages[at->second].ticketIds.push_back(id);
    }
    return plan;
}

Result<EnqueueSummary> MailOutbox::enqueue(const std::string& eventId, Recipients who, bool onePerAddress,
                                           TimeMs now) {
    WriteTransaction tx(m_db);
    auto planned = plan(eventId, who, onePerAddress);
    if (!planned) return planned.error();
    SQLite::Statement upsert(
        m_db.sql(),
        "INSERT INTO mail_outbox (event_id, ticket_id, recipient, group_key, state, attempts, next_attempt_at, reply, "
        "queued_at, updated_at) VALUES (:event, :ticket, :to, :group, :state, 0, 0, :reply, :now, :now) "
        "ON CONFLICT (ticket_id) DO UPDATE SET recipient = excluded.recipient, group_key = excluded.group_key, "
        "state = excluded.state, attempts = 0, next_attempt_at = 0, reply = excluded.reply, "
        "queued_at = excluded.queued_at, updated_at = excluded.updated_at, sent_at = NULL");
    auto put = [&](const std::string& ticketId, const std::string& address, OutboxState state,
                   const std::string& reply) {
        upsert.bind(":event", eventId);
        upsert.bind(":ticket", ticketId);
        upsert.bind(":to", address);
        upsert.bind(":group", groupKeyFor(ticketId, address, onePerAddress));
        upsert.bind(":state", toString(state));
        upsert.bind(":reply", reply);
        upsert.bind(":now", static_cast<std::int64_t>(now));
        upsert.exec();
        upsert.reset();
    };
    for (const auto& message : planned->messages)
        for (const auto& id : message.ticketIds) put(id, message.recipient, OutboxState::Queued, "");
    for (const auto& [id, address] : planned->badAddresses)
        put(id, address, OutboxState::Failed, "\"" + address + "\" is not an email address");
    tx.commit();
    return planned->summary;
}

Status MailOutbox::resendTicket(const std::string& ticketId, TimeMs now) {
    WriteTransaction tx(m_db);
    SQLite::Statement t(m_db.sql(), "SELECT event_id, holder_email, state FROM tickets WHERE id = ?");
    t.bind(1, ticketId);
    if (!t.executeStep()) return Error{"unknown_ticket", "There is no ticket " + ticketId + " in this data folder."};
    const std::string eventId = t.getColumn(0).getString();
    const std::string address = trimmedAscii(t.getColumn(1).getString());
    if (t.getColumn(2).getString() == "void")
        return Error{"void_ticket", "Ticket " + ticketId + " is void: it is not sent."};
    if (address.empty()) return Error{"no_address", "Ticket " + ticketId + " has no email address."};
    if (!isPlausibleAddress(address))
        return Error{"no_address", "Ticket " + ticketId + "'s address \"" + address + "\" is not an email address."};
    SQLite::Statement current(m_db.sql(), "SELECT state, group_key FROM mail_outbox WHERE ticket_id = ?");
    current.bind(1, ticketId);
    std::string group = "ticket:" + ticketId;
    if (current.executeStep()) {
        if (current.getColumn(0).getString() == "sending")
            return Error{"busy", "Ticket " + ticketId + "'s message is being sent right now."};
    }
    SQLite::Statement put(
        m_db.sql(),
        "INSERT INTO mail_outbox (event_id, ticket_id, recipient, group_key, state, queued_at, updated_at) "
        "VALUES (?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT (ticket_id) DO UPDATE SET recipient = excluded.recipient, "
        "group_key = excluded.group_key, state = 'queued', attempts = 0, next_attempt_at = 0, reply = '', "
        "queued_at = excluded.queued_at, updated_at = excluded.updated_at, sent_at = NULL");
    put.bind(1, eventId);
    put.bind(2, ticketId);
    put.bind(3, address);
    put.bind(4, group);  // a resend of one ticket goes on its own
    put.bind(5, static_cast<std::int64_t>(now));
    put.bind(6, static_cast<std::int64_t>(now));
    put.exec();
    tx.commit();
    return success();
}

int MailOutbox::resendState(const std::string& eventId, OutboxState state, TimeMs now) {
    WriteTransaction tx(m_db);
    SQLite::Statement q(m_db.sql(),
                        "UPDATE mail_outbox SET state = 'queued', attempts = 0, next_attempt_at = 0, reply = '', "
                        "queued_at = :now, updated_at = :now, sent_at = NULL WHERE event_id = :event AND state = :state "
                        "AND ticket_id IN (SELECT id FROM tickets WHERE state = 'valid')");
    q.bind(":now", static_cast<std::int64_t>(now));
    q.bind(":event", eventId);
    q.bind(":state", toString(state));
    const int n = q.exec();
    tx.commit();
    return n;
}

int MailOutbox::markInterruptedAsUnknown(TimeMs now) {
    WriteTransaction tx(m_db);
    SQLite::Statement q(m_db.sql(),
                        "UPDATE mail_outbox SET state = 'unknown', updated_at = ?, reply = "
                        "'qrgate stopped while this message was being sent: it may have arrived. Check with the "
                        "attendee, then resend it or leave it.' WHERE state = 'sending'");
    q.bind(1, static_cast<std::int64_t>(now));
    const int n = q.exec();
    tx.commit();
    return n;
}

std::optional<OutboxClaim> MailOutbox::peekNext(const std::string& eventId, TimeMs now, std::int64_t afterId) {
    SQLite::Statement first(m_db.sql(),
                            "SELECT id, group_key FROM mail_outbox WHERE event_id = ? AND state = 'queued' AND "
                            "next_attempt_at <= ? AND id > ? ORDER BY id LIMIT 1");
    first.bind(1, eventId);
    first.bind(2, static_cast<std::int64_t>(now));
    first.bind(3, static_cast<std::int64_t>(afterId));
    if (!first.executeStep()) return std::nullopt;
    const std::string group = first.getColumn(1).getString();
    SQLite::Statement rows(m_db.sql(),
                           "SELECT m.id, m.ticket_id, m.recipient, m.attempts FROM mail_outbox m JOIN tickets t ON "
                           "t.id = m.ticket_id WHERE m.event_id = ? AND m.group_key = ? AND m.state = 'queued' AND "
                           "m.next_attempt_at <= ? ORDER BY t.number");
    rows.bind(1, eventId);
    rows.bind(2, group);
    rows.bind(3, static_cast<std::int64_t>(now));
    OutboxClaim claim;
    while (rows.executeStep()) {
        claim.rowIds.push_back(rows.getColumn(0).getInt64());
        claim.ticketIds.push_back(rows.getColumn(1).getString());
        if (claim.recipient.empty()) claim.recipient = rows.getColumn(2).getString();
        claim.attempts = std::max(claim.attempts, rows.getColumn(3).getInt());
    }
    if (claim.rowIds.empty()) return std::nullopt;
    return claim;
}

std::optional<TimeMs> MailOutbox::nextDueAt(const std::string& eventId) {
    SQLite::Statement q(m_db.sql(),
                        "SELECT MIN(next_attempt_at) FROM mail_outbox WHERE event_id = ? AND state = 'queued'");
    q.bind(1, eventId);
    if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
    return q.getColumn(0).getInt64();
}

bool MailOutbox::claim(const OutboxClaim& claim, const std::string& messageId, const std::string& recipient,
                       TimeMs now) {
    WriteTransaction tx(m_db);
    SQLite::Statement q(m_db.sql(),
                        "UPDATE mail_outbox SET state = 'sending', message_id = ?, recipient = ?, updated_at = ? "
                        "WHERE id = ? AND state = 'queued' AND next_attempt_at <= ?");
    for (auto id : claim.rowIds) {
        q.bind(1, messageId);
        q.bind(2, recipient);
        q.bind(3, static_cast<std::int64_t>(now));
        q.bind(4, static_cast<std::int64_t>(id));
        q.bind(5, static_cast<std::int64_t>(now));
        if (q.exec() != 1) return false;  // rolled back: someone changed a row since the peek
        q.reset();
    }
    tx.commit();
    return true;
}

void MailOutbox::setState(const OutboxClaim& claim, OutboxState state, const std::string& reply, TimeMs now,
                          std::optional<TimeMs> nextAttemptAt, bool countAttempt) {
    WriteTransaction tx(m_db);
    SQLite::Statement q(m_db.sql(),
                        "UPDATE mail_outbox SET state = :state, reply = :reply, updated_at = :now, "
                        "attempts = attempts + :counted, next_attempt_at = COALESCE(:next, next_attempt_at), "
                        "sent_at = CASE WHEN :state = 'sent' THEN :now ELSE sent_at END WHERE id = :id");
    for (auto id : claim.rowIds) {
        q.bind(":state", toString(state));
        q.bind(":reply", reply);
        q.bind(":now", static_cast<std::int64_t>(now));
        q.bind(":counted", countAttempt ? 1 : 0);
        if (nextAttemptAt) q.bind(":next", static_cast<std::int64_t>(*nextAttemptAt));
        else q.bind(":next");
        q.bind(":id", static_cast<std::int64_t>(id));
        q.exec();
        q.reset();
    }
    tx.commit();
}

void MailOutbox::markSent(const OutboxClaim& claim, const std::string& reply, TimeMs now) {
    setState(claim, OutboxState::Sent, reply, now, std::nullopt, true);
}
void MailOutbox::markFailed(const OutboxClaim& claim, const std::string& reason, TimeMs now) {
    setState(claim, OutboxState::Failed, reason, now, std::nullopt, true);
}
void MailOutbox::markUnknown(const OutboxClaim& claim, const std::string& reason, TimeMs now) {
    setState(claim, OutboxState::Unknown, reason, now, std::nullopt, true);
}
void MailOutbox::markRetry(const OutboxClaim& claim, const std::string& reason, TimeMs retryAt, TimeMs now) {
    setState(claim, OutboxState::Queued, reason, now, retryAt, true);
}
void MailOutbox::release(const OutboxClaim& claim, TimeMs now) {
    setState(claim, OutboxState::Queued, "", now, std::nullopt, false);
}

OutboxCounts MailOutbox::counts(const std::string& eventId) {
    OutboxCounts c;
    SQLite::Statement q(m_db.sql(),
                        "SELECT state, COUNT(*), SUM(attempts > 0) FROM mail_outbox WHERE event_id = ? GROUP BY state");
    q.bind(1, eventId);
    while (q.executeStep()) {
        const int n = q.getColumn(1).getInt();
        switch (outboxStateFromString(q.getColumn(0).getString()).value_or(OutboxState::Queued)) {
            case OutboxState::Queued:
                c.queued = n;
                c.waitingToRetry = q.getColumn(2).getInt();
                break;
            case OutboxState::Sending: c.sending = n; break;
            case OutboxState::Sent: c.sent = n; break;
            case OutboxState::Failed: c.failed = n; break;
            case OutboxState::Unknown: c.unknown = n; break;
        }
    }
    return c;
}

std::vector<OutboxEntry> MailOutbox::list(const std::string& eventId, std::optional<OutboxState> state) {
    std::string sql = std::string("SELECT ") + kEntryColumns +
                      " FROM mail_outbox m JOIN tickets t ON t.id = m.ticket_id WHERE m.event_id = ?";
    if (state) sql += " AND m.state = ?";
    sql += " ORDER BY t.number";
    SQLite::Statement q(m_db.sql(), sql);
    q.bind(1, eventId);
    if (state) q.bind(2, toString(*state));
    std::vector<OutboxEntry> out;
    while (q.executeStep()) out.push_back(entryFrom(q));
    return out;
}

std::optional<OutboxEntry> MailOutbox::entryForTicket(const std::string& ticketId) {
    SQLite::Statement q(m_db.sql(), std::string("SELECT ") + kEntryColumns +
                                        " FROM mail_outbox m JOIN tickets t ON t.id = m.ticket_id WHERE m.ticket_id = ?");
    q.bind(1, ticketId);
    if (q.executeStep()) return entryFrom(q);
    return std::nullopt;
}

}  // namespace qrgate

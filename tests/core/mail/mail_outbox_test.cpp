// The outbox decides who gets a message and remembers what became of each one across restarts:
// nobody is sent a ticket twice by accident, nobody in doubt is resent without the organizer
// asking, and a temporary failure waits before it is tried again.
#include "core/mail/mail_outbox.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include "core/store/migrations.hpp"
#include "core/tickets/ticket_store.hpp"
#include "support/fixtures.hpp"

namespace qrgate {
namespace {

using testing::EventFixture;

struct OutboxFixture : EventFixture {
    MailOutbox outbox{*db};

    // Tickets for these addresses, numbered in this order.
    std::vector<Ticket> tickets(const std::vector<std::string>& emails) {
        std::vector<TicketHolder> holders;
        for (std::size_t i = 0; i < emails.size(); ++i) holders.push_back({"Holder " + std::to_string(i + 1), emails[i], ""});
        const auto issued = TicketIssuer(*db, keys, clock).issueFor(event.id, holders).value();
        std::vector<Ticket> out;
        for (const auto& i : issued) out.push_back(i.ticket);
        return out;
    }

    OutboxEntry entry(const Ticket& t) {
        auto e = outbox.entryForTicket(t.id);
        if (!e) throw std::runtime_error("no outbox row for ticket " + t.id);
        return *e;
    }
    std::optional<OutboxState> stateOf(const Ticket& t) {
        auto e = outbox.entryForTicket(t.id);
        return e ? std::optional<OutboxState>(e->state) : std::nullopt;
    }

    OutboxClaim claimOf(const std::vector<Ticket>& ts) {
        OutboxClaim c;
        for (const auto& t : ts) {
            const auto e = entry(t);
            c.rowIds.push_back(e.id);
            c.ticketIds.push_back(t.id);
            c.recipient = e.recipient;
            c.attempts = std::max(c.attempts, e.attempts);
        }
        return c;
    }

    // Takes a queued ticket through a send that ended in `state`, as the sender would.
    void settle(const Ticket& t, OutboxState state) {
        const auto c = claimOf({t});
        const TimeMs now = clock.nowMs();
        if (!outbox.claim(c, "<id-" + t.id + "@example.org>", c.recipient, now))
            throw std::runtime_error("cannot claim " + t.id);
        switch (state) {
            case OutboxState::Sent: outbox.markSent(c, "250 2.0.0 Ok: queued as 1234", now); break;
            case OutboxState::Failed: outbox.markFailed(c, "550 5.1.1 No such user", now); break;
            case OutboxState::Unknown: outbox.markUnknown(c, "connection lost after DATA", now); break;
            case OutboxState::Sending: break;
            case OutboxState::Queued: outbox.release(c, now); break;
        }
    }

    // One ticket per state (a@, b@, ... example.org), queued, then taken to its state.
    std::vector<Ticket> ticketsIn(const std::vector<OutboxState>& states) {
        std::vector<std::string> emails;
        for (std::size_t i = 0; i < states.size(); ++i) emails.push_back(std::string(1, char('a' + i)) + "@example.org");
        auto t = tickets(emails);
        enqueue(Recipients::NotSent);
        for (std::size_t i = 0; i < states.size(); ++i)
            if (states[i] != OutboxState::Queued) settle(t[i], states[i]);
        return t;
    }

    // The next due message, claimed for sending now.
    OutboxClaim claimNext() {
        const TimeMs now = clock.nowMs();
        auto c = outbox.peekNext(event.id, now);
        if (!c || !outbox.claim(*c, "<m@example.org>", c->recipient, now)) throw std::runtime_error("nothing to claim");
        return *c;
    }

    EnqueueSummary enqueue(Recipients who, bool onePerAddress = false) {
        return outbox.enqueue(event.id, who, onePerAddress, clock.nowMs()).value();
    }

    int rowCount() { return db->sql().execAndGet("SELECT COUNT(*) FROM mail_outbox").getInt(); }
};

TEST(MailOutbox, NotSentQueuesNewAndFailedTicketsAndSkipsSentAndInDoubt) {
    OutboxFixture f;
    auto t = f.ticketsIn({OutboxState::Queued, OutboxState::Sent, OutboxState::Failed, OutboxState::Unknown});
    const auto fresh = f.tickets({"e@example.org"}).front();

    const auto summary = f.enqueue(Recipients::NotSent);
    EXPECT_EQ(summary.queued, 3) << "the one still queued, the failed one and the new one";
    EXPECT_EQ(summary.alreadySent, 1);
    EXPECT_EQ(summary.inDoubt, 1);
    EXPECT_EQ(summary.noAddress, 0);
    EXPECT_EQ(f.stateOf(t[0]), OutboxState::Queued);
    EXPECT_EQ(f.stateOf(t[1]), OutboxState::Sent) << "never sent twice by accident";
    EXPECT_EQ(f.stateOf(t[2]), OutboxState::Queued);
    EXPECT_EQ(f.entry(t[2]).attempts, 0) << "a new round starts its attempts afresh";
    EXPECT_EQ(f.entry(t[2]).reply, "");
    EXPECT_EQ(f.stateOf(t[3]), OutboxState::Unknown) << "in doubt: only resent when asked";
    EXPECT_EQ(f.stateOf(fresh), OutboxState::Queued);
    EXPECT_EQ(f.entry(fresh).recipient, "e@example.org");
}

TEST(MailOutbox, TicketsWithoutAUsableAddressAreCountedAndBadAddressesFailAtOnce) {
    OutboxFixture f;
    auto t = f.tickets({"ada@example.org", "", "not-an-address", "  bob@example.org  ", "   "});
    TicketStore(*f.db).setState(f.tickets({"void@example.org"}).front().id, TicketState::Void).value();

    const auto summary = f.enqueue(Recipients::NotSent);
    EXPECT_EQ(summary.queued, 2);
    EXPECT_EQ(summary.noAddress, 2);
    EXPECT_EQ(summary.badAddress, 1);
    EXPECT_EQ(f.stateOf(t[0]), OutboxState::Queued);
    EXPECT_EQ(f.stateOf(t[1]), std::nullopt) << "no address: nothing to record";
    EXPECT_EQ(f.stateOf(t[4]), std::nullopt);
    const auto bad = f.entry(t[2]);
    EXPECT_EQ(bad.state, OutboxState::Failed) << "shown as failed at once, not tried";
    EXPECT_NE(bad.reply.find("not-an-address"), std::string::npos) << bad.reply;
    EXPECT_EQ(f.entry(t[3]).recipient, "bob@example.org") << "spaces around the address are not part of it";
    EXPECT_EQ(f.rowCount(), 3) << "the void ticket is not queued";
    EXPECT_FALSE(f.outbox.peekNext(f.event.id, f.clock.nowMs(), f.entry(t[3]).id).has_value())
        << "the failed row is never offered for sending";
}

TEST(MailOutbox, AllIncludesTicketsAlreadySentButNotThoseInDoubt) {
    OutboxFixture f;
    auto t = f.ticketsIn({OutboxState::Sent, OutboxState::Unknown, OutboxState::Failed});

    const auto summary = f.enqueue(Recipients::All);
    EXPECT_EQ(summary.queued, 2);
    EXPECT_EQ(summary.inDoubt, 1);
    EXPECT_EQ(summary.alreadySent, 0);
    const auto resent = f.entry(t[0]);
    EXPECT_EQ(resent.state, OutboxState::Queued);
    EXPECT_FALSE(resent.sentAt.has_value()) << "no longer shown as sent";
    EXPECT_EQ(f.stateOf(t[1]), OutboxState::Unknown);
    EXPECT_EQ(f.stateOf(t[2]), OutboxState::Queued);
}

TEST(MailOutbox, FailedAndUnknownSelectOnlyThose) {
    OutboxFixture f;
    auto t = f.ticketsIn({OutboxState::Sent, OutboxState::Failed, OutboxState::Unknown, OutboxState::Queued});

    auto summary = f.enqueue(Recipients::Failed);
    EXPECT_EQ(summary.queued, 1);
    EXPECT_EQ(f.stateOf(t[0]), OutboxState::Sent);
    EXPECT_EQ(f.stateOf(t[1]), OutboxState::Queued);
    EXPECT_EQ(f.stateOf(t[2]), OutboxState::Unknown);

    summary = f.enqueue(Recipients::Unknown);
    EXPECT_EQ(summary.queued, 1);
    EXPECT_EQ(f.stateOf(t[0]), OutboxState::Sent);
    EXPECT_EQ(f.stateOf(t[2]), OutboxState::Queued);

    f.settle(t[3], OutboxState::Sent);
    EXPECT_EQ(f.enqueue(Recipients::Failed).queued, 0);
    EXPECT_EQ(f.enqueue(Recipients::Unknown).queued, 0);
    EXPECT_EQ(f.stateOf(t[3]), OutboxState::Sent);
}

TEST(MailOutbox, AMessageBeingSentIsLeftAloneByEveryRound) {
    OutboxFixture f;
    auto t = f.ticketsIn({OutboxState::Sending, OutboxState::Queued});
    for (auto who : {Recipients::NotSent, Recipients::All, Recipients::Failed, Recipients::Unknown}) {
        const auto summary = f.enqueue(who);
        EXPECT_EQ(summary.busy, 1) << toString(who);
        EXPECT_EQ(f.stateOf(t[0]), OutboxState::Sending) << toString(who);
    }
}

TEST(MailOutbox, OnePerAddressPutsTheTicketsOfOneAddressInOneMessage) {
    OutboxFixture f;
    auto t = f.tickets({"Ada@Example.org", "bob@example.org", "ada@example.ORG"});
    EXPECT_EQ(f.enqueue(Recipients::NotSent, true).queued, 3);

    const TimeMs now = f.clock.nowMs();
    auto first = f.outbox.peekNext(f.event.id, now);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->ticketIds, (std::vector<std::string>{t[0].id, t[2].id})) << "one address, whatever its case";
    EXPECT_EQ(first->rowIds.size(), 2u);
    EXPECT_EQ(first->recipient, "Ada@Example.org");
    ASSERT_TRUE(f.outbox.claim(*first, "<group@example.org>", "Ada@Example.org", now));
    EXPECT_EQ(f.entry(t[0]).messageId, "<group@example.org>");
    EXPECT_EQ(f.entry(t[2]).messageId, "<group@example.org>") << "one message carries both";
    EXPECT_EQ(f.entry(t[0]).groupKey, f.entry(t[2]).groupKey);

    auto second = f.outbox.peekNext(f.event.id, now);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->ticketIds, (std::vector<std::string>{t[1].id}));
    EXPECT_EQ(second->recipient, "bob@example.org");
}

TEST(MailOutbox, WithoutOnePerAddressEachTicketIsAMessage) {
    OutboxFixture f;
    auto t = f.tickets({"ada@example.org", "ada@example.org"});
    f.enqueue(Recipients::NotSent, false);
    auto first = f.outbox.peekNext(f.event.id, f.clock.nowMs());
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->ticketIds, (std::vector<std::string>{t[0].id}));
    auto second = f.outbox.peekNext(f.event.id, f.clock.nowMs(), first->rowIds.back());
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->ticketIds, (std::vector<std::string>{t[1].id}));
}

TEST(MailOutbox, PeekChangesNothingAndASentMessageIsRecorded) {
    OutboxFixture f;
    auto t = f.tickets({"a@example.org", "b@example.org"});
    f.enqueue(Recipients::NotSent);
    const TimeMs now = f.clock.nowMs();
    auto peeked = f.outbox.peekNext(f.event.id, now);
    ASSERT_TRUE(peeked.has_value());
    EXPECT_EQ(peeked->ticketIds, (std::vector<std::string>{t[0].id}));
    EXPECT_EQ(peeked->attempts, 0);
    EXPECT_EQ(f.stateOf(t[0]), OutboxState::Queued) << "a peek takes nothing";
    auto again = f.outbox.peekNext(f.event.id, now);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->rowIds, peeked->rowIds);
    auto after = f.outbox.peekNext(f.event.id, now, peeked->rowIds.back());
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(after->ticketIds, (std::vector<std::string>{t[1].id})) << "the one after the first";

    ASSERT_TRUE(f.outbox.claim(*peeked, "<m1@example.org>", "a@example.org", now));
    auto sending = f.entry(t[0]);
    EXPECT_EQ(sending.state, OutboxState::Sending);
    EXPECT_EQ(sending.messageId, "<m1@example.org>");
    EXPECT_EQ(f.outbox.counts(f.event.id).sending, 1);

    f.clock.advance(1500);
    f.outbox.markSent(*peeked, "250 2.0.0 Ok: queued as ABC", f.clock.nowMs());
    const auto sent = f.entry(t[0]);
    EXPECT_EQ(sent.state, OutboxState::Sent);
    EXPECT_EQ(sent.reply, "250 2.0.0 Ok: queued as ABC");
    EXPECT_EQ(sent.attempts, 1);
    ASSERT_TRUE(sent.sentAt.has_value());
    EXPECT_EQ(*sent.sentAt, f.clock.nowMs());

    auto next = f.outbox.peekNext(f.event.id, f.clock.nowMs());
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(next->ticketIds, (std::vector<std::string>{t[1].id})) << "a sent message is not offered again";
}

TEST(MailOutbox, ATemporaryFailureWaitsUntilItsRetryTime) {
    OutboxFixture f;
    auto t = f.ticketsIn({OutboxState::Queued});
    const TimeMs now = f.clock.nowMs();
    const auto c = f.claimNext();
    const TimeMs retryAt = now + 30'000;
    f.outbox.markRetry(c, "451 4.7.1 Try again later", retryAt, now);

    const auto waiting = f.entry(t[0]);
    EXPECT_EQ(waiting.state, OutboxState::Queued);
    EXPECT_EQ(waiting.attempts, 1);
    EXPECT_EQ(waiting.nextAttemptAt, retryAt);
    EXPECT_EQ(waiting.reply, "451 4.7.1 Try again later") << "the reason is shown while it waits";
    EXPECT_EQ(f.outbox.counts(f.event.id).waitingToRetry, 1);
    EXPECT_EQ(f.outbox.nextDueAt(f.event.id), retryAt);

    EXPECT_FALSE(f.outbox.peekNext(f.event.id, now).has_value());
    EXPECT_FALSE(f.outbox.peekNext(f.event.id, retryAt - 1).has_value());
    EXPECT_FALSE(f.outbox.claim(c, "<m@example.org>", c.recipient, retryAt - 1)) << "not due yet";
    auto due = f.outbox.peekNext(f.event.id, retryAt);
    ASSERT_TRUE(due.has_value());
    EXPECT_EQ(due->attempts, 1) << "the sender knows how many attempts came before";
    EXPECT_TRUE(f.outbox.claim(*due, "<m@example.org>", due->recipient, retryAt));
}

TEST(MailOutbox, FailedAndInDoubtMessagesAreNotOfferedAgain) {
    OutboxFixture f;
    auto t = f.ticketsIn({OutboxState::Failed, OutboxState::Unknown});
    EXPECT_EQ(f.entry(t[0]).reply, "550 5.1.1 No such user");
    EXPECT_EQ(f.entry(t[0]).attempts, 1);
    EXPECT_FALSE(f.entry(t[0]).sentAt.has_value());
    EXPECT_EQ(f.entry(t[1]).reply, "connection lost after DATA");
    EXPECT_FALSE(f.outbox.peekNext(f.event.id, f.clock.nowMs() + 86'400'000).has_value());
    EXPECT_FALSE(f.outbox.nextDueAt(f.event.id).has_value());
}

TEST(MailOutbox, AReleasedMessageIsQueuedAgainWithoutCountingAnAttempt) {
    OutboxFixture f;
    auto t = f.ticketsIn({OutboxState::Queued});
    const TimeMs now = f.clock.nowMs();
    const auto c = f.claimNext();
    f.outbox.release(c, now);
    const auto e = f.entry(t[0]);
    EXPECT_EQ(e.state, OutboxState::Queued);
    EXPECT_EQ(e.attempts, 0) << "the server was never reached: not the message's fault";
    EXPECT_EQ(f.outbox.counts(f.event.id).waitingToRetry, 0);
    auto again = f.outbox.peekNext(f.event.id, now);
    ASSERT_TRUE(again.has_value()) << "due at once";
    EXPECT_EQ(again->attempts, 0);
}

TEST(MailOutbox, AClaimFailsWhenARowChangedSinceThePeekAndTakesNothing) {
    OutboxFixture f;
    auto t = f.tickets({"ada@example.org", "ada@example.org"});
    f.enqueue(Recipients::NotSent, true);
    const TimeMs now = f.clock.nowMs();
    auto group = f.outbox.peekNext(f.event.id, now).value();
    ASSERT_EQ(group.rowIds.size(), 2u);

    // Meanwhile another run took the second ticket and finished with it.
    f.settle(t[1], OutboxState::Sent);
    EXPECT_FALSE(f.outbox.claim(group, "<g@example.org>", "ada@example.org", now));
    EXPECT_EQ(f.stateOf(t[0]), OutboxState::Queued) << "all or nothing: the first row is not left `sending`";
    EXPECT_EQ(f.entry(t[0]).messageId, "");
    EXPECT_EQ(f.stateOf(t[1]), OutboxState::Sent);

    // The same peek claimed twice: the second one loses.
    auto single = f.outbox.peekNext(f.event.id, now).value();
    EXPECT_TRUE(f.outbox.claim(single, "<s@example.org>", "ada@example.org", now));
    EXPECT_FALSE(f.outbox.claim(single, "<s@example.org>", "ada@example.org", now));
}

TEST(MailOutbox, MessagesLeftSendingByAStoppedSenderBecomeUnknown) {
    OutboxFixture f;
    auto t = f.ticketsIn({OutboxState::Sending, OutboxState::Sending, OutboxState::Queued});
    EXPECT_EQ(f.outbox.markInterruptedAsUnknown(f.clock.nowMs()), 2);
    EXPECT_EQ(f.stateOf(t[0]), OutboxState::Unknown);
    EXPECT_EQ(f.stateOf(t[1]), OutboxState::Unknown);
    EXPECT_NE(f.entry(t[0]).reply.find("may have arrived"), std::string::npos) << f.entry(t[0]).reply;
    EXPECT_EQ(f.stateOf(t[2]), OutboxState::Queued) << "queued rows were not being sent";
    EXPECT_EQ(f.outbox.markInterruptedAsUnknown(f.clock.nowMs()), 0);
}

TEST(MailOutbox, ResendingATicketQueuesItAgainWithTheSameMessageId) {
    OutboxFixture f;
    auto t = f.tickets({"ada@example.org", "ada@example.org"});
    f.enqueue(Recipients::NotSent, true);
    const TimeMs now = f.clock.nowMs();
    auto group = f.outbox.peekNext(f.event.id, now).value();
    ASSERT_TRUE(f.outbox.claim(group, "<first@example.org>", "ada@example.org", now));
    f.outbox.markSent(group, "250 ok", now);

    f.clock.advance(60'000);
    ASSERT_TRUE(f.outbox.resendTicket(t[1].id, f.clock.nowMs()).ok());
    const auto again = f.entry(t[1]);
    EXPECT_EQ(again.state, OutboxState::Queued);
    EXPECT_EQ(again.messageId, "<first@example.org>");
    EXPECT_EQ(again.attempts, 0);
    EXPECT_EQ(again.reply, "");
    EXPECT_FALSE(again.sentAt.has_value());
    EXPECT_EQ(again.queuedAt, f.clock.nowMs());
    EXPECT_EQ(f.stateOf(t[0]), OutboxState::Sent) << "only the ticket asked for";

    auto next = f.outbox.peekNext(f.event.id, f.clock.nowMs());
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(next->ticketIds, (std::vector<std::string>{t[1].id})) << "a resend goes on its own";

    // A ticket never queued can be resent too.
    const auto lone = f.tickets({"lone@example.org"}).front();
    ASSERT_TRUE(f.outbox.resendTicket(lone.id, f.clock.nowMs()).ok());
    EXPECT_EQ(f.entry(lone).recipient, "lone@example.org");
}

TEST(MailOutbox, ResendingRefusesWhatCannotBeSent) {
    OutboxFixture f;
    auto t = f.tickets({"a@example.org", "", "not-an-address", "busy@example.org"});
    f.enqueue(Recipients::NotSent);
    TicketStore(*f.db).setState(t[0].id, TicketState::Void).value();
    f.settle(t[3], OutboxState::Sending);

    auto code = [&](const std::string& id) {
        auto s = f.outbox.resendTicket(id, f.clock.nowMs());
        return s.ok() ? std::string("ok") : s.error().code;
    };
    EXPECT_EQ(code(t[0].id), "void_ticket");
    EXPECT_EQ(code(t[1].id), "no_address");
    EXPECT_EQ(code(t[2].id), "no_address");
    EXPECT_EQ(code(t[3].id), "busy");
    EXPECT_EQ(code("ZZZZZZZZZZZZ"), "unknown_ticket");
    EXPECT_EQ(f.stateOf(t[3]), OutboxState::Sending) << "a refusal changes nothing";
    EXPECT_EQ(f.stateOf(t[2]), OutboxState::Failed);
    EXPECT_EQ(f.stateOf(t[1]), std::nullopt);
}

TEST(MailOutbox, ResendingAStateQueuesEveryValidTicketInIt) {
    OutboxFixture f;
    auto t = f.ticketsIn({OutboxState::Failed, OutboxState::Failed, OutboxState::Sent, OutboxState::Failed});
    TicketStore(*f.db).setState(t[3].id, TicketState::Void).value();

    EXPECT_EQ(f.outbox.resendState(f.event.id, OutboxState::Failed, f.clock.nowMs()), 2);
    EXPECT_EQ(f.stateOf(t[0]), OutboxState::Queued);
    EXPECT_EQ(f.entry(t[0]).attempts, 0);
    EXPECT_EQ(f.stateOf(t[1]), OutboxState::Queued);
    EXPECT_EQ(f.stateOf(t[2]), OutboxState::Sent);
    EXPECT_EQ(f.stateOf(t[3]), OutboxState::Failed) << "a void ticket is not sent";
    EXPECT_EQ(f.outbox.resendState(f.event.id, OutboxState::Unknown, f.clock.nowMs()), 0);
}

TEST(MailOutbox, CountsAddUpPerState) {
    OutboxFixture f;
    auto t = f.tickets({"a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org",
                        "f@example.org", "x"});
    f.enqueue(Recipients::NotSent);
    f.settle(t[0], OutboxState::Sent);
    f.settle(t[1], OutboxState::Sent);
    f.settle(t[2], OutboxState::Unknown);
    f.settle(t[3], OutboxState::Sending);
    auto retry = f.claimOf({t[4]});
    ASSERT_TRUE(f.outbox.claim(retry, "<r@example.org>", retry.recipient, f.clock.nowMs()));
    f.outbox.markRetry(retry, "421 busy", f.clock.nowMs() + 1000, f.clock.nowMs());

    const auto c = f.outbox.counts(f.event.id);
    EXPECT_EQ(c.sent, 2);
    EXPECT_EQ(c.unknown, 1);
    EXPECT_EQ(c.sending, 1);
    EXPECT_EQ(c.queued, 2);
    EXPECT_EQ(c.waitingToRetry, 1);
    EXPECT_EQ(c.failed, 1) << "the bad address";
    EXPECT_EQ(c.total(), 7);

    const auto other = EventCatalog(*f.db, f.clock).create(EventDraft{"Other", "", {}, {}, "UTC"}, f.keys).value();
    EXPECT_EQ(f.outbox.counts(other.id).total(), 0) << "per event";
}

TEST(MailOutbox, TheListIsByTicketNumberAndFiltersByState) {
    OutboxFixture f;
    auto t = f.tickets({"a@example.org", "b@example.org", "c@example.org"});
    // The third ticket queued first, so row order and ticket order differ.
    ASSERT_TRUE(f.outbox.resendTicket(t[2].id, f.clock.nowMs()).ok());
    f.enqueue(Recipients::NotSent);
    ASSERT_GT(f.entry(t[0]).id, f.entry(t[2]).id);
    f.settle(t[1], OutboxState::Failed);

    const auto all = f.outbox.list(f.event.id);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].ticketId, t[0].id);
    EXPECT_EQ(all[1].ticketId, t[1].id);
    EXPECT_EQ(all[2].ticketId, t[2].id);
    EXPECT_EQ(all[0].ticketNumber, t[0].number);
    EXPECT_EQ(all[0].holderName, "Holder 1");
    EXPECT_EQ(all[0].eventId, f.event.id);

    const auto failed = f.outbox.list(f.event.id, OutboxState::Failed);
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_EQ(failed[0].ticketId, t[1].id);
    EXPECT_TRUE(f.outbox.list(f.event.id, OutboxState::Unknown).empty());
}

TEST(MailOutbox, APlanSaysWhatEnqueueWouldDoAndWritesNothing) {
    OutboxFixture f;
    auto t = f.tickets({"ada@example.org", "ADA@example.org", "", "bad address", "bob@example.org"});
    f.tickets({"late@example.org"});
    ASSERT_TRUE(f.outbox.resendTicket(t[4].id, f.clock.nowMs()).ok());
    f.settle(t[4], OutboxState::Sent);
    const int rowsBefore = f.rowCount();
    const auto changesBefore = f.db->sql().getTotalChanges();

    auto plan = f.outbox.plan(f.event.id, Recipients::NotSent, true);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(f.db->sql().getTotalChanges(), changesBefore) << "a plan writes nothing";
    EXPECT_EQ(f.rowCount(), rowsBefore);
    EXPECT_EQ(f.stateOf(t[3]), std::nullopt) << "the bad address is not marked failed by a plan";

    EXPECT_EQ(plan->summary.queued, 3);
    EXPECT_EQ(plan->summary.noAddress, 1);
    EXPECT_EQ(plan->summary.badAddress, 1);
    EXPECT_EQ(plan->summary.alreadySent, 1);
    ASSERT_EQ(plan->messages.size(), 2u) << "ada's two tickets in one message, and late's";
    EXPECT_EQ(plan->messages[0].ticketIds, (std::vector<std::string>{t[0].id, t[1].id}));
    EXPECT_TRUE(plan->messages[0].rowIds.empty());
    ASSERT_EQ(plan->badAddresses.size(), 1u);
    EXPECT_EQ(plan->badAddresses[0].second, "bad address");

    const auto done = f.enqueue(Recipients::NotSent, true);
    EXPECT_EQ(done.queued, plan->summary.queued);
    EXPECT_EQ(done.badAddress, plan->summary.badAddress);
    EXPECT_EQ(done.noAddress, plan->summary.noAddress);
    EXPECT_EQ(done.alreadySent, plan->summary.alreadySent);
}

TEST(MailOutbox, AnUnknownEventIsRefused) {
    OutboxFixture f;
    auto plan = f.outbox.plan("ZZZZZZZZ", Recipients::All, false);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().code, "unknown_event");
    auto queued = f.outbox.enqueue("ZZZZZZZZ", Recipients::All, false, f.clock.nowMs());
    ASSERT_FALSE(queued.ok());
    EXPECT_EQ(queued.error().code, "unknown_event");
}

TEST(MailOutbox, RecipientAndStateNamesReadBack) {
    for (auto who : {Recipients::NotSent, Recipients::All, Recipients::Failed, Recipients::Unknown})
        EXPECT_EQ(recipientsFromString(toString(who)), who);
    EXPECT_EQ(recipientsFromString("ALL"), Recipients::All);
    EXPECT_EQ(recipientsFromString("everyone"), std::nullopt);
    for (auto s : {OutboxState::Queued, OutboxState::Sending, OutboxState::Sent, OutboxState::Failed, OutboxState::Unknown})
        EXPECT_EQ(outboxStateFromString(toString(s)), s);
    EXPECT_EQ(outboxStateFromString("pending"), std::nullopt);
}

TEST(MailOutbox, RowsOfTheSchema1OutboxSurviveTheMigrationToSchema5) {
    testing::TempDir dir;
    const auto file = dir / "qrgate.db";
    {
        // A database as schema 4 left it, with rows in the outbox table schema 1 created.
        SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("PRAGMA foreign_keys=ON");
        for (int i = 0; i < 4; ++i) raw.exec(std::string(schemaMigrations()[i]));
        raw.exec("PRAGMA user_version=4");
        raw.exec("INSERT INTO events(id, name, public_key, created_at) VALUES('EVENT001', 'Old fest', 'ab', 1)");
        raw.exec("INSERT INTO ticket_types(id, event_id, name, entries) VALUES(1, 'EVENT001', 'General', 'once')");
        raw.exec("INSERT INTO tickets(id, event_id, type_id, number, holder_name, holder_email, secret_hash, issued_at) "
                 "VALUES('TICKET000001', 'EVENT001', 1, 1, 'Ada', 'ada@example.org', 'h1', 1), "
                 "('TICKET000002', 'EVENT001', 1, 2, 'Bob', 'bob@example.org', 'h2', 1)");
        raw.exec("INSERT INTO mail_outbox(ticket_id, recipient, state, attempts, last_error, queued_at, sent_at) "
                 "VALUES('TICKET000001', 'ada@example.org', 'pending', 2, 'timed out', 1000, NULL), "
                 "('TICKET000002', 'bob@example.org', 'sent', 1, '', 2000, 2500)");
    }
    auto db = Database::open(file);
    ASSERT_TRUE(db.ok()) << db.error().message;
    ASSERT_EQ((*db)->schemaVersion(), Database::kSchemaVersion);
    MailOutbox outbox(**db);
    const auto rows = outbox.list("EVENT001");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].ticketId, "TICKET000001");
    EXPECT_EQ(rows[0].state, OutboxState::Queued) << "pending becomes queued";
    EXPECT_EQ(rows[0].recipient, "ada@example.org");
    EXPECT_EQ(rows[0].attempts, 2);
    EXPECT_EQ(rows[0].reply, "timed out");
    EXPECT_EQ(rows[0].queuedAt, 1000);
    EXPECT_EQ(rows[1].state, OutboxState::Sent);
    ASSERT_TRUE(rows[1].sentAt.has_value());
    EXPECT_EQ(*rows[1].sentAt, 2500);
    EXPECT_EQ(outbox.counts("EVENT001").sent, 1);

    // The carried-over row works like any other: offered for sending, and not sent twice.
    auto next = outbox.peekNext("EVENT001", 10'000);
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(next->ticketIds, (std::vector<std::string>{"TICKET000001"}));
    const auto again = outbox.enqueue("EVENT001", Recipients::NotSent, false, 20'000).value();
    EXPECT_EQ(again.alreadySent, 1);
    EXPECT_EQ(again.queued, 1);
}

}  // namespace
}  // namespace qrgate

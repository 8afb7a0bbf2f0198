// The change feed (schema migration 2) and a replica built from it, without any network.
#include <gtest/gtest.h>

#include <SQLiteCpp/Statement.h>

#include "core/change_feed.hpp"
#include "core/checkin_log.hpp"
#include "core/migrations.hpp"
#include "core/ticket_store.hpp"
#include "support/fixtures.hpp"

using namespace qrgate;
using qrgate::testing::EventFixture;
using qrgate::testing::TempDir;

namespace {
std::int64_t feedRows(Database& db) { return db.sql().execAndGet("SELECT count(*) FROM changes").getInt64(); }

// Pulls the whole feed of `from` into `to`, page by page, as a follower does.
std::int64_t replicate(Database& from, Database& to, std::int64_t since = 0, std::size_t pageSize = 7) {
    ChangeFeed feed(from);
    ReplicaWriter replica(to);
    while (true) {
        auto page = feed.read(since, pageSize);
        replica.apply(page.changes);
        since = page.next;
        if (!page.more) return since;
    }
}
}  // namespace

TEST(ChangeFeed, AnAdmissionAddsOneFeedRowAndTheTicketUpdateNone) {
    EventFixture f;
    auto tickets = f.issue(3);
    const auto before = feedRows(*f.db);
    CheckinEngine engine(*f.db, f.clock);
    ASSERT_TRUE(engine.admit(f.scan(tickets[0].qrData)).admitted);
    // The hot path: the check-in row fires its trigger; the entry-state columns of the ticket fire none.
    EXPECT_EQ(feedRows(*f.db), before + 1);
    auto page = ChangeFeed(*f.db).read(before, 100);
    ASSERT_EQ(page.changes.size(), 1u);
    EXPECT_EQ(page.changes[0]["entity"], "checkin");
    EXPECT_EQ(page.changes[0]["data"]["ticket_state"]["entries_used"], 1);
    EXPECT_EQ(page.changes[0]["data"]["ticket_state"]["entry_gate"], "A");
}

TEST(ChangeFeed, VoidingATicketIsAChange) {
    EventFixture f;
    auto tickets = f.issue(2);
    const auto before = ChangeFeed(*f.db).latestSeq();
    ASSERT_TRUE(TicketStore(*f.db).setState(tickets[1].ticket.id, TicketState::Void));
    auto page = ChangeFeed(*f.db).read(before);
    ASSERT_EQ(page.changes.size(), 1u);
    EXPECT_EQ(page.changes[0]["data"]["state"], "void");
    EXPECT_FALSE(page.changes[0]["data"].contains("holder_email"));
}

TEST(ChangeFeed, ASnapshotInSmallPagesRebuildsTheReplicaWithoutSecretsOrEmails) {
    EventFixture f;
    TicketIssuer issuer(*f.db, f.keys, f.clock);
    auto tickets = issuer.issueFor(f.event.id, {{"Ana", "ana@example.org", ""}, {"Bo", "bo@example.org", ""}}).value();
    auto more = f.issue(20);
    CheckinEngine engine(*f.db, f.clock);
    ASSERT_TRUE(engine.admit(f.scan(more[3].qrData, "North")).admitted);

    auto replicaDb = Database::openInMemory();
    replicate(*f.db, *replicaDb);
    TicketStore replica(*replicaDb);
    EXPECT_EQ(replica.countForEvent(f.event.id), 22u);
    auto ana = replica.find(tickets[0].ticket.id);
    ASSERT_TRUE(ana);
    EXPECT_EQ(ana->holderName, "Ana");
    EXPECT_EQ(ana->holderEmail, "");
    EXPECT_EQ(replica.find(more[3].ticket.id)->entriesUsed, 1);
    EXPECT_EQ(replica.find(more[3].ticket.id)->entryGate, "North");

    // The replica decides like the leader: the used ticket is already_used, with the first gate.
    CheckinEngine replicaEngine(*replicaDb, f.clock);
    auto v = replicaEngine.admit(f.scan(more[3].qrData, "South"));
    EXPECT_EQ(v.reason, Reason::AlreadyUsed);
    ASSERT_TRUE(v.firstCheckin);
    EXPECT_EQ(v.firstCheckin->gateId, "North");
    EXPECT_TRUE(replicaEngine.admit(f.scan(more[4].qrData)).admitted);
}

TEST(ChangeFeed, ALaterPageUpdatesTheReplica) {
    EventFixture f;
    auto tickets = f.issue(5);
    auto replicaDb = Database::openInMemory();
    auto cursor = replicate(*f.db, *replicaDb);
    CheckinEngine engine(*f.db, f.clock);
    auto admitted = engine.admit(f.scan(tickets[0].qrData));
    ASSERT_TRUE(TicketStore(*f.db).setState(tickets[1].ticket.id, TicketState::Void));
    ASSERT_TRUE(engine.annul(admitted.checkinId));
    replicate(*f.db, *replicaDb, cursor);
    TicketStore replica(*replicaDb);
    EXPECT_EQ(replica.find(tickets[0].ticket.id)->entriesUsed, 0);  // undone
    EXPECT_EQ(replica.find(tickets[1].ticket.id)->state, TicketState::Void);
    auto c = CheckinLog(*replicaDb).find(admitted.checkinId);
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->annulledBy.empty());
}

TEST(ChangeFeed, ReplicaKeepsItsOwnEntryStateWhileOfflineScansWaitForUpload) {
    EventFixture f;
    auto tickets = f.issue(2);
    auto replicaDb = Database::openInMemory();
    auto cursor = replicate(*f.db, *replicaDb);
    // The follower admits offline; the leader has not heard of it yet.
    CheckinEngine offline(*replicaDb, f.clock);
    auto scan = f.scan(tickets[0].qrData, "East");
    scan.offline = true;
    ASSERT_TRUE(offline.admit(scan).admitted);
    ReplicaWriter writer(*replicaDb);
    EXPECT_EQ(writer.pendingCount(), 1);
    // An unrelated change of that ticket on the leader must not make it unused on the replica.
    f.db->sql().exec("UPDATE tickets SET holder_name = 'Renamed' WHERE id = '" + tickets[0].ticket.id + "'");
    replicate(*f.db, *replicaDb, cursor);
    auto t = TicketStore(*replicaDb).find(tickets[0].ticket.id);
    EXPECT_EQ(t->holderName, "Renamed");
    EXPECT_EQ(t->entriesUsed, 1);
    auto pending = writer.pendingUploads();
    ASSERT_EQ(pending.size(), 1u);
    writer.markUploaded({pending[0]["nonce"].get<std::string>()});
    EXPECT_EQ(writer.pendingCount(), 0);
}

TEST(ChangeFeed, AnOlderDatabaseMigratesWithAFullSnapshotInItsFeed) {
    TempDir dir;
    const auto file = dir / "old.db";
    {
        // A database as the first release wrote it: migration 1 only, with data.
        SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec(std::string(schemaMigrations()[0]));
        raw.exec("PRAGMA user_version=1");
        raw.exec("INSERT INTO events(id, name, public_key, created_at) VALUES('EV000001', 'Old', '" +
                 std::string(64, 'a') + "', 1)");
        raw.exec("INSERT INTO ticket_types(id, event_id, name, entries, is_default) VALUES(1, 'EV000001', 'General', "
                 "'once', 1)");
        for (int i = 1; i <= 30; ++i)
            raw.exec("INSERT INTO tickets(id, event_id, type_id, number, secret_hash, issued_at) VALUES('T" +
                     std::to_string(i) + "', 'EV000001', 1, " + std::to_string(i) + ", 'h" + std::to_string(i) + "', 1)");
        raw.exec("INSERT INTO checkins(nonce, ticket_id, event_id, direction, result, scanned_at, recorded_at) "
                 "VALUES('N1', 'T1', 'EV000001', 'entry', 'admitted', 5, 5)");
    }
    auto db = Database::open(file);
    ASSERT_TRUE(db) << db.error().message;
    EXPECT_EQ((*db)->schemaVersion(), 2);
    EXPECT_EQ(feedRows(**db), 1 + 1 + 30 + 1);
    auto replicaDb = Database::openInMemory();
    replicate(**db, *replicaDb, 0, 10);
    EXPECT_EQ(TicketStore(*replicaDb).countForEvent("EV000001"), 30u);
    EXPECT_TRUE(CheckinLog(*replicaDb).find("N1"));
}

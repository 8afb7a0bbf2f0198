// The change feed (schema migrations 2 and 3) and a replica built from it, without any network.
#include <gtest/gtest.h>

#include <SQLiteCpp/Statement.h>

#include "core/replica/change_feed.hpp"
#include "core/checkin/checkin_log.hpp"
#include "core/store/migrations.hpp"
#include "core/replica/offline_intake.hpp"
#include "core/tickets/ticket_store.hpp"
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

TEST(ChangeFeed, AnAdmissionIsServedFromItsOwnRowWithoutAFeedRow) {
    EventFixture f;
    auto tickets = f.issue(3);
    const auto rowsBefore = feedRows(*f.db);
    const auto before = ChangeFeed(*f.db).latestSeq();
    CheckinEngine engine(*f.db, f.clock);
    auto v = engine.admit(f.scan(tickets[0].qrData));
    ASSERT_TRUE(v.admitted);
    // The hot path writes the ticket row and the scan-log row, nothing else: no `changes` row and
    // no nonce index entry (the engine's own nonce names the row).
    EXPECT_EQ(feedRows(*f.db), rowsBefore);
    EXPECT_EQ(f.db->sql().execAndGet("SELECT count(*) FROM checkins WHERE local_nonce = 0").getInt64(), 0);
    EXPECT_EQ(ChangeFeed(*f.db).latestSeq(), before + 1);
    auto page = ChangeFeed(*f.db).read(before, 100);
    ASSERT_EQ(page.changes.size(), 1u);
    EXPECT_EQ(page.changes[0]["seq"], before + 1);
    EXPECT_EQ(page.changes[0]["entity"], "checkin");
    EXPECT_EQ(page.changes[0]["data"]["nonce"], v.checkinId);
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

TEST(ChangeFeed, AnEventEditedAfterItsTicketsWereIssuedStillReplicatesInOnePage) {
    EventFixture f;
    auto tickets = f.issue(3);
    ASSERT_TRUE(EventCatalog(*f.db, f.clock)
                    .update(f.event.id, EventDraft{"Renamed fest", "Hall", std::nullopt, std::nullopt, "UTC"})
                    .ok());
    auto replicaDb = Database::openInMemory();
    replicate(*f.db, *replicaDb, 0, 500);  // the event's last mention comes after its tickets
    EXPECT_EQ(EventCatalog(*replicaDb, f.clock).find(f.event.id)->name, "Renamed fest");
    EXPECT_EQ(TicketStore(*replicaDb).countForEvent(f.event.id), 3u);
}

TEST(ChangeFeed, AFollowerRefusesOfflineAfterTheEventsEndAndTheGraceItWasSent) {
    EventFixture f;
    auto tickets = f.issue(2);
    const TimeMs end = f.clock.nowMs() - 60 * 60'000;  // ended an hour ago
    ASSERT_TRUE(EventCatalog(*f.db, f.clock)
                    .update(f.event.id, EventDraft{f.event.name, f.event.venue, std::nullopt, end, "UTC", 30})
                    .ok());
    auto replicaDb = Database::openInMemory();
    replicate(*f.db, *replicaDb);
    EXPECT_EQ(EventCatalog(*replicaDb, f.clock).find(f.event.id)->endGraceMinutes, 30);
    // An hour after the end: within the default 120 minutes, past the 30 the organizer set.
    CheckinEngine offline(*replicaDb, f.clock, EngineOptions{true});
    auto scan = f.scan(tickets[0].qrData, "East");
    scan.offline = true;
    auto v = offline.admit(scan);
    EXPECT_FALSE(v.admitted);
    EXPECT_EQ(v.reason, Reason::Expired);
    EXPECT_NE(v.message.find("the event ended at"), std::string::npos) << v.message;
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
    EXPECT_EQ((*db)->schemaVersion(), Database::kSchemaVersion);
    EXPECT_EQ(feedRows(**db), 1 + 1 + 30) << "the check-in is served from its own row";
    auto replicaDb = Database::openInMemory();
    replicate(**db, *replicaDb, 0, 10);
    EXPECT_EQ(TicketStore(*replicaDb).countForEvent("EV000001"), 30u);
    EXPECT_TRUE(CheckinLog(*replicaDb).find("N1"));
}

TEST(ChangeFeed, MigrationThreeRenumbersCheckinsAfterEveryChangeSoNoFollowerMissesOne) {
    TempDir dir;
    const auto file = dir / "v2.db";
    {
        // A leader as schema 2 left it: check-ins interleaved with other changes in the feed.
        SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec(std::string(schemaMigrations()[0]));
        raw.exec(std::string(schemaMigrations()[1]));
        raw.exec("PRAGMA user_version=2");
        raw.exec("INSERT INTO events(id, name, public_key, created_at) VALUES('EV000001', 'Old', '" +
                 std::string(64, 'a') + "', 1)");
        raw.exec("INSERT INTO ticket_types(id, event_id, name, entries, is_default) VALUES(1, 'EV000001', 'General', "
                 "'once', 1)");
        for (int i = 1; i <= 5; ++i) {
            const auto n = std::to_string(i);
            raw.exec("INSERT INTO tickets(id, event_id, type_id, number, secret_hash, issued_at) VALUES('T" + n +
                     "', 'EV000001', 1, " + n + ", 'h" + n + "', 1)");
            raw.exec("INSERT INTO checkins(nonce, ticket_id, event_id, direction, result, scanned_at, recorded_at) "
                     "VALUES('N" + n + "', 'T" + n + "', 'EV000001', 'entry', 'admitted', 5, 5)");
        }
    }
    auto db = Database::open(file);
    ASSERT_TRUE(db) << db.error().message;
    auto& sql = (*db)->sql();
    const auto lastChange = sql.execAndGet("SELECT max(seq) FROM changes").getInt64();
    EXPECT_GT(sql.execAndGet("SELECT min(id) FROM checkins").getInt64(), lastChange);
    EXPECT_EQ(sql.execAndGet("SELECT count(*) FROM changes WHERE entity = 'checkin'").getInt64(), 0);

    // A follower that had read up to the third ticket under schema 2 still gets all five scans.
    auto replicaDb = Database::openInMemory();
    replicate(**db, *replicaDb);
    for (int i = 1; i <= 5; ++i) EXPECT_TRUE(CheckinLog(*replicaDb).find("N" + std::to_string(i))) << i;
    auto page = ChangeFeed(**db).read(lastChange - 2, 100);
    int checkins = 0;
    for (const auto& c : page.changes) checkins += c["entity"] == "checkin";
    EXPECT_EQ(checkins, 5);
    // Old nonces stay unique and findable; a new scan continues the one sequence.
    EXPECT_ANY_THROW(sql.exec("INSERT INTO checkins(id, nonce, direction, result, scanned_at, recorded_at) "
                              "VALUES(1000, 'N1', 'entry', 'refused', 1, 1)"));
    ASSERT_TRUE(CheckinLog(**db).find("N3"));
}

TEST(ChangeFeed, AFollowersOwnScanComingBackFromTheLeaderIsNotRecordedTwice) {
    EventFixture leader;
    auto tickets = leader.issue(2);
    auto followerDb = Database::openInMemory();
    replicate(*leader.db, *followerDb);

    // Offline at the follower: the engine gives the scan a local nonce (its own row id).
    CheckinEngine followerEngine(*followerDb, leader.clock);
    auto request = leader.scan(tickets[0].qrData);
    request.offline = true;
    auto v = followerEngine.admit(request);
    ASSERT_TRUE(v.admitted);
    ReplicaWriter writer(*followerDb);
    auto pending = writer.pendingUploads();
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0]["nonce"], v.checkinId);

    // The leader records the upload under that nonce; its feed brings it back to the follower.
    EXPECT_EQ(pending[0]["qr_data"], tickets[0].qrData) << "a scanned offline admission carries its code as proof";
    auto outcomes = OfflineIntake(*leader.db, leader.clock).record({*UploadedScan::fromJson(pending[0])}, "D-FOLLOWER");
    ASSERT_EQ(outcomes.size(), 1u);
    EXPECT_EQ(outcomes[0], IntakeOutcome::Recorded);
    replicate(*leader.db, *followerDb);
    EXPECT_EQ(followerDb->sql().execAndGet("SELECT count(*) FROM checkins").getInt64(), 1);
    EXPECT_EQ(writer.pendingCount(), 0) << "the leader's copy acknowledges the upload";
    EXPECT_EQ(followerDb->sql().execAndGet("SELECT count(*) FROM upload_proofs").getInt64(), 0)
        << "the code is kept only until the upload is settled";
    // Uploading it again is a duplicate at the leader, however often the follower retries.
    EXPECT_EQ(OfflineIntake(*leader.db, leader.clock).record({*UploadedScan::fromJson(pending[0])}, "D-FOLLOWER")[0],
              IntakeOutcome::Duplicate);
}

// The leader recording uploaded offline check-ins: once, as they happened, with conflicts.
#include <gtest/gtest.h>

#include "core/checkin_log.hpp"
#include "core/conflict_log.hpp"
#include "core/offline_intake.hpp"
#include "core/ticket_store.hpp"
#include "support/fixtures.hpp"

using namespace qrgate;
using qrgate::testing::EventFixture;

namespace {
UploadedScan offlineAdmission(const IssuedTicket& t, const std::string& nonce, const std::string& gate, TimeMs at) {
    UploadedScan s;
    s.nonce = nonce;
    s.ticketId = t.ticket.id;
    s.eventId = t.ticket.eventId;
    s.gateId = gate;
    s.deviceId = "kiosk-" + gate;
    s.scannedAt = at;
    return s;
}
}  // namespace

TEST(OfflineIntake, UploadingTwiceRecordsOnce) {
    EventFixture f;
    auto tickets = f.issue(1);
    OfflineIntake intake(*f.db, f.clock);
    auto scan = offlineAdmission(tickets[0], "OFF-1", "East", f.clock.nowMs());
    EXPECT_EQ(intake.record({scan})[0], IntakeOutcome::Recorded);
    EXPECT_EQ(intake.record({scan})[0], IntakeOutcome::Duplicate);
    auto t = TicketStore(*f.db).find(tickets[0].ticket.id);
    EXPECT_EQ(t->entriesUsed, 1);
    EXPECT_EQ(t->entryGate, "East");
    auto c = CheckinLog(*f.db).find("OFF-1");
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->offline);
}

TEST(OfflineIntake, AnOfflineAdmissionOfATicketUsedElsewhereIsRecordedAsAConflict) {
    EventFixture f;
    auto tickets = f.issue(1);
    CheckinEngine engine(*f.db, f.clock);
    const TimeMs offlineAt = f.clock.nowMs();
    f.clock.advance(60'000);
    auto online = engine.admit(f.scan(tickets[0].qrData, "North"));
    ASSERT_TRUE(online.admitted);
    OfflineIntake intake(*f.db, f.clock);
    EXPECT_EQ(intake.record({offlineAdmission(tickets[0], "OFF-2", "East", offlineAt)})[0], IntakeOutcome::Conflict);

    auto conflicts = ConflictLog(*f.db).list(f.event.id);
    ASSERT_EQ(conflicts.size(), 1u);
    // The earlier scan (offline at East) comes first; both gates and times are kept.
    EXPECT_EQ(conflicts[0].first.gateId, "East");
    EXPECT_EQ(conflicts[0].first.at, offlineAt);
    EXPECT_EQ(conflicts[0].second.gateId, "North");
    EXPECT_EQ(conflicts[0].second.nonce, online.checkinId);
    auto t = TicketStore(*f.db).find(tickets[0].ticket.id);
    EXPECT_EQ(t->entriesUsed, 2);       // two people went in
    EXPECT_EQ(t->entryGate, "East");   // one-entry tickets keep the earliest admission
    EXPECT_EQ(CheckinLog(*f.db).stats(f.event.id).admitted, 2);
}

TEST(OfflineIntake, RefusalsAreRecordedAsTheyWere) {
    EventFixture f;
    auto tickets = f.issue(1);
    auto scan = offlineAdmission(tickets[0], "OFF-3", "East", f.clock.nowMs());
    scan.result = "refused";
    scan.reason = "already_used";
    EXPECT_EQ(OfflineIntake(*f.db, f.clock).record({scan})[0], IntakeOutcome::Recorded);
    EXPECT_EQ(TicketStore(*f.db).find(tickets[0].ticket.id)->entriesUsed, 0);
    EXPECT_EQ(CheckinLog(*f.db).find("OFF-3")->reason, "already_used");
}

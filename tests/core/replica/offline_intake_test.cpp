// The leader recording uploaded offline check-ins: once, as they happened, with conflicts, and
// only what the upload proves.
#include <gtest/gtest.h>

#include "core/checkin/checkin_log.hpp"
#include "core/checkin/conflict_log.hpp"
#include "core/replica/offline_intake.hpp"
#include "core/tickets/ticket_codec.hpp"
#include "core/tickets/ticket_store.hpp"
#include "support/fixtures.hpp"

using namespace qrgate;
using qrgate::testing::EventFixture;

namespace {
const std::string kUploader = "D-EAST-GATE";

// What an honest follower uploads for a scanned offline admission: the code as proof, no device.
UploadedScan offlineAdmission(const IssuedTicket& t, const std::string& nonce, const std::string& gate, TimeMs at) {
    UploadedScan s;
    s.nonce = nonce;
    s.ticketId = t.ticket.id;
    s.eventId = t.ticket.eventId;
    s.gateId = gate;
    s.scannedAt = at;
    s.qrData = t.qrData;
    return s;
}

// A well-formed code (right length, alphabet and check characters) whose signature is wrong:
// what a forger who knows the format makes.
std::string forgedCode(const std::string& genuine) {
    auto payload = std::get<TicketPayload>(TicketCodec::decode(genuine));
    payload.signature[10] ^= 0x5A;
    return TicketCodec::encode(payload);
}
}  // namespace

TEST(OfflineIntake, UploadingTwiceRecordsOnce) {
    EventFixture f;
    auto tickets = f.issue(1);
    OfflineIntake intake(*f.db, f.clock);
    auto scan = offlineAdmission(tickets[0], "OFF-1", "East", f.clock.nowMs());
    EXPECT_EQ(intake.record({scan}, kUploader)[0], IntakeOutcome::Recorded);
    EXPECT_EQ(intake.record({scan}, kUploader)[0], IntakeOutcome::Duplicate);
    auto t = TicketStore(*f.db).find(tickets[0].ticket.id);
    EXPECT_EQ(t->entriesUsed, 1);
    EXPECT_EQ(t->entryGate, "East");
    EXPECT_EQ(t->entryDevice, kUploader) << "recorded in the name of the device whose token uploaded it";
    auto c = CheckinLog(*f.db).find("OFF-1");
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->offline);
    EXPECT_EQ(c->deviceId, kUploader);
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
    EXPECT_EQ(intake.record({offlineAdmission(tickets[0], "OFF-2", "East", offlineAt)}, kUploader)[0],
              IntakeOutcome::Conflict);

    auto conflicts = ConflictLog(*f.db).list(f.event.id);
    ASSERT_EQ(conflicts.size(), 1u);
    // The earlier scan (offline at East) comes first; both gates and times are kept.
    EXPECT_EQ(conflicts[0].first.gateId, "East");
    EXPECT_EQ(conflicts[0].first.deviceId, kUploader);
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
    EXPECT_EQ(OfflineIntake(*f.db, f.clock).record({scan}, kUploader)[0], IntakeOutcome::Recorded);
    EXPECT_EQ(TicketStore(*f.db).find(tickets[0].ticket.id)->entriesUsed, 0);
    EXPECT_EQ(CheckinLog(*f.db).find("OFF-3")->reason, "already_used");
}

// A stolen or rogue gate token must not be able to lock attendees out: each of these claims an
// admission it cannot prove, and each is rejected on its own with its reason, leaving the ticket
// usable, while the honest scan in the same upload is recorded.
TEST(OfflineIntake, AnUploadThatCannotProveAnAdmissionIsRejectedItemByItem) {
    EventFixture f;
    auto tickets = f.issue(6);
    const TimeMs at = f.clock.nowMs();

    auto spoofedDevice = offlineAdmission(tickets[0], "SPOOF-DEVICE", "East", at);
    spoofedDevice.deviceId = "D-SOMEONE-ELSE";
    auto withoutCode = offlineAdmission(tickets[1], "NO-CODE", "East", at);
    withoutCode.qrData.clear();
    auto unknownTicket = offlineAdmission(tickets[2], "UNKNOWN", "East", at);
    unknownTicket.ticketId = "ZZZZZZZZZZZZ";
    auto forged = offlineAdmission(tickets[3], "FORGED", "East", at);
    forged.qrData = forgedCode(tickets[3].qrData);
    auto othersCode = offlineAdmission(tickets[4], "OTHERS-CODE", "East", at);
    othersCode.qrData = tickets[5].qrData;
    auto honest = offlineAdmission(tickets[5], "HONEST", "East", at);

    auto results = OfflineIntake(*f.db, f.clock)
                       .record({spoofedDevice, withoutCode, unknownTicket, forged, othersCode, honest}, kUploader);
    ASSERT_EQ(results.size(), 6u);
    EXPECT_EQ(results[0].outcome, IntakeOutcome::Rejected);
    EXPECT_EQ(results[0].reason, "device_mismatch");
    EXPECT_EQ(results[1].reason, "missing_code");
    EXPECT_EQ(results[2].reason, "not_found");
    EXPECT_EQ(results[3].reason, "invalid_signature");
    EXPECT_EQ(results[4].reason, "code_mismatch");
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(results[i].outcome, IntakeOutcome::Rejected) << i;
        EXPECT_FALSE(results[i].message.empty()) << i;
        EXPECT_EQ(TicketStore(*f.db).find(tickets[i].ticket.id)->entriesUsed, 0) << "ticket " << i << " still usable";
    }
    EXPECT_EQ(results[5], IntakeOutcome::Recorded);
    EXPECT_EQ(CheckinLog(*f.db).stats(f.event.id).admitted, 1);
    // And the tickets the rogue uploads named are still admitted at a gate.
    CheckinEngine engine(*f.db, f.clock);
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(engine.admit(f.scan(tickets[i].qrData, "North")).admitted) << i;
}

TEST(OfflineIntake, AReissuedTicketsOldCodeProvesNothing) {
    EventFixture f;
    auto tickets = f.issue(1);
    const std::string oldCode = tickets[0].qrData;
    TicketIssuer issuer(*f.db, f.keys, f.clock);
    ASSERT_TRUE(issuer.reissue(tickets[0].ticket.id));
    auto scan = offlineAdmission(tickets[0], "OLD-CODE", "East", f.clock.nowMs());
    scan.qrData = oldCode;
    auto result = OfflineIntake(*f.db, f.clock).record({scan}, kUploader)[0];
    EXPECT_EQ(result.outcome, IntakeOutcome::Rejected);
    EXPECT_EQ(result.reason, "void");
}

TEST(OfflineIntake, AManualAdmissionIsRecordedAsManualInTheUploadersName) {
    EventFixture f;
    auto tickets = f.issue(1);
    auto scan = offlineAdmission(tickets[0], "MANUAL-1", "East", f.clock.nowMs());
    scan.qrData.clear();
    scan.manual = true;
    EXPECT_EQ(OfflineIntake(*f.db, f.clock).record({scan}, kUploader)[0], IntakeOutcome::Recorded);
    EXPECT_EQ(TicketStore(*f.db).find(tickets[0].ticket.id)->entriesUsed, 1);
    auto row = f.db->sql().execAndGet("SELECT manual || '|' || device_id FROM checkins WHERE nonce = 'MANUAL-1'");
    EXPECT_EQ(row.getString(), "1|" + kUploader);
}

TEST(OfflineIntake, AnOfflineExitMustProveItsCodeToo) {
    // An unproven exit would mark a re-entry ticket "not inside" and let a second person in.
    EventFixture f;
    auto tickets = f.issue(1);
    CheckinEngine engine(*f.db, f.clock);
    ASSERT_TRUE(engine.admit(f.scan(tickets[0].qrData, "North")).admitted);
    auto exit = offlineAdmission(tickets[0], "EXIT-NO-CODE", "East", f.clock.nowMs());
    exit.direction = "exit";
    exit.qrData.clear();
    EXPECT_EQ(OfflineIntake(*f.db, f.clock).record({exit}, kUploader)[0].reason, "missing_code");
    EXPECT_TRUE(TicketStore(*f.db).find(tickets[0].ticket.id)->inside);
}

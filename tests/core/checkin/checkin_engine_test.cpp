// The check-in engine, reason by reason, as a gate volunteer would meet them.
#include <gtest/gtest.h>

#include "core/checkin/checkin_identity.hpp"
#include "core/checkin/checkin_log.hpp"
#include "core/tickets/ticket_codec.hpp"
#include "core/tickets/ticket_store.hpp"
#include "core/base/time_format.hpp"
#include "support/fixtures.hpp"

using namespace qrgate;
using qrgate::testing::EventFixture;

TEST(CheckinEngine, AdmitsAValidTicketOnceAndNamesTheHolder) {
    EventFixture f;
    TicketIssuer issuer(*f.db, f.keys, f.clock);
    auto t = issuer.issueFor(f.event.id, {{"Ana Lima", "ana@example.org", ""}}).value().front();
    CheckinEngine engine(*f.db, f.clock);
    auto v = engine.admit(f.scan(t.qrData));
    EXPECT_TRUE(v.admitted);
    EXPECT_EQ(v.reason, Reason::None);
    ASSERT_TRUE(v.ticket);
    EXPECT_EQ(v.ticket->name, "Ana Lima");
    EXPECT_EQ(v.ticket->number, 1);
    EXPECT_EQ(v.ticket->type, "General");
    EXPECT_FALSE(v.checkinId.empty());
}

TEST(CheckinEngine, SecondScanIsAlreadyUsedWithFirstTimeGateAndDevice) {
    EventFixture f;
    auto t = f.issue(1).front();
    CheckinEngine engine(*f.db, f.clock);
    const TimeMs firstAt = f.clock.nowMs();
    ASSERT_TRUE(engine.admit(f.scan(t.qrData, "North")).admitted);
    f.clock.advance(90'000);
    auto again = engine.admit(f.scan(t.qrData, "South"));
    EXPECT_FALSE(again.admitted);
    EXPECT_EQ(again.reason, Reason::AlreadyUsed);
    ASSERT_TRUE(again.firstCheckin);
    EXPECT_EQ(again.firstCheckin->at, firstAt);
    EXPECT_EQ(again.firstCheckin->gateId, "North");
    EXPECT_EQ(again.firstCheckin->deviceId, "test-device");
    EXPECT_NE(again.message.find("North"), std::string::npos) << again.message;
}

TEST(CheckinEngine, ValidateDecidesWithoutRecording) {
    EventFixture f;
    auto t = f.issue(1).front();
    CheckinEngine engine(*f.db, f.clock);
    EXPECT_TRUE(engine.validate(f.scan(t.qrData)).admitted);
    EXPECT_TRUE(engine.validate(f.scan(t.qrData)).admitted);
    EXPECT_TRUE(CheckinLog(*f.db).list({}).empty());
    EXPECT_TRUE(engine.admit(f.scan(t.qrData)).admitted);
    EXPECT_EQ(engine.validate(f.scan(t.qrData)).reason, Reason::AlreadyUsed);
}

TEST(CheckinEngine, ConfirmModeCommitCanStillLoseTheRace) {
    EventFixture f;
    auto t = f.issue(1).front();
    CheckinEngine gateA(*f.db, f.clock), gateB(*f.db, f.clock);
    ASSERT_TRUE(gateA.validate(f.scan(t.qrData, "A")).admitted);  // A shows the ticket, waits for Confirm
    ASSERT_TRUE(gateB.admit(f.scan(t.qrData, "B")).admitted);     // B admits meanwhile
    auto commit = gateA.admit(f.scan(t.qrData, "A"));              // A's volunteer presses Confirm
    EXPECT_EQ(commit.reason, Reason::AlreadyUsed);
    EXPECT_EQ(commit.firstCheckin->gateId, "B");
}

TEST(CheckinEngine, EveryScanIsLoggedAdmittedOrNot) {
    EventFixture f;
    auto t = f.issue(1).front();
    CheckinEngine engine(*f.db, f.clock);
    engine.admit(f.scan(t.qrData));
    engine.admit(f.scan(t.qrData));
    engine.admit(f.scan("not a ticket"));
    auto log = CheckinLog(*f.db).list({});
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[0].reason, "malformed");
    EXPECT_EQ(log[1].reason, "already_used");
    EXPECT_EQ(log[2].result, CheckinResult::Admitted);
    for (const auto& c : log) {
        EXPECT_EQ(c.gateId, "A");
        EXPECT_EQ(c.deviceId, "test-device");
        EXPECT_FALSE(c.nonce.empty());
        EXPECT_EQ(c.scannedAt, f.clock.nowMs());
    }
}

TEST(CheckinEngine, MalformedForAnythingThatIsNotOurCode) {
    EventFixture f;
    CheckinEngine engine(*f.db, f.clock);
    for (std::string junk : {std::string(), std::string("hello"), std::string("https://example.org"), std::string(10000, 'Q'), std::string("\x01\x02\xff", 3)}) {
        auto v = engine.admit(f.scan(junk));
        EXPECT_FALSE(v.admitted);
        EXPECT_EQ(v.reason, Reason::Malformed) << junk.substr(0, 20);
        EXPECT_FALSE(v.message.empty());
    }
}

TEST(CheckinEngine, InvalidSignatureForAlteredCodes) {
    EventFixture f;
    auto t = f.issue(1).front();
    CheckinEngine engine(*f.db, f.clock);
    // Altered with intent: the check characters recomputed so that only the signature can tell.
    auto payload = std::get<TicketPayload>(TicketCodec::decode(t.qrData));
    auto flipped = payload;
    flipped.signature[10] ^= 0x01;
    EXPECT_EQ(engine.admit(f.scan(TicketCodec::encode(flipped))).reason, Reason::InvalidSignature);
    auto otherSecret = payload;
    otherSecret.secret[0] ^= 0x80;
    EXPECT_EQ(engine.admit(f.scan(TicketCodec::encode(otherSecret))).reason, Reason::InvalidSignature);
    // Another ticket id spliced onto this credential
    auto spliced = payload;
    spliced.ticketId[5] = spliced.ticketId[5] == '7' ? '8' : '7';
    EXPECT_EQ(engine.admit(f.scan(TicketCodec::encode(spliced))).reason, Reason::InvalidSignature);
    EXPECT_TRUE(engine.admit(f.scan(t.qrData)).admitted) << "the genuine code still works";
}

TEST(CheckinEngine, WrongEventForTicketsOfAnotherEvent) {
    EventFixture f;
    auto mine = f.issue(1).front();
    EventCatalog catalog(*f.db, f.clock);
    auto other = catalog.create(EventDraft{"Other", "", {}, {}, "UTC"}, f.keys).value();
    auto theirs = TicketIssuer(*f.db, f.keys, f.clock).issueCount(other.id, 1).value().front();
    CheckinEngine engine(*f.db, f.clock);
    EXPECT_EQ(engine.admit(f.scan(theirs.qrData)).reason, Reason::WrongEvent);
    // A code from an event this database never heard of
    EventFixture stranger;
    auto foreign = stranger.issue(1).front();
    EXPECT_EQ(engine.admit(f.scan(foreign.qrData)).reason, Reason::WrongEvent);
    EXPECT_TRUE(engine.admit(f.scan(mine.qrData)).admitted);
}

TEST(CheckinEngine, NotFoundForAuthenticTicketsMissingFromTheDatabase) {
    EventFixture f;
    auto t = f.issue(1).front();
    f.db->sql().exec("DELETE FROM tickets");
    CheckinEngine engine(*f.db, f.clock);
    EXPECT_EQ(engine.admit(f.scan(t.qrData)).reason, Reason::NotFound);
}

TEST(CheckinEngine, OfflineFollowerMayAdmitAnAuthenticUnknownTicketOnce) {
    EventFixture f;
    auto t = f.issue(1).front();
    f.db->sql().exec("DELETE FROM tickets");
    CheckinEngine engine(*f.db, f.clock, EngineOptions{true});
    auto first = engine.admit(f.scan(t.qrData));
    EXPECT_TRUE(first.admitted);
    EXPECT_EQ(engine.admit(f.scan(t.qrData)).reason, Reason::AlreadyUsed);
}

TEST(CheckinEngine, VoidTicketsAreRefusedAndRestoredOnesAdmitted) {
    EventFixture f;
    auto t = f.issue(1).front();
    TicketStore store(*f.db);
    ASSERT_TRUE(store.setState(t.ticket.id, TicketState::Void).ok());
    CheckinEngine engine(*f.db, f.clock);
    EXPECT_EQ(engine.admit(f.scan(t.qrData)).reason, Reason::Void);
    ASSERT_TRUE(store.setState(t.ticket.id, TicketState::Valid).ok());
    EXPECT_TRUE(engine.admit(f.scan(t.qrData)).admitted);
}

TEST(CheckinEngine, ReissuedTicketVoidsTheOldCode) {
    EventFixture f;
    auto t = f.issue(1).front();
    auto fresh = TicketIssuer(*f.db, f.keys, f.clock).reissue(t.ticket.id).value();
    EXPECT_NE(fresh.qrData, t.qrData);
    CheckinEngine engine(*f.db, f.clock);
    EXPECT_EQ(engine.admit(f.scan(t.qrData)).reason, Reason::Void);
    EXPECT_TRUE(engine.admit(f.scan(fresh.qrData)).admitted);
}

TEST(CheckinEngine, WrongGateWhenTheTypeIsNotAllowedThere) {
    EventFixture f;
    TicketType vip;
    vip.name = "VIP";
    vip.gates = {"VIP-door"};
    f.addType(vip);
    auto t = f.issue(1, "VIP").front();
    CheckinEngine engine(*f.db, f.clock);
    auto v = engine.admit(f.scan(t.qrData, "Main"));
    EXPECT_EQ(v.reason, Reason::WrongGate);
    EXPECT_NE(v.message.find("VIP-door"), std::string::npos);
    EXPECT_TRUE(engine.admit(f.scan(t.qrData, "VIP-door")).admitted);
}

TEST(CheckinEngine, NotYetValidAndExpiredByAbsoluteWindow) {
    EventFixture f;
    TicketType early;
    early.name = "Early";
    early.validity.from = f.clock.nowMs() + 3'600'000;
    early.validity.until = f.clock.nowMs() + 7'200'000;
    f.addType(early);
    auto t = f.issue(1, "Early").front();
    CheckinEngine engine(*f.db, f.clock);
    EXPECT_EQ(engine.admit(f.scan(t.qrData)).reason, Reason::NotYetValid);
    f.clock.advance(7'200'000);
    EXPECT_EQ(engine.admit(f.scan(t.qrData)).reason, Reason::Expired);
    f.clock.advance(-3'600'000);
    EXPECT_TRUE(engine.admit(f.scan(t.qrData)).admitted);
}

TEST(CheckinEngine, NightWindowAcrossMidnightInTheEventsTimeZone) {
    EventFixture f("America/New_York");
    TicketType night;
    night.name = "Night";
    night.validity.days = {"2026-12-31"};
    night.validity.dailyStartMinute = 22 * 60;
    night.validity.dailyEndMinute = 2 * 60;
    f.addType(night);
    auto t = f.issue(1, "Night").front();
    CheckinEngine engine(*f.db, f.clock);
    auto at = [](const char* local) { return *parseIsoTime(local, "America/New_York"); };
    auto scanAt = [&](TimeMs when) {
        auto r = f.scan(t.qrData);
        r.scannedAt = when;
        return engine.validate(r).reason;
    };
    EXPECT_EQ(scanAt(at("2026-12-31 21:59")), Reason::NotYetValid);
    EXPECT_EQ(scanAt(at("2026-12-31 22:00")), Reason::None);
    EXPECT_EQ(scanAt(at("2027-01-01 01:59")), Reason::None);  // past midnight, still New Year's Eve's window
    EXPECT_EQ(scanAt(at("2027-01-01 02:00")), Reason::Expired);
    // 03:30 UTC on Jan 1 is 22:30 New York on Dec 31: valid although the UTC date is the 1st.
    EXPECT_EQ(scanAt(*parseIsoTime("2027-01-01T03:30:00Z", "UTC")), Reason::None);
}

TEST(CheckinEngine, ExitsAndReentryFollowTheTypesEntryPolicy) {
    EventFixture f;
    TicketType re;
    re.name = "Weekend";
    re.entries = EntryPolicy::Reentry;
    f.addType(re);
    auto once = f.issue(1).front();
    auto weekend = f.issue(1, "Weekend").front();
    CheckinEngine engine(*f.db, f.clock);

    EXPECT_EQ(engine.admit(f.scan(weekend.qrData, "A", Direction::Exit)).reason, Reason::NotInside);
    EXPECT_TRUE(engine.admit(f.scan(weekend.qrData)).admitted);
    EXPECT_EQ(engine.admit(f.scan(weekend.qrData)).reason, Reason::AlreadyUsed) << "inside already";
    EXPECT_TRUE(engine.admit(f.scan(weekend.qrData, "A", Direction::Exit)).admitted);
    EXPECT_EQ(engine.admit(f.scan(weekend.qrData, "A", Direction::Exit)).reason, Reason::NotInside);
    EXPECT_TRUE(engine.admit(f.scan(weekend.qrData)).admitted) << "re-entry";

    EXPECT_TRUE(engine.admit(f.scan(once.qrData)).admitted);
    EXPECT_TRUE(engine.admit(f.scan(once.qrData, "A", Direction::Exit)).admitted);
    EXPECT_EQ(engine.admit(f.scan(once.qrData)).reason, Reason::AlreadyUsed) << "single entry";

    auto stats = CheckinLog(*f.db).stats(f.event.id);
    EXPECT_EQ(stats.inside, 1);
    EXPECT_EQ(stats.admitted, 3);
    EXPECT_EQ(stats.exits, 2);
}

TEST(CheckinEngine, UnlimitedTicketsEnterEveryTime) {
    EventFixture f;
    TicketType staff;
    staff.name = "Staff";
    staff.entries = EntryPolicy::Unlimited;
    f.addType(staff);
    auto t = f.issue(1, "Staff").front();
    CheckinEngine engine(*f.db, f.clock);
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(engine.admit(f.scan(t.qrData)).admitted);
}

TEST(CheckinEngine, AnnulUndoesAnAdmissionAndIsLogged) {
    EventFixture f;
    auto t = f.issue(1).front();
    CheckinEngine engine(*f.db, f.clock);
    auto v = engine.admit(f.scan(t.qrData));
    ASSERT_TRUE(v.admitted);
    auto annulled = engine.annul(v.checkinId, "A", "supervisor");
    ASSERT_TRUE(annulled.ok()) << annulled.error().message;
    EXPECT_EQ(annulled->nonce, v.checkinId);
    EXPECT_FALSE(annulled->annulledBy.empty());
    EXPECT_EQ(engine.annul(v.checkinId).error().code, "already_annulled");
    EXPECT_TRUE(engine.admit(f.scan(t.qrData)).admitted) << "usable again after the undo";

    auto log = CheckinLog(*f.db).list({});
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[1].result, CheckinResult::Annul);
    EXPECT_EQ(log[1].reason, v.checkinId);
    EXPECT_EQ(CheckinLog(*f.db).stats(f.event.id).admitted, 1);
    EXPECT_EQ(engine.annul("no-such-checkin").error().code, "not_found");
}

TEST(CheckinEngine, RefusedScansCannotBeAnnulled) {
    EventFixture f;
    CheckinEngine engine(*f.db, f.clock);
    auto v = engine.admit(f.scan("junk"));
    EXPECT_EQ(engine.annul(v.checkinId).error().code, "not_annullable");
}

TEST(CheckinEngine, ARepeatedNonceReturnsTheFirstAnswerAndRecordsOnce) {
    EventFixture f;
    auto t = f.issue(1).front();
    CheckinEngine engine(*f.db, f.clock);
    auto r = f.scan(t.qrData);
    r.nonce = "upload-42";
    auto first = engine.admit(r);
    auto second = engine.admit(r);
    EXPECT_TRUE(first.admitted);
    EXPECT_TRUE(second.admitted) << "an upload retried is the same scan, not a second one";
    EXPECT_EQ(second.checkinId, "upload-42");
    EXPECT_EQ(CheckinLog(*f.db).list({}).size(), 1u);
}

TEST(CheckinEngine, ItsOwnNoncesNameTheirRowAndAreFoundAgain) {
    EventFixture f;
    auto tickets = f.issue(2);
    CheckinEngine engine(*f.db, f.clock);
    auto v = engine.admit(f.scan(tickets[0].qrData));
    ASSERT_TRUE(v.admitted);
    auto rowId = localNonceRowId(v.checkinId);
    ASSERT_TRUE(rowId) << v.checkinId;
    auto found = CheckinLog(*f.db).find(v.checkinId);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, *rowId);
    // Sent back as a client's retry key (a follower uploading it), it is the same scan.
    auto retry = f.scan(tickets[0].qrData);
    retry.nonce = v.checkinId;
    EXPECT_TRUE(engine.admit(retry).admitted);
    EXPECT_EQ(CheckinLog(*f.db).list({}).size(), 1u);
}

TEST(CheckinEngine, ANonceShapedLikeALocalOneFromAnotherGateIsAScanOfItsOwn) {
    EventFixture f;
    auto tickets = f.issue(2);
    CheckinEngine engine(*f.db, f.clock);
    auto here = engine.admit(f.scan(tickets[0].qrData));
    ASSERT_TRUE(here.admitted);
    // Another gate's database numbered its rows the same way: same row id, different nonce.
    std::string other = here.checkinId;
    other[9] = other[9] == 'Z' ? 'Y' : 'Z';
    ASSERT_EQ(localNonceRowId(other), localNonceRowId(here.checkinId));
    auto upload = f.scan(tickets[1].qrData);
    upload.nonce = other;
    auto there = engine.admit(upload);
    EXPECT_TRUE(there.admitted) << "not mistaken for a retry of the first scan";
    EXPECT_EQ(there.ticket->id, tickets[1].ticket.id);
    EXPECT_EQ(CheckinLog(*f.db).list({}).size(), 2u);
    EXPECT_EQ(CheckinLog(*f.db).find(other)->ticketId, tickets[1].ticket.id);
    EXPECT_EQ(CheckinLog(*f.db).find(here.checkinId)->ticketId, tickets[0].ticket.id);
    EXPECT_EQ(engine.admit(upload).ticket->id, tickets[1].ticket.id) << "its retry is found through the index";
    EXPECT_EQ(CheckinLog(*f.db).list({}).size(), 2u);
}

TEST(CheckinEngine, ManualAdmissionAfterSearchFollowsTheSameRules) {
    EventFixture f;
    auto t = f.issue(1).front();
    CheckinEngine engine(*f.db, f.clock);
    ScanRequest manual = f.scan("");
    manual.manualTicketId = t.ticket.id;
    EXPECT_TRUE(engine.admit(manual).admitted);
    EXPECT_EQ(engine.admit(manual).reason, Reason::AlreadyUsed);
    EXPECT_EQ(engine.admit(f.scan(t.qrData)).reason, Reason::AlreadyUsed);
}

TEST(CheckinEngine, NoSingleCharacterChangeOfACodeIsEverAdmitted) {
    EventFixture f;
    auto t = f.issue(1).front();
    CheckinEngine engine(*f.db, f.clock);
    const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZIO $%*+-./:a";
    std::size_t variants = 0;
    for (std::size_t i = 0; i < t.qrData.size(); ++i) {
        for (char c : alphabet) {
            std::string altered = t.qrData;
            if (std::toupper(static_cast<unsigned char>(c)) == altered[i]) continue;
            altered[i] = c;
            auto v = engine.validate(f.scan(altered));
            ++variants;
            ASSERT_FALSE(v.admitted) << "position " << i << " '" << c << "'";
            ASSERT_TRUE(v.reason == Reason::Malformed) << "position " << i << " '" << c << "': " << toCode(v.reason);
        }
    }
    EXPECT_GT(variants, 6000u);
    EXPECT_TRUE(engine.admit(f.scan(t.qrData)).admitted);
}

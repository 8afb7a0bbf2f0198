// The event's end at the gate: the check-in engine reads the end and the grace period from the
// event row (so the CLI, the HTTP API, the kiosk and followers decide alike).
#include <gtest/gtest.h>

#include "core/base/time_format.hpp"
#include "support/fixtures.hpp"

using namespace qrgate;
using qrgate::testing::EventFixture;

namespace {
constexpr TimeMs kMinute = 60'000;

// The fixture's event, ended at `endsAt` with `graceMinutes` of grace.
void endEvent(EventFixture& f, TimeMs endsAt, int graceMinutes) {
    EventDraft d{f.event.name, f.event.venue, std::nullopt, endsAt, f.event.timeZone, graceMinutes};
    ASSERT_TRUE(EventCatalog(*f.db, f.clock).update(f.event.id, d).ok());
}

Reason reasonAt(CheckinEngine& engine, ScanRequest request, TimeMs at) {
    request.scannedAt = at;
    return engine.validate(request).reason;
}
}  // namespace

TEST(EventEndCheckin, TheCatalogKeepsTheGracePeriod) {
    EventFixture f;
    const TimeMs end = f.clock.nowMs() + 3'600'000;
    endEvent(f, end, 45);
    auto stored = EventCatalog(*f.db, f.clock).find(f.event.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->endsAt, end);
    EXPECT_EQ(stored->endGraceMinutes, 45);
    EXPECT_EQ(f.event.endGraceMinutes, 120);  // created with the default
}

TEST(EventEndCheckin, AGeneralTicketIsRefusedAsExpiredOnceTheGraceIsOver) {
    EventFixture f("Europe/Berlin");
    const TimeMs end = *parseIsoTime("2026-11-22 23:00", "Europe/Berlin");
    endEvent(f, end, 120);
    auto t = f.issue(1).front();
    CheckinEngine engine(*f.db, f.clock);
    EXPECT_EQ(reasonAt(engine, f.scan(t.qrData), end + 120 * kMinute - 1), Reason::None);
    auto r = f.scan(t.qrData);
    r.scannedAt = end + 120 * kMinute;
    auto v = engine.admit(r);
    EXPECT_FALSE(v.admitted);
    EXPECT_EQ(v.reason, Reason::Expired);
    EXPECT_EQ(v.message, "Expired: the event ended at 22 Nov 23:00.");
}

TEST(EventEndCheckin, ATypeWithItsOwnUntilAfterTheEndIsStillAdmitted) {
    EventFixture f;
    const TimeMs end = f.clock.nowMs();
    endEvent(f, end, 0);
    TicketType camping;
    camping.name = "Camping";
    camping.validity.until = end + 24 * 60 * kMinute;
    f.addType(camping);
    auto general = f.issue(1).front();
    auto tent = f.issue(1, "Camping").front();
    CheckinEngine engine(*f.db, f.clock);
    EXPECT_EQ(reasonAt(engine, f.scan(general.qrData), end + 60 * kMinute), Reason::Expired);
    EXPECT_EQ(reasonAt(engine, f.scan(tent.qrData), end + 60 * kMinute), Reason::None);
}

TEST(EventEndCheckin, ManualAdmissionFollowsTheSameEnd) {
    EventFixture f;
    const TimeMs end = f.clock.nowMs() - 3 * 60 * kMinute;
    endEvent(f, end, 120);
    auto t = f.issue(1).front();
    CheckinEngine engine(*f.db, f.clock);
    ScanRequest r = f.scan("");
    r.manualTicketId = t.ticket.id;
    EXPECT_EQ(engine.admit(r).reason, Reason::Expired);
}

TEST(EventEndCheckin, AnOfflineFollowerDoesNotAdmitAnUnknownTicketAfterTheEnd) {
    EventFixture f;
    const TimeMs end = f.clock.nowMs() - 3 * 60 * kMinute;
    endEvent(f, end, 120);
    auto t = f.issue(1).front();
    f.db->sql().exec("DELETE FROM tickets");
    CheckinEngine engine(*f.db, f.clock, EngineOptions{true});
    EXPECT_EQ(engine.admit(f.scan(t.qrData)).reason, Reason::Expired);
}

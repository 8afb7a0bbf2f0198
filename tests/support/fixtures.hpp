#pragma once
// A data folder with one event, ready to issue and scan tickets, for core tests.
#include <memory>

#include "core/checkin/checkin_engine.hpp"
#include "core/store/data_folder.hpp"
#include "core/events/event_catalog.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {

struct EventFixture {
    TempDir dir;
    DataFolder folder = DataFolder::prepare(dir.path()).value();
    KeyStore keys = folder.keyStore();
    std::unique_ptr<Database> db = folder.openDatabase().value();
    ManualClock clock{1'790'000'000'000};  // 2026-09-21
    Event event;

    explicit EventFixture(const std::string& timeZone = "UTC") {
        EventCatalog catalog(*db, clock);
        event = catalog.create(EventDraft{"Fixture fest", "Hall", std::nullopt, std::nullopt, timeZone}, keys).value();
    }

    std::vector<IssuedTicket> issue(std::size_t n, const std::string& type = "") {
        TicketIssuer issuer(*db, keys, clock);
        return issuer.issueCount(event.id, n, type).value();
    }

    TicketType addType(TicketType t) {
        t.eventId = event.id;
        return EventCatalog(*db, clock).addType(t).value();
    }

    ScanRequest scan(const std::string& qr, const std::string& gate = "A", Direction d = Direction::Entry) const {
        ScanRequest r;
        r.qrData = qr;
        r.eventId = event.id;
        r.gateId = gate;
        r.deviceId = "test-device";
        r.direction = d;
        return r;
    }
};

}  // namespace qrgate::testing

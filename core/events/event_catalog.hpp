#pragma once
// Events and their ticket types. Creating an event makes its key pair (kept in the KeyStore)
// and a default ticket type, so tickets can be issued straight away.
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.hpp"
#include "core/store/database.hpp"
#include "core/store/key_store.hpp"
#include "core/base/model.hpp"
#include "core/base/result.hpp"

namespace qrgate {

struct EventDraft {
    std::string name;
    std::string venue;
    std::optional<TimeMs> startsAt;
    std::optional<TimeMs> endsAt;
    std::string timeZone = "UTC";
    int endGraceMinutes = 120;  // 0..kMaxEndGraceMinutes (core/events/validity.hpp)
};

// Checks a draft as the form and the CLI show it: empty name, unknown zone, end before start,
// a grace period outside 0..7 days.
std::optional<Error> validateEventDraft(const EventDraft& draft);
std::optional<Error> validateTicketType(const TicketType& type);

class EventCatalog {
public:
    EventCatalog(Database& db, const Clock& clock = SystemClock::instance());

    // Generates the event's keys into `keys`, then records the event with a default type
    // "General" (one entry). The created event becomes the data folder's current event.
    Result<Event> create(const EventDraft& draft, KeyStore& keys);
    Status update(const std::string& eventId, const EventDraft& draft);
    std::vector<Event> list();
    std::optional<Event> find(const std::string& eventId);

    std::vector<TicketType> types(const std::string& eventId);
    std::optional<TicketType> findType(const std::string& eventId, const std::string& name);
    std::optional<TicketType> findType(std::int64_t typeId);
    std::optional<TicketType> defaultType(const std::string& eventId);
    Result<TicketType> addType(TicketType type);
    Status updateType(const TicketType& type);

    // The event the kiosk and commands use when none is named.
    std::optional<std::string> currentEventId();
    void setCurrentEvent(const std::string& eventId);

private:
    Database& m_db;
    const Clock& m_clock;
};

}  // namespace qrgate

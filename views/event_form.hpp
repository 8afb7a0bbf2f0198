#pragma once
// The drafts behind the event and ticket-type forms. A form edits a draft; Save is enabled only
// while the draft differs from what is stored and checks out; each field's error shows inline.
// Pure logic, tested without a window.
#include <optional>
#include <string>
#include <vector>

#include "core/events/event_catalog.hpp"
#include "core/base/model.hpp"

namespace qrgate::views {

// "2026-11-21 18:30" in the event's zone; "" for none.
std::string formatLocalInput(std::optional<TimeMs> t, const std::string& timeZone);

struct EventFields {
    std::string name, venue, starts, ends, timeZone;
    std::string graceMinutes = "120";  // "Gates stay open after the end for [120] minutes"
    bool operator==(const EventFields&) const = default;
};

struct EventCheck {
    std::optional<EventDraft> draft;  // set when everything is valid
    std::string name, starts, ends, timeZone, graceMinutes, general;  // errors by field
};

class EventForm {
public:
    // nullptr = a new event (zone defaults to this machine's).
    void load(const Event* event, const std::string& defaultZone = "UTC");
    EventFields& fields() { return m_fields; }
    const EventFields& fields() const { return m_fields; }
    bool isNew() const { return m_id.empty(); }
    const std::string& eventId() const { return m_id; }
    bool changed() const { return !(m_fields == m_original); }
    EventCheck check() const;
    bool canSave() const { return changed() && check().draft.has_value(); }
    void revert() { m_fields = m_original; }

private:
    std::string m_id;
    EventFields m_fields, m_original;
};

struct TypeFields {
    std::string name;
    int entries = 0;  // EntryPolicy as int
    std::string gates, days, daily, from, until;
    float colour[3] = {0.18f, 0.49f, 0.20f};
    bool isDefault = false;
    bool operator==(const TypeFields& o) const;
    std::string colourHex() const;  // "#1565C0"
    void setColourHex(const std::string& hex);
};

struct TypeCheck {
    std::optional<TicketType> type;
    std::string name, gates, days, daily, from, until, general;
};

class TypeForm {
public:
    // A new type (nullptr) gets the first palette colour not in `takenColours` (the event's other types').
    void load(const TicketType* type, const std::string& eventId, const std::string& timeZone,
              const std::vector<std::string>& takenColours = {});
    TypeFields& fields() { return m_fields; }
    bool isNew() const { return m_id == 0; }
    std::int64_t typeId() const { return m_id; }
    bool changed() const { return !(m_fields == m_original); }
    TypeCheck check() const;
    bool canSave() const { return changed() && check().type.has_value(); }
    void revert() { m_fields = m_original; }

private:
    std::int64_t m_id = 0;
    std::string m_eventId, m_zone;
    TypeFields m_fields, m_original;
};

}  // namespace qrgate::views

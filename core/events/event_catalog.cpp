#include "core/events/event_catalog.hpp"

#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include "core/base/time_format.hpp"
#include "core/events/validity.hpp"
#include "core/events/validity_text.hpp"

namespace qrgate {

namespace {
constexpr const char* kEventColumns =
    "id, name, venue, starts_at, ends_at, time_zone, public_key, created_at, end_grace_minutes";
constexpr const char* kTypeColumns =
    "id, event_id, name, entries, gates, valid_days, daily_start, daily_end, valid_from, "
    "valid_until, colour, is_default";

std::optional<TimeMs> optionalTime(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getInt64();
}

template <class T>
void bindOptional(SQLite::Statement& q, int index, const std::optional<T>& v) {
    if (v)
        q.bind(index, static_cast<std::int64_t>(*v));
    else
        q.bind(index);
}

Event readEvent(SQLite::Statement& q) {
    Event e;
    e.id = q.getColumn(0).getString();
    e.name = q.getColumn(1).getString();
    e.venue = q.getColumn(2).getString();
    e.startsAt = optionalTime(q.getColumn(3));
    e.endsAt = optionalTime(q.getColumn(4));
    e.timeZone = q.getColumn(5).getString();
    e.publicKeyHex = q.getColumn(6).getString();
    e.createdAt = q.getColumn(7).getInt64();
    e.endGraceMinutes = q.getColumn(8).getInt();
    return e;
}

std::vector<std::string> jsonStrings(const std::string& text) {
    std::vector<std::string> out;
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_array())
        for (const auto& v : j)
            if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

TicketType readType(SQLite::Statement& q) {
    TicketType t;
    t.id = q.getColumn(0).getInt64();
    t.eventId = q.getColumn(1).getString();
    t.name = q.getColumn(2).getString();
    t.entries = parseEntryPolicy(q.getColumn(3).getString()).value_or(EntryPolicy::Once);
    t.gates = jsonStrings(q.getColumn(4).getString());
    t.validity.days = jsonStrings(q.getColumn(5).getString());
    if (!q.getColumn(6).isNull()) t.validity.dailyStartMinute = q.getColumn(6).getInt();
    if (!q.getColumn(7).isNull()) t.validity.dailyEndMinute = q.getColumn(7).getInt();
    t.validity.from = optionalTime(q.getColumn(8));
    t.validity.until = optionalTime(q.getColumn(9));
    t.colour = q.getColumn(10).getString();
    t.isDefault = q.getColumn(11).getInt() != 0;
    return t;
}

void bindType(SQLite::Statement& q, const TicketType& t) {
    q.bind(":event", t.eventId);
    q.bind(":name", t.name);
    q.bind(":entries", toString(t.entries));
    q.bind(":gates", nlohmann::json(t.gates).dump());
    q.bind(":days", nlohmann::json(t.validity.days).dump());
    bindOptional(q, q.getIndex(":dstart"), t.validity.dailyStartMinute);
    bindOptional(q, q.getIndex(":dend"), t.validity.dailyEndMinute);
    bindOptional(q, q.getIndex(":from"), t.validity.from);
    bindOptional(q, q.getIndex(":until"), t.validity.until);
    q.bind(":colour", t.colour);
    q.bind(":def", t.isDefault ? 1 : 0);
}

// The one INSERT of an event row (replicas get theirs through ReplicaWriter).
void insertEvent(SQLite::Database& db, const Event& e) {
    SQLite::Statement q(db, "INSERT INTO events(id, name, venue, starts_at, ends_at, time_zone, public_key, created_at, "
                            "end_grace_minutes) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, e.id);
    q.bind(2, e.name);
    q.bind(3, e.venue);
    bindOptional(q, 4, e.startsAt);
    bindOptional(q, 5, e.endsAt);
    q.bind(6, e.timeZone);
    q.bind(7, e.publicKeyHex);
    q.bind(8, static_cast<std::int64_t>(e.createdAt));
    q.bind(9, e.endGraceMinutes);
    q.exec();
}
}  // namespace

std::optional<Error> validateEventDraft(const EventDraft& d) {
    auto blank = d.name.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank) return Error{"invalid_event", "The event needs a name."};
    if (d.name.size() > 200) return Error{"invalid_event", "The event name is longer than 200 characters."};
    if (!isKnownTimeZone(d.timeZone))
        return Error{"invalid_event", "Unknown time zone '" + d.timeZone + "' (use a name like Europe/Berlin)."};
    if (d.startsAt && d.endsAt && *d.endsAt < *d.startsAt)
        return Error{"invalid_event", "The event ends before it starts."};
    if (d.endGraceMinutes < 0 || d.endGraceMinutes > kMaxEndGraceMinutes)
        return Error{"invalid_event", "The gates can stay open between 0 and " + std::to_string(kMaxEndGraceMinutes) +
                                          " minutes (7 days) after the end."};
    return std::nullopt;
}

std::optional<Error> validateTicketType(const TicketType& t) {
    if (t.name.find_first_not_of(" \t") == std::string::npos)
        return Error{"invalid_type", "The ticket type needs a name."};
    for (const auto& day : t.validity.days)
        if (!isLocalDate(day)) return Error{"invalid_type", "'" + day + "' is not a date (YYYY-MM-DD)."};
    const auto& v = t.validity;
    if (v.dailyStartMinute.has_value() != v.dailyEndMinute.has_value())
        return Error{"invalid_type", "A daily window needs both a start and an end time."};
    for (auto m : {v.dailyStartMinute, v.dailyEndMinute})
        if (m && (*m < 0 || *m > 1440)) return Error{"invalid_type", "Daily times must be between 00:00 and 24:00."};
    if (v.from && v.until && *v.until <= *v.from)
        return Error{"invalid_type", "The validity window ends before it starts."};
    for (const auto& g : t.gates)
        if (g.empty()) return Error{"invalid_type", "A gate name cannot be empty."};
    return std::nullopt;
}

EventCatalog::EventCatalog(Database& db, const Clock& clock) : m_db(db), m_clock(clock) {}

Result<Event> EventCatalog::create(const EventDraft& draft, KeyStore& keys) {
    if (auto err = validateEventDraft(draft)) return *err;
    Event e;
    e.name = draft.name;
    e.venue = draft.venue;
    e.startsAt = draft.startsAt;
    e.endsAt = draft.endsAt;
    e.timeZone = draft.timeZone.empty() ? "UTC" : draft.timeZone;
    e.endGraceMinutes = draft.endGraceMinutes;
    e.createdAt = m_clock.nowMs();
    const auto eventKeys = EventKeys::generate();
    e.publicKeyHex = toHex(eventKeys.publicKey);

    auto& db = m_db.sql();
    WriteTransaction tx(m_db);
    for (int attempt = 0;; ++attempt) {
        e.id = randomId(8);
        SQLite::Statement exists(db, "SELECT 1 FROM events WHERE id = ?");
        exists.bind(1, e.id);
        if (!exists.executeStep()) break;
        if (attempt > 20) return Error{"internal", "Could not find a free event id."};
    }
    // The key file is written first: an event row without its key could never issue tickets.
    if (auto saved = keys.save(e.id, eventKeys); !saved) return saved.error();

    insertEvent(db, e);

    TicketType general;
    general.eventId = e.id;
    general.name = "General";
    general.isDefault = true;
    SQLite::Statement typeIns(db,
                              "INSERT INTO ticket_types(event_id, name, entries, gates, valid_days, daily_start, "
                              "daily_end, valid_from, valid_until, colour, is_default) VALUES(:event, :name, "
                              ":entries, :gates, :days, :dstart, :dend, :from, :until, :colour, :def)");
    bindType(typeIns, general);
    typeIns.exec();

    SQLite::Statement audit(db, "INSERT INTO audit(at, action, detail) VALUES(?, 'event_create', ?)");
    audit.bind(1, static_cast<std::int64_t>(e.createdAt));
    audit.bind(2, e.id + " " + e.name);
    audit.exec();
    tx.commit();
    setCurrentEvent(e.id);
    return e;
}

Status EventCatalog::update(const std::string& eventId, const EventDraft& draft) {
    if (auto err = validateEventDraft(draft)) return *err;
    WriteTransaction tx(m_db);
    SQLite::Statement q(m_db.sql(),
                        "UPDATE events SET name = ?, venue = ?, starts_at = ?, ends_at = ?, time_zone = ?, "
                        "end_grace_minutes = ? WHERE id = ?");
    q.bind(1, draft.name);
    q.bind(2, draft.venue);
    bindOptional(q, 3, draft.startsAt);
    bindOptional(q, 4, draft.endsAt);
    q.bind(5, draft.timeZone);
    q.bind(6, draft.endGraceMinutes);
    q.bind(7, eventId);
    if (q.exec() == 0) return Error{"not_found", "No event " + eventId + "."};
    tx.commit();
    return success();
}

std::vector<Event> EventCatalog::list() {
    std::vector<Event> out;
    SQLite::Statement q(m_db.sql(), std::string("SELECT ") + kEventColumns + " FROM events ORDER BY created_at, id");
    while (q.executeStep()) out.push_back(readEvent(q));
    return out;
}

std::optional<Event> EventCatalog::find(const std::string& eventId) {
    SQLite::Statement q(m_db.sql(), std::string("SELECT ") + kEventColumns + " FROM events WHERE id = ?");
    q.bind(1, eventId);
    if (!q.executeStep()) return std::nullopt;
    return readEvent(q);
}

std::vector<TicketType> EventCatalog::types(const std::string& eventId) {
    std::vector<TicketType> out;
    SQLite::Statement q(m_db.sql(), std::string("SELECT ") + kTypeColumns +
                                        " FROM ticket_types WHERE event_id = ? ORDER BY is_default DESC, id");
    q.bind(1, eventId);
    while (q.executeStep()) out.push_back(readType(q));
    return out;
}

std::optional<TicketType> EventCatalog::findType(const std::string& eventId, const std::string& name) {
    SQLite::Statement q(m_db.sql(), std::string("SELECT ") + kTypeColumns +
                                        " FROM ticket_types WHERE event_id = ? AND name = ? COLLATE NOCASE");
    q.bind(1, eventId);
    q.bind(2, name);
    if (!q.executeStep()) return std::nullopt;
    return readType(q);
}

std::optional<TicketType> EventCatalog::findType(std::int64_t typeId) {
    SQLite::Statement q(m_db.sql(), std::string("SELECT ") + kTypeColumns + " FROM ticket_types WHERE id = ?");
    q.bind(1, static_cast<std::int64_t>(typeId));
    if (!q.executeStep()) return std::nullopt;
    return readType(q);
}

std::optional<TicketType> EventCatalog::defaultType(const std::string& eventId) {
    auto all = types(eventId);
    if (all.empty()) return std::nullopt;
    return all.front();  // ordered default first
}

Result<TicketType> EventCatalog::addType(TicketType type) {
    if (auto err = validateTicketType(type)) return *err;
    if (!find(type.eventId)) return Error{"not_found", "No event " + type.eventId + "."};
    if (findType(type.eventId, type.name))
        return Error{"duplicate_type", "The event already has a ticket type named '" + type.name + "'."};
    WriteTransaction tx(m_db);
    if (type.isDefault) {
        SQLite::Statement clear(m_db.sql(), "UPDATE ticket_types SET is_default = 0 WHERE event_id = ?");
        clear.bind(1, type.eventId);
        clear.exec();
    }
    SQLite::Statement q(m_db.sql(),
                        "INSERT INTO ticket_types(event_id, name, entries, gates, valid_days, daily_start, "
                        "daily_end, valid_from, valid_until, colour, is_default) VALUES(:event, :name, "
                        ":entries, :gates, :days, :dstart, :dend, :from, :until, :colour, :def)");
    bindType(q, type);
    q.exec();
    type.id = m_db.sql().getLastInsertRowid();
    tx.commit();
    return type;
}

Status EventCatalog::updateType(const TicketType& type) {
    if (auto err = validateTicketType(type)) return *err;
    if (auto existing = findType(type.eventId, type.name); existing && existing->id != type.id)
        return Error{"duplicate_type", "The event already has a ticket type named '" + type.name + "'."};
    WriteTransaction tx(m_db);
    if (type.isDefault) {
        SQLite::Statement clear(m_db.sql(), "UPDATE ticket_types SET is_default = 0 WHERE event_id = ?");
        clear.bind(1, type.eventId);
        clear.exec();
    }
    SQLite::Statement q(m_db.sql(),
                        "UPDATE ticket_types SET event_id = :event, name = :name, entries = :entries, gates = :gates, "
                        "valid_days = :days, daily_start = :dstart, daily_end = :dend, valid_from = :from, "
                        "valid_until = :until, colour = :colour, is_default = :def WHERE id = :id");
    bindType(q, type);
    q.bind(":id", static_cast<std::int64_t>(type.id));
    if (q.exec() == 0) return Error{"not_found", "No such ticket type."};
    tx.commit();
    return success();
}

std::optional<std::string> EventCatalog::currentEventId() {
    auto id = m_db.setting("current_event");
    if (!id.empty() && find(id)) return id;
    auto all = list();
    if (all.empty()) return std::nullopt;
    return all.back().id;
}

void EventCatalog::setCurrentEvent(const std::string& eventId) { m_db.storeSettings({{"current_event", eventId}}); }


}  // namespace qrgate

#include "views/event_form.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/base/time_format.hpp"
#include "core/events/type_colours.hpp"
#include "core/events/validity.hpp"
#include "core/events/validity_text.hpp"

namespace qrgate::views {

std::string formatLocalInput(std::optional<TimeMs> t, const std::string& timeZone) {
    if (!t) return "";
    auto l = toLocal(*t, timeZone);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", l.year, l.month, l.day, l.minuteOfDay / 60,
                  l.minuteOfDay % 60);
    return buf;
}

namespace {
std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

// An optional time field: empty is fine; text that is not a time sets `error`.
std::optional<TimeMs> parseOptionalTime(const std::string& text, const std::string& zone, std::string& error) {
    auto t = trim(text);
    if (t.empty()) return std::nullopt;
    auto parsed = parseIsoTime(t, isKnownTimeZone(zone) ? zone : "UTC");
    if (!parsed) error = "Write it as 2026-11-21 18:30.";
    return parsed;
}

std::string toHexColour(const float c[3]) {
    char buf[8];
    auto channel = [](float v) { return static_cast<int>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255)); };
    std::snprintf(buf, sizeof buf, "#%02X%02X%02X", channel(c[0]), channel(c[1]), channel(c[2]));
    return buf;
}

void fromHexColour(const std::string& hex, float out[3]) {
    unsigned r = 46, g = 125, b = 50;
    if (hex.size() == 7 && hex[0] == '#') std::sscanf(hex.c_str() + 1, "%02x%02x%02x", &r, &g, &b);
    out[0] = r / 255.0f;
    out[1] = g / 255.0f;
    out[2] = b / 255.0f;
}
}  // namespace

void EventForm::load(const Event* event, const std::string& defaultZone) {
    if (event) {
        m_id = event->id;
        m_fields = {event->name, event->venue, formatLocalInput(event->startsAt, event->timeZone),
                    formatLocalInput(event->endsAt, event->timeZone), event->timeZone,
                    std::to_string(event->endGraceMinutes)};
    } else {
        m_id.clear();
        m_fields = {"", "", "", "", defaultZone, std::to_string(kDefaultEndGraceMinutes)};
    }
    m_original = m_fields;
}

EventCheck EventForm::check() const {
    EventCheck c;
    EventDraft d;
    d.name = trim(m_fields.name);
    d.venue = trim(m_fields.venue);
    d.timeZone = trim(m_fields.timeZone);
    if (d.name.empty()) c.name = "Give the event a name.";
    if (!isKnownTimeZone(d.timeZone)) c.timeZone = "Unknown time zone; use a name like Europe/Lisbon or UTC.";
    d.startsAt = parseOptionalTime(m_fields.starts, d.timeZone, c.starts);
    d.endsAt = parseOptionalTime(m_fields.ends, d.timeZone, c.ends);
    if (d.startsAt && d.endsAt && *d.endsAt < *d.startsAt) c.ends = "The event ends before it starts.";
    const auto grace = trim(m_fields.graceMinutes);
    if (grace.empty() || grace.size() > 5 || grace.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(grace) > kMaxEndGraceMinutes)
        c.graceMinutes = "Write a number of minutes from 0 to " + std::to_string(kMaxEndGraceMinutes) + " (7 days).";
    else
        d.endGraceMinutes = std::stoi(grace);
    if (c.name.empty() && c.timeZone.empty() && c.starts.empty() && c.ends.empty() && c.graceMinutes.empty()) {
        if (auto e = validateEventDraft(d)) c.general = e->message;
        else c.draft = d;
    }
    return c;
}

bool TypeFields::operator==(const TypeFields& o) const {
    return name == o.name && entries == o.entries && gates == o.gates && days == o.days && daily == o.daily &&
           from == o.from && until == o.until && isDefault == o.isDefault &&
           std::fabs(colour[0] - o.colour[0]) < 1e-4f && std::fabs(colour[1] - o.colour[1]) < 1e-4f &&
           std::fabs(colour[2] - o.colour[2]) < 1e-4f;
}

std::string TypeFields::colourHex() const { return toHexColour(colour); }
void TypeFields::setColourHex(const std::string& hex) { fromHexColour(hex, colour); }

void TypeForm::load(const TicketType* type, const std::string& eventId, const std::string& timeZone,
                    const std::vector<std::string>& takenColours) {
    m_eventId = eventId;
    m_zone = timeZone;
    m_fields = TypeFields{};
    if (type) {
        m_id = type->id;
        m_fields.name = type->name;
        m_fields.entries = static_cast<int>(type->entries);
        std::string gates, days;
        for (const auto& g : type->gates) gates += (gates.empty() ? "" : ", ") + g;
        for (const auto& d : type->validity.days) days += (days.empty() ? "" : ", ") + d;
        m_fields.gates = gates;
        m_fields.days = days;
        if (type->validity.dailyStartMinute && type->validity.dailyEndMinute)
            m_fields.daily = formatDailyWindow(*type->validity.dailyStartMinute, *type->validity.dailyEndMinute);
        m_fields.from = formatLocalInput(type->validity.from, timeZone);
        m_fields.until = formatLocalInput(type->validity.until, timeZone);
        fromHexColour(type->colour, m_fields.colour);
        m_fields.isDefault = type->isDefault;
    } else {
        m_id = 0;
        // A new type takes the first palette colour no other type of the event has, so types
        // stay apart on the verdict screen without the organizer thinking about it.
        std::string pick = typeColourPalette()[1].hex;
        for (const auto& c : typeColourPalette()) {
            bool taken = false;
            for (const auto& t : takenColours) taken = taken || paletteColourName(t) == std::string(c.name);
            if (!taken) {
                pick = c.hex;
                break;
            }
        }
        fromHexColour(pick, m_fields.colour);
    }
    m_original = m_fields;
}

TypeCheck TypeForm::check() const {
    TypeCheck c;
    TicketType t;
    t.id = m_id;
    t.eventId = m_eventId;
    t.name = trim(m_fields.name);
    if (t.name.empty()) c.name = "Give the type a name, e.g. VIP or Day pass.";
    t.entries = static_cast<EntryPolicy>(std::clamp(m_fields.entries, 0, 2));
    t.gates = splitList(m_fields.gates);
    if (auto days = parseDateList(m_fields.days)) t.validity.days = std::move(days).value();
    else c.days = days.error().message;
    if (!trim(m_fields.daily).empty()) {  // an empty field is no daily window
        auto w = parseDailyWindow(m_fields.daily);
        if (!w) {
            c.daily = w.error().message;
        } else {
            t.validity.dailyStartMinute = w->startMinute;
            t.validity.dailyEndMinute = w->endMinute;
        }
    }
    t.validity.from = parseOptionalTime(m_fields.from, m_zone, c.from);
    t.validity.until = parseOptionalTime(m_fields.until, m_zone, c.until);
    if (t.validity.from && t.validity.until && *t.validity.until <= *t.validity.from)
        c.until = "Valid until must come after valid from.";
    t.colour = toHexColour(m_fields.colour);
    t.isDefault = m_fields.isDefault;
    if (c.name.empty() && c.days.empty() && c.daily.empty() && c.from.empty() && c.until.empty()) {
        if (auto e = validateTicketType(t)) c.general = e->message;
        else c.type = t;
    }
    return c;
}

}  // namespace qrgate::views

#include "core/io/json_views.hpp"

#include "core/base/time_format.hpp"
#include "core/events/validity_text.hpp"

namespace qrgate {

using nlohmann::json;

namespace {
json optionalTime(const std::optional<TimeMs>& t, const std::string& tz) {
    return t ? json(formatIsoLocal(*t, tz)) : json(nullptr);
}
}  // namespace

json toJson(const Verdict& v) {
    json j = {{"ok", v.admitted},
              {"status", v.admitted ? "admitted" : "refused"},
              {"message", v.message},
              {"direction", toString(v.direction)},
              {"scannedAt", formatIsoLocal(v.scannedAt, v.eventTimeZone)},
              {"timeZone", v.eventTimeZone},
              {"offline", v.offline}};
    if (!v.admitted) j["reason"] = toCode(v.reason);
    if (!v.checkinId.empty()) j["checkinId"] = v.checkinId;
    if (v.ticket) {
        j["ticket"] = {{"id", v.ticket->id},
                       {"number", formatTicketNumber(v.ticket->number)},
                       {"name", v.ticket->name},
                       {"type", v.ticket->type}};
        if (!v.ticket->typeColour.empty()) j["ticket"]["colour"] = v.ticket->typeColour;
    }
    if (v.firstCheckin)
        j["firstCheckin"] = {{"at", formatIsoLocal(v.firstCheckin->at, v.eventTimeZone)},
                             {"gateId", v.firstCheckin->gateId},
                             {"deviceId", v.firstCheckin->deviceId}};
    return j;
}

json toJson(const Ticket& t, const std::string& tz) {
    return {{"id", t.id},
            {"eventId", t.eventId},
            {"number", formatTicketNumber(t.number)},
            {"name", t.holderName},
            {"email", t.holderEmail},
            {"type", t.typeName},
            {"state", toString(t.state)},
            {"issuedAt", formatIsoLocal(t.issuedAt, tz)},
            {"expiresAt", optionalTime(t.expiresAt, tz)},
            {"entriesUsed", t.entriesUsed},
            {"inside", t.inside}};
}

json toJson(const Event& e) {
    return {{"id", e.id},
            {"name", e.name},
            {"venue", e.venue},
            {"startsAt", optionalTime(e.startsAt, e.timeZone)},
            {"endsAt", optionalTime(e.endsAt, e.timeZone)},
            {"timeZone", e.timeZone},
            {"endGraceMinutes", e.endGraceMinutes},
            {"publicKey", e.publicKeyHex}};
}

json toJson(const TicketType& t, const std::string& tz) {
    json j = {{"id", t.id},
              {"name", t.name},
              {"entries", toString(t.entries)},
              {"gates", t.gates},
              {"days", t.validity.days},
              {"validFrom", optionalTime(t.validity.from, tz)},
              {"validUntil", optionalTime(t.validity.until, tz)},
              {"colour", t.colour},
              {"default", t.isDefault}};
    if (t.validity.dailyStartMinute && t.validity.dailyEndMinute)
        j["daily"] = formatDailyWindow(*t.validity.dailyStartMinute, *t.validity.dailyEndMinute);
    else
        j["daily"] = nullptr;
    return j;
}

json toJson(const Checkin& c, const std::string& tz) {
    json j = {{"id", c.nonce},
              {"ticketId", c.ticketId},
              {"eventId", c.eventId},
              {"gateId", c.gateId},
              {"deviceId", c.deviceId},
              {"direction", toString(c.direction)},
              {"result", toString(c.result)},
              {"scannedAt", formatIsoLocal(c.scannedAt, tz)},
              {"recordedAt", formatIsoLocal(c.recordedAt, tz)},
              {"offline", c.offline},
              {"annulled", !c.annulledBy.empty()}};
    if (c.result == CheckinResult::Refused) j["reason"] = c.reason;
    if (c.result == CheckinResult::Annul) j["annuls"] = c.reason;
    if (!c.annulledBy.empty()) j["annulledBy"] = c.annulledBy;
    if (!c.holderName.empty()) j["name"] = c.holderName;
    return j;
}

std::string stringField(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Verdict verdictFromJson(const json& j, const std::string& fallbackZone) {
    Verdict v;
    if (!j.is_object()) return v;
    v.eventTimeZone = stringField(j, "timeZone").empty() ? fallbackZone : stringField(j, "timeZone");
    v.admitted = j.value("ok", false) == true && stringField(j, "status") == "admitted";
    v.message = stringField(j, "message");
    v.offline = j.value("offline", false) == true;
    v.checkinId = stringField(j, "checkinId");
    if (!v.admitted) v.reason = parseReason(stringField(j, "reason")).value_or(Reason::NotFound);
    v.direction = parseDirection(stringField(j, "direction")).value_or(Direction::Entry);
    if (auto t = parseIsoTime(stringField(j, "scannedAt"), v.eventTimeZone)) v.scannedAt = *t;
    if (auto it = j.find("ticket"); it != j.end() && it->is_object()) {
        TicketSummary t;
        t.id = stringField(*it, "id");
        const std::string number = stringField(*it, "number");
        if (!number.empty() && number.size() < 19 && number.find_first_not_of("0123456789") == std::string::npos)
            t.number = std::stoll(number);
        t.name = stringField(*it, "name");
        t.type = stringField(*it, "type");
        t.typeColour = stringField(*it, "colour");
        v.ticket = t;
    }
    if (auto it = j.find("firstCheckin"); it != j.end() && it->is_object()) {
        FirstCheckin f;
        if (auto t = parseIsoTime(stringField(*it, "at"), v.eventTimeZone)) f.at = *t;
        f.gateId = stringField(*it, "gateId");
        f.deviceId = stringField(*it, "deviceId");
        v.firstCheckin = f;
    }
    return v;
}

std::optional<Checkin> checkinFromJson(const json& j) {
    if (!j.is_object() || stringField(j, "id").empty()) return std::nullopt;
    Checkin c;
    c.nonce = stringField(j, "id");
    c.ticketId = stringField(j, "ticketId");
    c.eventId = stringField(j, "eventId");
    c.gateId = stringField(j, "gateId");
    c.deviceId = stringField(j, "deviceId");
    c.direction = parseDirection(stringField(j, "direction")).value_or(Direction::Entry);
    const std::string result = stringField(j, "result");
    c.result = result == "admitted" ? CheckinResult::Admitted
               : result == "annul"  ? CheckinResult::Annul
                                    : CheckinResult::Refused;
    c.reason = c.result == CheckinResult::Annul ? stringField(j, "annuls") : stringField(j, "reason");
    if (auto t = parseIsoTime(stringField(j, "scannedAt"), "UTC")) c.scannedAt = *t;
    if (auto t = parseIsoTime(stringField(j, "recordedAt"), "UTC")) c.recordedAt = *t;
    c.offline = j.value("offline", false) == true;
    c.annulledBy = stringField(j, "annulledBy");
    c.holderName = stringField(j, "name");
    return c;
}

json toJson(const CheckinStats& s) {
    json gates = json::object();
    for (const auto& [gate, g] : s.perGate)
        gates[gate] = {{"admitted", g.admitted}, {"refused", g.refused}, {"exits", g.exits}};
    return {{"tickets", s.tickets},
            {"void", s.voided},
            {"admitted", s.admitted},
            {"uniqueAdmitted", s.uniqueAdmitted},
            {"exits", s.exits},
            {"refused", s.refused},
            {"refusedByReason", s.refusedByReason},
            {"inside", s.inside},
            {"perGate", gates}};
}

json toJson(const std::vector<IssuedTicket>& issued) {
    json out = json::array();
    for (const auto& it : issued)
        out.push_back({{"id", it.ticket.id},
                       {"number", formatTicketNumber(it.ticket.number)},
                       {"name", it.ticket.holderName},
                       {"email", it.ticket.holderEmail},
                       {"type", it.ticket.typeName},
                       {"qrData", it.qrData}});
    return out;
}

}  // namespace qrgate

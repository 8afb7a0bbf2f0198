// qrgate event create|list, qrgate type add|list
#include <iostream>

#include "app/cli_context.hpp"
#include "core/events/event_catalog.hpp"
#include "core/io/json_views.hpp"
#include "core/tickets/ticket_store.hpp"
#include "core/base/time_format.hpp"
#include "core/events/validity.hpp"
#include "core/events/validity_text.hpp"

namespace qrgate::cli {

namespace {
constexpr const char* kEventHelp = R"(usage:
  qrgate [--data DIR] event create --name N [--venue V] [--starts T] [--ends T] [--tz ZONE]
        [--grace-minutes M]
        creates an event with its signing keys and a default ticket type "General";
        prints the event id. Times: ISO 8601 ("2026-11-21T18:00", "2026-11-21 18:00+01:00");
        without an offset they are read in ZONE (default: this machine's zone).
        Scans later than --ends plus M minutes (default 120, at most 10080) are refused as
        expired, unless the ticket's type has its own --until or --days.
  qrgate [--data DIR] event list [--json]
  qrgate [--data DIR] event use ID     makes ID the current event (the default for other commands)
)";

constexpr const char* kTypeHelp = R"(usage:
  qrgate [--data DIR] type add --event ID --name N [--entries once|reentry|unlimited]
        [--gates G1,G2] [--days YYYY-MM-DD,...] [--daily HH:MM-HH:MM] [--from T] [--until T]
        [--colour #RRGGBB] [--default] [--json]
        --daily may run past midnight (22:00-02:00); --days and --daily are read in the event's zone.
  qrgate [--data DIR] type list [--event ID] [--json]
)";

std::optional<int> parseGraceMinutes(const std::string& text) {
    if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const int minutes = std::stoi(text);
    if (minutes > kMaxEndGraceMinutes) return std::nullopt;
    return minutes;
}

// Reads time options (read in `timeZone` when they carry no offset) into their targets; returns
// the usage message for the first one that is not a time.
std::optional<std::string> readTimes(const Args& args,
                                     std::initializer_list<std::pair<const char*, std::optional<TimeMs>*>> options,
                                     const std::string& timeZone) {
    for (auto [option, target] : options) {
        if (auto text = args.value(option)) {
            auto when = parseIsoTime(*text, timeZone);
            if (!when) return std::string(option) + " '" + *text + "' is not a date and time";
            *target = *when;
        }
    }
    return std::nullopt;
}

int eventCreate(const Context& ctx, const Args& args) {
    EventDraft draft;
    draft.name = args.value("--name").value_or("");
    if (draft.name.empty()) return usage("event create needs --name", "event");
    draft.venue = args.value("--venue").value_or("");
    draft.timeZone = args.value("--tz").value_or(localTimeZoneName());
    if (!isKnownTimeZone(draft.timeZone)) return usage("unknown time zone '" + draft.timeZone + "'", "event");
    if (auto bad = readTimes(args, {{"--starts", &draft.startsAt}, {"--ends", &draft.endsAt}}, draft.timeZone))
        return usage(*bad, "event");
    if (auto grace = args.value("--grace-minutes")) {
        auto minutes = parseGraceMinutes(*grace);
        if (!minutes) return usage("--grace-minutes must be a number of minutes from 0 to 10080", "event");
        draft.endGraceMinutes = *minutes;
    }
    auto opened = ctx.open();
    if (!opened) return kExitFailed;
    auto& [folder, db] = *opened;
    auto keys = folder.keyStore();
    EventCatalog catalog(*db);
    auto event = catalog.create(draft, keys);
    if (!event) return fail(event.error().message);
    if (args.flag("--json"))
        std::cout << toJson(*event).dump() << "\n";
    else
        std::cout << event->id << "\n";
    return kExitOk;
}

int eventList(const Context& ctx, const Args& args) {
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    EventCatalog catalog(*db);
    TicketStore tickets(*db);
    auto events = catalog.list();
    auto current = catalog.currentEventId();
    if (args.flag("--json")) {
        auto arr = nlohmann::json::array();
        for (const auto& e : events) {
            auto j = toJson(e);
            j["tickets"] = tickets.countForEvent(e.id);
            j["current"] = current && *current == e.id;
            arr.push_back(j);
        }
        std::cout << arr.dump(2) << "\n";
        return kExitOk;
    }
    if (events.empty()) {
        std::cout << "No events yet. Create one: qrgate event create --name \"My event\"\n";
        return kExitOk;
    }
    for (const auto& e : events) {
        std::cout << (current && *current == e.id ? "* " : "  ") << e.id << "  " << e.name;
        if (!e.venue.empty()) std::cout << " @ " << e.venue;
        if (e.startsAt) std::cout << "  " << formatIsoLocal(*e.startsAt, e.timeZone);
        std::cout << "  (" << tickets.countForEvent(e.id) << " tickets)\n";
    }
    return kExitOk;
}

int eventUse(const Context& ctx, const Args& args) {
    if (args.positionals().size() != 1) return usage("event use needs one event id", "event");
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    EventCatalog catalog(*db);
    const auto& id = args.positionals()[0];
    if (!catalog.find(id)) return fail("no event " + id);
    catalog.setCurrentEvent(id);
    return kExitOk;
}

int typeAdd(const Context& ctx, const Args& args) {
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    auto eventId = resolveEvent(args, *db);
    if (!eventId) return kExitFailed;
    EventCatalog catalog(*db);
    auto event = catalog.find(*eventId);
    TicketType t;
    t.eventId = *eventId;
    t.name = args.value("--name").value_or("");
    if (t.name.empty()) return usage("type add needs --name", "type");
    if (auto e = args.value("--entries")) {
        auto p = parseEntryPolicy(*e);
        if (!p) return usage("--entries must be once, reentry or unlimited", "type");
        t.entries = *p;
    }
    if (auto g = args.value("--gates")) t.gates = splitList(*g);
    if (auto d = args.value("--days")) {
        auto days = parseDateList(*d);
        if (!days) return usage("--days: " + days.error().message, "type");
        t.validity.days = std::move(days).value();
    }
    if (auto d = args.value("--daily")) {
        auto w = parseDailyWindow(*d);
        if (!w) return usage("--daily: " + w.error().message, "type");
        t.validity.dailyStartMinute = w->startMinute;
        t.validity.dailyEndMinute = w->endMinute;
    }
    if (auto bad = readTimes(args, {{"--from", &t.validity.from}, {"--until", &t.validity.until}}, event->timeZone))
        return usage(*bad, "type");
    if (auto c = args.value("--colour")) t.colour = *c;
    t.isDefault = args.flag("--default");
    auto added = catalog.addType(t);
    if (!added) return fail(added.error().message);
    if (args.flag("--json"))
        std::cout << toJson(*added, event->timeZone).dump() << "\n";
    else
        std::cout << added->id << "\n";
    return kExitOk;
}

int typeList(const Context& ctx, const Args& args) {
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    auto eventId = resolveEvent(args, *db);
    if (!eventId) return kExitFailed;
    EventCatalog catalog(*db);
    auto event = catalog.find(*eventId);
    auto types = catalog.types(*eventId);
    if (args.flag("--json")) {
        auto arr = nlohmann::json::array();
        for (const auto& t : types) arr.push_back(toJson(t, event->timeZone));
        std::cout << arr.dump(2) << "\n";
        return kExitOk;
    }
    for (const auto& t : types) {
        std::cout << t.id << "  " << t.name << "  " << toString(t.entries);
        if (!t.gates.empty()) std::cout << "  gates " << nlohmann::json(t.gates).dump();
        if (t.isDefault) std::cout << "  (default)";
        std::cout << "\n";
    }
    return kExitOk;
}
}  // namespace

int runEventCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    if (tokens.empty()) return usage("event needs a subcommand: create, list or use", "event");
    const std::string sub = tokens[0];
    Args args({tokens.begin() + 1, tokens.end()},
              {{"--name", "--venue", "--starts", "--ends", "--tz", "--grace-minutes"}, {"--json"}});
    if (sub == "--help" || args.flag("--help")) {
        std::cout << kEventHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "event");
    if (sub == "create") return eventCreate(ctx, args);
    if (sub == "list") return eventList(ctx, args);
    if (sub == "use") return eventUse(ctx, args);
    return usage("unknown subcommand 'event " + sub + "'", "event");
}

int runTypeCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    if (tokens.empty()) return usage("type needs a subcommand: add or list", "type");
    const std::string sub = tokens[0];
    Args args({tokens.begin() + 1, tokens.end()},
              {{"--event", "--name", "--entries", "--gates", "--days", "--daily", "--from", "--until", "--colour"},
               {"--json", "--default"}});
    if (sub == "--help" || args.flag("--help")) {
        std::cout << kTypeHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "type");
    if (sub == "add") return typeAdd(ctx, args);
    if (sub == "list") return typeList(ctx, args);
    return usage("unknown subcommand 'type " + sub + "'", "type");
}

}  // namespace qrgate::cli

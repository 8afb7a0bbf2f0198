// qrgate card: the volunteer card (one landscape A4 page, PDF) for the gates of an event.
#include <iostream>

#include "app/cli_context.hpp"
#include "core/base/clock.hpp"
#include "core/events/event_catalog.hpp"
#include "core/paper/volunteer_card.hpp"

namespace qrgate::cli {

namespace {

constexpr const char* kCardHelp = R"(usage:
  qrgate [--data DIR] card --out FILE.pdf [--event ID]
        The volunteer card: one landscape A4 page to pin up at each gate or hand out at the
        briefing. The event's name, what each colour of the kiosk's screen means, how to scan,
        search by name, undo a wrong admission and record an exit, what "offline" means, and a
        line for the supervisor's phone number. --event defaults to the data folder's current
        event. Needs no key file: a gate can print it from its own copy of the event.
)";

}  // namespace

int runCardCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    Args args(tokens, {{"--event", "--out"}, {"--help"}});
    if (args.flag("--help")) {
        std::cout << kCardHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "card");
    if (!args.value("--out")) return usage("card needs --out FILE.pdf", "card");
    auto scope = openEvent(ctx, args);
    if (!scope) return kExitFailed;
    auto event = EventCatalog(*scope->db).find(scope->eventId);
    if (!event) return fail("no event " + scope->eventId);
    const auto out = *args.value("--out");
    if (auto s = renderVolunteerCard(*event, SystemClock::instance().nowMs(), out); !s) return fail(s.error().message);
    std::cout << "Wrote " << out << ": the volunteer card for " << event->name << "\n";
    return kExitOk;
}

}  // namespace qrgate::cli

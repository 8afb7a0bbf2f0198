// qrgate demo: a ready-made event to try the gate with, on a fresh machine.
#include <iostream>

#include "app/cli_context.hpp"
#include "core/events/event_catalog.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "core/base/time_format.hpp"

namespace qrgate::cli {

int runDemoCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    Args args(tokens, {{}, {"--json"}});
    if (args.flag("--help")) {
        std::cout << "usage: qrgate [--data DIR] demo\n"
                     "  creates the event \"qrgate demo\" with a VIP type and five tickets (once per data folder)\n";
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "demo");
    auto opened = ctx.open();
    if (!opened) return kExitFailed;
    auto& [folder, db] = *opened;
    auto keys = folder.keyStore();
    EventCatalog catalog(*db);
    for (const auto& e : catalog.list()) {
        if (e.name == "qrgate demo") {
            std::cout << "The demo event already exists: " << e.id << "\n";
            return kExitOk;
        }
    }
    EventDraft draft{"qrgate demo", "Main hall", std::nullopt, std::nullopt, localTimeZoneName()};
    auto event = catalog.create(draft, keys);
    if (!event) return fail(event.error().message);
    TicketType vip;
    vip.eventId = event->id;
    vip.name = "VIP";
    vip.entries = EntryPolicy::Reentry;
    vip.colour = "#8E24AA";
    if (auto added = catalog.addType(vip); !added) return fail(added.error().message);
    TicketIssuer issuer(*db, keys);
    auto issued = issuer.issueFor(event->id, {{"Ana Lima", "ana@example.org", ""},
                                              {"Bruno Costa", "bruno@example.org", ""},
                                              {"Chen Wei", "", "VIP"},
                                              {"Dana Müller", "dana@example.org", ""},
                                              {"Émile Dubois", "", "VIP"}});
    if (!issued) return fail(issued.error().message);
    std::cout << "Created the demo event " << event->id << " with " << issued->size() << " tickets in "
              << ctx.dataDir.string() << ":\n";
    for (const auto& t : *issued)
        std::cout << "  #" << formatTicketNumber(t.ticket.number) << "  " << t.ticket.holderName << " ("
                  << t.ticket.typeName << ")\n    " << t.qrData << "\n";
    std::cout << "Try: qrgate --data " << ctx.dataDir.string() << " checkin --gate A '" << issued->front().qrData
              << "'\n";
    return kExitOk;
}

}  // namespace qrgate::cli

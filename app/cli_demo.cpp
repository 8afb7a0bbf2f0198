// qrgate demo: a ready-made event to try the gate with, on a fresh machine.
#include <iostream>

#include "app/cli_context.hpp"
#include "core/events/demo_event.hpp"
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
    auto demo = createDemoEvent(*db, keys, localTimeZoneName());
    if (!demo) return fail(demo.error().message);
    if (demo->existed) {
        std::cout << "The demo event already exists: " << demo->event.id << "\n";
        return kExitOk;
    }
    const auto& event = demo->event;
    const auto& issued = demo->tickets;
    std::cout << "Created the demo event " << event.id << " with " << issued.size() << " tickets in "
              << ctx.dataDir.string() << ":\n";
    for (const auto& t : issued)
        std::cout << "  #" << formatTicketNumber(t.ticket.number) << "  " << t.ticket.holderName << " ("
                  << t.ticket.typeName << ")\n    " << t.qrData << "\n";
    std::cout << "Try: qrgate --data " << ctx.dataDir.string() << " checkin --gate A '" << issued.front().qrData
              << "'\n";
    return kExitOk;
}

}  // namespace qrgate::cli

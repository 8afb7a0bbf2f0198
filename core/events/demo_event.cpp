#include "core/events/demo_event.hpp"

#include "core/events/event_catalog.hpp"

namespace qrgate {

Result<DemoEvent> createDemoEvent(Database& db, KeyStore& keys, const std::string& timeZone) {
    EventCatalog catalog(db);
    for (const auto& e : catalog.list())
        if (e.name == kDemoEventName) return DemoEvent{e, {}, true};
    EventDraft draft{kDemoEventName, "Main hall", std::nullopt, std::nullopt, timeZone};
    auto event = catalog.create(draft, keys);
    if (!event) return event.error();
    TicketType vip;
    vip.eventId = event->id;
    vip.name = "VIP";
    vip.entries = EntryPolicy::Reentry;
    vip.colour = "#8E24AA";
    if (auto added = catalog.addType(vip); !added) return added.error();
    auto issued = TicketIssuer(db, keys).issueFor(event->id, {{"Ana Lima", "ana@example.org", ""},
                                                              {"Bruno Costa", "bruno@example.org", ""},
                                                              {"Chen Wei", "", "VIP"},
                                                              {"Dana Müller", "dana@example.org", ""},
                                                              {"Émile Dubois", "", "VIP"}});
    if (!issued) return issued.error();
    return DemoEvent{*event, std::move(*issued), false};
}

}  // namespace qrgate

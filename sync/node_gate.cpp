#include "sync/node_gate.hpp"

#include "core/events/event_catalog.hpp"

namespace qrgate::sync {

std::string NodeGate::timeZoneOf(const std::string& eventId) {
    auto session = m_sessions.acquire();
    auto e = EventCatalog(session.db()).find(eventId);
    return e ? e->timeZone : "UTC";
}

}  // namespace qrgate::sync

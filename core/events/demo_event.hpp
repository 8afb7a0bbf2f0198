#pragma once
// The ready-made event to try qrgate with on a fresh machine: "qrgate demo" with a VIP type
// (re-entry) and five tickets of varied names. `qrgate demo` and the console's first-run guide
// ("Try a demo event") make it the same way.
#include <string>
#include <vector>

#include "core/base/model.hpp"
#include "core/base/result.hpp"
#include "core/store/database.hpp"
#include "core/store/key_store.hpp"
#include "core/tickets/ticket_issuer.hpp"

namespace qrgate {

inline constexpr const char* kDemoEventName = "qrgate demo";

struct DemoEvent {
    Event event;
    std::vector<IssuedTicket> tickets;  // empty when the event existed already
    bool existed = false;               // the folder had a demo event: it is returned, nothing is added
};

// Creates the demo event (it becomes the folder's current event) in `timeZone`, or finds the one
// made before. Errors are the event catalog's and the issuer's.
Result<DemoEvent> createDemoEvent(Database& db, KeyStore& keys, const std::string& timeZone);

}  // namespace qrgate

#pragma once
// Shared by the LAN sync benchmarks: a data folder with an event and tickets, and a node on it.
#include <memory>
#include <string>
#include <vector>

#include "core/tickets/ticket_issuer.hpp"
#include "core_bench_common.hpp"
#include "sync/sync_node.hpp"

namespace qrgate::bench {

struct BenchEvent {
    std::string eventId;
    std::vector<std::string> qr, ids;
};

inline BenchEvent issueTickets(const std::filesystem::path& dir, std::size_t n) {
    auto folder = DataFolder::prepare(dir).value();
    auto db = folder.openDatabase().value();
    auto keys = folder.keyStore();
    BenchEvent e;
    e.eventId = createEvent(*db, keys).id;
    auto issued = TicketIssuer(*db, keys).issueCount(e.eventId, n).value();
    for (auto& t : issued) {
        e.qr.push_back(t.qrData);
        e.ids.push_back(t.ticket.id);
    }
    return e;
}

inline std::string addDevice(const std::filesystem::path& dir, const std::string& name,
                             DeviceRole role = DeviceRole::Gate) {
    auto db = DataFolder::prepare(dir).value().openDatabase().value();
    return DeviceRegistry(*db).add(name, role).value().token;
}

inline std::unique_ptr<sync::SyncNode> startNode(const std::filesystem::path& dir, bool plain,
                                                 std::optional<sync::LeaderSettings> leader = std::nullopt) {
    sync::NodeOptions o;
    o.dataDir = dir;
    o.host = "127.0.0.1";
    o.port = 0;
    o.plainHttp = plain;
    o.leader = std::move(leader);
    return sync::SyncNode::start(o).value();
}

}  // namespace qrgate::bench

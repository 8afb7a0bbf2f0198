// Routes that change who may do what, or what exists: issuing tickets, devices, pairing codes,
// promotion and re-pointing. Plus GET /api/status for the console and kiosk status lines.
#include "core/checkin/conflict_log.hpp"
#include "core/store/data_folder.hpp"
#include "core/io/json_views.hpp"
#include "core/io/ticket_import.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "core/base/time_format.hpp"
#include "sync/api_util.hpp"

namespace qrgate::sync {

using namespace api;

namespace {

constexpr std::size_t kMaxIssue = 10000;

void requireLeader(Call& call, const char* what) {
    if (call.node.currentLink())
        throw ApiError(409, "not_leader", std::string(what) + " happens on the leader, not on a follower.");
}

void issueTickets(Call& call) {
    requireLeader(call, "Issuing tickets");
    const std::string eventId = call.pathPart(1);
    constexpr std::size_t kMaxBody = 2 * 1024 * 1024;
    auto body = bodyObject(call, kMaxBody);
    auto session = call.node.sessions->acquire();
    auto keys = KeyStore(call.node.options.dataDir / "keys");
    TicketIssuer issuer(session.db(), keys);
    Result<std::vector<IssuedTicket>> issued = Error{"", ""};
    auto count = body.find("count");
    auto attendees = body.find("attendees");
    if ((count != body.end()) == (attendees != body.end()))
        throw ApiError(400, "missing_field", "Send either \"count\" or \"attendees\".");
    {
        // Tickets and admissions share the write lock; issuing is one transaction.
        if (count != body.end()) {
            if (!count->is_number_integer() || count->get<std::int64_t>() < 1 ||
                count->get<std::int64_t>() > static_cast<std::int64_t>(kMaxIssue))
                throw ApiError(400, "invalid_field",
                               "\"count\" must be a whole number from 1 to " + std::to_string(kMaxIssue) + ".");
            issued = issuer.issueCount(eventId, count->get<std::size_t>(), optionalString(body, "type").value_or(""));
        } else {
            if (!attendees->is_array() || attendees->empty() || attendees->size() > kMaxIssue)
                throw ApiError(400, "invalid_field",
                               "\"attendees\" must be a list of 1 to " + std::to_string(kMaxIssue) + " people.");
            // Only the JSON's shape is checked here: what makes an attendee acceptable (a name,
            // an email address, a known type, lengths) is the import's rule, as for a CSV file.
            std::vector<AttendeeFields> list;
            list.reserve(attendees->size());
            for (const auto& a : *attendees) {
                if (!a.is_object()) throw ApiError(400, "invalid_field", "Each attendee is an object with a name.");
                list.push_back({optionalString(a, "name", kMaxBody).value_or(""),
                                optionalString(a, "email", kMaxBody).value_or(""),
                                optionalString(a, "type", kMaxBody).value_or("")});
            }
            auto imported = TicketImport(session.db(), keys).importList(eventId, list);
            if (imported.error) issued = *imported.error;
            else issued = std::move(imported.tickets);
        }
    }
    if (!issued) {
        const auto& code = issued.error().code;
        const int status = code == "not_found" || code == "no_event" ? 404 : code == "no_keys" ? 409 : 400;
        throw ApiError(status, code, issued.error().message);
    }
    call.node.notifier->poke();
    sendJson(call.res, 200, toJson(*issued));
}

json deviceJson(const Device& d) {
    json j = {{"id", d.id}, {"name", d.name}, {"role", toString(d.role)}, {"createdAt", formatIsoUtc(d.createdAt)},
              {"lastSeen", d.lastSeen ? json(formatIsoUtc(*d.lastSeen)) : json(nullptr)},
              {"revoked", d.revokedAt.has_value()}};
    return j;
}

void listDevices(Call& call) {
    auto session = call.node.sessions->acquire();
    json out = json::array();
    for (const auto& d : DeviceRegistry(session.db()).list()) out.push_back(deviceJson(d));
    sendJson(call.res, 200, out);
}

void addDevice(Call& call) {
    requireLeader(call, "Adding devices");
    auto body = bodyObject(call, 16 * 1024);
    auto role = parseDeviceRole(optionalString(body, "role").value_or("gate"));
    if (!role) throw ApiError(400, "invalid_field", "\"role\" is \"gate\" or \"admin\".");
    auto session = call.node.sessions->acquire();
    auto added = DeviceRegistry(session.db()).add(requiredString(body, "name", 100), *role);
    if (!added) throw ApiError(400, added.error().code, added.error().message);
    call.node.notifier->poke();
    auto j = deviceJson(added->device);
    j["token"] = added->token;
    sendJson(call.res, 200, j);
}

void revokeDevice(Call& call) {
    requireLeader(call, "Revoking devices");
    auto session = call.node.sessions->acquire();
    auto revoked = DeviceRegistry(session.db()).revoke(call.pathPart(1), call.device->name);
    if (!revoked) throw ApiError(404, revoked.error().code, revoked.error().message);
    call.node.notifier->poke();
    sendJson(call.res, 200, deviceJson(*revoked));
}

void createPairing(Call& call) {
    requireLeader(call, "Pairing");
    json body = call.req.body.empty() ? json::object() : bodyObject(call, 16 * 1024);
    auto role = parseDeviceRole(optionalString(body, "role").value_or("gate"));
    if (!role) throw ApiError(400, "invalid_field", "\"role\" is \"gate\" or \"admin\".");
    int minutes = 10;
    if (auto m = body.find("minutes"); m != body.end()) {
        if (!m->is_number_integer() || m->get<int>() < 1 || m->get<int>() > 24 * 60)
            throw ApiError(400, "invalid_field", "\"minutes\" is from 1 to 1440.");
        minutes = m->get<int>();
    }
    auto session = call.node.sessions->acquire();
    auto code = DeviceRegistry(session.db()).createPairingCode(*role, std::chrono::minutes(minutes));
    if (!code) throw ApiError(400, code.error().code, code.error().message);
    PairingInvite invite{call.node.url, code->code, call.node.tls ? call.node.tls->fingerprint : ""};
    sendJson(call.res, 200,
             {{"code", code->code},
              {"role", toString(code->role)},
              {"expiresAt", formatIsoUtc(code->expiresAt)},
              {"url", call.node.url},
              {"fingerprint", invite.fingerprint},
              {"invite", invite.text()}});
}

json statusJson(SyncNode::Impl& node) {
    json j = {{"nodeId", node.nodeId}, {"url", node.url}, {"fingerprint", node.tls ? node.tls->fingerprint : ""}};
    auto session = node.sessions->acquire();
    if (auto link = node.currentLink()) {
        auto s = link->status();
        j["role"] = "follower";
        j["leader"] = {{"url", s.leaderUrl},          {"state", toString(s.state)},
                       {"fingerprint", s.leaderFingerprint}, {"nodeId", s.leaderNodeId},
                       {"cursor", s.cursor},          {"pendingUploads", s.pendingUploads},
                       {"uploaded", s.uploaded},      {"uploadsRejected", s.uploadsRejected},
                       {"lastError", s.lastError}};
    } else {
        j["role"] = "leader";
    }
    // Offline check-ins this node took in from followers while it was the leader.
    j["uploadsReceived"] = {{"accepted", node.uploadsAccepted.load()}, {"rejected", node.uploadsRejected.load()}};
    j["conflicts"] = ConflictLog(session.db()).count();
    j["latestChange"] = session->feed->latestSeq();
    return j;
}

void status(Call& call) { sendJson(call.res, 200, statusJson(call.node)); }

void promote(Call& call) {
    if (!call.node.currentLink()) throw ApiError(409, "already_leader", "This node is already the leader.");
    auto done = call.node.promote();
    if (!done) throw ApiError(409, done.error().code, done.error().message);
    sendJson(call.res, 200, statusJson(call.node));
}

// Re-points a follower (or a returning old leader) to the current leader.
void repoint(Call& call) {
    auto body = bodyObject(call, 16 * 1024);
    LeaderSettings leader;
    leader.url = requiredString(body, "url", 300);
    leader.token = requiredString(body, "token", 200);
    if (auto fp = optionalString(body, "fingerprint", 200)) {
        auto normalized = normalizeFingerprint(*fp);
        if (!normalized) throw ApiError(400, "invalid_field", "\"fingerprint\" is 64 hex digits (SHA-256).");
        leader.fingerprint = *normalized;
    }
    auto done = call.node.repoint(leader);
    if (!done) throw ApiError(400, done.error().code, done.error().message);
    sendJson(call.res, 200, statusJson(call.node));
}

}  // namespace

namespace api {

void registerAdminRoutes(httplib::Server& server, SyncNode::Impl& node) {
    addRoute(server, node, "POST", R"(/api/events/([^/]+)/tickets)", Access::Admin, issueTickets);
    addRoute(server, node, "GET", "/api/devices", Access::Admin, listDevices);
    addRoute(server, node, "POST", "/api/devices", Access::Admin, addDevice);
    addRoute(server, node, "POST", R"(/api/devices/([^/]+)/revoke)", Access::Admin, revokeDevice);
    addRoute(server, node, "POST", "/api/pairing", Access::Admin, createPairing);
    addRoute(server, node, "GET", "/api/status", Access::Gate, status);
    addRoute(server, node, "POST", "/api/promote", Access::Admin, promote);
    addRoute(server, node, "POST", "/api/leader", Access::Admin, repoint);
}

}  // namespace api

}  // namespace qrgate::sync

// Authentication, error answers and the public routes (/api/health, /api/pair).
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <chrono>
#include <map>

#include "core/base/time_format.hpp"
#include "core/version.hpp"
#include "sync/api_util.hpp"
#include "sync/guarded_server.hpp"

namespace qrgate::sync {

using namespace api;

namespace {

// last_seen is written at most once a minute per device: a write per scan would cost a commit.
void noteSeen(SyncNode::Impl& node, DeviceRegistry& registry, const std::string& deviceId) {
    static std::mutex mutex;
    static std::map<std::string, std::chrono::steady_clock::time_point> lastWritten;
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex);
        auto& last = lastWritten[deviceId];
        if (last.time_since_epoch().count() != 0 && now - last < std::chrono::minutes(1)) return;
        last = now;
    }
    try {
        registry.touch(deviceId);
    } catch (const std::exception&) {
        // busy: it is only a "last seen" time
    }
}

std::optional<Device> authenticate(Call& call, Access access) {
    auto& node = call.node;
    const auto& ip = call.req.remote_addr;
    std::string header = call.req.get_header_value("Authorization");
    std::string token;
    if (header.size() > 7 && (header.rfind("Bearer ", 0) == 0 || header.rfind("bearer ", 0) == 0)) {
        token = header.substr(7);
        while (!token.empty() && token.back() == ' ') token.pop_back();
        while (!token.empty() && token.front() == ' ') token.erase(token.begin());
    }
    if (token.empty()) {
        if (!node.authFailures.take(ip)) throw ApiError(429, "too_many_requests", "Too many failed attempts; wait a minute.");
        throw ApiError(401, "unauthorized", "This needs a device token: Authorization: Bearer <token>.");
    }
    auto session = node.sessions->acquire();
    DeviceRegistry registry(session.db());
    auto device = registry.authenticate(token);
    if (!device) {
        if (!node.authFailures.take(ip)) throw ApiError(429, "too_many_requests", "Too many failed attempts; wait a minute.");
        throw ApiError(401, device.error().code, device.error().message);
    }
    markCurrentConnectionAuthenticated();  // a paired device: its connection is no longer evictable
    if (access == Access::Admin && device->role != DeviceRole::Admin)
        throw ApiError(403, "forbidden",
                       "This needs an admin token (made with 'qrgate device add --name N --role admin').");
    noteSeen(node, registry, device->id);
    return *device;
}

void health(Call& call) {
    // "time": this node's clock, so a follower's `qrgate doctor` can tell how far apart they are.
    json body = {{"ok", true},
                 {"version", kVersion},
                 {"nodeId", call.node.nodeId},
                 {"time", formatIsoUtc(SystemClock::instance().nowMs())}};
    if (auto link = call.node.currentLink()) {
        body["role"] = "follower";
        body["leader"] = {{"url", link->status().leaderUrl}, {"state", toString(link->status().state)}};
    } else {
        body["role"] = "leader";
    }
    sendJson(call.res, 200, body);
}

void pair(Call& call) {
    auto& node = call.node;
    const auto& ip = call.req.remote_addr;
    if (!node.pairingAttempts.allows(ip))
        throw ApiError(429, "too_many_requests", "Too many pairing attempts from this address; wait a minute.");
    if (node.currentLink())
        throw ApiError(409, "not_leader", "Pair with the leader, not with a follower.");
    auto body = bodyObject(call, 16 * 1024);
    const auto code = requiredString(body, "code", 64);
    const auto name = requiredString(body, "deviceName", 100);
    auto session = node.sessions->acquire();
    auto paired = DeviceRegistry(session.db()).redeemPairingCode(code, name);
    if (!paired) {
        node.pairingAttempts.take(ip);
        const int status = paired.error().code == "invalid_name" ? 400 : 403;
        throw ApiError(status, paired.error().code, paired.error().message);
    }
    node.notifier->poke();
    sendJson(call.res, 200,
             {{"token", paired->token},
              {"deviceId", paired->device.id},
              {"role", toString(paired->device.role)},
              {"nodeId", node.nodeId},
              {"url", node.url},
              {"fingerprint", node.tls ? node.tls->fingerprint : ""}});
}

}  // namespace

namespace api {

void addRoute(httplib::Server& server, SyncNode::Impl& node, const std::string& method, const std::string& pattern,
              Access access, Handler handler) {
    auto wrapped = [&node, access, handler](const httplib::Request& req, httplib::Response& res) {
        Call call{req, res, node, std::nullopt};
        try {
            if (access != Access::Public) call.device = authenticate(call, access);
            handler(call);
        } catch (const ApiError& e) {
            sendError(res, e.status, e.code, e.what());
        } catch (const SQLite::Exception& e) {
            // The node's own storage failed: nothing was recorded, and it is not the caller's
            // fault. 503 tells a client (a follower, a kiosk) to treat it as a node problem.
            node.log(std::string("storage error in ") + req.method + " " + req.path + ": " + e.what());
            if (e.getErrorCode() == SQLITE_FULL)
                sendError(res, 503, "disk_full",
                          "This node's disk is full: nothing was recorded. Free space in its data folder.");
            else
                sendError(res, 503, "storage_error",
                          std::string("This node cannot use its database: ") + e.what() + ". Nothing was recorded.");
        } catch (const std::exception& e) {
            node.log(std::string("error in ") + req.method + " " + req.path + ": " + e.what());
            sendError(res, 500, "internal_error", std::string("The node could not complete this: ") + e.what());
        }
    };
    if (method == "GET")
        server.Get(pattern, wrapped);
    else
        server.Post(pattern, wrapped);
}

}  // namespace api

void registerRoutes(httplib::Server& server, SyncNode::Impl& node) {
    addRoute(server, node, "GET", "/api/health", Access::Public, health);
    addRoute(server, node, "POST", "/api/pair", Access::Public, pair);
    registerScanRoutes(server, node);
    registerAdminRoutes(server, node);

    // Whatever httplib answers by itself (no route, body too large, bad request line) still
    // gets the contract's JSON error shape.
    server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        switch (res.status) {
            case 404: sendError(res, 404, "not_found", "No such route."); break;
            case 413: sendError(res, 413, "payload_too_large", "The request body is too large."); break;
            case 400: sendError(res, 400, "bad_request", "The request could not be read."); break;
            default: sendError(res, res.status, "http_" + std::to_string(res.status), "The request failed."); break;
        }
    });
}

}  // namespace qrgate::sync

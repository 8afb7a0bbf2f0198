#pragma once
// Request parsing and error answers shared by the HTTP routes (internal to sync/).
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/replica/device_registry.hpp"
#include "sync/node_impl.hpp"

namespace qrgate::sync::api {

using nlohmann::json;

// Thrown by a handler to answer with {"error": {"code", "message"}} and this status.
struct ApiError : std::runtime_error {
    int status;
    std::string code;
    ApiError(int s, std::string c, const std::string& message)
        : std::runtime_error(message), status(s), code(std::move(c)) {}
};

// Text from a request (an id in the URL, a field) may be any bytes: invalid UTF-8 is replaced
// (U+FFFD) on the way out rather than failing the answer.
inline void sendJson(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

inline void sendError(httplib::Response& res, int status, const std::string& code, const std::string& message) {
    sendJson(res, status, json{{"error", {{"code", code}, {"message", message}}}});
}

enum class Access { Public, Gate, Admin };

// What a handler gets: the request, the answer to fill, the node, and who is asking.
struct Call {
    const httplib::Request& req;
    httplib::Response& res;
    SyncNode::Impl& node;
    std::optional<Device> device;

    // Rate limits are kept per device (or per address before authentication).
    std::string limiterKey() const { return device ? device->id : req.remote_addr; }
    std::string param(const char* name) const { return req.has_param(name) ? req.get_param_value(name) : ""; }
    std::string pathPart(std::size_t i) const { return i < req.matches.size() ? req.matches[i].str() : ""; }
};

// The body as a JSON object: 413 over `maxBytes`, 400 when it is not JSON or not an object.
json bodyObject(const Call& call, std::size_t maxBytes);
std::string requiredString(const json& body, const char* key, std::size_t maxLength = 200);
std::optional<std::string> optionalString(const json& body, const char* key, std::size_t maxLength = 200);
std::int64_t integerParam(const Call& call, const char* name, std::int64_t fallback, std::int64_t min, std::int64_t max);

}  // namespace qrgate::sync::api

namespace qrgate::sync::api {

using Handler = std::function<void(Call&)>;
// Wraps a handler with authentication (Access), rate limits on failed authentication, and the
// translation of ApiError and unexpected exceptions into JSON error answers.
void addRoute(httplib::Server& server, SyncNode::Impl& node, const std::string& method, const std::string& pattern,
              Access access, Handler handler);

void registerScanRoutes(httplib::Server& server, SyncNode::Impl& node);   // api_scan_routes.cpp
void registerAdminRoutes(httplib::Server& server, SyncNode::Impl& node);  // api_admin_routes.cpp

}  // namespace qrgate::sync::api

#include "sync/api_util.hpp"

namespace qrgate::sync::api {

json bodyObject(const Call& call, std::size_t maxBytes) {
    if (call.req.body.size() > maxBytes)
        throw ApiError(413, "payload_too_large",
                       "The request body is larger than " + std::to_string(maxBytes) + " bytes.");
    json body = json::parse(call.req.body, nullptr, false);
    if (body.is_discarded()) throw ApiError(400, "malformed_json", "The request body is not valid JSON.");
    if (!body.is_object()) throw ApiError(400, "malformed_json", "The request body must be a JSON object.");
    return body;
}

std::optional<std::string> optionalString(const json& body, const char* key, std::size_t maxLength) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) throw ApiError(400, "invalid_field", std::string("\"") + key + "\" must be a string.");
    auto value = it->get<std::string>();
    if (value.size() > maxLength)
        throw ApiError(400, "invalid_field",
                       std::string("\"") + key + "\" is longer than " + std::to_string(maxLength) + " characters.");
    return value;
}

std::string requiredString(const json& body, const char* key, std::size_t maxLength) {
    auto value = optionalString(body, key, maxLength);
    if (!value || value->empty()) throw ApiError(400, "missing_field", std::string("\"") + key + "\" is required.");
    return *value;
}

std::int64_t integerParam(const Call& call, const char* name, std::int64_t fallback, std::int64_t min, std::int64_t max) {
    const std::string text = call.param(name);
    if (text.empty()) return fallback;
    try {
        std::size_t used = 0;
        const long long v = std::stoll(text, &used);
        if (used != text.size() || v < min) throw std::invalid_argument(name);
        return std::min<std::int64_t>(v, max);
    } catch (const std::exception&) {
        throw ApiError(400, "invalid_parameter",
                       std::string(name) + " must be a whole number of at least " + std::to_string(min) + ".");
    }
}

}  // namespace qrgate::sync::api

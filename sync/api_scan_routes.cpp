// The gate's routes: check-in and validate (forwarded by a follower, with the replica as
// fallback), tickets, undo, the change feed, stats, conflicts and offline uploads.
#include "core/checkin/checkin_identity.hpp"
#include "core/checkin/checkin_log.hpp"
#include "core/checkin/conflict_log.hpp"
#include "core/events/event_catalog.hpp"
#include "core/io/json_views.hpp"
#include "core/replica/offline_intake.hpp"
#include "core/tickets/ticket_store.hpp"
#include "core/base/time_format.hpp"
#include "sync/api_util.hpp"

namespace qrgate::sync {

using namespace api;

namespace {

constexpr std::size_t kScanBodyLimit = 16 * 1024;

bool looksLikeGuess(Reason r) {
    return r == Reason::Malformed || r == Reason::InvalidSignature || r == Reason::NotFound || r == Reason::WrongEvent;
}

// Reads the contract's check-in body.
ScanRequest parseScan(const Call& call) {
    auto body = bodyObject(call, kScanBodyLimit);
    ScanRequest r;
    // A ticket staff found by search comes as "ticketId" instead of a code: a manual admission,
    // recorded as such in the name of the device whose token asked.
    auto manual = optionalString(body, "ticketId", 64);
    if (manual && !manual->empty() && !body.contains("qrData")) {
        r.manualTicketId = *manual;
        r.deviceId = call.device->id;
    } else {
        r.qrData = requiredString(body, "qrData", 4096);
        r.deviceId = requiredString(body, "deviceId");
    }
    r.gateId = requiredString(body, "gateId");
    r.eventId = optionalString(body, "eventId").value_or("");
    if (auto it = body.find("direction"); it != body.end()) {
        auto dir = it->is_string() ? parseDirection(it->get<std::string>()) : std::nullopt;
        if (!dir) throw ApiError(400, "invalid_field", "\"direction\" is \"entry\" or \"exit\".");
        r.direction = *dir;
    }
    if (auto n = optionalString(body, "nonce", 128)) {
        if (!CheckinEngine::isValidNonce(*n))
            throw ApiError(400, "invalid_field", "\"nonce\" must be 1-128 printable characters without spaces.");
        r.nonce = *n;
    }
    if (auto it = body.find("scannedAt"); it != body.end() && !it->is_null()) {
        if (it->is_number_integer() && it->get<std::int64_t>() > 0) {
            r.scannedAt = it->get<std::int64_t>();
        } else if (it->is_string()) {
            r.scannedAt = parseIsoTime(it->get<std::string>(), "UTC");
            if (!r.scannedAt) throw ApiError(400, "invalid_field", "\"scannedAt\" is not an ISO 8601 time.");
        } else {
            throw ApiError(400, "invalid_field", "\"scannedAt\" must be an ISO 8601 time or milliseconds.");
        }
    }
    return r;
}

void checkGuessBudget(Call& call) {
    if (!call.node.codeGuesses.allows(call.limiterKey()))
        throw ApiError(429, "too_many_requests",
                       "Too many unreadable, forged or unknown codes from this device; wait a moment.");
}

// The gate's decision as the API's answer: the verdict, or the gate's failure as an error.
void answer(Call& call, const GateDecision& d) {
    if (d.failure) throw ApiError(d.failure->httpStatus, d.failure->code, d.failure->message);
    if (!d.verdict->admitted && looksLikeGuess(d.verdict->reason)) call.node.codeGuesses.take(call.limiterKey());
    sendJson(call.res, 200, toJson(*d.verdict));
}

void checkin(Call& call) {
    checkGuessBudget(call);
    answer(call, call.node.decider->checkin(parseScan(call)));
}

void validate(Call& call) {
    checkGuessBudget(call);
    answer(call, call.node.decider->validate(parseScan(call)));
}

std::string zoneOf(Database& db, const std::string& eventId) {
    auto e = EventCatalog(db).find(eventId);
    return e ? e->timeZone : "UTC";
}

void ticket(Call& call) {
    auto session = call.node.sessions->acquire();
    auto t = TicketStore(session.db()).find(call.pathPart(1));
    if (!t) throw ApiError(404, "not_found", "No ticket " + call.pathPart(1) + ".");
    auto j = toJson(*t, zoneOf(session.db(), t->eventId));
    if (t->entryAt)
        j["entry"] = {{"at", formatIsoLocal(*t->entryAt, zoneOf(session.db(), t->eventId))},
                      {"gateId", t->entryGate},
                      {"deviceId", t->entryDevice}};
    sendJson(call.res, 200, j);
}

void annul(Call& call) {
    json body = call.req.body.empty() ? json::object() : bodyObject(call, kScanBodyLimit);
    auto undo = call.node.decider->annul(call.pathPart(1), optionalString(body, "gateId").value_or(""),
                                         optionalString(body, "deviceId").value_or(""));
    if (undo.failure) throw ApiError(undo.failure->httpStatus, undo.failure->code, undo.failure->message);
    if (undo.refusal)
        throw ApiError(undo.refusal->code == "not_found" ? 404 : 409, undo.refusal->code, undo.refusal->message);
    sendJson(call.res, 200, toJson(*undo.undone, undo.timeZone));
}

void changes(Call& call) {
    const auto since = integerParam(call, "since", 0, 0, INT64_MAX);
    const auto wait = integerParam(call, "wait", 0, 0, 30);
    const auto limit = integerParam(call, "limit", 2000, 1, 10000);
    auto& node = call.node;
    ChangePage page;
    {
        auto session = node.sessions->acquire();
        page = session->feed->read(since, static_cast<std::size_t>(limit));
    }
    if (page.changes.empty() && page.next == since && wait > 0) {
        // Long poll: hold the request (no database connection held) until something changes.
        if (node.notifier->waitBeyond(since, std::chrono::seconds(wait))) {
            auto session = node.sessions->acquire();
            page = session->feed->read(since, static_cast<std::size_t>(limit));
        }
    }
    sendJson(call.res, 200,
             {{"nodeId", node.nodeId},
              {"since", page.since},
              {"next", page.next},
              {"latest", page.latest},
              {"more", page.more},
              {"changes", std::move(page.changes)}});
}

void stats(Call& call) {
    auto session = call.node.sessions->acquire();
    EventCatalog catalog(session.db());
    std::string eventId = call.param("event");
    if (eventId.empty()) eventId = catalog.currentEventId().value_or("");
    if (eventId.empty()) throw ApiError(400, "missing_parameter", "Name the event: /api/stats?event=ID.");
    if (!catalog.find(eventId)) throw ApiError(404, "not_found", "No event " + eventId + ".");
    auto j = toJson(CheckinLog(session.db()).stats(eventId));
    j["eventId"] = eventId;
    j["conflicts"] = ConflictLog(session.db()).count(eventId);
    sendJson(call.res, 200, j);
}

void conflicts(Call& call) {
    auto session = call.node.sessions->acquire();
    const std::string eventId = call.param("event");
    if (!eventId.empty() && !EventCatalog(session.db()).find(eventId))
        throw ApiError(404, "not_found", "No event " + eventId + ".");
    json out = json::array();
    for (const auto& c : ConflictLog(session.db()).list(eventId)) out.push_back(toJson(c, zoneOf(session.db(), c.eventId)));
    sendJson(call.res, 200, out);
}

void upload(Call& call) {
    if (call.node.currentLink()) throw ApiError(409, "not_leader", "Upload offline check-ins to the leader.");
    auto body = bodyObject(call, 1024 * 1024);
    auto it = body.find("checkins");
    if (it == body.end() || !it->is_array()) throw ApiError(400, "missing_field", "\"checkins\" (an array) is required.");
    if (it->size() > 1000) throw ApiError(413, "payload_too_large", "At most 1000 check-ins per upload.");
    std::vector<UploadedScan> scans;
    std::vector<std::pair<std::string, bool>> nonces;  // (nonce, readable)
    for (const auto& item : *it) {
        auto scan = UploadedScan::fromJson(item);
        const auto nonce = item.is_object() ? item.find("nonce") : item.end();
        nonces.emplace_back(item.is_object() && nonce != item.end() && nonce->is_string() ? nonce->get<std::string>() : "",
                            scan.has_value());
        if (scan) scans.push_back(std::move(*scan));
    }
    auto session = call.node.sessions->acquire();
    auto outcomes = OfflineIntake(session.db()).record(scans, call.device->id);
    call.node.notifier->poke();
    json results = json::array();
    std::size_t k = 0;
    std::size_t conflicts = 0, rejected = 0;
    for (const auto& [nonce, readable] : nonces) {
        json r = {{"nonce", nonce}};
        if (!readable) {
            r["status"] = "rejected";
            r["reason"] = "malformed_item";
            r["message"] = "The item is not an offline check-in (nonce, scanned_at, direction, result).";
        } else {
            const auto& outcome = outcomes[k++];
            r["status"] = toString(outcome.outcome);
            if (outcome.outcome == IntakeOutcome::Rejected) {
                r["reason"] = outcome.reason;
                r["message"] = outcome.message;
            }
            conflicts += outcome.outcome == IntakeOutcome::Conflict;
        }
        rejected += r["status"] == "rejected";
        results.push_back(std::move(r));
    }
    if (conflicts) call.node.log(std::to_string(conflicts) + " conflict(s) in offline check-ins from " + call.device->name);
    if (rejected)
        call.node.log(std::to_string(rejected) + " offline check-in(s) from " + call.device->name +
                      " rejected (unproven, unknown or not theirs)");
    call.node.uploadsAccepted += static_cast<std::int64_t>(nonces.size() - rejected);
    call.node.uploadsRejected += static_cast<std::int64_t>(rejected);
    sendJson(call.res, 200, {{"results", results}});
}

}  // namespace

namespace api {

void registerScanRoutes(httplib::Server& server, SyncNode::Impl& node) {
    addRoute(server, node, "POST", "/api/checkin", Access::Gate, checkin);
    addRoute(server, node, "POST", "/api/validate", Access::Gate, validate);
    addRoute(server, node, "GET", R"(/api/tickets/([^/]+))", Access::Gate, ticket);
    addRoute(server, node, "POST", R"(/api/checkins/([^/]+)/annul)", Access::Gate, annul);
    addRoute(server, node, "GET", "/api/changes", Access::Gate, changes);
    addRoute(server, node, "GET", "/api/stats", Access::Gate, stats);
    addRoute(server, node, "GET", "/api/conflicts", Access::Gate, conflicts);
    addRoute(server, node, "POST", "/api/sync/upload", Access::Gate, upload);
}

}  // namespace api

}  // namespace qrgate::sync

#include "sync/gate_decider.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "core/checkin/checkin_identity.hpp"
#include "core/events/event_catalog.hpp"
#include "core/io/json_views.hpp"
#include "sync/follower_link.hpp"

namespace qrgate::sync {

using nlohmann::json;

GateFailure storageFailure(const std::exception& e) {
    const auto* sql = dynamic_cast<const SQLite::Exception*>(&e);
    if (sql && sql->getErrorCode() == SQLITE_FULL)
        return {GateFailure::Kind::DiskFull, "disk_full",
                "This gate's disk is full, so it cannot record scans. Free space on this computer (its data "
                "folder), then scan again.",
                503};
    return {GateFailure::Kind::StorageError, "storage_error",
            std::string("This gate cannot use its database (") + e.what() +
                "). Scan again; if it goes on, restart qrgate or use another gate.",
            503};
}

// ---------------------------------------------------------------- EngineGate

EngineGate::EngineGate(Database& db)
    : m_db(db), m_online(db), m_offline(db, SystemClock::instance(), EngineOptions{true}) {}
EngineGate::~EngineGate() = default;

CheckinEngine& EngineGate::engineFor(const ScanRequest& request) { return request.offline ? m_offline : m_online; }

Verdict EngineGate::admit(const ScanRequest& request) { return engineFor(request).admit(request); }

Verdict EngineGate::validate(const ScanRequest& request) { return engineFor(request).validate(request); }

Result<Checkin> EngineGate::annul(const std::string& checkinId, const std::string& gateId, const std::string& deviceId) {
    return m_online.annul(checkinId, gateId, deviceId);
}

std::string EngineGate::timeZoneOf(const std::string& eventId) {
    auto e = EventCatalog(m_db).find(eventId);
    return e ? e->timeZone : "UTC";
}

// ---------------------------------------------------------------- GateDecider

namespace {

json forwardBody(const ScanRequest& r) {
    json body = {{"deviceId", r.deviceId},
                 {"gateId", r.gateId},
                 {"direction", toString(r.direction)},
                 {"nonce", r.nonce},
                 {"scannedAt", *r.scannedAt}};
    if (r.manualTicketId.empty())
        body["qrData"] = r.qrData;
    else
        body["ticketId"] = r.manualTicketId;
    if (!r.eventId.empty()) body["eventId"] = r.eventId;
    return body;
}

GateFailure tokenRefused() {
    return {GateFailure::Kind::TokenRefused, "gate_unauthorized",
            "The leader no longer accepts this gate (its token was revoked, or belongs to another leader), so "
            "this gate has stopped checking tickets. Pair it again from the organizer's console (Gates).",
            503};
}

// The leader answered, but not with a verdict: its error, in its words.
GateFailure leaderRefused(const HttpAnswer& answer) {
    const Error error = answer.apiError("leader_error");
    return {GateFailure::Kind::LeaderRefused, error.code,
            "The leader did not take this scan (HTTP " + std::to_string(answer.status) + ")" +
                (error.message.empty() ? "." : ": " + error.message),
            answer.status};
}

}  // namespace

GateDecider::GateDecider(LocalGate& local, LinkSource link) : m_local(local), m_link(std::move(link)) {}

template <class F>
GateDecision GateDecider::locally(F&& decideHere) {
    try {
        return {decideHere(), std::nullopt};
    } catch (const std::exception& e) {
        return {std::nullopt, storageFailure(e)};
    }
}

GateDecision GateDecider::checkin(ScanRequest request) { return decide(std::move(request), true); }

GateDecision GateDecider::validate(ScanRequest request) { return decide(std::move(request), false); }

GateDecision GateDecider::decide(ScanRequest request, bool record) {
    auto link = m_link ? m_link() : nullptr;
    auto here = [&] { return record ? m_local.admit(request) : m_local.validate(request); };
    if (!link) return locally(here);
    if (link->state() == LinkState::Unauthorized) return {std::nullopt, tokenRefused()};

    // The forward and, if it comes to that, the replica record one scan: same nonce, same time.
    if (request.nonce.empty()) request.nonce = makeRequestNonce();
    if (!request.scannedAt) request.scannedAt = SystemClock::instance().nowMs();
    if (auto answer = link->forward(record ? "/api/checkin" : "/api/validate", forwardBody(request).dump())) {
        if (answer->status == 401) return {std::nullopt, tokenRefused()};
        if (answer->status != 200) return {std::nullopt, leaderRefused(*answer)};
        auto j = json::parse(answer->body, nullptr, false);
        if (j.is_object() && j.contains("status")) {
            const std::string zone = j.contains("timeZone") ? "UTC" : m_local.timeZoneOf(request.eventId);
            return {verdictFromJson(j, zone), std::nullopt};
        }
        // An answer that is not a verdict is no answer: the replica decides (same nonce).
    } else if (link->state() == LinkState::Unauthorized) {
        return {std::nullopt, tokenRefused()};
    }
    request.offline = true;
    auto decided = locally(here);
    if (decided.verdict) decided.verdict->offline = true;
    if (record) link->uploadSoon();
    return decided;
}

GateUndo GateDecider::annul(const std::string& checkinId, const std::string& gateId, const std::string& deviceId) {
    GateUndo undo;
    auto link = m_link ? m_link() : nullptr;
    if (!link) {
        try {
            auto done = m_local.annul(checkinId, gateId, deviceId);
            if (!done) {
                undo.refusal = done.error();
            } else {
                undo.timeZone = m_local.timeZoneOf(done->eventId);
                undo.undone = std::move(*done);
            }
        } catch (const std::exception& e) {
            undo.failure = storageFailure(e);
        }
        return undo;
    }
    // The leader owns the admission: an undo is its decision, and there is no undo without it.
    if (link->state() == LinkState::Unauthorized) {
        undo.failure = tokenRefused();
        return undo;
    }
    auto answer = link->forward("/api/checkins/" + checkinId + "/annul",
                                json{{"gateId", gateId}, {"deviceId", deviceId}}.dump());
    if (!answer) {
        undo.failure = GateFailure{GateFailure::Kind::LeaderRefused, "leader_unreachable",
                                   "The leader is unreachable; undo it when it is back.", 409};
        return undo;
    }
    if (answer->status == 401) {
        undo.failure = tokenRefused();
        return undo;
    }
    if (answer->status == 404 || answer->status == 409) {
        undo.refusal = answer->apiError(answer->status == 404 ? "not_found" : "not_annullable");
        if (undo.refusal->message.empty()) undo.refusal->message = "The leader did not undo it.";
        return undo;
    }
    auto undone = answer->status == 200 ? checkinFromJson(json::parse(answer->body, nullptr, false)) : std::nullopt;
    if (!undone) {
        undo.failure = leaderRefused(*answer);
        return undo;
    }
    undo.timeZone = m_local.timeZoneOf(undone->eventId);
    undo.undone = std::move(undone);
    return undo;
}

}  // namespace qrgate::sync

#pragma once
// A node's own decisions (internal to sync/): admissions through the node's AdmissionQueue (group
// commit), looks and undos on a leased database session.
#include "sync/admission_queue.hpp"
#include "sync/db_sessions.hpp"
#include "sync/gate_decider.hpp"

namespace qrgate::sync {

class NodeGate final : public LocalGate {
public:
    NodeGate(AdmissionQueue& admissions, SessionPool& sessions, std::function<void()> changed)
        : m_admissions(admissions), m_sessions(sessions), m_changed(std::move(changed)) {}

    Verdict admit(const ScanRequest& request) override { return m_admissions.admit(request); }

    Verdict validate(const ScanRequest& request) override {
        auto session = m_sessions.acquire();
        if (!request.offline) return session->engine->validate(request);
        // Offline, the replica may recognise a genuine ticket sold after the last sync.
        return CheckinEngine(session.db(), SystemClock::instance(), EngineOptions{true}).validate(request);
    }

    Result<Checkin> annul(const std::string& checkinId, const std::string& gateId,
                          const std::string& deviceId) override {
        auto session = m_sessions.acquire();
        auto done = session->engine->annul(checkinId, gateId, deviceId);
        if (done && m_changed) m_changed();
        return done;
    }

    std::string timeZoneOf(const std::string& eventId) override;

private:
    AdmissionQueue& m_admissions;
    SessionPool& m_sessions;
    std::function<void()> m_changed;  // wakes the change feed
};

}  // namespace qrgate::sync

#include "views/kiosk_flow.hpp"

#include <algorithm>

namespace qrgate::views {

void KioskFlow::configure(KioskMode mode, int verdictMs) {
    m_mode = mode;
    m_verdictSeconds = std::clamp(verdictMs, 500, 10000) / 1000.0;
}

FlowAction KioskFlow::onScan(const IncomingScan& scan, double) {
    if (m_phase == KioskPhase::Deciding || m_phase == KioskPhase::Confirming) return {};
    m_phase = KioskPhase::Deciding;
    m_inFlight = scan.id;
    FlowAction a;
    a.kind = m_mode == KioskMode::Auto ? FlowAction::Kind::Admit : FlowAction::Kind::Validate;
    a.scanId = scan.id;
    a.code = scan.text;
    return a;
}

FlowAction KioskFlow::onManual(long long scanId, const std::string& ticketId, double) {
    if (m_phase == KioskPhase::Deciding) return {};
    m_phase = KioskPhase::Deciding;
    m_inFlight = scanId;
    FlowAction a;
    a.kind = m_mode == KioskMode::Auto ? FlowAction::Kind::AdmitTicket : FlowAction::Kind::ValidateTicket;
    a.scanId = scanId;
    a.ticketId = ticketId;
    return a;
}

void KioskFlow::onVerdict(const IncomingVerdict& v, double now) {
    if (m_phase != KioskPhase::Deciding || v.scanId != m_inFlight) return;
    m_current = v;
    m_shownAt = now;
    if (v.problem) {  // no verdict: the problem stays on screen until staff dismiss or retry
        m_phase = KioskPhase::Verdict;
        m_newlyShown = true;
        return;
    }
    if (v.validation && v.verdict.admitted) {
        m_phase = KioskPhase::Confirming;
        return;
    }
    m_phase = KioskPhase::Verdict;
    m_newlyShown = true;
    if (v.verdict.admitted && !v.validation && !v.verdict.checkinId.empty()) {
        m_lastAdmission = v.verdict.checkinId;
        m_lastAdmittedName = v.verdict.ticket ? v.verdict.ticket->name : "";
    }
}

FlowAction KioskFlow::confirm(double) {
    if (m_phase != KioskPhase::Confirming || !m_current) return {};
    FlowAction a;
    a.scanId = m_current->scanId;
    if (!m_current->ticketId.empty()) {
        a.kind = FlowAction::Kind::AdmitTicket;
        a.ticketId = m_current->ticketId;
    } else {
        a.kind = FlowAction::Kind::Admit;
        a.code = m_current->code;
    }
    m_phase = KioskPhase::Deciding;
    m_inFlight = a.scanId;
    return a;
}

void KioskFlow::dismiss() {
    if (m_phase == KioskPhase::Verdict || m_phase == KioskPhase::Confirming) {
        m_phase = KioskPhase::Scanning;
        m_current.reset();
    }
}

void KioskFlow::tick(double now) {
    // Auto mode clears the verdict by itself; confirm mode too, except a ticket waiting for
    // Confirm, which stays until staff decide.
    if (m_phase == KioskPhase::Verdict && now - m_shownAt >= m_verdictSeconds && !(m_current && m_current->problem))
        dismiss();
}

FlowAction KioskFlow::retry(double) {
    if (m_phase != KioskPhase::Verdict || !m_current || !m_current->problem) return {};
    FlowAction a;
    a.scanId = m_current->scanId;
    const bool look = m_current->validation;
    if (!m_current->ticketId.empty()) {
        a.kind = look ? FlowAction::Kind::ValidateTicket : FlowAction::Kind::AdmitTicket;
        a.ticketId = m_current->ticketId;
    } else {
        a.kind = look ? FlowAction::Kind::Validate : FlowAction::Kind::Admit;
        a.code = m_current->code;
    }
    m_phase = KioskPhase::Deciding;
    m_inFlight = a.scanId;
    return a;
}

float KioskFlow::verdictElapsed(double now) const {
    if (m_phase != KioskPhase::Verdict || (m_current && m_current->problem)) return 0;
    return static_cast<float>(std::clamp((now - m_shownAt) / m_verdictSeconds, 0.0, 1.0));
}

bool KioskFlow::takeNewlyShown(IncomingVerdict& out) {
    if (!m_newlyShown || !m_current) return false;
    m_newlyShown = false;
    out = *m_current;
    return true;
}

}  // namespace qrgate::views

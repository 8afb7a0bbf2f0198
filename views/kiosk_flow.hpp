#pragma once
// The gate's rhythm, without drawing: scanning -> deciding -> verdict -> scanning again after a
// set time (auto mode), or scanning -> checking the ticket -> Confirm / Scan next (confirm mode).
// Pure logic with the time passed in, so the tests step through it without a window.
#include <optional>
#include <string>

#include "core/base/verdict.hpp"
#include "views/kiosk_state.hpp"

namespace qrgate::views {

enum class KioskPhase {
    Scanning,    // waiting for a code
    Deciding,    // asked the engine, no answer yet
    Confirming,  // confirm mode: the ticket is good; admit on Confirm, or scan next
    Verdict,     // the verdict fills the screen
};

struct FlowAction {
    enum class Kind { None, Admit, Validate, AdmitTicket, ValidateTicket } kind = Kind::None;
    long long scanId = 0;
    std::string code;
    std::string ticketId;
};

class KioskFlow {
public:
    void configure(KioskMode mode, int verdictMs);
    KioskMode mode() const { return m_mode; }

    // A code from the camera or the scanner. Accepted while scanning or showing a verdict (the
    // next person need not wait for the screen to clear); ignored while deciding or confirming.
    FlowAction onScan(const IncomingScan& scan, double now);
    // Staff picked a ticket in the manual search.
    FlowAction onManual(long long scanId, const std::string& ticketId, double now);
    // The engine's answer for the scan in flight (stale answers are ignored).
    void onVerdict(const IncomingVerdict& v, double now);
    // Confirm (button or Enter): record the admission of the ticket being checked.
    FlowAction confirm(double now);
    // Scan next / Esc: back to scanning.
    void dismiss();
    // A gate problem on screen: decide the same scan again (the code is kept until dismissed).
    FlowAction retry(double now);
    void tick(double now);

    KioskPhase phase() const { return m_phase; }
    const std::optional<IncomingVerdict>& current() const { return m_current; }
    // 0..1 of the verdict's display time used (for the countdown bar).
    float verdictElapsed(double now) const;
    // The check-in id of the last admission still undoable, or empty.
    const std::string& lastAdmission() const { return m_lastAdmission; }
    std::string lastAdmittedName() const { return m_lastAdmittedName; }
    void admissionUndone() {
        m_lastAdmission.clear();
        m_lastAdmittedName.clear();
    }
    // A verdict became visible that the app has not been told about yet (sound, timings).
    bool takeNewlyShown(IncomingVerdict& out);

private:
    KioskMode m_mode = KioskMode::Auto;
    double m_verdictSeconds = 2.0;
    KioskPhase m_phase = KioskPhase::Scanning;
    long long m_inFlight = 0;
    std::optional<IncomingVerdict> m_current;
    double m_shownAt = 0;
    std::string m_lastAdmission, m_lastAdmittedName;
    bool m_newlyShown = false;
};

}  // namespace qrgate::views

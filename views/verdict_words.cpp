#include "views/verdict_words.hpp"

namespace qrgate::views {

VerdictKind kindOf(const Verdict& v) {
    if (v.admitted) return v.direction == Direction::Exit ? VerdictKind::Exit : VerdictKind::Admitted;
    if (v.reason == Reason::AlreadyUsed) return VerdictKind::AlreadyUsed;
    return VerdictKind::Refused;
}

const char* headline(VerdictKind kind) {
    switch (kind) {
        case VerdictKind::Admitted: return "ADMITTED";
        case VerdictKind::Exit: return "EXIT OK";
        case VerdictKind::AlreadyUsed: return "ALREADY USED";
        case VerdictKind::Refused: return "REFUSED";
        case VerdictKind::GateProblem: return "GATE PROBLEM";
    }
    return "";
}

const char* reasonTitle(Reason r) {
    switch (r) {
        case Reason::None: return "";
        case Reason::Malformed: return "Not a qrgate ticket";
        case Reason::InvalidSignature: return "Forged or altered code";
        case Reason::WrongEvent: return "Ticket for another event";
        case Reason::NotFound: return "Unknown ticket";
        case Reason::Void: return "Ticket cancelled (void)";
        case Reason::NotYetValid: return "Not valid yet";
        case Reason::Expired: return "Ticket expired";
        case Reason::WrongGate: return "Wrong gate for this ticket";
        case Reason::AlreadyUsed: return "Already used";
        case Reason::NotInside: return "Not inside: no entry to exit from";
    }
    return "";
}

std::string reasonTitle(std::string_view code) {
    if (auto r = parseReason(code)) return reasonTitle(*r);
    return std::string(code);
}

const char* reasonAdvice(Reason r) {
    switch (r) {
        case Reason::Malformed: return "This code is not a ticket. Ask for the ticket QR code.";
        case Reason::InvalidSignature: return "The code was changed or forged. Call a supervisor.";
        case Reason::WrongEvent: return "This ticket is for a different event.";
        case Reason::NotFound: return "The ticket is not in this gate's list. Search by name or call a supervisor.";
        case Reason::Void: return "The organizer cancelled this ticket. Send the holder to the box office.";
        case Reason::NotYetValid: return "Too early for this ticket.";
        case Reason::Expired: return "This ticket is no longer valid.";
        case Reason::WrongGate: return "Send the holder to a gate their ticket type allows.";
        case Reason::AlreadyUsed: return "This ticket was already used to get in.";
        case Reason::NotInside: return "This ticket has no entry to leave from.";
        case Reason::None: return "";
    }
    return "";
}

}  // namespace qrgate::views

#pragma once
// Verdicts and refusal reasons in plain words, for gate staff and the organizer's screens.
#include <string>
#include <string_view>

#include "core/base/verdict.hpp"

namespace qrgate::views {

// GateProblem: the gate could not decide (its database, its token): no verdict on the person.
enum class VerdictKind { Admitted, Exit, AlreadyUsed, Refused, GateProblem };

VerdictKind kindOf(const Verdict& v);
// "ADMITTED", "EXIT OK", "ALREADY USED", "REFUSED", "GATE PROBLEM"
const char* headline(VerdictKind kind);
// "Unknown ticket", "Ticket is void", ... ("" for none)
const char* reasonTitle(Reason reason);
std::string reasonTitle(std::string_view code);
// One sentence telling staff what to do.
const char* reasonAdvice(Reason reason);

}  // namespace qrgate::views

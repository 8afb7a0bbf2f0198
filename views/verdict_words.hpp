#pragma once
// Verdicts and refusal reasons in plain words, for gate staff and the organizer's screens.
#include <string>
#include <string_view>
#include <vector>

#include "core/base/verdict.hpp"
#include "core/checkin/verdict_signals.hpp"

namespace qrgate::views {

// The kinds and their words live in core (core/checkin/verdict_signals.hpp): the volunteer card
// prints the same words.
using VerdictKind = qrgate::VerdictKind;

VerdictKind kindOf(const Verdict& v);
// "ADMITTED", "EXIT OK", "ALREADY USED", "REFUSED", "GATE PROBLEM"
const char* headline(VerdictKind kind);
// "Unknown ticket", "Ticket is void", ... ("" for none)
const char* reasonTitle(Reason reason);
std::string reasonTitle(std::string_view code);
// "First used at 18:02 at gate South": the time in the event's zone and the gate's name, as
// staff call it; never the device (the computer's name) that recorded it.
std::string firstUseText(const FirstCheckin& first, const std::string& zone);
// Confirm mode's button for a ticket checked and waiting: "Admit", or "Record exit" for an exit.
const char* confirmAction(Direction direction);
// One sentence telling staff what to do (it does not say again what the title says).
const char* reasonAdvice(Reason reason);

// What the kiosk says under the verdict word of a refusal (already_used included), each thing
// once: the reason's title, the gate's own finding when it adds something (the engine's message
// with the parts that repeat the headline or the title left out), and what to do now.
struct RefusalWords {
    std::string title;     // "Ticket for another event"; "" for already_used (its headline says it)
    std::string detail;    // "Was valid until 21 Nov 23:00."; "" when the message adds nothing
    std::string whatToDo;  // "Ask for their ticket to this event."
};
RefusalWords refusalWords(const Verdict& v);

// True when `a` and `b` say the same thing: after dropping small words, the words of one are all
// in the other, or most of them are shared ("This ticket is for another event." repeats "Ticket
// for another event").
bool repeatsSentence(std::string_view a, std::string_view b);
// `text` cut into its sentences and clauses (at '.', ';' and ':' followed by a space or the end).
std::vector<std::string> sentencesOf(std::string_view text);

}  // namespace qrgate::views

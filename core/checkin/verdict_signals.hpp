#pragma once
// What a gate shows for each kind of verdict: its word and its colour, in one table read by the
// kiosk (views/verdict_words, views/theme) and by the volunteer card on paper (core/paper), so
// the card always says what the screen says.
#include <cstdint>

namespace qrgate {

// GateProblem: the gate could not decide (its database, its token): no verdict on the person.
enum class VerdictKind { Admitted, Exit, AlreadyUsed, Refused, GateProblem };

struct SignalColour {
    std::uint8_t r, g, b;
};

struct VerdictSignal {
    VerdictKind kind;
    const char* headline;    // the word filling the kiosk's screen: "ADMITTED"
    SignalColour colour;     // the screen's background
    bool darkInk;            // black words on it (amber) rather than white
    const char* colourName;  // "Green", as staff say it
    const char* staffAction; // what the volunteer does, in a few words: "Let them in."
};

inline constexpr VerdictSignal kVerdictSignals[] = {
    {VerdictKind::Admitted, "ADMITTED", {27, 140, 62}, false, "Green", "Let them in."},
    {VerdictKind::Exit, "EXIT OK", {30, 100, 190}, false, "Blue", "Their exit is recorded; let them out."},
    {VerdictKind::AlreadyUsed, "ALREADY USED", {230, 145, 0}, true, "Amber",
     "Do not let them in. The screen says when and at which gate the ticket was first used; if they say it is "
     "their first entry, call a supervisor."},
    {VerdictKind::Refused, "REFUSED", {200, 36, 36}, false, "Red",
     "Do not let them in. Do what the screen says under the reason."},
    {VerdictKind::GateProblem, "GATE PROBLEM", {72, 62, 118}, false, "Violet",
     "This computer cannot check tickets right now; it is not the attendee's fault. Press Try again, or send "
     "them to another gate and call a supervisor."},
};

constexpr const VerdictSignal& verdictSignal(VerdictKind kind) { return kVerdictSignals[static_cast<int>(kind)]; }

}  // namespace qrgate

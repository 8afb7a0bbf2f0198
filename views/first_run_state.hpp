#pragma once
// The console's getting started guide: what the app knows of each step, owned by the app and
// changed on the UI thread (worker results arrive through the UiQueue). The guide's view
// (views/first_run_view) draws it and asks for the steps through FirstRunCommands.
#include <cstdint>
#include <string>

namespace qrgate::views {

enum class GuideStep { Event = 0, Attendees = 1, DryRun = 2 };
inline constexpr int kGuideSteps = 3;
enum class StepMark { Open, Done, Skipped };

// A line saying how something went, in the colour of its outcome.
struct GuideLine {
    enum class Tone { Plain, Good, Warn, Bad };
    std::string text;
    Tone tone = Tone::Plain;
    bool empty() const { return text.empty(); }
};

struct FirstRunState {
    bool open = false;     // the guide is over the console
    bool offered = false;  // it opened by itself once, on a data folder without events
    GuideStep step = GuideStep::Event;
    StepMark marks[kGuideSteps] = {StepMark::Open, StepMark::Open, StepMark::Open};

    // Step 1: "Try a demo event" runs; an event made by the form arrives in ConsoleState::events.
    bool makingDemo = false;
    GuideLine eventLine;

    // Step 3: the test ticket, a real ticket of the current event held by "Test ticket".
    bool makingTestTicket = false;
    std::string testTicketId;
    std::int64_t testTicketNumber = 0;
    std::string testTicketEventId;
    GuideLine testTicketLine;  // why there is none (no key file, ...)

    // a. on paper: saved as PDF or sent to a printer
    std::string pdfSuggestion;  // ~/Documents/qrgate-test-ticket.pdf, set with the test ticket
    bool paperBusy = false;
    bool paperDone = false;
    GuideLine paperLine;
    // b. by email (through the Email screen's settings)
    bool mailConfigured = false;  // a server and a sender are saved (read with the test ticket)
    bool mailBusy = false;
    bool mailDone = false;
    GuideLine mailLine;
    // c. at a gate: a kiosk child process scanning it, and what the check-in log says of it
    bool hasCamera = false;   // a capture device was found (then "--camera 0" is offered)
    bool kioskRunning = false;
    bool kioskStarting = false;
    GuideLine kioskLine;      // the kiosk could not start, or it ended
    GuideLine scanLine;       // "Admitted at 18:02 at Test gate" (Good) or the refusal (Bad/Warn)
    bool admitted = false;

    // Finish: the test ticket is voided.
    bool finishing = false;
    bool finished = false;
    GuideLine finishLine;  // "The test ticket can no longer get anyone in."

    StepMark mark(GuideStep s) const { return marks[static_cast<int>(s)]; }
    void setMark(GuideStep s, StepMark m) { marks[static_cast<int>(s)] = m; }
};

}  // namespace qrgate::views

#pragma once
// The getting started guide: a centred panel over the console, opened by itself on a data
// folder without events and from Help > Getting started guide. Three steps with their progress -
// create the first event (the event form's draft and time zone picker, or the demo event), add
// attendees (Import a CSV... or Issue N tickets), and a dry run on a test ticket (on paper, by
// email, scanned at a kiosk window) - then Finish voids the test ticket and shows the Dashboard.
// It draws ConsoleState::firstRun and asks through ConsoleCommands and FirstRunCommands; it holds
// only its drafts (the event form, N, the PDF path, the address).
#include <string>

#include "views/console_commands.hpp"
#include "views/console_state.hpp"
#include "views/event_form.hpp"
#include "views/time_zone_picker.hpp"

namespace qrgate::views {

class FirstRunView {
public:
    FirstRunView();
    // Draws the guide when state.firstRun.open.
    void draw(ConsoleState& state, ConsoleCommands& commands);
    // Opens it at the first step not done yet (Help > Getting started guide).
    static void open(ConsoleState& state);

    // For GUI scripts and tests: what the buttons do, carried out at the next draw, as a click.
    enum class Press { None, CreateEvent, Demo, Restore, Next, SkipStep, Back, Issue, ImportCsv, SavePdf, Print,
                       Email, SetUpEmail, KioskCamera, KioskPicture, Finish, Close };
    void press(Press p) { m_pressed = p; }
    // guide-open, guide-close, guide-event NAME|STARTS|ENDS|ZONE, guide-create, guide-demo, guide-restore,
    // guide-next, guide-skip-step, guide-issue N, guide-pdf PATH, guide-email ADDRESS,
    // guide-kiosk camera|picture, guide-finish. False when `line` is none of them.
    bool scriptCommand(const std::string& line, ConsoleState& state);

    EventForm& eventForm() { return m_form; }
    void setIssueCount(int n) { m_issueCount = n; }
    void setPdfPath(const std::string& path) { m_pdfPath = path; }
    void setEmail(const std::string& to) { m_email = to; }

    // Whether a step's main button can be pressed now (the view's tests check these).
    static bool canGoOn(const ConsoleState& state);
    bool canCreateEvent() const { return m_form.canSave(); }
    bool canIssue(const ConsoleState& state) const;
    static bool haveTestTicket(const ConsoleState& state);

private:
    void drawHeader(ConsoleState& state, float width);
    void drawEventStep(ConsoleState& state, ConsoleCommands& commands, FirstRunCommands* guide);
    void drawAttendeesStep(ConsoleState& state, ConsoleCommands& commands);
    void drawDryRunStep(ConsoleState& state, ConsoleCommands& commands, FirstRunCommands* guide);
    void drawFooter(ConsoleState& state, FirstRunCommands* guide);
    bool pressed(Press p, bool button);  // the button was clicked, or a script pressed it

    EventForm m_form;
    TimeZonePicker m_zonePicker;
    int m_issueCount = 10;
    std::string m_issueType;  // empty: the event's default type
    std::string m_pdfPath;
    std::string m_email;
    std::string m_printer;
    bool m_usePicture = false;
    GuideStep m_shownStep = GuideStep::Event;  // the step whose first frame was drawn
    bool m_stepEntered = false;
    Press m_pressed = Press::None;
};

}  // namespace qrgate::views

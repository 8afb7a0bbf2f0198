#pragma once
// What the getting started guide asks of the app beyond the console's own commands (creating an
// event and issuing tickets are ConsoleCommands). The app runs them on workers and answers in
// ConsoleState::firstRun; tests implement them with a recorder.
#include <string>

namespace qrgate::views {

class FirstRunCommands {
public:
    virtual ~FirstRunCommands() = default;

    // Step 1: the demo event with its types and tickets, made the current event.
    virtual void createDemoEvent() = 0;
    // Step 3: issues the current event's test ticket (once: a second call keeps the first).
    virtual void makeTestTicket() = 0;
    // The test ticket's page (the ticket, TEST, a 100 mm ruler) as a PDF at `path`, or printed.
    virtual void saveTestTicket(const std::string& path) = 0;
    virtual void printTestTicket(const std::string& printer) = 0;
    // The test ticket's message through the Email screen's saved settings, to `to`.
    virtual void emailTestTicket(const std::string& to) = 0;
    // A real gate kiosk as a child process: the camera, or (`usePicture`) a folder holding a
    // picture of the test ticket. The guide then watches the check-in log for the test ticket.
    virtual void startTestKiosk(bool usePicture) = 0;
    virtual void stopTestKiosk() = 0;
    // Voids the test ticket and stops the test kiosk.
    virtual void finishGuide() = 0;
};

}  // namespace qrgate::views

#pragma once
// Pieces the Print screen and the ticket detail share: where a file is suggested, the printer
// choice (and why printing is not possible), and the ticket detail's Save PNG / Save PDF / Print.
#include <string>

#include "views/console_commands.hpp"
#include "views/console_state.hpp"

namespace qrgate::views {

// "<folder>/qrgate-<event>-<what>.<ext>": the event's name made into a file name (spaces and
// punctuation as dashes, letters of any script kept).
std::string suggestedPaperPath(const std::string& folder, const std::string& eventName, const std::string& what,
                               const std::string& extension = "pdf");

// Why nothing can be printed now, in one line; empty when a printer can be chosen.
std::string printingProblem(const PrintState& print);

// A combo of the printers (the default marked); picks the default when `printer` names none.
// Returns true when the choice changed.
bool printerCombo(const char* id, const PrintState& print, std::string& printer, float width);

// The selected ticket's Save PNG, Save PDF and Print, each in a small popup.
class TicketPaperActions {
public:
    void draw(const Ticket& ticket, bool haveCode, ConsoleState& state, ConsoleCommands& commands);

private:
    void drawSavePopup(const Ticket& ticket, ConsoleState& state, ConsoleCommands& commands);
    void drawPrintPopup(const Ticket& ticket, ConsoleState& state, ConsoleCommands& commands);

    TicketFile m_kind = TicketFile::Png;
    char m_path[512] = "";
    std::string m_printer;
    int m_copies = 1;
    bool m_openSave = false;
    bool m_openPrint = false;
};

}  // namespace qrgate::views

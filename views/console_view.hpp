#pragma once
// One screen of the admin console. Each screen is a class with draw(); all of them are made in
// one place (console_views.cpp), in navigation order.
#include <memory>
#include <vector>

#include "views/console_commands.hpp"
#include "views/console_state.hpp"

namespace qrgate::views {

class ConsoleView {
public:
    virtual ~ConsoleView() = default;
    virtual const char* id() const = 0;     // stable name: "tickets" (scripts, remembered screen)
    virtual const char* title() const = 0;  // "Tickets"
    virtual const char* icon() const = 0;   // one symbol in the navigation
    // Screens announced for a later release show in the navigation, greyed, with this note.
    virtual const char* comingNote() const { return nullptr; }
    virtual void draw(ConsoleState& state, ConsoleCommands& commands) = 0;
    // Called when the screen becomes visible.
    virtual void onShow(ConsoleState&, ConsoleCommands&) {}
    // A GUI script's line meant for this screen (app/gui_script.hpp); false when it is not one.
    virtual bool scriptCommand(const std::string& /*line*/, ConsoleState&) { return false; }
};

// Every screen of the console, in navigation order.
std::vector<std::unique_ptr<ConsoleView>> makeConsoleViews();

}  // namespace qrgate::views

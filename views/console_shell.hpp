#pragma once
// The admin console's frame: navigation on the left (with the event switcher), the current
// screen, long operations with progress and Cancel, notices. Keyboard: Ctrl+1..9 switch screens,
// Ctrl+Q quits. Help (beside the brand) reopens the getting started guide and says which version runs.
#include <memory>
#include <string>
#include <vector>

#include "views/console_view.hpp"
#include "views/first_run_view.hpp"

namespace qrgate::views {

class ConsoleShell {
public:
    ConsoleShell();
    void draw(ConsoleState& state, ConsoleCommands& commands);

    bool select(const std::string& viewId);
    const std::string& currentId() const { return m_currentId; }
    ConsoleView* find(const std::string& viewId);
    const std::vector<std::unique_ptr<ConsoleView>>& views() const { return m_views; }
    // The getting started guide, drawn over the screens while state.firstRun.open.
    FirstRunView& guide() { return m_guide; }

private:
    void drawSidebar(ConsoleState& state, ConsoleCommands& commands, float width);
    void drawTasks(ConsoleState& state, ConsoleCommands& commands);
    void drawNotices(ConsoleState& state);
    void handleShortcuts(ConsoleState& state, ConsoleCommands& commands);
    // Help beside the brand: "Getting started guide" and "About".
    void drawHelpMenu(ConsoleState& state);

    std::vector<std::unique_ptr<ConsoleView>> m_views;
    std::string m_currentId;
    bool m_showRequested = true;
    FirstRunView m_guide;
    bool m_aboutRequested = false;
};

}  // namespace qrgate::views

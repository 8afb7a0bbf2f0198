#pragma once
// The Settings screen's Health panel: the checks of `qrgate doctor` for this machine, each with a
// coloured status, what was found and how to fix it, and "Run checks". The first time it is drawn
// it asks for a run (on a worker: the checks take up to several seconds).
#include "views/console_commands.hpp"
#include "views/console_state.hpp"

namespace qrgate::views {

void drawHealthPanel(ConsoleState& state, ConsoleCommands& commands);

}  // namespace qrgate::views

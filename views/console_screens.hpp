#pragma once
// Factories of the console's screens; console_views.cpp lists them in navigation order.
#include <memory>

#include "views/console_view.hpp"

namespace qrgate::views {

std::unique_ptr<ConsoleView> makeDashboardView();
std::unique_ptr<ConsoleView> makeEventsView();
std::unique_ptr<ConsoleView> makeTicketsView();
std::unique_ptr<ConsoleView> makeImportView();
std::unique_ptr<ConsoleView> makeCheckinLogView();
std::unique_ptr<ConsoleView> makeGatesView();
std::unique_ptr<ConsoleView> makePrintView();
std::unique_ptr<ConsoleView> makeMailView();
std::unique_ptr<ConsoleView> makeSettingsView();

}  // namespace qrgate::views

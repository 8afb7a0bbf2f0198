// The one place where the console's screens are registered, in navigation order.
#include "views/console_screens.hpp"

namespace qrgate::views {

std::vector<std::unique_ptr<ConsoleView>> makeConsoleViews() {
    std::vector<std::unique_ptr<ConsoleView>> v;
    v.push_back(makeDashboardView());
    v.push_back(makeEventsView());
    v.push_back(makeTicketsView());
    v.push_back(makeImportView());
    v.push_back(makeCheckinLogView());
    v.push_back(makeGatesView());
    v.push_back(makePrintView());
    v.push_back(makeMailView());
    v.push_back(makeSettingsView());
    return v;
}

}  // namespace qrgate::views

// The desktop program's entry points: filled in by the GUI work (issue 4).
#include <iostream>

#include "app/cli_context.hpp"

namespace qrgate::cli {
int runAdminConsole(const Context&, const std::vector<std::string>&) {
    std::cout << "The admin console is not built yet; see 'qrgate --help'.\n";
    return kExitOk;
}
int runKioskCommand(const Context&, const std::vector<std::string>&) {
    return fail("the kiosk is not built yet");
}
}  // namespace qrgate::cli

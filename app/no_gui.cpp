// Built instead of the gui_*.cpp files when QRGATE_BUILD_GUI is off (a headless node).
#include "app/cli_context.hpp"

namespace qrgate::cli {
int runAdminConsole(const Context&, const std::vector<std::string>&) {
    return fail("this qrgate was built without the desktop program (QRGATE_BUILD_GUI=OFF)");
}
int runKioskCommand(const Context&, const std::vector<std::string>&) {
    return fail("this qrgate was built without the desktop program (QRGATE_BUILD_GUI=OFF)");
}
}  // namespace qrgate::cli

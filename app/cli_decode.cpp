// qrgate decode: filled in by the scan pipeline (issue 3).
#include <iostream>

#include "app/cli_context.hpp"

namespace qrgate::cli {
int runDecodeCommand(const Context&, const std::vector<std::string>&) {
    return fail("decode is not available in this build yet");
}
}  // namespace qrgate::cli

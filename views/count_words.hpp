#pragma once
// The console's sentences that carry a count, each noun in the right number ("1 scan shown",
// "Exported 1 scan to ..."), so screens and the notices the app posts say them alike.
#include <cstdint>
#include <string>

namespace qrgate::views {

// The check-in log's line above its table; `capped` when the query's limit was reached.
std::string scansShownText(std::int64_t shown, bool capped);
// The notice after exporting the check-ins as CSV.
std::string exportedScansText(std::int64_t rows, const std::string& path);

}  // namespace qrgate::views

#include "views/count_words.hpp"

#include "core/base/model.hpp"

namespace qrgate::views {

std::string scansShownText(std::int64_t shown, bool capped) {
    std::string text = counted(shown, "scan shown", "scans shown");
    if (capped) text += " (the newest " + withThousands(shown) + "; narrow the filter or export)";
    return text;
}

std::string exportedScansText(std::int64_t rows, const std::string& path) {
    return "Exported " + counted(rows, "scan", "scans") + " to " + path;
}

}  // namespace qrgate::views

#include "core/events/type_colours.hpp"

#include <cctype>

namespace qrgate {

const std::vector<NamedColour>& typeColourPalette() {
    // Hues far apart, each at a lightness where white bold text reads (contrast >= 4.5 : 1 for
    // all but Orange, which is kept because "the orange ones" is what volunteers say).
    static const std::vector<NamedColour> palette = {
        {"Green", "#2E7D32"}, {"Blue", "#1565C0"}, {"Orange", "#E65100"}, {"Purple", "#6A1B9A"},
        {"Red", "#C62828"},   {"Teal", "#00796B"}, {"Pink", "#AD1457"},   {"Brown", "#6D4C41"},
        {"Grey", "#546E7A"},  {"Black", "#212121"},
    };
    return palette;
}

std::optional<std::string> paletteColourName(std::string_view hex) {
    for (const auto& c : typeColourPalette()) {
        std::string_view known(c.hex);
        if (known.size() != hex.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < hex.size() && same; ++i)
            same = std::toupper(static_cast<unsigned char>(hex[i])) == known[i];
        if (same) return std::string(c.name);
    }
    return std::nullopt;
}

}  // namespace qrgate

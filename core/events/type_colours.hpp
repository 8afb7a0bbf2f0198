#pragma once
// The named colours a ticket type is given from (the type's badge on the verdict screen, the
// tickets table, printed tickets). Dark enough for white text, and told apart by name as well as
// by hue, so a colour-blind volunteer can still say "the teal one". A custom #RRGGBB stays possible.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qrgate {

struct NamedColour {
    const char* name;  // "Teal"
    const char* hex;   // "#00796B"
};

const std::vector<NamedColour>& typeColourPalette();
// The palette's name for `hex` (case-insensitive), nullopt for a custom colour.
std::optional<std::string> paletteColourName(std::string_view hex);

}  // namespace qrgate

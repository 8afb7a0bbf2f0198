#pragma once
// A page drawn into pixels (the console's preview of a sheet): RGBA, rows top-down.
#include <cstdint>
#include <vector>

namespace qrgate {

struct PageImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;
};

}  // namespace qrgate

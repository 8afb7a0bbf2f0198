#pragma once
// Files compiled into the program: the fonts.
#include <cstddef>
#include <span>

namespace qrgate::gui {

std::span<const unsigned char> fontRegular();
std::span<const unsigned char> fontBold();

}  // namespace qrgate::gui

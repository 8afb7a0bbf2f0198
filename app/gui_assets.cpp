#include "app/gui_assets.hpp"

// .incbin puts the files' bytes into .rodata at build time: no generated source, no install path.
#define QRGATE_INCBIN(name, file)                                                                   \
    __asm__(".section .rodata\n.global " #name "\n.balign 16\n" #name ":\n.incbin \"" file "\"\n" \
            ".global " #name "_end\n" #name "_end:\n.byte 0\n.previous\n");                          \
    extern "C" const unsigned char name[];                                                         \
    extern "C" const unsigned char name##_end[];

QRGATE_INCBIN(qrgate_font_regular, QRGATE_ASSETS_DIR "/fonts/DejaVuSans.ttf")
QRGATE_INCBIN(qrgate_font_bold, QRGATE_ASSETS_DIR "/fonts/DejaVuSans-Bold.ttf")

namespace qrgate::gui {

std::span<const unsigned char> fontRegular() {
    return {qrgate_font_regular, static_cast<std::size_t>(qrgate_font_regular_end - qrgate_font_regular)};
}
std::span<const unsigned char> fontBold() {
    return {qrgate_font_bold, static_cast<std::size_t>(qrgate_font_bold_end - qrgate_font_bold)};
}

}  // namespace qrgate::gui

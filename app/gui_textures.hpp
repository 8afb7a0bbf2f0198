#pragma once
// OpenGL textures for ImGui::Image: QR codes (libqrencode) and camera frames.
#include <cstdint>
#include <list>
#include <string>
#include <utility>
#include <vector>

#include "views/console_commands.hpp"

namespace qrgate::gui {

class GlTexture {
public:
    GlTexture() = default;
    ~GlTexture();
    GlTexture(GlTexture&& o) noexcept { *this = std::move(o); }
    GlTexture& operator=(GlTexture&& o) noexcept;
    GlTexture(const GlTexture&) = delete;
    GlTexture& operator=(const GlTexture&) = delete;

    // RGBA, rows top-down. Reallocates only when the size changes.
    void upload(const std::uint8_t* rgba, int width, int height, bool smooth);
    // One byte a pixel (ImGui's font atlas) as RGBA white with that alpha, which is what
    // ImGui's RGBA atlas holds, converted a few rows at a time instead of all at once.
    void uploadAlphaAsWhite(const std::uint8_t* alpha, int width, int height);
    views::Texture view() const;
    bool empty() const { return m_id == 0; }

private:
    unsigned m_id = 0;
    int m_width = 0, m_height = 0;
};

// QR codes made on demand, the last few kept.
class QrTextureCache {
public:
    views::Texture get(const std::string& text);

private:
    std::list<std::pair<std::string, GlTexture>> m_items;
};

// The QR code of `text` at error correction M as a square RGBA image with a 4-module quiet
// zone, `modulePixels` per module. Empty when the text does not fit a QR code.
std::vector<std::uint8_t> renderQr(const std::string& text, int modulePixels, int& side);

}  // namespace qrgate::gui

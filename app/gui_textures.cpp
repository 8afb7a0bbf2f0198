#include "app/gui_textures.hpp"

#include <GL/gl.h>
#include <qrencode.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace qrgate::gui {

GlTexture::~GlTexture() {
    if (m_id) glDeleteTextures(1, &m_id);
}

GlTexture& GlTexture::operator=(GlTexture&& o) noexcept {
    if (this != &o) {
        if (m_id) glDeleteTextures(1, &m_id);
        m_id = std::exchange(o.m_id, 0);
        m_width = o.m_width;
        m_height = o.m_height;
    }
    return *this;
}

void GlTexture::upload(const std::uint8_t* rgba, int width, int height, bool smooth) {
    if (!m_id) glGenTextures(1, &m_id);
    glBindTexture(GL_TEXTURE_2D, m_id);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, smooth ? GL_LINEAR : GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, smooth ? GL_LINEAR : GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    if (width != m_width || height != m_height) {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
        m_width = width;
        m_height = height;
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    }
}

// ImGui's own RGBA copy of the kiosk's atlas is 16 MB; freeing a block that large makes glibc
// keep up to twice as much freed memory from then on (it raises its mmap and trim thresholds to
// the largest block freed), so the rows are converted in bands of at most 64 KB. RGBA on the
// GPU side rather than one channel with a swizzle (a quarter of the size): ImGui fills every
// shape from the atlas's white pixel, and Mesa's llvmpipe fills from RGBA with ~9% less CPU.
void GlTexture::uploadAlphaAsWhite(const std::uint8_t* alpha, int width, int height) {
    if (!m_id) glGenTextures(1, &m_id);
    glBindTexture(GL_TEXTURE_2D, m_id);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    m_width = width;
    m_height = height;
    const int bandRows = std::max(1, (64 << 10) / std::max(1, width * 4));
    std::vector<std::uint8_t> band(static_cast<std::size_t>(width) * bandRows * 4, 255);
    for (int y = 0; y < height; y += bandRows) {
        const int rows = std::min(bandRows, height - y);
        const std::uint8_t* source = alpha + static_cast<std::size_t>(y) * width;
        for (std::size_t i = 0; i < static_cast<std::size_t>(width) * rows; ++i) band[i * 4 + 3] = source[i];
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, y, width, rows, GL_RGBA, GL_UNSIGNED_BYTE, band.data());
    }
}

views::Texture GlTexture::view() const {
    return {reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(m_id)), m_width, m_height};
}

std::vector<std::uint8_t> renderQr(const std::string& text, int modulePixels, int& side) {
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    side = 0;
    if (!code) return {};
    const int quiet = 4;
    const int modules = code->width + 2 * quiet;
    side = modules * modulePixels;
    std::vector<std::uint8_t> rgba(static_cast<std::size_t>(side) * side * 4, 255);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if (!(code->data[y * code->width + x] & 1)) continue;
            for (int dy = 0; dy < modulePixels; ++dy) {
                auto* row = &rgba[(static_cast<std::size_t>((y + quiet) * modulePixels + dy) * side +
                                   static_cast<std::size_t>((x + quiet) * modulePixels)) * 4];
                for (int dx = 0; dx < modulePixels; ++dx) {
                    row[dx * 4 + 0] = row[dx * 4 + 1] = row[dx * 4 + 2] = 0;
                }
            }
        }
    }
    return rgba;
}

views::Texture QrTextureCache::get(const std::string& text) {
    for (auto it = m_items.begin(); it != m_items.end(); ++it) {
        if (it->first == text) {
            m_items.splice(m_items.begin(), m_items, it);
            return m_items.front().second.view();
        }
    }
    int side = 0;
    auto pixels = renderQr(text, 6, side);
    if (pixels.empty()) return {};
    GlTexture tex;
    tex.upload(pixels.data(), side, side, false);
    m_items.emplace_front(text, std::move(tex));
    while (m_items.size() > 4) m_items.pop_back();
    return m_items.front().second.view();
}

}  // namespace qrgate::gui

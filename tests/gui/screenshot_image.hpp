#pragma once
// A screenshot read back for pixel rules (stb_image), and the layout checks the console's
// screenshot tests share: horizontal lines in a table, what lies in a strip of the window, a
// printed ruler's length.
#include <stb_image.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <vector>

namespace qrgate::testing {

struct Pixel {
    int r, g, b;
    bool near(Pixel o, int tolerance) const {
        return std::abs(r - o.r) <= tolerance && std::abs(g - o.g) <= tolerance && std::abs(b - o.b) <= tolerance;
    }
};

class Screenshot {
public:
    explicit Screenshot(const std::filesystem::path& file) {
        int n = 0;
        m_data = stbi_load(file.c_str(), &m_w, &m_h, &n, 3);
    }
    ~Screenshot() { stbi_image_free(m_data); }
    Screenshot(const Screenshot&) = delete;
    Screenshot& operator=(const Screenshot&) = delete;
    bool ok() const { return m_data != nullptr; }
    int width() const { return m_w; }
    int height() const { return m_h; }
    Pixel at(int x, int y) const {
        const unsigned char* p = m_data + (static_cast<std::size_t>(y) * m_w + x) * 3;
        return {p[0], p[1], p[2]};
    }
    // Share of the rectangle within `tolerance` of `want`.
    double share(int x0, int y0, int x1, int y1, Pixel want, int tolerance = 6) const {
        long n = 0, all = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x, ++all)
                if (at(x, y).near(want, tolerance)) ++n;
        return all ? static_cast<double>(n) / all : 0;
    }
    int brightPixels(int x0, int y0, int x1, int y1, int level = 170) const {
        int n = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) {
                Pixel c = at(x, y);
                if (c.r > level && c.g > level && c.b > level) ++n;
            }
        return n;
    }
    // The y of every pixel row whose span [x0, x1) is at least 95% `colour`: lines drawn across
    // a table (its row borders), in [y0, y1).
    std::vector<int> horizontalLines(int x0, int x1, int y0, int y1, Pixel colour) const {
        std::vector<int> ys;
        for (int y = y0; y < y1; ++y) {
            int n = 0;
            for (int x = x0; x < x1; ++x)
                if (at(x, y).near(colour, 6)) ++n;
            if (n >= (x1 - x0) * 95 / 100) ys.push_back(y);
        }
        return ys;
    }

private:
    int m_w = 0, m_h = 0;
    unsigned char* m_data = nullptr;
};

// The longest run of dark pixels along any row from `y0` to `y1` (a printed ruler's line).
inline int longestDarkRun(const Screenshot& png, int y0, int y1) {
    int best = 0;
    for (int y = y0; y < y1; ++y) {
        int run = 0;
        for (int x = 0; x < png.width(); ++x) {
            const Pixel p = png.at(x, y);
            if (p.r < 128 && p.g < 128 && p.b < 128) best = std::max(best, ++run);
            else run = 0;
        }
    }
    return best;
}

}  // namespace qrgate::testing

#pragma once
// Drawing on paper with cairo (internal to core/paper: the only header of the area that shows
// cairo and Pango). Units are millimetres from the page's top left corner.
//
// PdfDocument streams a PDF into an OutputFile page by page (cairo writes each finished page and
// keeps only the fonts, which it subsets and embeds once per file). TextPainter shapes text with
// Pango, so Devanagari, Arabic (right to left) and font fallback work, and fits it into a box.
#include <cairo.h>
#include <pango/pangocairo.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/base/result.hpp"
#include "core/paper/page_image.hpp"
#include "core/paper/printer_calibration.hpp"
#include "core/paper/qr_symbol.hpp"
#include "core/paper/sheet_layouts.hpp"
#include "core/store/output_file.hpp"

namespace qrgate::paper {

inline constexpr double kPointsPerMm = 72.0 / 25.4;

struct Rgb {
    double r = 0, g = 0, b = 0;
};
// "#2E7D32" -> its colour; anything else -> `fallback`.
Rgb parseHexColour(const std::string& hex, Rgb fallback = {0.2, 0.2, 0.2});
void setColour(cairo_t* cr, Rgb c);

class PdfDocument {
public:
    // Error: the output file's ("write_failed", "disk_full").
    static Result<std::unique_ptr<PdfDocument>> create(const std::filesystem::path& out, const std::string& title);
    // The same into memory (a ticket attached to an email).
    static std::unique_ptr<PdfDocument> inMemory(const std::string& title);
    ~PdfDocument();

    // Starts a page of `paper`'s size; the context draws in mm, with the printer's calibration
    // undone (see PrinterCalibration). Valid until endPage().
    cairo_t* beginPage(const PaperSize& paper, const PrinterCalibration& calibration = {});
    Status endPage();
    // Writes the end of the file and puts it under its name (or returns the bytes: finishBytes).
    Status finish();
    Result<std::string> finishBytes();

private:
    PdfDocument() = default;
    static cairo_status_t writeChunk(void* closure, const unsigned char* data, unsigned int length);
    Status streamStatus() const;

    std::optional<OutputFile> m_file;
    std::string m_memory;
    bool m_toMemory = false;
    std::optional<Error> m_writeError;
    cairo_surface_t* m_surface = nullptr;
    cairo_t* m_cr = nullptr;
};

enum class Align { Left, Centre, Right };

struct TextStyle {
    double sizePt = 10;
    double minSizePt = 6;  // shrink no further; then wrap, then ellipsise
    int maxLines = 2;
    bool bold = false;
    bool italic = false;
    bool monospace = false;
    Rgb colour{0.1, 0.1, 0.1};
    Align align = Align::Left;

    // A style that may shrink to `shrinkTo` of its size (then wraps, then ellipsises).
    static TextStyle of(double sizePt, bool bold, Rgb colour, Align align, int maxLines, double shrinkTo) {
        TextStyle s;
        s.sizePt = sizePt;
        s.minSizePt = sizePt * shrinkTo;
        s.bold = bold;
        s.colour = colour;
        s.align = align;
        s.maxLines = maxLines;
        return s;
    }
};

// The fonts every page uses: DejaVu Sans for Latin, Greek and Cyrillic, and whatever fontconfig
// finds for other scripts (Noto Sans Devanagari UI, Noto Sans Arabic UI: see docs/paper.md).
inline constexpr const char* kFontFamily = "DejaVu Sans";
inline constexpr const char* kMonoFamily = "DejaVu Sans Mono";

class TextPainter {
public:
    explicit TextPainter(cairo_t* cr);
    ~TextPainter();
    TextPainter(const TextPainter&) = delete;
    TextPainter& operator=(const TextPainter&) = delete;

    // Draws `text` inside `box` (clipped to it: nothing leaves the box): at the style's size if
    // it fits on one line, else shrunk down to minSizePt, else wrapped onto up to maxLines lines,
    // else ellipsised. Returns the height the text took (mm).
    double draw(const std::string& text, const RectMm& box, const TextStyle& style);
    // Width and height of the text on one line at the style's size (mm), unclipped.
    std::pair<double, double> measure(const std::string& text, const TextStyle& style);

private:
    struct Fitted {
        PangoLayout* layout;
        double xOffset;  // from the box's left edge (alignment of a single line)
        double height;
    };
    // Shrinks, wraps and ellipsises `text` on `layout` for the box.
    static Fitted fit(PangoLayout* layout, const std::string& text, const RectMm& box, const TextStyle& style);
    static void setFont(PangoLayout* layout, const TextStyle& style, double sizePt);
    cairo_t* m_cr;
    PangoLayout* m_layout;  // the template: context, resolution, font options
    std::map<std::string, Fitted> m_fitted;
};

// True when the fonts on this machine have a glyph for every character of `text` (with
// fallback), i.e. it prints as letters, not as empty boxes. Shared and thread-safe.
bool fontsCanDraw(const std::string& text);

// The symbol with its quiet zone as a `side` mm square at (x, y), every module a vector square:
// in a PDF as glyphs of a Type 3 font whose glyphs are the runs of 8 modules (see
// paper_canvas.cpp: 25 times faster than paths), on pixels as one path of rectangles, one per run
// of dark modules in a row.
void drawQr(cairo_t* cr, const QrSymbol& symbol, double x, double y, double side);

// `draw` (in mm) into pixels, `widthPx` wide, on white.
PageImage renderPageImage(const PaperSize& paper, int widthPx, const std::function<void(cairo_t*)>& draw);

}  // namespace qrgate::paper

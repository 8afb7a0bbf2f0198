#include "core/paper/paper_canvas.hpp"

#include <cairo-pdf.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/paper/bundled_fonts.hpp"

namespace qrgate::paper {

Rgb parseHexColour(const std::string& hex, Rgb fallback) {
    unsigned r = 0, g = 0, b = 0;
    if (hex.size() != 7 || hex[0] != '#' || std::sscanf(hex.c_str() + 1, "%2x%2x%2x", &r, &g, &b) != 3) return fallback;
    return {r / 255.0, g / 255.0, b / 255.0};
}

void setColour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

// ---- PdfDocument ----

Result<std::unique_ptr<PdfDocument>> PdfDocument::create(const std::filesystem::path& out, const std::string& title) {
    auto file = OutputFile::open(out);
    if (!file) return file.error();
    std::unique_ptr<PdfDocument> doc(new PdfDocument());
    doc->m_file.emplace(std::move(*file));
    // The first page's size is set by beginPage; cairo needs one to start with.
    doc->m_surface = cairo_pdf_surface_create_for_stream(&PdfDocument::writeChunk, doc.get(), 595, 842);
    cairo_pdf_surface_set_metadata(doc->m_surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(doc->m_surface, CAIRO_PDF_METADATA_CREATOR, "qrgate");
    return doc;
}

std::unique_ptr<PdfDocument> PdfDocument::inMemory(const std::string& title) {
    std::unique_ptr<PdfDocument> doc(new PdfDocument());
    doc->m_toMemory = true;
    doc->m_surface = cairo_pdf_surface_create_for_stream(&PdfDocument::writeChunk, doc.get(), 595, 842);
    cairo_pdf_surface_set_metadata(doc->m_surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(doc->m_surface, CAIRO_PDF_METADATA_CREATOR, "qrgate");
    return doc;
}

PdfDocument::~PdfDocument() {
    if (m_cr) cairo_destroy(m_cr);
    if (m_surface) cairo_surface_destroy(m_surface);  // finishes into the stream; the file is then dropped
    if (m_file) m_file->abandon();
}

cairo_status_t PdfDocument::writeChunk(void* closure, const unsigned char* data, unsigned int length) {
    auto* self = static_cast<PdfDocument*>(closure);
    if (self->m_writeError) return CAIRO_STATUS_WRITE_ERROR;
    if (self->m_toMemory) {
        self->m_memory.append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
    }
    if (!self->m_file) return CAIRO_STATUS_WRITE_ERROR;
    if (auto s = self->m_file->write({reinterpret_cast<const char*>(data), length}); !s) {
        self->m_writeError = s.error();
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

Status PdfDocument::streamStatus() const {
    if (m_writeError) return *m_writeError;
    if (m_surface && cairo_surface_status(m_surface) != CAIRO_STATUS_SUCCESS)
        return Error{"render_failed", std::string("Could not draw the PDF: ") +
                                          cairo_status_to_string(cairo_surface_status(m_surface))};
    return success();
}

cairo_t* PdfDocument::beginPage(const PaperSize& paper, const PrinterCalibration& calibration) {
    cairo_pdf_surface_set_size(m_surface, paper.widthMm * kPointsPerMm, paper.heightMm * kPointsPerMm);
    m_cr = cairo_create(m_surface);
    cairo_scale(m_cr, kPointsPerMm, kPointsPerMm);
    if (!calibration.isIdentity()) {
        // The printer puts a mark meant for p at s * p + o; drawing it at (p - o) / s lands it on p.
        cairo_scale(m_cr, 1 / calibration.scaleX, 1 / calibration.scaleY);
        cairo_translate(m_cr, -calibration.offsetXmm, -calibration.offsetYmm);
    }
    return m_cr;
}

Status PdfDocument::endPage() {
    if (m_cr) {
        cairo_show_page(m_cr);
        cairo_destroy(m_cr);
        m_cr = nullptr;
    }
    cairo_surface_flush(m_surface);
    return streamStatus();
}

Status PdfDocument::finish() {
    if (m_cr) {
        cairo_destroy(m_cr);
        m_cr = nullptr;
    }
    cairo_surface_finish(m_surface);
    auto status = streamStatus();
    cairo_surface_destroy(m_surface);
    m_surface = nullptr;
    if (!status) return status;
    if (m_file) {
        auto committed = m_file->commit();
        m_file.reset();
        return committed;
    }
    return success();
}

Result<std::string> PdfDocument::finishBytes() {
    if (auto s = finish(); !s) return s.error();
    return std::move(m_memory);
}

// ---- TextPainter ----

namespace {

PangoContext* threadContext() {
    // Pango's default cairo font map is per thread; so is this context.
    thread_local PangoContext* context = [] {
        (void)useBundledFonts();  // before the thread's font map exists; without them, the system's
        PangoContext* c = pango_font_map_create_context(pango_cairo_font_map_get_default());
        pango_context_set_round_glyph_positions(c, FALSE);
        return c;
    }();
    return context;
}

PangoLayout* createLayout(cairo_t* cr) {
    (void)useBundledFonts();  // pango_cairo_create_layout makes the thread's font map
    return pango_cairo_create_layout(cr);
}

PangoFontDescription* describe(const TextStyle& style, double sizePt) {
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family_static(font, style.monospace ? kMonoFamily : kFontFamily);
    pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_font_description_set_size(font, static_cast<int>(sizePt * PANGO_SCALE));
    return font;
}

}  // namespace

TextPainter::TextPainter(cairo_t* cr) : m_cr(cr), m_layout(createLayout(cr)) {
    PangoContext* context = pango_layout_get_context(m_layout);
    // User space is millimetres: 25.4 "dots" per inch makes a point 25.4/72 mm, as on paper.
    pango_cairo_context_set_resolution(context, 25.4);
    // Pango rounds glyph positions to whole device units by default; a unit here is a millimetre.
    pango_context_set_round_glyph_positions(context, FALSE);
    // Same glyph positions on screen and paper: no hinting of metrics.
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
    pango_layout_context_changed(m_layout);
}

TextPainter::~TextPainter() {
    for (auto& [key, fitted] : m_fitted) g_object_unref(fitted.layout);
    g_object_unref(m_layout);
}

void TextPainter::setFont(PangoLayout* layout, const TextStyle& style, double sizePt) {
    PangoFontDescription* font = describe(style, sizePt);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
}

std::pair<double, double> TextPainter::measure(const std::string& text, const TextStyle& style) {
    setFont(m_layout, style, style.sizePt);
    pango_layout_set_width(m_layout, -1);
    pango_layout_set_height(m_layout, -1);
    pango_layout_set_ellipsize(m_layout, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_text(m_layout, text.data(), static_cast<int>(text.size()));
    int w = 0, h = 0;
    pango_layout_get_size(m_layout, &w, &h);
    return {double(w) / PANGO_SCALE, double(h) / PANGO_SCALE};
}

double TextPainter::draw(const std::string& text, const RectMm& box, const TextStyle& style) {
    if (text.empty() || box.width <= 0 || box.height <= 0) return 0;
    // The same text in a box of the same size and style (the event's name in every cell of a
    // page) is laid out once.
    char key[160];
    std::snprintf(key, sizeof key, "%.3f %.3f %.3f %.3f %d %d%d%d %.3f %.3f %.3f %d|", box.width, box.height,
                  style.sizePt, style.minSizePt, style.maxLines, style.bold, style.italic, style.monospace,
                  style.colour.r, style.colour.g, style.colour.b, int(style.align));
    const std::string cacheKey = key + text;
    auto cached = m_fitted.find(cacheKey);
    if (cached == m_fitted.end()) {
        if (m_fitted.size() >= 16) {
            for (auto& [k, f] : m_fitted) g_object_unref(f.layout);
            m_fitted.clear();
        }
        PangoLayout* layout = pango_layout_copy(m_layout);
        const Fitted fitted = fit(layout, text, box, style);
        cached = m_fitted.emplace(cacheKey, fitted).first;
    }
    const Fitted& f = cached->second;
    cairo_save(m_cr);
    cairo_rectangle(m_cr, box.x, box.y, box.width, box.height);
    cairo_clip(m_cr);
    setColour(m_cr, style.colour);
    cairo_move_to(m_cr, box.x + f.xOffset, box.y);
    pango_cairo_show_layout(m_cr, f.layout);
    cairo_restore(m_cr);
    return std::min(f.height, box.height);
}

TextPainter::Fitted TextPainter::fit(PangoLayout* layout, const std::string& text, const RectMm& box,
                                     const TextStyle& style) {
    pango_layout_set_width(layout, -1);
    pango_layout_set_height(layout, -1);
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    auto setSize = [&](double sizePt) { setFont(layout, style, sizePt); };
    double size = style.sizePt;
    setSize(size);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    double width = double(w) / PANGO_SCALE, height = double(h) / PANGO_SCALE;
    if (height > box.height) {  // the box is lower than one line: smaller, whatever the width
        size = std::max(style.minSizePt, size * box.height / height);
        setSize(size);
        pango_layout_get_size(layout, &w, &h);
        width = double(w) / PANGO_SCALE;
        height = double(h) / PANGO_SCALE;
    }
    if (width > box.width && size > style.minSizePt) {  // 1. shrink (glyph widths scale with the size)
        size = std::max(style.minSizePt, size * box.width / width * 0.99);
        setSize(size);
        pango_layout_get_size(layout, &w, &h);
        width = double(w) / PANGO_SCALE;
        height = double(h) / PANGO_SCALE;
    }
    const bool oneLine = width <= box.width;
    if (!oneLine) {  // 2. wrap onto the lines there is room for, 3. ellipsise the last
        const double lineHeight = height;
        const int lines = std::max(1, std::min(style.maxLines, static_cast<int>(box.height / lineHeight)));
        pango_layout_set_width(layout, static_cast<int>(box.width * PANGO_SCALE));
        pango_layout_set_height(layout, -lines);
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
        pango_layout_set_alignment(layout, style.align == Align::Centre ? PANGO_ALIGN_CENTER
                                           : style.align == Align::Right ? PANGO_ALIGN_RIGHT
                                                                         : PANGO_ALIGN_LEFT);
        pango_layout_get_size(layout, &w, &h);
        width = double(w) / PANGO_SCALE;
        height = double(h) / PANGO_SCALE;
    }
    double x = 0;
    if (oneLine && style.align == Align::Centre) x = (box.width - width) / 2;
    if (oneLine && style.align == Align::Right) x = box.width - width;
    return {layout, x, height};
}

bool fontsCanDraw(const std::string& text) {
    thread_local PangoLayout* layout = [] {
        PangoLayout* l = pango_layout_new(threadContext());
        PangoFontDescription* font = describe(TextStyle{}, 12);
        pango_layout_set_font_description(l, font);
        pango_font_description_free(font);
        return l;
    }();
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    return pango_layout_get_unknown_glyphs_count(layout) == 0;
}

// ---- QR ----

namespace {

// A Type 3 font of 256 glyphs, one per pattern of 8 modules in a row (bit 7 = the leftmost):
// glyph 0b10110000 is a run of one dark module, a gap, a run of two. Each glyph is a vector path
// of rectangles, one per run. A row of a 49-module symbol is then 7 glyphs with their natural
// advance: the PDF holds each code as 49 short text lines instead of ~600 rectangles (2,400
// coordinates), which cairo emits 25 times faster, and the file is a third of the size. Runs
// overlap their right and lower neighbours by a tenth of a module so that no seam shows where
// two glyphs meet in a viewer that places glyphs on whole pixels (poppler does); a dark module
// grows by as much as a printer's dot gain, well within what a QR reader allows.
cairo_status_t renderModuleGlyph(cairo_scaled_font_t*, unsigned long glyph, cairo_t* cr, cairo_text_extents_t* extents) {
    constexpr double kOverlap = 0.1;
    int x = 0;
    auto dark = [&](int bit) { return (glyph >> (7 - bit)) & 1; };
    while (x < 8) {
        if (!dark(x)) {
            ++x;
            continue;
        }
        const int begin = x;
        while (x < 8 && dark(x)) ++x;
        cairo_rectangle(cr, begin, 0, x - begin + kOverlap, 1 + kOverlap);
    }
    cairo_fill(cr);
    extents->x_advance = 8;
    return CAIRO_STATUS_SUCCESS;
}

cairo_font_face_t* moduleFont() {
    static cairo_font_face_t* face = [] {
        cairo_font_face_t* f = cairo_user_font_face_create();
        cairo_user_font_face_set_render_glyph_func(f, &renderModuleGlyph);
        return f;
    }();
    return face;
}

// The modules as glyphs of moduleFont (for PDF: see above).
void drawModulesAsGlyphs(cairo_t* cr, const QrSymbol& symbol, double x, double y, double module) {
    std::vector<cairo_glyph_t> glyphs;
    glyphs.reserve(static_cast<std::size_t>(symbol.size) * ((symbol.size + 7) / 8));
    for (int row = 0; row < symbol.size; ++row)
        for (int column = 0; column < symbol.size; column += 8) {
            unsigned long pattern = 0;
            for (int bit = 0; bit < 8; ++bit)
                pattern = pattern << 1 | ((column + bit < symbol.size && symbol.isDark(column + bit, row)) ? 1 : 0);
            if (pattern != 0) glyphs.push_back({pattern, x + column * module, y + row * module});
        }
    cairo_set_font_face(cr, moduleFont());
    cairo_set_font_size(cr, module);
    // The glyphs stand for no text: one cluster of no characters (an empty ActualText in the PDF),
    // so copying or extracting a sheet's text gives names, not the codes' squares.
    const cairo_text_cluster_t noText{0, static_cast<int>(glyphs.size())};
    if (!glyphs.empty())
        cairo_show_text_glyphs(cr, "", 0, glyphs.data(), static_cast<int>(glyphs.size()), &noText, 1,
                               cairo_text_cluster_flags_t(0));
}

// The modules as one path of rectangles, one per run (for pixels: glyph positions would be
// rounded to whole pixels there).
void drawModulesAsPath(cairo_t* cr, const QrSymbol& symbol, double x, double y, double module) {
    cairo_new_path(cr);
    for (int row = 0; row < symbol.size; ++row)
        for (const auto& run : darkRuns(symbol, row))
            cairo_rectangle(cr, x + run.begin * module, y + row * module, (run.end - run.begin) * module, module);
    // One fill: the runs touch, and antialiasing fills their union, so no seams show.
    cairo_fill(cr);
}

}  // namespace

void drawQr(cairo_t* cr, const QrSymbol& symbol, double x, double y, double side) {
    const double module = side / symbol.sideWithQuietZone();
    const double origin = QrSymbol::kQuietZone * module;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, side, side);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF)
        drawModulesAsGlyphs(cr, symbol, x + origin, y + origin, module);
    else
        drawModulesAsPath(cr, symbol, x + origin, y + origin, module);
    cairo_restore(cr);
}

// ---- preview ----

PageImage renderPageImage(const PaperSize& paper, int widthPx, const std::function<void(cairo_t*)>& draw) {
    PageImage image;
    image.width = std::max(16, widthPx);
    const double scale = image.width / paper.widthMm;
    image.height = std::max(16, static_cast<int>(std::lround(paper.heightMm * scale)));
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, image.width, image.height);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    draw(cr);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    image.rgba.resize(static_cast<std::size_t>(image.width) * image.height * 4);
    for (int yy = 0; yy < image.height; ++yy) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + yy * stride);
        auto* out = image.rgba.data() + static_cast<std::size_t>(yy) * image.width * 4;
        for (int xx = 0; xx < image.width; ++xx) {
            const std::uint32_t px = row[xx];  // 0x00RRGGBB in native order
            out[xx * 4 + 0] = static_cast<std::uint8_t>(px >> 16);
            out[xx * 4 + 1] = static_cast<std::uint8_t>(px >> 8);
            out[xx * 4 + 2] = static_cast<std::uint8_t>(px);
            out[xx * 4 + 3] = 255;
        }
    }
    cairo_surface_destroy(surface);
    return image;
}

}  // namespace qrgate::paper

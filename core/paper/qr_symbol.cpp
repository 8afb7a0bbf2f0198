#include "core/paper/qr_symbol.hpp"

#include <cairo.h>
#include <qrencode.h>

#include <memory>

#include "core/store/output_file.hpp"

namespace qrgate {

namespace {

using QrCodePtr = std::unique_ptr<QRcode, decltype(&QRcode_free)>;

bool isAlphanumeric(const std::string& text) {
    return QRinput_check(QR_MODE_AN, static_cast<int>(text.size()),
                         reinterpret_cast<const unsigned char*>(text.data())) == 0;
}

QrCodePtr encodeAt(const std::string& text, QRecLevel level) {
    if (!isAlphanumeric(text))  // not a ticket of ours: let libqrencode choose the modes
        return QrCodePtr(QRcode_encodeString(text.c_str(), 0, level, QR_MODE_8, 1), &QRcode_free);
    // One alphanumeric segment (5.5 bits a character), version chosen by the library.
    std::unique_ptr<QRinput, decltype(&QRinput_free)> input(QRinput_new2(0, level), &QRinput_free);
    if (!input || QRinput_append(input.get(), QR_MODE_AN, static_cast<int>(text.size()),
                                 reinterpret_cast<const unsigned char*>(text.data())) != 0)
        return QrCodePtr(nullptr, &QRcode_free);
    return QrCodePtr(QRcode_encodeInput(input.get()), &QRcode_free);
}

cairo_status_t appendToString(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<QrSymbol> encodeQr(std::string_view text) {
    if (text.empty()) return Error{"qr_empty", "Nothing to put in a QR code"};
    const std::string s(text);
    struct Level {
        QRecLevel level;
        char name;
    };
    for (const Level l : {Level{QR_ECLEVEL_H, 'H'}, Level{QR_ECLEVEL_Q, 'Q'}, Level{QR_ECLEVEL_M, 'M'}}) {
        auto code = encodeAt(s, l.level);
        if (!code || code->version > QrSymbol::kMaxVersion) continue;
        QrSymbol symbol;
        symbol.version = code->version;
        symbol.level = l.name;
        symbol.size = code->width;
        symbol.dark.resize(static_cast<std::size_t>(code->width) * code->width);
        for (std::size_t i = 0; i < symbol.dark.size(); ++i) symbol.dark[i] = code->data[i] & 1;
        return symbol;
    }
    return Error{"qr_too_long", "The text (" + std::to_string(text.size()) +
                                    " characters) does not fit a QR code of version 10 at level M"};
}

std::vector<ModuleRun> darkRuns(const QrSymbol& symbol, int row) {
    std::vector<ModuleRun> runs;
    int x = 0;
    while (x < symbol.size) {
        if (!symbol.isDark(x, row)) {
            ++x;
            continue;
        }
        const int begin = x;
        while (x < symbol.size && symbol.isDark(x, row)) ++x;
        runs.push_back({begin, x});
    }
    return runs;
}

Result<std::string> qrPngBytes(const QrSymbol& symbol, int pixels) {
    const int modules = symbol.sideWithQuietZone();
    if (pixels < modules || pixels > 8192)
        return Error{"invalid_size", "A QR image must be " + std::to_string(modules) +
                                         " to 8192 pixels wide (at least one pixel a module), not " +
                                         std::to_string(pixels)};
    const int perModule = pixels / modules;
    const int origin = (pixels - perModule * symbol.size) / 2;
    // RGB24 is written as plain 8-bit RGB without alpha: every viewer and mail client shows it
    // on white.
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixels, pixels), &cairo_surface_destroy);
    cairo_t* cr = cairo_create(surface.get());
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    for (int y = 0; y < symbol.size; ++y)
        for (const auto& run : darkRuns(symbol, y))
            cairo_rectangle(cr, origin + run.begin * perModule, origin + y * perModule,
                            (run.end - run.begin) * perModule, perModule);
    cairo_fill(cr);
    cairo_destroy(cr);
    std::string png;
    if (cairo_surface_write_to_png_stream(surface.get(), &appendToString, &png) != CAIRO_STATUS_SUCCESS)
        return Error{"render_failed", "Could not encode the QR code as PNG"};
    return png;
}

Status writeQrPng(const QrSymbol& symbol, int pixels, const std::filesystem::path& out) {
    auto png = qrPngBytes(symbol, pixels);
    if (!png) return png.error();
    return writeOutputFile(out, *png);
}

}  // namespace qrgate

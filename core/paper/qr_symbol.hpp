#pragma once
// A ticket's QR code as a grid of modules (libqrencode), for paper, PDF and PNG alike.
//
// Alphanumeric mode (the payload is 0-9 and A-Z), at the highest error-correction level whose
// symbol is still version 10 or smaller (H for our 153-character payload: version 8, 49 x 49
// modules), never below M. A bigger version would make the modules smaller on a small label; a
// higher level lets a creased or smudged ticket still read.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.hpp"

namespace qrgate {

struct QrSymbol {
    static constexpr int kQuietZone = 4;  // modules of white around the symbol, on every side
    static constexpr int kMaxVersion = 10;

    int version = 0;
    char level = 'M';  // 'M', 'Q' or 'H'
    int size = 0;      // modules per side, without the quiet zone
    std::vector<std::uint8_t> dark;  // size * size, row by row, 1 = dark

    bool isDark(int x, int y) const { return dark[static_cast<std::size_t>(y) * size + x] != 0; }
    int sideWithQuietZone() const { return size + 2 * kQuietZone; }
};

// Error "qr_too_long" when the text does not fit version 10 at level M.
Result<QrSymbol> encodeQr(std::string_view text);

// Runs of dark modules in one row, [begin, end): paper draws one rectangle per run and one path
// per row, not one square per module.
struct ModuleRun {
    int begin, end;
};
std::vector<ModuleRun> darkRuns(const QrSymbol& symbol, int row);

// The symbol as a PNG file (black on white), `pixels` wide and high including the quiet zone. Each
// module is a whole number of pixels (so a scanner sees sharp edges); what is left over widens the
// white border. Error "invalid_size" when `pixels` cannot give each module at least one pixel
// (or exceeds 8192), else the output file's errors.
Result<std::string> qrPngBytes(const QrSymbol& symbol, int pixels);
Status writeQrPng(const QrSymbol& symbol, int pixels, const std::filesystem::path& out);

}  // namespace qrgate

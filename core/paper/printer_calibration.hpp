#pragma once
// What a printer does to a page, measured once with the calibration page and undone on every
// sheet sent to it: an offset (the printed page lands shifted) and a scale (the printer shrinks
// or stretches). Kept per printer in the data folder (printers.json), never in the replicated
// database: it describes this machine's printers.
#include <filesystem>
#include <map>
#include <string>

#include "core/base/result.hpp"

namespace qrgate {

struct PrinterCalibration {
    // Where a mark meant for (x, y) mm from the page's top left corner is printed, relative to
    // where it should be: +1 mm = 1 mm to the right / further down. Sheets are drawn shifted by
    // the opposite amount.
    double offsetXmm = 0;
    double offsetYmm = 0;
    // The printed length of 100 mm divided by 100 (0.98 = the printer shrinks by 2 %). Sheets
    // are drawn scaled by the inverse.
    double scaleX = 1;
    double scaleY = 1;

    bool isIdentity() const { return offsetXmm == 0 && offsetYmm == 0 && scaleX == 1 && scaleY == 1; }
};

class CalibrationStore {
public:
    explicit CalibrationStore(std::filesystem::path file);  // <data>/printers.json

    // The printer's calibration, identity when none was saved. A damaged file reads as empty
    // (and is replaced at the next save), never as an error at print time.
    PrinterCalibration load(const std::string& printer) const;
    std::map<std::string, PrinterCalibration> all() const;
    // Scales outside 0.5..1.5 and offsets beyond 50 mm are refused ("invalid_calibration"):
    // they are typing mistakes, not printers. Saving the identity is forgetting. Other printers'
    // entries are kept; the file is replaced whole (writeOutputFile).
    Status save(const std::string& printer, const PrinterCalibration& calibration);
    Status forget(const std::string& printer);  // success when there was nothing to forget

private:
    std::filesystem::path m_file;
};

}  // namespace qrgate

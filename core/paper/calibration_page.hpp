#pragma once
// The calibration page: a 100 mm ruler across and one down, and a cross 20 mm from the top and
// left edges. Printed without calibration, what the organizer measures gives the printer's
// PrinterCalibration; printed with it, the rulers measure 100 mm and the cross sits at 20 mm.
#include <filesystem>

#include "core/base/result.hpp"
#include "core/paper/printer_calibration.hpp"
#include "core/paper/sheet_layouts.hpp"

namespace qrgate {

inline constexpr double kCalibrationCrossMm = 20;
inline constexpr double kCalibrationRulerMm = 100;

Status writeCalibrationPage(const PaperSize& paper, const std::filesystem::path& out,
                            const PrinterCalibration& calibration = {});

// What the organizer measured on a page printed without calibration -> the calibration to save.
PrinterCalibration calibrationFromMeasurements(double crossFromLeftMm, double crossFromTopMm,
                                               double horizontalRulerMm, double verticalRulerMm);

}  // namespace qrgate

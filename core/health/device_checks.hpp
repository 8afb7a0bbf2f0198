#pragma once
// The hardware a gate or the organizer's laptop uses: cameras (a kiosk can work without one: a
// USB barcode scanner types the code like a keyboard) and CUPS printers (for ticket sheets and
// door lists; without one, PDFs can still be saved and printed elsewhere). Neither missing is a
// problem, only a warning with what to do.
#include <vector>

#include "core/base/result.hpp"
#include "core/health/health_check.hpp"
#include "core/paper/printing.hpp"
#include "core/scan/camera_list.hpp"

namespace qrgate {

// What listCameras found (core/scan; the caller lists them, as it links the scan library).
// id "cameras".
HealthCheck judgeCameras(const std::vector<CameraInfo>& cameras);

// What listPrinters answered. id "printers".
HealthCheck judgePrinters(const Result<std::vector<PrinterInfo>>& printers);
// Lists the printers and judges them.
HealthCheck checkPrinters();

}  // namespace qrgate

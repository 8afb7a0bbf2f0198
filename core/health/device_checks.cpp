#include "core/health/device_checks.hpp"

#include "core/base/model.hpp"

namespace qrgate {

HealthCheck judgeCameras(const std::vector<CameraInfo>& cameras) {
    const std::string title = "Cameras";
    if (cameras.empty())
        return HealthCheck::warning("cameras", title, "No camera was found.",
                                    "A kiosk needs a webcam to read codes from phones and paper, unless it uses a USB "
                                    "barcode scanner (that works without a camera); plug one in and check "
                                    "'ls /dev/video*'.");
    std::string list;
    for (const auto& c : cameras) {
        list += (list.empty() ? "" : "; ") + std::to_string(c.index) + ": " + (c.name.empty() ? c.device : c.name);
        if (!c.resolutions.empty()) list += " (up to " + toString(c.resolutions.front()) + ")";
    }
    return HealthCheck::ok("cameras", title,
                           counted(static_cast<long long>(cameras.size()), "camera", "cameras") + " found: " + list + ".");
}

HealthCheck judgePrinters(const Result<std::vector<PrinterInfo>>& printers) {
    const std::string title = "Printers";
    const std::string howToAdd =
        "Add the printer in the system's printer settings or at http://localhost:631 (CUPS, package 'cups'); "
        "until then, save sheets as PDF and print them from another computer.";
    if (!printers)
        return HealthCheck::warning("printers", title, asSentence("No printer can be used: " + printers.error().message),
                                    howToAdd);
    if (printers->empty())
        return HealthCheck::warning("printers", title, "The print server has no printers.", howToAdd);
    std::string list;
    int stopped = 0;
    for (const auto& p : *printers) {
        list += (list.empty() ? "" : ", ") + p.name + (p.isDefault ? " (default)" : "");
        if (p.state == "stopped" || !p.acceptingJobs) {
            list += " (stopped)";
            ++stopped;
        }
    }
    if (stopped == static_cast<int>(printers->size()))
        return HealthCheck::warning("printers", title, "Every printer is stopped: " + list + ".",
                                    "Resume the printer in the system's printer settings ('cupsenable NAME').");
    return HealthCheck::ok("printers", title,
                           counted(static_cast<long long>(printers->size()), "printer", "printers") + ": " + list + ".");
}

HealthCheck checkPrinters() { return judgePrinters(listPrinters()); }

}  // namespace qrgate

#include "core/paper/printer_calibration.hpp"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "core/store/output_file.hpp"

namespace qrgate {

namespace {

constexpr double kMaxOffsetMm = 50;
constexpr double kMinScale = 0.5;
constexpr double kMaxScale = 1.5;

// Empty when the calibration is plausible, else why not (one line for a person).
std::string whyImplausible(const PrinterCalibration& c) {
    auto offsetOk = [](double v) { return std::isfinite(v) && std::abs(v) <= kMaxOffsetMm; };
    auto scaleOk = [](double v) { return std::isfinite(v) && v >= kMinScale && v <= kMaxScale; };
    std::ostringstream why;
    if (!offsetOk(c.offsetXmm) || !offsetOk(c.offsetYmm))
        why << "offsets must be between -50 and 50 mm (a bigger shift is a typing mistake, or the wrong paper)";
    else if (!scaleOk(c.scaleX) || !scaleOk(c.scaleY))
        why << "scales must be between 0.5 and 1.5 (the printed length of 100 mm divided by 100, e.g. 0.98)";
    return why.str();
}

nlohmann::json toJson(const PrinterCalibration& c) {
    return {{"offsetXmm", c.offsetXmm}, {"offsetYmm", c.offsetYmm}, {"scaleX", c.scaleX}, {"scaleY", c.scaleY}};
}

// A printer's entry as written by save(), or nullopt when it is not one (hand-edited, damaged):
// such an entry counts as no calibration rather than shifting every sheet by nonsense.
std::optional<PrinterCalibration> fromJson(const nlohmann::json& j) {
    if (!j.is_object()) return std::nullopt;
    PrinterCalibration c;
    for (auto [key, field] : {std::pair{"offsetXmm", &c.offsetXmm}, std::pair{"offsetYmm", &c.offsetYmm},
                              std::pair{"scaleX", &c.scaleX}, std::pair{"scaleY", &c.scaleY}}) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_number()) return std::nullopt;
        *field = it->get<double>();
    }
    if (!whyImplausible(c).empty()) return std::nullopt;
    return c;
}

}  // namespace

CalibrationStore::CalibrationStore(std::filesystem::path file) : m_file(std::move(file)) {}

std::map<std::string, PrinterCalibration> CalibrationStore::all() const {
    std::map<std::string, PrinterCalibration> result;
    std::ifstream in(m_file, std::ios::binary);
    if (!in) return result;
    std::stringstream text;
    text << in.rdbuf();
    // A damaged file reads as empty: printing with no calibration is better than not printing.
    auto root = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (!root.is_object()) return result;
    auto printers = root.find("printers");
    if (printers == root.end() || !printers->is_object()) return result;
    for (const auto& [name, entry] : printers->items())
        if (auto c = fromJson(entry)) result.emplace(name, *c);
    return result;
}

PrinterCalibration CalibrationStore::load(const std::string& printer) const {
    auto calibrations = all();
    auto it = calibrations.find(printer);
    return it == calibrations.end() ? PrinterCalibration{} : it->second;
}

namespace {
Status writeAll(const std::filesystem::path& file, const std::map<std::string, PrinterCalibration>& calibrations) {
    nlohmann::json printers = nlohmann::json::object();
    for (const auto& [name, c] : calibrations) printers[name] = toJson(c);
    const nlohmann::json root = {{"version", 1}, {"printers", printers}};
    std::error_code ec;
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
    return writeOutputFile(file, root.dump(2) + "\n");
}
}  // namespace

Status CalibrationStore::save(const std::string& printer, const PrinterCalibration& calibration) {
    if (printer.empty()) return Error{"invalid_calibration", "a calibration needs the printer's name"};
    if (auto why = whyImplausible(calibration); !why.empty()) return Error{"invalid_calibration", why};
    auto calibrations = all();
    // Identity is what a printer without an entry gets: keeping it would only be noise.
    if (calibration.isIdentity())
        calibrations.erase(printer);
    else
        calibrations[printer] = calibration;
    return writeAll(m_file, calibrations);
}

Status CalibrationStore::forget(const std::string& printer) {
    auto calibrations = all();
    if (calibrations.erase(printer) == 0) return success();
    return writeAll(m_file, calibrations);
}

}  // namespace qrgate

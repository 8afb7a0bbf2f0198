#include "core/health/health_check.hpp"

#include <algorithm>

#include "core/base/model.hpp"

namespace qrgate {

const char* toString(HealthStatus status) {
    switch (status) {
        case HealthStatus::Ok: return "ok";
        case HealthStatus::Warning: return "warning";
        case HealthStatus::Problem: return "problem";
    }
    return "problem";
}

HealthCheck HealthCheck::ok(std::string id, std::string title, std::string detail) {
    return {std::move(id), HealthStatus::Ok, std::move(title), std::move(detail), {}};
}
HealthCheck HealthCheck::warning(std::string id, std::string title, std::string detail, std::string fix) {
    return {std::move(id), HealthStatus::Warning, std::move(title), std::move(detail), std::move(fix)};
}
HealthCheck HealthCheck::problem(std::string id, std::string title, std::string detail, std::string fix) {
    return {std::move(id), HealthStatus::Problem, std::move(title), std::move(detail), std::move(fix)};
}

int HealthReport::problems() const {
    return static_cast<int>(std::count_if(checks.begin(), checks.end(),
                                          [](const HealthCheck& c) { return c.status == HealthStatus::Problem; }));
}
int HealthReport::warnings() const {
    return static_cast<int>(std::count_if(checks.begin(), checks.end(),
                                          [](const HealthCheck& c) { return c.status == HealthStatus::Warning; }));
}
const HealthCheck* HealthReport::find(const std::string& id) const {
    for (const auto& c : checks)
        if (c.id == id) return &c;
    return nullptr;
}

std::string asSentence(std::string text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
    if (text.empty()) return text;
    const char last = text.back();
    if (last != '.' && last != '!' && last != '?') text += '.';
    return text;
}

std::string summaryLine(const HealthReport& report) {
    const int p = report.problems();
    const int w = report.warnings();
    if (p == 0 && w == 0) return "All " + std::to_string(report.checks.size()) + " checks passed";
    if (p == 0) return counted(w, "warning", "warnings");
    if (w == 0) return counted(p, "problem", "problems");
    return counted(p, "problem", "problems") + ", " + counted(w, "warning", "warnings");
}

std::string toText(const HealthReport& report) {
    std::string out;
    for (const auto& c : report.checks) {
        const char* mark = c.status == HealthStatus::Ok ? "\xE2\x9C\x93"          // ✓
                           : c.status == HealthStatus::Warning ? "!" : "\xE2\x9C\x97";  // ✗
        out += std::string(mark) + " " + c.title + ": " + c.detail + "\n";
        if (!c.fix.empty()) out += "    Fix: " + c.fix + "\n";
    }
    out += summaryLine(report) + "\n";
    return out;
}

nlohmann::ordered_json toJson(const HealthReport& report) {
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const auto& c : report.checks)
        checks.push_back({{"id", c.id}, {"status", toString(c.status)}, {"title", c.title}, {"detail", c.detail},
                          {"fix", c.fix}});
    nlohmann::ordered_json out;
    out["ok"] = report.ok();
    out["checks"] = std::move(checks);
    return out;
}

}  // namespace qrgate

#pragma once
// One finding of `qrgate doctor` and the console's Health panel: what was checked, whether it is
// fine, a warning (works, but something is missing or running short) or a problem (something a
// gate or the organizer will trip over), one plain sentence about what was found and, when it is
// not fine, one sentence saying how to put it right. The report keeps the checks in the order they
// are shown.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace qrgate {

enum class HealthStatus { Ok, Warning, Problem };
const char* toString(HealthStatus status);  // "ok" / "warning" / "problem"

struct HealthCheck {
    std::string id;      // stable: "database", "key_files", "leader", ...
    HealthStatus status = HealthStatus::Ok;
    std::string title;   // "Database"
    std::string detail;  // one sentence: what was found
    std::string fix;     // one sentence: what to do; empty when ok

    static HealthCheck ok(std::string id, std::string title, std::string detail);
    static HealthCheck warning(std::string id, std::string title, std::string detail, std::string fix);
    static HealthCheck problem(std::string id, std::string title, std::string detail, std::string fix);
    bool operator==(const HealthCheck&) const = default;
};

struct HealthReport {
    std::vector<HealthCheck> checks;

    int problems() const;
    int warnings() const;
    bool ok() const { return problems() == 0; }  // warnings alone leave the machine usable
    const HealthCheck* find(const std::string& id) const;
};

// `text` with a full stop at its end unless it has one ("." "!" "?" ")" after a full stop).
std::string asSentence(std::string text);

// "2 problems, 1 warning", "1 warning", "All 9 checks passed".
std::string summaryLine(const HealthReport& report);
// One line per check ("✓ Title: detail", "! ..." for a warning, "✗ ..." for a problem), its fix
// indented below, then the summary line.
std::string toText(const HealthReport& report);
// {"ok": bool, "checks": [{"id","status","title","detail","fix"}]}
nlohmann::ordered_json toJson(const HealthReport& report);

}  // namespace qrgate

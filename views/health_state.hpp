#pragma once
// What the Settings screen's Health panel shows: the last report of the checks `qrgate doctor`
// runs (core/health), whether a run is under way, and when the last one finished.
#include <optional>
#include <string>

#include "core/health/health_check.hpp"

namespace qrgate::views {

struct HealthState {
    bool requested = false;  // a run was asked for (the panel asks once, the first time it is shown)
    bool running = false;
    std::optional<HealthReport> report;  // the last finished run
    std::string checkedAt;               // when it finished, local time: "19:02:11"
    std::string error;                   // the checks could not run at all
};

}  // namespace qrgate::views

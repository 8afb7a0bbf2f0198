#include "app/gui_health_controller.hpp"

#include "app/doctor_checks.hpp"
#include "core/base/time_format.hpp"

namespace qrgate::gui {

HealthController::HealthController(views::HealthState& state, UiQueue& ui, std::filesystem::path dataDir)
    : m_state(state), m_dataDir(std::move(dataDir)), m_tasks(ui) {}

void HealthController::run() {
    if (m_state.running) return;
    m_state.requested = true;
    m_state.running = true;
    m_state.error.clear();
    m_tasks.start(
        "Health checks",
        [dataDir = m_dataDir, state = &m_state](TaskProgress&) -> TaskRunner::Continuation {
            HealthReport report = app::runHealthChecks(dataDir);
            const TimeMs now = SystemClock::instance().nowMs();
            std::string at = formatIsoLocal(now, localTimeZoneName()).substr(11, 8);
            return [state, report = std::move(report), at = std::move(at)]() mutable {
                state->running = false;
                state->report = std::move(report);
                state->checkedAt = std::move(at);
            };
        },
        [this](const std::string& message) {
            m_state.running = false;
            m_state.error = "The checks could not run: " + message;
        });
}

}  // namespace qrgate::gui

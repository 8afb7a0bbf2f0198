#pragma once
// The Settings screen's Health panel: runs the checks of `qrgate doctor` (app/doctor_checks) on a
// task thread of its own, never on the UI thread (they open the database, list cameras and
// printers, and wait for the network for up to a few seconds), and hands the report to
// ConsoleState::health through the UiQueue. One run at a time: "Run checks" is disabled while one
// is under way, and a second request then is ignored.
#include <filesystem>

#include "core/runtime/task_runner.hpp"
#include "core/runtime/ui_queue.hpp"
#include "views/health_state.hpp"

namespace qrgate::gui {

class HealthController {
public:
    HealthController(views::HealthState& state, UiQueue& ui, std::filesystem::path dataDir);

    // UI thread.
    void run();
    bool busy() const { return m_tasks.busy(); }

private:
    views::HealthState& m_state;
    std::filesystem::path m_dataDir;
    TaskRunner m_tasks;  // its own: a health check is not a task for the console's task bar
};

}  // namespace qrgate::gui

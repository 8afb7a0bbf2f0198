#pragma once
// The console's Backups panel (docs/backup.md): "Back up now", checking a backup before it is
// restored from the command line, and automatic backups every N minutes to a folder (a USB
// stick) during the event.
//
// Threads: every backup and check is a TaskRunner task (the database snapshot, Argon2id and the
// write take about a second; a stick can take longer); its answer comes back to the UI thread as
// the task's continuation and changes ConsoleState::backup. tick() runs on the UI thread and
// starts an automatic backup when one is due and none is running. The automatic backups'
// passphrase lives in this object only, in memory: never on disk, gone after a restart.
#include <chrono>
#include <filesystem>
#include <string>

#include "core/runtime/task_runner.hpp"
#include "core/runtime/ui_queue.hpp"
#include "core/store/data_folder.hpp"
#include "views/backup_state.hpp"
#include "views/console_state.hpp"

namespace qrgate::gui {

class BackupController final : public views::BackupCommands {
public:
    BackupController(views::ConsoleState& state, const DataFolder& folder, TaskRunner& tasks);
    ~BackupController() override;

    // UI thread, each frame: an automatic backup when it is due.
    void tick();
    bool busy() const { return m_state.backup.running || m_state.backup.checking; }

    // views::BackupCommands
    void backupNow(const std::string& file, const std::string& passphrase) override;
    void checkBackup(const std::string& file, const std::string& passphrase) override;
    void startAutoBackups(const views::AutoBackupSettings& settings, const std::string& passphrase) override;
    void stopAutoBackups() override;

private:
    using Clock = std::chrono::steady_clock;
    // Writes one backup as a task; `automatic` ones are pruned to the newest K afterwards.
    void run(std::filesystem::path file, std::string passphrase, bool automatic);
    void scheduleNext(Clock::duration after);
    void forgetPassphrase();

    views::ConsoleState& m_state;
    DataFolder m_folder;
    TaskRunner& m_tasks;
    std::string m_autoPassphrase;  // only while automatic backups are on
    Clock::time_point m_nextAuto{};
};

// GUI scripts (screenshot tests): "backup-now FILE PASSPHRASE" and
// "backup-auto FOLDER MINUTES KEEP PASSPHRASE" do what the panel's buttons do, "backup-check FILE
// PASSPHRASE" what Restore's Check backup does; "backup-form now|restore|auto" opens a form.
bool runBackupScriptCommand(const std::string& line, views::BackupCommands& commands, views::BackupState& state);

}  // namespace qrgate::gui

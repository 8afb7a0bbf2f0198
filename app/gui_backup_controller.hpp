#pragma once
// The console's Backups panel (docs/backup.md): "Back up now", checking a backup and restoring it
// ("Restore and restart": the console app lets go of the folder, restores, and opens it again),
// and automatic backups every N minutes to a folder (a USB stick) during the event.
//
// Threads: every backup and check is a TaskRunner task (the database snapshot, Argon2id and the
// write take about a second; a stick can take longer); its answer comes back to the UI thread as
// the task's continuation and changes ConsoleState::backup. tick() runs on the UI thread and
// starts an automatic backup when one is due and none is running. The automatic backups'
// passphrase lives in this object only, in memory: never on disk, gone after a restart; so does
// the passphrase of the backup last checked, until it is restored or another one is checked.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "core/runtime/task_runner.hpp"
#include "core/runtime/ui_queue.hpp"
#include "core/store/data_folder.hpp"
#include "views/backup_state.hpp"
#include "views/console_state.hpp"

namespace qrgate::gui {

// "Restore and restart", handed from the Backups panel to the console app. The passphrase is
// wiped when the request goes.
struct RestoreRequest {
    std::filesystem::path file;
    std::string passphrase;
    RestoreRequest(std::filesystem::path f, std::string p) : file(std::move(f)), passphrase(std::move(p)) {}
    RestoreRequest(RestoreRequest&& other) noexcept = default;
    RestoreRequest& operator=(RestoreRequest&&) = delete;
    RestoreRequest(const RestoreRequest&) = delete;
    ~RestoreRequest();
};

// What a restore from the console gave, for the console opened again on the folder.
struct RestoreOutcome {
    std::string line;        // "Restored 1 event, 402 tickets, 337 admissions from FILE; ..."
    std::string error;       // the restore failed: why (the folder is as it was)
    std::string movedAside;  // where the folder's previous files went
};

// Runs core's restore of `request` into `folder` (which no one may have open: the console has let
// go of it). Moves what the folder holds aside (kept, never deleted); a failure changes nothing.
RestoreOutcome restoreIntoFolder(const DataFolder& folder, const RestoreRequest& request);

// Shows `outcome` in a fresh console's state: a notice, and the Backups panel's line.
void showRestoreOutcome(views::ConsoleState& state, const RestoreOutcome& outcome);

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
    void restoreAndRestart() override;

    // The restore asked for with "Restore and restart", once (the console app then ends its
    // frame loop, lets go of the folder and runs it).
    std::optional<RestoreRequest> takeRestoreRequest();

private:
    using Clock = std::chrono::steady_clock;
    // Writes one backup as a task; `automatic` ones are pruned to the newest K afterwards.
    void run(std::filesystem::path file, std::string passphrase, bool automatic);
    void scheduleNext(Clock::duration after);
    void forgetPassphrase();
    void forgetCheckedPassphrase();

    views::ConsoleState& m_state;
    DataFolder m_folder;
    TaskRunner& m_tasks;
    std::string m_autoPassphrase;  // only while automatic backups are on
    std::string m_checkedPassphrase;  // the backup last checked (BackupState::checkedFile), if it opened
    std::optional<RestoreRequest> m_restore;
    Clock::time_point m_nextAuto{};
};

// GUI scripts (screenshot tests): "backup-now FILE PASSPHRASE" and
// "backup-auto FOLDER MINUTES KEEP PASSPHRASE" do what the panel's buttons do, "backup-check FILE
// PASSPHRASE" what Restore's Check backup does, "backup-restore" what its "Restore and restart"
// does (once the check succeeded); "backup-form now|restore|auto" opens a form.
bool runBackupScriptCommand(const std::string& line, views::BackupCommands& commands, views::BackupState& state);

}  // namespace qrgate::gui

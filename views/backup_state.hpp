#pragma once
// The Settings screen's Backups panel: what it shows (filled by the app on the UI thread) and
// what it asks for. The passphrase goes to the app with each command and is kept there in memory
// only; nothing here holds it.
#include <cstdint>
#include <string>

namespace qrgate::views {

struct AutoBackupSettings {
    std::string folder;        // e.g. /media/usb/BACKUPS
    int intervalMinutes = 15;
    int keep = 12;             // the newest K automatic backups in the folder
    bool operator==(const AutoBackupSettings&) const = default;
};

// One backup run's outcome, for the status line.
struct BackupOutcome {
    std::string at;            // local time, "18:02"
    std::string file;
    std::uint64_t bytes = 0;
    std::string error;         // empty: it worked
};

struct BackupState {
    bool running = false;                  // a backup is being written
    BackupOutcome last;                    // the last run (manual or automatic); at empty: none yet
    std::string lastSuccessAt;             // when the last good one was taken ("18:02"), kept after failures
    std::string lastSuccessFile;
    std::uint64_t lastSuccessBytes = 0;

    bool autoOn = false;                   // automatic backups are running (a passphrase is held)
    AutoBackupSettings autoSettings;       // the ones running, or last used in this session
    std::string nextAutoAt;                // "18:17" while on

    // Restore: the backup checked with its passphrase (nothing written), and how to restore it.
    bool checking = false;
    std::string checkedFile;
    std::string checkedSummary;            // "1 event, 1,200 tickets, ..."; empty until checked
    std::string checkError;
    std::string restoreCommand;            // the same restore in a terminal, with the console closed
    std::string folder;                    // this console's data folder
    std::string folderHeld;                // what a restore would move aside ("1 event, keys/..."); "" if nothing
    bool restartRequested = false;         // "Restore and restart" was pressed: the console is letting go

    // After a restore from the console (a fresh ConsoleState on the restored folder): what came
    // back, or why nothing changed.
    std::string restoredLine;              // "Restored 1 event, 402 tickets, ... from FILE; ..."
    std::string restoreError;              // the restore failed; the folder is as it was
    std::string movedAside;                // where the folder's previous data went, if it had any

    // GUI scripts open a form as its button does: "now", "restore" or "auto", each time the
    // serial changes.
    std::string openForm;
    int openFormSerial = 0;
};

class BackupCommands {
public:
    virtual ~BackupCommands() = default;
    // Writes an encrypted backup of this data folder to `file` (a task; the answer in BackupState).
    virtual void backupNow(const std::string& file, const std::string& passphrase) = 0;
    // Decrypts and checks `file`, writing nothing; says what it holds and how to restore it.
    virtual void checkBackup(const std::string& file, const std::string& passphrase) = 0;
    // Every settings.intervalMinutes into settings.folder, the first one now; the passphrase is
    // held in memory until stopAutoBackups or the console closes.
    virtual void startAutoBackups(const AutoBackupSettings& settings, const std::string& passphrase) = 0;
    virtual void stopAutoBackups() = 0;
    // Restores the backup last checked (with the passphrase it was checked with) into this data
    // folder: the console lets go of the folder, restores (moving data there aside, never
    // deleting it) and opens it again. Only after a check that succeeded.
    virtual void restoreAndRestart() = 0;
};

}  // namespace qrgate::views

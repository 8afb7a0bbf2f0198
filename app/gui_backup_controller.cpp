#include "app/gui_backup_controller.hpp"

#include <algorithm>
#include <ctime>
#include <sstream>

#include "core/backup/backup_maker.hpp"
#include "core/backup/backup_restorer.hpp"
#include "core/backup/backup_rotation.hpp"
#include "core/base/model.hpp"

namespace qrgate::gui {

namespace fs = std::filesystem;

namespace {

std::string clockText(std::time_t when) {
    std::tm tm{};
    localtime_r(&when, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M", &tm);
    return buf;
}

// A shell word: quoted when the path holds anything a shell would read differently.
std::string shellWord(const std::string& text) {
    if (!text.empty() &&
        text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=") == std::string::npos)
        return text;
    std::string q = "'";
    for (char c : text) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// A failed automatic backup is tried again soon (the stick put back, room made), not only after
// the whole interval.
constexpr auto kRetryAfterFailure = std::chrono::minutes(1);

void wipe(std::string& secret) {
    std::fill(secret.begin(), secret.end(), '\0');
    secret.clear();
}

}  // namespace

RestoreRequest::~RestoreRequest() { wipe(passphrase); }

RestoreOutcome restoreIntoFolder(const DataFolder& folder, const RestoreRequest& request) {
    RestoreOutcome outcome;
    const std::string held = dataInFolder(folder.root());
    // The organizer confirmed moving the folder's data aside; restoreBackup never deletes it.
    auto report = restoreBackup(request.file, request.passphrase, folder.root(), true);
    if (!report) {
        outcome.error = report.error().message;
        return outcome;
    }
    const auto& c = report->contents;
    outcome.movedAside = report->movedAside.string();
    outcome.line = "Restored " + counted(c.events, "event", "events") + ", " + counted(c.tickets, "ticket", "tickets") +
                   ", " + counted(c.admitted, "admission", "admissions") + " from " + request.file.filename().string();
    if (!held.empty()) outcome.line += "; the old data (" + held + ") is in " + outcome.movedAside;
    else if (!outcome.movedAside.empty()) outcome.line += "; the folder's previous files are in " + outcome.movedAside;
    outcome.line += ".";
    return outcome;
}

void showRestoreOutcome(views::ConsoleState& state, const RestoreOutcome& outcome) {
    auto& b = state.backup;
    b.restoredLine = outcome.line;
    b.restoreError = outcome.error.empty() ? "" : "The restore failed: " + outcome.error;
    b.movedAside = outcome.movedAside;
    // Longer than other notices: it says where the old data went.
    if (!outcome.error.empty()) state.notify(b.restoreError + ". The folder is as it was.", true, 20);
    else state.notify(outcome.line, false, 20);
}


BackupController::BackupController(views::ConsoleState& state, const DataFolder& folder, TaskRunner& tasks)
    : m_state(state), m_folder(folder), m_tasks(tasks) {
    m_state.backup.folder = folder.root().string();
}

BackupController::~BackupController() {
    forgetPassphrase();
    forgetCheckedPassphrase();
}

void BackupController::forgetCheckedPassphrase() { wipe(m_checkedPassphrase); }

void BackupController::forgetPassphrase() {
    std::fill(m_autoPassphrase.begin(), m_autoPassphrase.end(), '\0');
    m_autoPassphrase.clear();
}

void BackupController::scheduleNext(Clock::duration after) {
    m_nextAuto = Clock::now() + after;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(after).count();
    m_state.backup.nextAutoAt = clockText(std::time(nullptr) + seconds);
}

void BackupController::tick() {
    if (!m_state.backup.autoOn || m_state.backup.running || Clock::now() < m_nextAuto) return;
    const auto& settings = m_state.backup.autoSettings;
    scheduleNext(std::chrono::minutes(settings.intervalMinutes));
    run(fs::path(settings.folder) / automaticBackupName(std::time(nullptr)), m_autoPassphrase, true);
}

void BackupController::backupNow(const std::string& file, const std::string& passphrase) {
    if (m_state.backup.running) return;
    run(file, passphrase, false);
}

void BackupController::run(fs::path file, std::string passphrase, bool automatic) {
    auto& backup = m_state.backup;
    backup.running = true;
    const DataFolder folder = m_folder;
    const int keep = backup.autoSettings.keep;
    const std::string at = clockText(std::time(nullptr));
    auto finish = [this, at](Result<BackupReport> report) {
        auto& b = m_state.backup;
        b.running = false;
        b.last = {};
        b.last.at = at;
        if (!report) {
            b.last.error = report.error().message;
            if (b.autoOn) scheduleNext(std::min<Clock::duration>(kRetryAfterFailure,
                                                                 std::chrono::minutes(b.autoSettings.intervalMinutes)));
            m_state.notify("Backup failed: " + report.error().message, true);
            return;
        }
        b.last.file = report->file.string();
        b.last.bytes = report->bytes;
        b.lastSuccessAt = at;
        b.lastSuccessFile = b.last.file;
        b.lastSuccessBytes = b.last.bytes;
    };
    m_tasks.start(
        automatic ? "Automatic backup" : "Backing up",
        [=, passphrase = std::move(passphrase)](TaskProgress&) mutable -> TaskRunner::Continuation {
            Result<BackupReport> report = Error{"backup_folder", ""};
            if (auto there = automatic ? checkBackupFolder(file.parent_path()) : Status(success()); !there) {
                report = there.error();
            } else {
                report = writeBackup(folder, file, passphrase);
                if (report && automatic) pruneAutomaticBackups(file.parent_path(), keep);
            }
            std::fill(passphrase.begin(), passphrase.end(), '\0');
            return [finish, report = std::move(report)]() mutable { finish(std::move(report)); };
        },
        [finish](const std::string& message) { finish(Error{"backup", message}); });
}

void BackupController::checkBackup(const std::string& file, const std::string& passphrase) {
    auto& backup = m_state.backup;
    if (backup.checking) return;
    backup.checking = true;
    backup.checkedFile = file;
    backup.checkedSummary.clear();
    backup.checkError.clear();
    backup.restoreCommand.clear();
    backup.folderHeld.clear();
    forgetCheckedPassphrase();
    const fs::path root = m_folder.root();
    m_tasks.start(
        "Checking the backup",
        [this, file, root, passphrase](TaskProgress&) -> TaskRunner::Continuation {
            auto contents = inspectBackup(file, passphrase);
            const std::string held = dataInFolder(root);
            const bool folderHasData = !held.empty();
            std::string summary = contents ? contents->summary() : "";
            std::string error = contents ? "" : contents.error().message;
            std::error_code ec;
            const std::string absoluteFile = fs::absolute(file, ec).string();
            std::string command = "qrgate --data " + shellWord(root.string()) + " restore " + shellWord(absoluteFile) +
                                  (folderHasData ? " --replace" : "");
            return [this, file, summary, error, command, held, passphrase = std::string(passphrase)]() mutable {
                auto& b = m_state.backup;
                b.checking = false;
                if (b.checkedFile == file) {
                    b.checkedSummary = summary;
                    b.checkError = error;
                    b.restoreCommand = error.empty() ? command : "";
                    b.folderHeld = held;
                    if (error.empty()) m_checkedPassphrase = passphrase;  // for "Restore and restart"
                }
                wipe(passphrase);
            };
        },
        [this](const std::string& message) {
            m_state.backup.checking = false;
            m_state.backup.checkError = message;
        });
}

void BackupController::restoreAndRestart() {
    auto& b = m_state.backup;
    if (b.checking || b.restartRequested || b.checkedSummary.empty() || !b.checkError.empty() ||
        m_checkedPassphrase.empty())
        return;
    m_restore.emplace(b.checkedFile, m_checkedPassphrase);
    forgetCheckedPassphrase();
    b.restartRequested = true;
}

std::optional<RestoreRequest> BackupController::takeRestoreRequest() {
    std::optional<RestoreRequest> request = std::move(m_restore);
    m_restore.reset();
    return request;
}

void BackupController::startAutoBackups(const views::AutoBackupSettings& settings, const std::string& passphrase) {
    auto& backup = m_state.backup;
    backup.autoSettings = settings;
    backup.autoSettings.intervalMinutes = std::clamp(settings.intervalMinutes, 1, 24 * 60);
    backup.autoSettings.keep = std::max(settings.keep, 1);
    forgetPassphrase();
    m_autoPassphrase = passphrase;
    backup.autoOn = true;
    m_nextAuto = Clock::now();  // the first one now: the organizer sees at once that the stick works
    backup.nextAutoAt = clockText(std::time(nullptr));
}

void BackupController::stopAutoBackups() {
    m_state.backup.autoOn = false;
    m_state.backup.nextAutoAt.clear();
    forgetPassphrase();
}

bool runBackupScriptCommand(const std::string& line, views::BackupCommands& commands, views::BackupState& state) {
    std::istringstream words(line);
    std::string command;
    words >> command;
    if (command == "backup-now") {
        std::string file, passphrase;
        words >> file >> passphrase;
        commands.backupNow(file, passphrase);
        return true;
    }
    if (command == "backup-check") {
        std::string file, passphrase;
        words >> file >> passphrase;
        commands.checkBackup(file, passphrase);
        return true;
    }
    if (command == "backup-restore") {
        commands.restoreAndRestart();
        return true;
    }
    if (command == "backup-form") {
        words >> state.openForm;
        ++state.openFormSerial;
        return true;
    }
    if (command == "backup-auto") {
        views::AutoBackupSettings settings;
        std::string passphrase;
        words >> settings.folder >> settings.intervalMinutes >> settings.keep >> passphrase;
        commands.startAutoBackups(settings, passphrase);
        return true;
    }
    return false;
}

}  // namespace qrgate::gui

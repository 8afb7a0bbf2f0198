#include "views/backup_panel.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ClearActiveID: a script's text shows in a field that had the keyboard
#include <imgui_stdlib.h>  // after imgui.h: it uses IMGUI_API

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "views/layout.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {

constexpr std::size_t kMinPassphrase = 8;  // as core/backup/backup_container.hpp

std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M", &tm);
    return buf;
}

// What is wrong with a new passphrase and its repetition, or "".
std::string passphraseProblem(const std::string& passphrase, const std::string& again) {
    if (passphrase.size() < kMinPassphrase)
        return "The passphrase needs at least " + std::to_string(kMinPassphrase) + " characters.";
    if (again != passphrase) return "The two passphrases differ.";
    return "";
}

const char* titleOf(int dialog) {
    static const char* kTitles[] = {"", "Back up now", "Restore a backup", "Automatic backups"};
    return kTitles[dialog];
}

}  // namespace

bool BackupPanel::beginDialog(Dialog dialog) {
    if (m_openRequested && m_dialog == dialog) ImGui::OpenPopup(titleOf(static_cast<int>(dialog)));
    ImGui::SetNextWindowSize({px(640), 0});
    if (!ImGui::BeginPopupModal(titleOf(static_cast<int>(dialog)), nullptr, ImGuiWindowFlags_NoResize)) {
        m_dialog = Dialog::None;
        return false;
    }
    ImGui::PushTextWrapPos(0);
    // Esc closes the form, as every dialog of the console (a field being typed in lets go first).
    if (ImGui::IsWindowFocused() && !ImGui::IsAnyItemActive() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        closeDialog();
    return true;
}

// The passphrase and its repetition for a new backup, with what is wrong with them below ("" when
// nothing is, or nothing has been typed yet).
std::string BackupPanel::newPassphraseFields(float labelWidth, bool focus) {
    fieldLabel("Passphrase", labelWidth);
    if (focus) ImGui::SetKeyboardFocusHere();
    ImGui::InputText("##passphrase", &m_passphrase, ImGuiInputTextFlags_Password);
    fieldLabel("Again", labelWidth);
    ImGui::InputText("##again", &m_again, ImGuiInputTextFlags_Password);
    const std::string problem = m_passphrase.empty() && m_again.empty() ? "" : passphraseProblem(m_passphrase, m_again);
    if (!problem.empty()) errorText("%s", problem.c_str());
    return problem;
}

void BackupPanel::endDialog() {
    ImGui::PopTextWrapPos();
    ImGui::EndPopup();
}

void BackupPanel::closeDialog() {
    forgetPassphrases();
    m_dialog = Dialog::None;
    ImGui::CloseCurrentPopup();
}

std::string BackupPanel::sizeText(std::uint64_t bytes) {
    char buf[32];
    if (bytes >= 1'000'000) std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    else if (bytes >= 1'000) std::snprintf(buf, sizeof buf, "%.0f kB", static_cast<double>(bytes) / 1e3);
    else std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
    return buf;
}

std::string BackupPanel::statusLine(const BackupState& s) {
    if (s.running) return "Backing up...";
    if (s.last.at.empty()) return "No backup yet since the console started.";
    if (!s.last.error.empty()) return "The backup at " + s.last.at + " failed: " + s.last.error;
    return "Last backup " + s.last.at + " to " + s.last.file + " (" + sizeText(s.last.bytes) + ")";
}

bool BackupPanel::scriptCommand(const std::string& line) {
    auto argument = [&](const std::string& command) -> const char* {
        return line.rfind(command + " ", 0) == 0 ? line.c_str() + command.size() + 1 : nullptr;
    };
    if (const char* file = argument("restore-file")) m_file = file, m_scriptTyped = true;
    else if (const char* passphrase = argument("restore-passphrase")) m_passphrase = passphrase, m_scriptTyped = true;
    else if (const char* button = argument("restore-press")) m_scriptPress = button;
    else return false;
    return true;
}

bool BackupPanel::pressed(const char* which, bool clicked) {
    if (m_scriptPress == which) {
        m_scriptPress.clear();
        return true;
    }
    return clicked;
}

void BackupPanel::forgetPassphrases() {
    std::fill(m_passphrase.begin(), m_passphrase.end(), '\0');
    std::fill(m_again.begin(), m_again.end(), '\0');
    m_passphrase.clear();
    m_again.clear();
}

void BackupPanel::openDialog(Dialog dialog, const BackupState& state) {
    forgetPassphrases();
    m_confirmRestore = false;
    m_dialog = dialog;
    m_openRequested = true;
    if (dialog == Dialog::BackupNow) m_file = (homeFolder() / ("qrgate-backup-" + today() + ".qrgb")).string();
    if (dialog == Dialog::Restore) m_file = state.checkedFile;
    if (dialog == Dialog::Automatic) m_auto = state.autoSettings;
}

void BackupPanel::draw(const BackupState& state, BackupCommands& commands) {
    // Its own panel, as wide as a form needs and as tall as what it showed last frame (a child
    // window needs its height before its content is drawn).
    const float width = std::min(px(760), ImGui::GetContentRegionAvail().x);
    const float height = m_contentHeight > 0 ? m_contentHeight : px(200);
    ImGui::BeginChild("##backups", {width, height}, false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
    drawContent(state, commands);
    m_contentHeight = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y - ImGui::GetStyle().ItemSpacing.y;
    ImGui::EndChild();
}

void BackupPanel::drawContent(const BackupState& state, BackupCommands& commands) {
    if (state.openFormSerial != m_formSerial) {
        m_formSerial = state.openFormSerial;
        if (state.openForm == "now") openDialog(Dialog::BackupNow, state);
        if (state.openForm == "restore") openDialog(Dialog::Restore, state);
        if (state.openForm == "auto") openDialog(Dialog::Automatic, state);
    }
    sectionTitle("Backups");
    if (!state.last.error.empty() && !state.running) {
        const std::string headline = "The backup at " + state.last.at + " failed";
        std::string error = state.last.error;
        error[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(error[0])));
        const std::string detail =
            error + ". " +
            (state.lastSuccessAt.empty() ? std::string("No backup has been written since the console started.")
                                         : "The last good one: " + state.lastSuccessAt + " to " + state.lastSuccessFile +
                                               " (" + sizeText(state.lastSuccessBytes) + ").");
        warningPanel("##backupFailed", headline.c_str(), detail.c_str());
    } else {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(statusLine(state).c_str());
        ImGui::PopTextWrapPos();
    }
    if (!state.restoreError.empty()) errorText("%s", state.restoreError.c_str());
    else if (!state.restoredLine.empty()) mutedText("%s", state.restoredLine.c_str());
    if (state.autoOn)
        mutedText("Automatic: every %d min to %s, keeping the last %d; next at %s.", state.autoSettings.intervalMinutes,
                  state.autoSettings.folder.c_str(), state.autoSettings.keep, state.nextAutoAt.c_str());
    else
        mutedText("Automatic backups are off.");
    ImGui::Dummy({0, px(4)});

    if (ImGui::Button("Back up now...")) openDialog(Dialog::BackupNow, state);
    ImGui::SameLine();
    if (ImGui::Button("Restore...")) openDialog(Dialog::Restore, state);
    ImGui::SameLine();
    if (state.autoOn) {
        if (ImGui::Button("Stop automatic backups")) commands.stopAutoBackups();
    } else if (ImGui::Button("Automatic backups...")) {
        openDialog(Dialog::Automatic, state);
    }

    switch (m_dialog) {
    case Dialog::BackupNow: drawBackupNow(state, commands); break;
    case Dialog::Restore: drawRestore(state, commands); break;
    case Dialog::Automatic: drawAutomatic(state, commands); break;
    case Dialog::None: break;
    }
}

void BackupPanel::drawBackupNow(const BackupState& state, BackupCommands& commands) {
    if (!beginDialog(Dialog::BackupNow)) return;
    const float labelW = em(9);
    // The file is filled in; the passphrase is what is left to type.
    const bool focusPassphrase = m_openRequested;
    m_openRequested = false;
    fieldLabel("Backup file", labelW);
    ImGui::InputText("##backupFile", &m_file);
    const std::string problem = newPassphraseFields(labelW, focusPassphrase);
    mutedText("Without the passphrase the file cannot be restored: keep it apart from the file.");
    const bool ready = !m_file.empty() && !m_passphrase.empty() && problem.empty() && !state.running;
    if (actionButton("Back up", ready)) {
        commands.backupNow(m_file, m_passphrase);
        closeDialog();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) closeDialog();
    endDialog();
}

void BackupPanel::drawRestore(const BackupState& state, BackupCommands& commands) {
    if (!beginDialog(Dialog::Restore)) return;
    const float labelW = em(9);
    // The first field still empty has the keyboard.
    const bool focusFile = m_openRequested && m_file.empty(), focusPassphrase = m_openRequested && !m_file.empty();
    m_openRequested = false;
    if (m_scriptTyped) {
        ImGui::ClearActiveID();  // an active field would show its own copy of the text
        m_scriptTyped = false;
    }
    fieldLabel("Backup file", labelW);
    if (focusFile) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-buttonWidth("Browse...") - ImGui::GetStyle().ItemSpacing.x);
    ImGui::InputText("##restoreFile", &m_file);
    ImGui::SameLine();
    if (ImGui::Button("Browse...")) {
        std::error_code ec;
        const std::filesystem::path typed = m_file;
        m_browser.open(std::filesystem::is_directory(typed, ec) ? typed : typed.parent_path(), ".qrgb");
    }
    if (auto chosen = m_browser.draw("Choose a backup")) m_file = *chosen;
    fieldLabel("Passphrase", labelW);
    if (focusPassphrase) ImGui::SetKeyboardFocusHere();
    ImGui::InputText("##passphrase", &m_passphrase, ImGuiInputTextFlags_Password);
    const bool canCheck = !m_file.empty() && !m_passphrase.empty() && !state.checking;
    if (pressed("check", actionButton(state.checking ? "Checking..." : "Check backup", canCheck)) && canCheck) {
        commands.checkBackup(m_file, m_passphrase);
        forgetPassphrases();
        m_confirmRestore = false;
    }
    ImGui::SameLine();
    if (ImGui::Button("Close")) closeDialog();
    drawCheckResult(state);
    drawRestoreAndRestart(state, commands);
    endDialog();
}

void BackupPanel::drawRestoreAndRestart(const BackupState& state, BackupCommands& commands) {
    if (state.checking || state.checkedFile != m_file || state.checkedSummary.empty() || !state.checkError.empty())
        return;
    ImGui::Dummy({0, px(4)});
    if (!m_confirmRestore) {
        mutedText("Restoring replaces what this console shows with the backup's data.");
        if (pressed("restart", primaryButton("Restore and restart...", !state.restartRequested)))
            m_confirmRestore = true;
    } else {
        const std::string reopen = "qrgate then reopens on the restored event.";
        if (!state.folderHeld.empty()) {
            const std::string detail = "This folder's current data (" + state.folderHeld + ") is moved aside to " +
                                       state.folder + ".before-restore-<time>, not deleted, and " + reopen;
            warningPanel("##restoreReplaces", "Replace this console's data with the backup?", detail.c_str());
        } else {
            ImGui::TextUnformatted(("The backup is restored into this console's data folder, which holds no event "
                                    "yet, and " + reopen).c_str());
        }
        // Red when it moves someone's data aside.
        auto button = state.folderHeld.empty() ? primaryButton : dangerButton;
        if (pressed("confirm", button("Restore and restart", !state.restartRequested, {0, 0})) &&
            !state.restartRequested) {
            commands.restoreAndRestart();
            closeDialog();
            return;
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel##restore")) m_confirmRestore = false;
    }
    ImGui::Dummy({0, px(4)});
    if (ImGui::TreeNodeEx("Or in a terminal", ImGuiTreeNodeFlags_NoTreePushOnOpen)) {
        ImGui::Indent();
        mutedText("Close qrgate (and any kiosk or 'qrgate serve' on this folder), run this command, then start qrgate "
                  "again; the data now in the folder is moved aside, never deleted.");
        ImGui::PushFont(fonts().bold);
        ImGui::TextUnformatted(state.restoreCommand.c_str());
        ImGui::PopFont();
        if (ImGui::Button("Copy command")) ImGui::SetClipboardText(state.restoreCommand.c_str());
        ImGui::Unindent();
    }
}

void drawRestoringScreen(const std::string& fileName) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::Begin("##restoring", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const std::string title = "Restoring " + fileName + "...";
    const std::string detail = "qrgate reopens on the restored event in a moment.";
    ImGui::PushFont(fonts().heading);
    const ImVec2 titleSize = ImGui::CalcTextSize(title.c_str());
    ImGui::SetCursorPos({std::max(0.0f, (viewport->WorkSize.x - titleSize.x) / 2), viewport->WorkSize.y * 0.42f});
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
    const ImVec2 detailSize = ImGui::CalcTextSize(detail.c_str());
    ImGui::SetCursorPosX(std::max(0.0f, (viewport->WorkSize.x - detailSize.x) / 2));
    mutedText("%s", detail.c_str());
    ImGui::End();
}

void BackupPanel::drawCheckResult(const BackupState& state) {
    if (state.checking || state.checkedFile != m_file) {
        mutedText("The backup is opened and checked here; nothing is written.");
        return;
    }
    if (!state.checkError.empty()) {
        errorText("%s", state.checkError.c_str());
        return;
    }
    if (state.checkedSummary.empty()) return;
    ImGui::Text("The backup is whole and holds %s.", state.checkedSummary.c_str());
}

void BackupPanel::drawAutomatic(const BackupState& state, BackupCommands& commands) {
    if (!beginDialog(Dialog::Automatic)) return;
    const float labelW = em(9);
    const bool focusFolder = m_openRequested && m_auto.folder.empty(), focusPassphrase = m_openRequested && !m_auto.folder.empty();
    m_openRequested = false;
    fieldLabel("Folder", labelW);
    if (focusFolder) ImGui::SetKeyboardFocusHere();
    ImGui::InputTextWithHint("##autoFolder", "e.g. /media/usb/BACKUPS (a USB stick)", &m_auto.folder);
    fieldLabel("Every", labelW);
    ImGui::SetNextItemWidth(em(8));
    if (ImGui::InputInt("##interval", &m_auto.intervalMinutes)) m_auto.intervalMinutes = std::clamp(m_auto.intervalMinutes, 1, 24 * 60);
    ImGui::SameLine();
    ImGui::TextUnformatted("minutes");
    fieldLabel("Keep the last", labelW);
    ImGui::SetNextItemWidth(em(8));
    if (ImGui::InputInt("##keep", &m_auto.keep)) m_auto.keep = std::clamp(m_auto.keep, 1, 1000);
    ImGui::SameLine();
    ImGui::TextUnformatted("files");
    const std::string problem = newPassphraseFields(labelW, focusPassphrase);
    mutedText("The passphrase is kept in memory only: after a restart the console asks for it again.");
    const bool ready = !m_auto.folder.empty() && !m_passphrase.empty() && problem.empty();
    if (actionButton("Start", ready)) {
        commands.startAutoBackups(m_auto, m_passphrase);
        closeDialog();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) closeDialog();
    endDialog();
    (void)state;
}

}  // namespace qrgate::views

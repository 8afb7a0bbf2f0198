#pragma once
// The Backups panel of the Settings screen (docs/backup.md): "Back up now...", "Restore...",
// automatic backups to a folder (a USB stick) during the event, and the status line with a clear
// warning when the last backup failed.
#include <string>

#include "views/backup_state.hpp"
#include "views/file_browser.hpp"

namespace qrgate::views {

class BackupPanel {
public:
    // In a child window "##backups" of its own.
    void draw(const BackupState& state, BackupCommands& commands);

    // The status line as shown: "Last backup 18:02 to /media/usb/... (2.1 MB)", or the failure.
    static std::string statusLine(const BackupState& state);
    static std::string sizeText(std::uint64_t bytes);

    // GUI scripts fill the open Restore form and press its buttons as a user would: "restore-file
    // PATH", "restore-passphrase TEXT", "restore-press check|restart|confirm" (Check backup,
    // "Restore and restart...", then its confirmation), each when the form draws next.
    bool scriptCommand(const std::string& line);

private:
    enum class Dialog { None, BackupNow, Restore, Automatic };
    void drawContent(const BackupState& state, BackupCommands& commands);
    // The form's modal popup (opened by openDialog); false when it is not open.
    bool beginDialog(Dialog dialog);
    void endDialog();
    void closeDialog();  // forgets what was typed
    void drawCheckResult(const BackupState& state);
    void drawBackupNow(const BackupState& state, BackupCommands& commands);
    void drawRestore(const BackupState& state, BackupCommands& commands);
    void drawAutomatic(const BackupState& state, BackupCommands& commands);
    void openDialog(Dialog dialog, const BackupState& state);
    void forgetPassphrases();
    std::string newPassphraseFields(float labelWidth, bool focus);
    void drawRestoreAndRestart(const BackupState& state, BackupCommands& commands);

    Dialog m_dialog = Dialog::None;
    bool m_openRequested = false;
    std::string m_file;
    std::string m_passphrase;
    std::string m_again;
    AutoBackupSettings m_auto;
    FileBrowser m_browser;
    int m_formSerial = 0;       // the last BackupState::openFormSerial acted on
    float m_contentHeight = 0;  // of the last frame, for the panel's height
    bool m_confirmRestore = false;  // "Restore and restart..." pressed: the confirmation shows
    std::string m_scriptPress;      // a button a GUI script pressed, until the form draws it
    bool m_scriptTyped = false;     // a GUI script filled a field
    bool pressed(const char* which, bool clicked);
};

// What the console window shows while it has let go of its folder and restores a backup into it
// (about a second): the whole window, "Restoring FILE...".
void drawRestoringScreen(const std::string& fileName);

}  // namespace qrgate::views

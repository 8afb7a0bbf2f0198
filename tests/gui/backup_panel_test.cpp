// The Settings screen's Backups panel drawn without a window: what it asks the app for (a backup
// now, checking a backup before restoring it, automatic backups), what it refuses to ask for
// (passphrases that differ or are too short), and what it shows (the last backup, a failure).
#include <gtest/gtest.h>

#include "imgui_headless.hpp"
#include "recording_commands.hpp"
#include "views/backup_panel.hpp"
#include "views/console_screens.hpp"

namespace qrgate::views {
namespace {

using testing::HeadlessImGui;

std::string g_logged;

struct PanelFixture {
    HeadlessImGui ui;
    BackupPanel panel;
    BackupState state;
    RecordingCommands commands;
    std::function<void()> draw = [this] {
        ImGui::SetNextWindowPos({0, 0});
        ImGui::SetNextWindowSize({1100, 780});
        ImGui::Begin("Settings");
        panel.draw(state, commands.backupCommands);
        ImGui::End();
    };
    // A button of the panel itself.
    bool click(const char* label) { return ui.clickItem("##backups", label, draw, 6); }
    // An item of the open form (a modal popup titled `form`).
    bool clickIn(const char* form, const char* label) { return ui.clickItem(form, label, draw, 6); }
    const char* form = "";
    void typeInto(const char* field, const char* text) {
        // A click on the form's title first: an active field (the one focused when the form
        // opened) keeps the pointer from hovering any other until it lets go.
        ImGuiWindow* window = HeadlessImGui::findWindow(form);
        ASSERT_NE(window, nullptr) << form;
        ui.click(window->Pos.x + 8, window->Pos.y + 6, draw);
        ASSERT_TRUE(clickIn(form, field)) << field;
        ui.type(text);
        ui.frame(draw);
    }
    // Whether the next frame draws `text` (ImGui's log of every text item, caught on its way to
    // the clipboard; it ends with the open form's window).
    bool drewText(const std::string& text) {
        g_logged.clear();
        auto previous = ImGui::GetIO().SetClipboardTextFn;
        ImGui::GetIO().SetClipboardTextFn = [](void*, const char* logged) { g_logged += logged; };
        ui.frame([&] {
            ImGui::LogToClipboard();
            draw();
        });
        ImGui::GetIO().SetClipboardTextFn = previous;
        return g_logged.find(text) != std::string::npos;
    }
    bool shows(const char* windowPart) {
        ui.frame(draw);
        return HeadlessImGui::findWindow(windowPart) != nullptr;
    }
};

TEST(BackupPanel, BackUpNowSendsTheFileAndThePassphraseTypedTwice) {
    PanelFixture f;
    f.ui.frame(f.draw);
    ASSERT_TRUE(f.click("Back up now..."));
    f.form = "Back up now";
    f.typeInto("##passphrase", "festival 2026");
    f.typeInto("##again", "festival 2025");
    EXPECT_FALSE(f.clickIn("Back up now", "Back up")) << "two different passphrases";
    ASSERT_TRUE(f.clickIn("Back up now", "Cancel"));
    EXPECT_TRUE(f.commands.calls.empty());
    ASSERT_TRUE(f.click("Back up now..."));  // again, empty: what was typed is forgotten
    f.form = "Back up now";
    f.typeInto("##passphrase", "festival 2026");
    f.typeInto("##again", "festival 2026");
    ASSERT_TRUE(f.clickIn("Back up now", "Back up"));
    ASSERT_EQ(f.commands.calls.size(), 1u);
    EXPECT_EQ(f.commands.calls[0].rfind("backupNow " + homeFolder().string() + "/qrgate-backup-", 0), 0u)
        << f.commands.calls[0];
    EXPECT_EQ(f.commands.backupCommands.passphrases.back(), "festival 2026");
    // The form closed and forgot what was typed: a new one starts empty.
    ASSERT_TRUE(f.click("Back up now..."));
    f.form = "Back up now";
    f.typeInto("##passphrase", "x");
    f.typeInto("##again", "x");
    EXPECT_FALSE(f.clickIn("Back up now", "Back up")) << "a passphrase shorter than 8 characters";
}

TEST(BackupPanel, AutomaticBackupsNeedAFolderAndAPassphraseAndCanBeStopped) {
    PanelFixture f;
    f.ui.frame(f.draw);
    ASSERT_TRUE(f.click("Automatic backups..."));
    f.form = "Automatic backups";
    f.typeInto("##passphrase", "usb stick secret");
    f.typeInto("##again", "usb stick secret");
    EXPECT_FALSE(f.clickIn("Automatic backups", "Start")) << "no folder yet";
    f.typeInto("##autoFolder", "/media/usb/BACKUPS");
    ASSERT_TRUE(f.clickIn("Automatic backups", "Start"));
    ASSERT_EQ(f.commands.calls.size(), 1u);
    EXPECT_EQ(f.commands.calls[0], "startAutoBackups /media/usb/BACKUPS 15 12");
    EXPECT_EQ(f.commands.backupCommands.passphrases.back(), "usb stick secret");

    f.state.autoOn = true;
    f.state.autoSettings = {"/media/usb/BACKUPS", 15, 12};
    f.state.nextAutoAt = "18:17";
    f.ui.frame(f.draw);
    ASSERT_TRUE(f.click("Stop automatic backups"));
    EXPECT_EQ(f.commands.calls.back(), "stopAutoBackups");
}

TEST(BackupPanel, RestoreChecksTheBackupAndKeepsTheCommandForATerminal) {
    PanelFixture f;
    f.ui.frame(f.draw);
    ASSERT_TRUE(f.click("Restore..."));
    f.form = "Restore a backup";
    f.typeInto("##restoreFile", "/media/usb/festival.qrgb");
    f.typeInto("##passphrase", "festival 2026");
    ASSERT_TRUE(f.clickIn("Restore a backup", "Check backup"));
    EXPECT_EQ(f.commands.calls.back(), "checkBackup /media/usb/festival.qrgb");
    EXPECT_EQ(f.commands.backupCommands.passphrases.back(), "festival 2026");

    f.state.checkedFile = "/media/usb/festival.qrgb";
    f.state.checkedSummary = "1 event, 1,200 tickets, 845 admissions (1,010 scans), 1 key file";
    f.state.restoreCommand = "qrgate --data /home/ana/.local/share/qrgate restore /media/usb/festival.qrgb --replace";
    for (int i = 0; i < 3; ++i) f.ui.frame(f.draw);  // the form grows to the answer
    EXPECT_FALSE(f.clickIn("Restore a backup", "Copy command")) << "folded under 'Or in a terminal'";
    ASSERT_TRUE(f.clickIn("Restore a backup", "Or in a terminal"));
    for (int i = 0; i < 3; ++i) f.ui.frame(f.draw);
    EXPECT_TRUE(f.clickIn("Restore a backup", "Copy command"));
    EXPECT_STREQ(ImGui::GetClipboardText(), f.state.restoreCommand.c_str());
}

// A check that succeeded offers "Restore and restart...": a confirmation says what happens to
// the folder's data, and only its own button asks the app to restore.
TEST(BackupPanel, RestoreAndRestartAsksForConfirmationSayingWhereTheDataGoes) {
    PanelFixture f;
    f.state.folder = "/home/ana/.local/share/qrgate";
    f.ui.frame(f.draw);
    ASSERT_TRUE(f.click("Restore..."));
    f.form = "Restore a backup";
    f.typeInto("##restoreFile", "/media/usb/festival.qrgb");
    f.typeInto("##passphrase", "festival 2026");
    EXPECT_FALSE(f.clickIn("Restore a backup", "Restore and restart...")) << "not before a check";
    ASSERT_TRUE(f.clickIn("Restore a backup", "Check backup"));
    f.state.checkedFile = "/media/usb/festival.qrgb";
    f.state.checkError = "wrong passphrase, or not this backup's";
    for (int i = 0; i < 3; ++i) f.ui.frame(f.draw);
    EXPECT_FALSE(f.clickIn("Restore a backup", "Restore and restart...")) << "not after a failed check";

    f.state.checkError.clear();
    f.state.checkedSummary = "1 event, 1,200 tickets, 845 admissions (1,010 scans), 1 key file";
    f.state.folderHeld = "1 event";
    for (int i = 0; i < 3; ++i) f.ui.frame(f.draw);
    ASSERT_TRUE(f.clickIn("Restore a backup", "Restore and restart..."));
    for (int i = 0; i < 3; ++i) f.ui.frame(f.draw);
    EXPECT_TRUE(f.drewText("moved aside to /home/ana/.local/share/qrgate.before-restore-<time>, not deleted"));
    EXPECT_EQ(f.commands.calls.back(), "checkBackup /media/usb/festival.qrgb") << "nothing restored yet";
    ASSERT_TRUE(f.clickIn("Restore a backup", "Cancel##restore"));
    for (int i = 0; i < 3; ++i) f.ui.frame(f.draw);
    EXPECT_FALSE(f.drewText("moved aside to")) << "Cancel goes back to the offer";
    ASSERT_TRUE(f.clickIn("Restore a backup", "Restore and restart..."));
    for (int i = 0; i < 3; ++i) f.ui.frame(f.draw);
    ASSERT_TRUE(f.clickIn("Restore a backup", "Restore and restart"));
    EXPECT_EQ(f.commands.calls.back(), "restoreAndRestart");
    EXPECT_FALSE(f.shows("Restore a backup")) << "the form closes: the console restarts";
}

TEST(BackupPanel, ShowsTheLastBackupAndWarnsClearlyWhenOneFailed) {
    BackupState s;
    EXPECT_EQ(BackupPanel::statusLine(s), "No backup yet since the console started.");
    s.last = {"18:02", "/media/usb/qrgate-backup-20261125-180200.qrgb", 2'100'000, ""};
    EXPECT_EQ(BackupPanel::statusLine(s), "Last backup 18:02 to /media/usb/qrgate-backup-20261125-180200.qrgb (2.1 MB)");
    EXPECT_EQ(BackupPanel::sizeText(152'122), "152 kB");

    PanelFixture f;
    f.state = s;
    EXPECT_FALSE(f.shows("##backupFailed"));
    f.state.lastSuccessAt = "18:02";
    f.state.lastSuccessFile = s.last.file;
    f.state.last = {"18:17", "", 0, "the backup folder /media/usb is not there (was the stick pulled out?)"};
    EXPECT_TRUE(f.shows("##backupFailed"));
    EXPECT_EQ(BackupPanel::statusLine(f.state),
              "The backup at 18:17 failed: the backup folder /media/usb is not there (was the stick pulled out?)");
}

TEST(BackupPanel, IsPartOfTheSettingsScreen) {
    HeadlessImGui ui;
    ConsoleState state = stateWithAnEvent();
    state.backup.last = {"18:02", "/media/usb/a.qrgb", 1000, ""};
    RecordingCommands commands;
    auto settings = makeSettingsView();
    settings->onShow(state, commands);
    ui.frame([&] {
        ImGui::SetNextWindowPos({0, 0});
        ImGui::SetNextWindowSize({1280, 800});
        ImGui::Begin("screen");
        settings->draw(state, commands);
        ImGui::End();
    });
    EXPECT_NE(HeadlessImGui::findWindow("##backups"), nullptr);
}

}  // namespace
}  // namespace qrgate::views

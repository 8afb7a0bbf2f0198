// The Import screen draws what the controller planned (new rows, duplicates, changed details,
// bad rows) and sends the organizer's choices with Issue: the duplicates policy, the partial
// import, and Undo last import only after its confirmation. The file chooser lists folders and
// CSV files sorted and works from the keyboard.
#include <gtest/gtest.h>

#include <fstream>

#include "imgui_headless.hpp"
#include "recording_commands.hpp"
#include "support/temp_dir.hpp"
#include "views/console_shell.hpp"
#include "views/file_browser.hpp"
#include "views/keys.hpp"

namespace qrgate::views {
namespace {

using testing::HeadlessImGui;

AttendeeRow row(std::size_t line, std::string name, std::string email = "") {
    AttendeeRow r;
    r.line = line;
    r.name = std::move(name);
    r.email = std::move(email);
    return r;
}

// people.csv: Ana and Bo have tickets already (Bo under another spelling), Chen is new, one row is bad.
ConsoleState importState(bool badRow) {
    ConsoleState s = stateWithAnEvent();
    auto& imp = s.import;
    imp.path = "/tmp/people.csv";
    imp.header = {"Nom", "Prénom", "Courriel"};
    imp.sample = {{"Lima", "Ana", "ana@example.org"}, {"Costa", "Bo", ""}, {"Wei", "Chen", "chen@example.org"}};
    imp.fileRows = badRow ? 4 : 3;
    imp.columns.firstName = 1;
    imp.columns.lastName = 0;
    imp.columns.email = 2;
    imp.encodingNote = "Read as Windows-1252 (converted)";
    imp.result.header = imp.header;
    imp.result.rows = {row(2, "Ana Lima", "ana@example.org"), row(3, "Bo Costa"), row(4, "Chen Wei", "chen@example.org")};
    imp.result.totalRows = imp.fileRows;
    if (badRow) {
        imp.result.problems = {{5, "line 5: 'dana-at-example.org' is not a valid email address"}};
        imp.result.problemCount = 1;
        imp.result.rejected = {{5, {"Diaz", "Dana", "dana-at-example.org"}, "'dana-at-example.org' is not a valid email address"}};
    }
    imp.plan.newRows = {2};
    imp.plan.duplicates = {{0, "T1", false}, {1, "T2", true}};
    imp.plan.changed = 1;
    return s;
}

struct ImportScreen {
    HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state;
    RecordingCommands commands;

    explicit ImportScreen(ConsoleState s) : state(std::move(s)) {
        EXPECT_TRUE(shell.select("import"));
        frames(2);
    }
    std::function<void()> drawer() {
        return [this] { shell.draw(state, commands); };
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) ui.frame(drawer());
    }
    bool click(const char* window, const char* label) { return ui.clickItem(window, label, drawer()); }
};

TEST(ImportView, IssueSendsTheDuplicatesChoiceSkipByDefault) {
    ImportScreen s(importState(false));
    EXPECT_TRUE(s.commands.calls.empty()) << "drawing asks for nothing";
    ASSERT_TRUE(s.click("##main", "###issue"));
    EXPECT_EQ(s.commands.calls, std::vector<std::string>{"runImport skip"});
}

TEST(ImportView, TheOrganizerCanIssueAnotherTicketOrUpdateTheDuplicates) {
    ImportScreen s(importState(false));
    ASSERT_TRUE(s.click("##main", "###dup-update"));
    ASSERT_TRUE(s.click("##main", "###issue"));
    ASSERT_TRUE(s.click("##main", "###dup-another"));
    ASSERT_TRUE(s.click("##main", "###issue"));
    EXPECT_EQ(s.commands.calls, (std::vector<std::string>{"runImport update", "runImport another"}));
}

TEST(ImportView, BadRowsBlockIssueButOfferThePartialImport) {
    ImportScreen s(importState(true));
    EXPECT_FALSE(s.click("##main", "###issue")) << "all or nothing: Issue is disabled while a row has a problem";
    ASSERT_TRUE(s.click("##main", "###partial"));
    EXPECT_EQ(s.commands.calls, std::vector<std::string>{"runImport skip skip-bad-rows"});
}

TEST(ImportView, EverybodyHasATicketAlreadyMeansNothingToIssue) {
    ConsoleState state = importState(false);
    state.import.plan.newRows.clear();
    state.import.plan.duplicates.push_back({2, "T3", false});
    state.import.plan.changed = 0;
    ImportScreen s(std::move(state));
    EXPECT_FALSE(s.click("##main", "###issue"));
    ASSERT_TRUE(s.click("##main", "###dup-another"));
    ASSERT_TRUE(s.click("##main", "###issue")) << "another ticket each: 3 to issue";
    EXPECT_EQ(s.commands.calls, std::vector<std::string>{"runImport another"});
}

TEST(ImportView, UndoLastImportAsksFirst) {
    ConsoleState state = stateWithAnEvent();
    state.importHistory.eventId = state.currentEventId;
    state.importHistory.last = ImportRecord{7, state.currentEventId, "people.csv", 0, 3, 1};
    state.importOutcome.summary = "Issued 3 tickets, skipped 0 duplicates, updated 1 ticket from people.csv; 1 bad row skipped.";
    state.importOutcome.rejectsPath = "/tmp/people-rejected.csv";
    ImportScreen s(std::move(state));
    ASSERT_TRUE(s.click("##main", "Undo last import..."));
    EXPECT_TRUE(s.commands.calls.empty()) << "only asked, not done";
    s.frames(2);
    ASSERT_TRUE(s.click("Undo the last import?", "Void 3 tickets"));
    EXPECT_EQ(s.commands.calls, std::vector<std::string>{"undoLastImport"});
}

TEST(ImportView, CancelInTheUndoConfirmationDoesNothing) {
    ConsoleState state = stateWithAnEvent();
    state.importHistory.eventId = state.currentEventId;
    state.importHistory.last = ImportRecord{7, state.currentEventId, "people.csv", 0, 1, 0};
    ImportScreen s(std::move(state));
    ASSERT_TRUE(s.click("##main", "Undo last import..."));
    s.frames(2);
    ASSERT_TRUE(s.click("Undo the last import?", "Cancel"));
    s.frames(2);
    EXPECT_TRUE(s.commands.calls.empty());
}

// ---- the file chooser ----

struct Folder {
    qrgate::testing::TempDir dir;
    Folder() {
        for (const char* f : {"zeta.csv", "Alpha.CSV", "notes.txt", ".hidden.csv", "beta.csv"})
            std::ofstream(dir.path() / f) << "name\n";
        std::filesystem::create_directory(dir.path() / "exports");
        std::filesystem::create_directory(dir.path() / "Archive");
        std::ofstream(dir.path() / "exports" / "week1.csv") << "name\nAna\n";
    }
};

std::vector<std::string> names(const std::vector<FileEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) out.push_back(e.name + (e.directory ? "/" : ""));
    return out;
}

TEST(FileBrowser, ListsFoldersFirstThenCsvFilesSortedIgnoringCase) {
    Folder f;
    std::string error;
    EXPECT_EQ(names(listFolder(f.dir.path(), ".csv", error)),
              (std::vector<std::string>{"Archive/", "exports/", "Alpha.CSV", "beta.csv", "zeta.csv"}));
    EXPECT_TRUE(error.empty());
    EXPECT_TRUE(listFolder(f.dir.path() / "missing", ".csv", error).empty());
    EXPECT_NE(error.find("Cannot read"), std::string::npos);
}

TEST(FileBrowser, TheKeyboardMovesOpensAFolderGoesUpAndChoosesAFile) {
    Folder f;
    HeadlessImGui ui;
    FileBrowser browser;
    std::optional<std::string> chosen;
    auto draw = [&] {
        ImGui::Begin("host");
        if (auto c = browser.draw("Choose a CSV file")) chosen = c;
        ImGui::End();
    };
    browser.open(f.dir.path());
    ui.frame(draw);
    ui.frame(draw);
    ASSERT_TRUE(browser.isOpen());
    EXPECT_EQ(browser.selected(), 0);
    auto key = [&](int k) {
        ui.press(k);
        ui.frame(draw);
        ui.releaseAll();
        ui.frame(draw);
    };
    key(keys::kDown);  // exports/
    EXPECT_EQ(browser.selected(), 1);
    key(keys::kEnter);  // into exports/
    EXPECT_EQ(browser.folder().filename(), "exports");
    EXPECT_EQ(names(browser.entries()), std::vector<std::string>{"week1.csv"});
    key(keys::kBackspace);  // back up
    EXPECT_EQ(browser.folder(), std::filesystem::weakly_canonical(f.dir.path()));
    key(keys::kDown);
    key(keys::kDown);
    key(keys::kDown);  // beta.csv
    key(keys::kUp);    // Alpha.CSV
    key(keys::kEnter);
    ASSERT_TRUE(chosen);
    EXPECT_EQ(*chosen, (std::filesystem::weakly_canonical(f.dir.path()) / "Alpha.CSV").string());
    EXPECT_FALSE(browser.isOpen());
}

TEST(FileBrowser, EscapeClosesWithoutChoosing) {
    Folder f;
    HeadlessImGui ui;
    FileBrowser browser;
    bool chose = false;
    auto draw = [&] {
        ImGui::Begin("host");
        if (browser.draw("Choose a CSV file")) chose = true;
        ImGui::End();
    };
    browser.open(f.dir.path());
    ui.frame(draw);
    ui.press(keys::kEscape);
    ui.frame(draw);
    ui.releaseAll();
    ui.frame(draw);
    EXPECT_FALSE(browser.isOpen());
    EXPECT_FALSE(chose);
}

TEST(FileBrowser, OpensInTheHomeFolderWhenGivenNone) {
    FileBrowser browser;
    browser.open("");
    EXPECT_EQ(browser.folder(), std::filesystem::weakly_canonical(homeFolder()));
}

}  // namespace
}  // namespace qrgate::views

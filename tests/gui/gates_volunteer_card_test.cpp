// The Gates screen's Save volunteer card, headless: it offers a file named after the event in
// the documents folder and asks for the card there; it is not offered without an event.
#include <gtest/gtest.h>

#include "imgui_headless.hpp"
#include "recording_commands.hpp"
#include "views/console_shell.hpp"

namespace qrgate::views {
namespace {

TEST(GatesVolunteerCard, SaveAsksForTheCurrentEventsCardUnderASuggestedName) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    RecordingCommands commands;
    ConsoleState state = stateWithAnEvent();
    state.events.front().name = "Riverside Summer Festival";
    state.print.documentsDir = "/home/ana/Documents";
    state.sync.starting = false;
    state.sync.role = "leader";
    ASSERT_TRUE(shell.select("gates"));
    auto draw = [&] { shell.draw(state, commands); };
    ui.frame(draw);
    ui.frame(draw);
    ASSERT_TRUE(ui.clickItem("##card", "Save volunteer card", draw));
    ASSERT_FALSE(commands.calls.empty());
    EXPECT_EQ(commands.calls.back(),
              "saveVolunteerCard /home/ana/Documents/qrgate-riverside-summer-festival-volunteer-card.pdf");
}

TEST(GatesVolunteerCard, IsNotOfferedWithoutAnEvent) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    RecordingCommands commands;
    ConsoleState state;
    state.sync.starting = false;
    state.sync.role = "leader";
    ASSERT_TRUE(shell.select("gates"));
    auto draw = [&] { shell.draw(state, commands); };
    ui.frame(draw);
    ui.frame(draw);
    EXPECT_FALSE(ui.clickItem("##card", "Save volunteer card", draw));
    for (const auto& call : commands.calls) EXPECT_EQ(call.rfind("saveVolunteerCard", 0), std::string::npos) << call;
}

}  // namespace
}  // namespace qrgate::views

// Every console screen draws from state alone (no window, no renderer) and asks for data only
// through its commands; the tickets screen asks for the visible page, not for 100,000 rows.
#include <gtest/gtest.h>

#include "imgui_headless.hpp"
#include "recording_commands.hpp"
#include "views/console_shell.hpp"
#include "views/count_words.hpp"
#include "views/kiosk_state.hpp"
#include "views/tickets_view.hpp"

namespace qrgate::views {
namespace {

TEST(ConsoleViews, EveryScreenDrawsOnAnEmptyDataFolder) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state;
    RecordingCommands commands;
    for (const auto& v : shell.views()) {
        if (v->comingNote()) {
            EXPECT_FALSE(shell.select(v->id())) << "screens of later issues are not reachable yet";
            continue;
        }
        ASSERT_TRUE(shell.select(v->id()));
        for (int i = 0; i < 3; ++i) EXPECT_GT(ui.frame([&] { shell.draw(state, commands); }), 0) << v->id();
    }
}

TEST(ConsoleViews, EveryScreenDrawsWithAnEventAndData) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = stateWithAnEvent();
    state.notify("Issued 100 tickets.");
    RecordingCommands commands;
    for (const auto& v : shell.views()) {
        if (!shell.select(v->id())) continue;
        for (int i = 0; i < 3; ++i) EXPECT_GT(ui.frame([&] { shell.draw(state, commands); }), 0) << v->id();
    }
    EXPECT_NE(std::find(commands.calls.begin(), commands.calls.end(), "setLogQuery EV000001"), commands.calls.end())
        << "the log screen asks for its rows";
}

TEST(ConsoleViews, TheTicketsScreenAsksOnlyForWhatIsVisible) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = stateWithAnEvent();
    RecordingCommands commands;
    ASSERT_TRUE(shell.select("tickets"));
    ui.frame([&] { shell.draw(state, commands); });
    ASSERT_EQ(commands.fetches.size(), 1u);
    EXPECT_TRUE(commands.fetches[0].withCount);

    // The answer: 100,000 tickets, the first page of them.
    std::vector<Ticket> rows(TicketPager::kPageSize);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].id = "T" + std::to_string(i);
        rows[i].number = static_cast<std::int64_t>(i + 1);
        rows[i].holderName = "Zoë Ødegaard " + std::to_string(i);
    }
    state.tickets.deliver(commands.fetches[0].generation, 0, rows, 100000);
    commands.fetches.clear();
    int vertices = 0;
    for (int i = 0; i < 3; ++i) vertices = ui.frame([&] { shell.draw(state, commands); });
    EXPECT_TRUE(commands.fetches.empty()) << "the first rows are all there";
    EXPECT_LT(vertices, 60000) << "only the visible rows are drawn";

    // Scroll to the middle: one page (maybe its neighbour) is asked for.
    auto* tickets = dynamic_cast<TicketsView*>(shell.find("tickets"));
    ASSERT_NE(tickets, nullptr);
    tickets->scrollBy(50'000);
    for (int i = 0; i < 3; ++i) ui.frame([&] { shell.draw(state, commands); });
    ASSERT_FALSE(commands.fetches.empty());
    EXPECT_LE(commands.fetches.size(), 3u);
    EXPECT_NEAR(static_cast<double>(commands.fetches[0].page), 50'000.0 / TicketPager::kPageSize, 2.0);
}

TEST(ConsoleViews, ShortcutsSwitchScreensAndQuit) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = stateWithAnEvent();
    RecordingCommands commands;
    ui.frame([&] { shell.draw(state, commands); });
    ImGui::GetIO().KeyCtrl = true;
    ui.press('3');
    ui.frame([&] { shell.draw(state, commands); });
    EXPECT_EQ(shell.currentId(), "tickets");
    ui.releaseAll();
    ui.frame([&] { shell.draw(state, commands); });
    ui.press('Q');
    ui.frame([&] { shell.draw(state, commands); });
    EXPECT_EQ(commands.calls.back(), "quit");
}

TEST(ConsoleViews, AScreenCanSendTheUserToAnother) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = stateWithAnEvent();
    RecordingCommands commands;
    state.navigateTo = "import";
    ui.frame([&] { shell.draw(state, commands); });
    EXPECT_EQ(shell.currentId(), "import");
    EXPECT_TRUE(state.navigateTo.empty());
}

ConsoleState stateWithGates() {
    ConsoleState s = stateWithAnEvent();
    auto& g = s.sync;
    g.starting = false;
    g.role = "leader";
    g.url = "https://10.0.0.5:8443";
    g.fingerprint = std::string(64, 'a');
    g.nowMs = 1'790'000'000'000;
    Device north{"D000000001", "gate-north", DeviceRole::Gate, g.nowMs - 86'400'000, g.nowMs - 5'000, std::nullopt};
    Device office{"D000000002", "office", DeviceRole::Admin, g.nowMs - 86'400'000, std::nullopt, std::nullopt};
    Device old{"D000000003", "gate-old", DeviceRole::Gate, g.nowMs - 86'400'000, g.nowMs - 7'200'000, g.nowMs - 60'000};
    g.devices = {old, north, office};
    Conflict c;
    c.id = 1;
    c.ticketId = "T1";
    c.ticketNumber = 42;
    c.holderName = "Émile Dubois";
    c.first = {"n1", "North", "gate-north", g.nowMs - 600'000};
    c.second = {"n2", "South", "gate-south", g.nowMs - 300'000};
    g.conflicts = {c};
    g.conflictCount = 1;
    g.listsLoaded = true;
    return s;
}

TEST(GatesView, ShowsTheNodeDevicesAndConflictsFromState) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    RecordingCommands commands;
    ASSERT_TRUE(shell.select("gates"));
    ConsoleState empty = stateWithAnEvent();
    empty.sync.starting = false;
    empty.sync.url = "https://10.0.0.5:8443";
    empty.sync.listsLoaded = true;
    ui.frame([&] { shell.draw(empty, commands); });
    const int withoutRows = ui.frame([&] { shell.draw(empty, commands); });

    ConsoleState state = stateWithGates();
    ui.frame([&] { shell.draw(state, commands); });
    const int withRows = ui.frame([&] { shell.draw(state, commands); });
    EXPECT_GT(withRows, withoutRows + 500) << "three device rows and a conflict draw text";
    ASSERT_NE(testing::HeadlessImGui::findWindow("##devicesTable"), nullptr);
    ASSERT_NE(testing::HeadlessImGui::findWindow("##conflictsTable"), nullptr);
    EXPECT_TRUE(commands.calls.empty()) << "drawing asks for nothing";
}

TEST(GatesView, APortInUseIsShownNotFatal) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    RecordingCommands commands;
    ConsoleState state = stateWithAnEvent();
    state.sync.starting = false;
    state.sync.error = "cannot listen on 0.0.0.0:8443 (address in use)";
    ASSERT_TRUE(shell.select("gates"));
    for (int i = 0; i < 2; ++i) EXPECT_GT(ui.frame([&] { shell.draw(state, commands); }), 0);
    auto draw = [&] { shell.draw(state, commands); };
    EXPECT_FALSE(ui.clickItem("##pair", "Pair a gate", draw)) << "no pairing without a node";
    EXPECT_TRUE(commands.calls.empty());
}

TEST(GatesView, PairAGateAsksForACodeAndShowsItsQrCode) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    RecordingCommands commands;
    ConsoleState state = stateWithGates();
    ASSERT_TRUE(shell.select("gates"));
    auto draw = [&] { shell.draw(state, commands); };
    ui.frame(draw);
    ui.frame(draw);
    auto* pair = testing::HeadlessImGui::findWindow("##pair");
    ASSERT_NE(pair, nullptr);
    ASSERT_TRUE(ui.clickItem("##pair", "Pair a gate", draw));
    EXPECT_EQ(commands.calls, std::vector<std::string>{"createPairing"});

    const std::string invite = "qrgate-pair:v1?url=https://10.0.0.5:8443&code=K3MZ8-Q41TB&fp=" + std::string(64, 'a');
    state.sync.pairing = PairingOffer{invite, "K3MZ8-Q41TB", state.sync.nowMs + 600'000};
    ui.frame(draw);
    ASSERT_FALSE(commands.qrAsked.empty());
    EXPECT_EQ(commands.qrAsked.back(), invite) << "the QR code carries the whole invitation";
    state.sync.nowMs += 700'000;  // expired: still drawn, with a note
    EXPECT_GT(ui.frame(draw), 0);
}

// A code a kiosk has used, or one that expired, is shown as such (as the node says) with a New
// code button; its QR code is no longer offered to scan.
TEST(GatesView, AUsedOrExpiredCodeIsShownAsSuchWithANewCodeOffered) {
    for (auto stage : {PairingOffer::Stage::Used, PairingOffer::Stage::Expired}) {
        testing::HeadlessImGui ui;
        ConsoleShell shell;
        RecordingCommands commands;
        ConsoleState state = stateWithGates();
        ASSERT_TRUE(shell.select("gates"));
        auto draw = [&] { shell.draw(state, commands); };
        const std::string invite = "qrgate-pair:v1?url=https://10.0.0.5:8443&code=K3MZ8-Q41TB";
        state.sync.pairing = PairingOffer{invite, "K3MZ8-Q41TB", state.sync.nowMs + 600'000};
        ui.frame(draw);
        ui.frame(draw);
        ASSERT_FALSE(commands.qrAsked.empty()) << "an open code shows its QR code";
        EXPECT_FALSE(ui.clickItem("##pair", "###newCode", draw)) << "no New code while the code is open";

        state.sync.pairing->stage = stage;
        state.sync.pairing->usedAt = state.sync.nowMs - 60'000;
        state.sync.pairing->usedBy = "Gate North";
        commands.qrAsked.clear();
        ui.frame(draw);
        ui.frame(draw);
        EXPECT_TRUE(commands.qrAsked.empty()) << "a dead code is not offered to scan";
        ASSERT_TRUE(ui.clickItem("##pair", "###newCode", draw)) << "New code is offered";
        EXPECT_EQ(commands.calls, std::vector<std::string>{"createPairing"});
    }
}

// The node's address and certificate fingerprint are behind a Details toggle, closed at first.
TEST(GatesView, TheTechnicalDetailsAreBehindAToggleClosedAtFirst) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    RecordingCommands commands;
    ConsoleState state = stateWithGates();
    ASSERT_TRUE(shell.select("gates"));
    auto draw = [&] { shell.draw(state, commands); };
    ui.frame(draw);
    ui.frame(draw);
    auto vertices = [] { return testing::HeadlessImGui::findWindow("##node")->DrawList->VtxBuffer.Size; };
    const int closed = vertices();
    ASSERT_TRUE(ui.clickItem("##node", "Details##node", draw));
    ui.frame(draw);
    EXPECT_GT(vertices(), closed + 64 * 4) << "opened, the 64 digits of the fingerprint are drawn";
}

TEST(GatesView, RevokeAsksSureThenRevokesThatDevice) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    RecordingCommands commands;
    ConsoleState state = stateWithGates();
    ASSERT_TRUE(shell.select("gates"));
    auto draw = [&] { shell.draw(state, commands); };
    ui.frame(draw);
    ui.frame(draw);
    auto* devices = testing::HeadlessImGui::findWindow("##devicesTable");
    ASSERT_NE(devices, nullptr);
    const ImVec2 min = devices->Pos, max = {devices->Pos.x + devices->Size.x, devices->Pos.y + devices->Size.y};
    auto revoked = [&] {
        for (const auto& c : commands.calls)
            if (c.rfind("revokeDevice ", 0) == 0) return true;
        return false;
    };
    // Clicking Revoke turns it into "Sure?"; clicking that revokes.
    ASSERT_TRUE(ui.clickThrough(min, max, 6, draw, revoked));
    EXPECT_EQ(commands.calls, std::vector<std::string>{"revokeDevice D000000001"})
        << "the first active device (the revoked one has no button), and only after \"Sure?\"";
}

TEST(Theme, NumbersReadWithThousandsSeparators) {
    EXPECT_EQ(withThousands(0), "0");
    EXPECT_EQ(withThousands(999), "999");
    EXPECT_EQ(withThousands(100000), "100,000");
    EXPECT_EQ(withThousands(-1234567), "-1,234,567");
    EXPECT_EQ(colour::fromHex("#FF0000"), IM_COL32(255, 0, 0, 255));
    EXPECT_EQ(colour::fromHex("red", 7u), 7u);
}

// Counts read as people say them: "1 scan shown", "Exported 1 scan".
TEST(ConsoleWords, CountsHaveTheirNounInTheRightNumber) {
    EXPECT_EQ(scansShownText(1, false), "1 scan shown");
    EXPECT_EQ(scansShownText(0, false), "0 scans shown");
    EXPECT_EQ(scansShownText(5000, true), "5,000 scans shown (the newest 5,000; narrow the filter or export)");
    EXPECT_EQ(exportedScansText(1, "/tmp/c.csv"), "Exported 1 scan to /tmp/c.csv");
    EXPECT_EQ(exportedScansText(1234, "/tmp/c.csv"), "Exported 1,234 scans to /tmp/c.csv");
    KioskStatus s;
    s.leader = "https://10.0.0.5:8443";
    s.leaderState = LinkState::Offline;
    s.pendingUploads = 1;
    s.conflicts = 1;
    EXPECT_EQ(leaderStatusText(s), "Leader: OFFLINE, 1 pending upload  \xC2\xB7  1 conflict");
}

// The arrivals chart's time axis: the full hours are labelled under the bars whatever minute the
// six hours start at (they were drawn only when an hour fell on every fourth bar: at 16:10 there
// was none, and the axis had no label once the chart had its bars).
TEST(DashboardView, TheArrivalsChartKeepsItsTimeAxisLabelsWithData) {
    for (int startMinute : {0, 10, 20, 30, 40, 50}) {
        testing::HeadlessImGui ui;
        ConsoleShell shell;
        RecordingCommands commands;
        ConsoleState state = stateWithAnEvent();
        state.events[0].timeZone = "UTC";
        state.statsLoaded = true;
        // 2026-11-29 16:00 UTC plus the minutes; 36 slots of 10 minutes with arrivals.
        state.arrivals.from = 1'795'968'000'000 + startMinute * 60'000LL;
        state.arrivals.counts.assign(36, 0);
        for (std::size_t i = 20; i < 36; ++i) state.arrivals.counts[i] = static_cast<std::int64_t>(i * 3);
        ASSERT_TRUE(shell.select("dashboard"));
        ui.frame([&] { shell.draw(state, commands); });
        ui.frame([&] { shell.draw(state, commands); });
        ImGuiWindow* chart = testing::HeadlessImGui::findWindow("##arrivals");
        ASSERT_NE(chart, nullptr);
        // Under the plot's base line (the bottom axisH of the child's content): the hour labels.
        const float bottom = chart->ContentRegionRect.Max.y;
        const float baseLine = bottom - px(22);
        int labelVertices = 0;
        for (const ImDrawVert& v : chart->DrawList->VtxBuffer)
            if (v.pos.y > baseLine + px(9) && v.pos.y <= bottom && v.pos.x > chart->Pos.x + px(60)) ++labelVertices;
        EXPECT_GT(labelVertices, 4 * 4 * 3) << "at least three hour labels under the bars, starting at 16:" << startMinute;
    }
}

}  // namespace
}  // namespace qrgate::views

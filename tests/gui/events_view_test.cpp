// The Events screen's pickers and the grace field: a time zone found by typing part of a city,
// a ticket type's colour from the named palette, the grace period checked like every field.
#include <gtest/gtest.h>

#include "core/base/time_format.hpp"
#include "core/events/type_colours.hpp"
#include "imgui_headless.hpp"
#include "recording_commands.hpp"
#include "views/console_shell.hpp"
#include "views/event_form.hpp"
#include "views/time_zone_picker.hpp"
#include "views/type_colour_picker.hpp"

namespace qrgate::views {
namespace {

constexpr TimeMs kJuly2026 = 1'783'000'000'000;  // summer time in Europe

const std::string& nameOfFirst(const std::vector<TimeZoneChoice>& zones, const std::string& query) {
    static const std::string none = "(none)";
    auto found = TimeZonePicker::filter(zones, query);
    return found.empty() ? none : zones[found.front()].name;
}

// Moves the pointer over `window` until the item with `id` is hovered, then clicks it there.
template <class F>
bool clickId(testing::HeadlessImGui& ui, const char* windowPart, ImGuiID id, F&& draw) {
    ImGuiWindow* window = testing::HeadlessImGui::findWindow(windowPart);
    if (!window) return false;
    ImGuiIO& io = ImGui::GetIO();
    for (float y = window->Pos.y + 4; y < window->Pos.y + window->Size.y; y += 8)
        for (float x = window->Pos.x + 4; x < window->Pos.x + window->Size.x; x += 8) {
            io.MousePos = {x, y};
            ui.frame(draw);
            if (GImGui->HoveredId == id) {
                ui.click(x, y, draw);
                io.MousePos = {-1, -1};
                return true;
            }
        }
    return false;
}

TEST(TimeZonePicker, PartOfACityFindsItsZoneWithItsOffset) {
    const auto zones = listTimeZones(kJuly2026);
    ASSERT_GT(zones.size(), 300u) << "the tz database's zones";
    EXPECT_EQ(zones.front().name, "UTC");
    EXPECT_EQ(nameOfFirst(zones, "berl"), "Europe/Berlin");
    EXPECT_EQ(nameOfFirst(zones, "BERL"), "Europe/Berlin");
    EXPECT_EQ(nameOfFirst(zones, "kolk"), "Asia/Kolkata");
    EXPECT_EQ(nameOfFirst(zones, "new york"), "America/New_York");
    EXPECT_EQ(nameOfFirst(zones, "lisb"), "Europe/Lisbon");
    EXPECT_TRUE(TimeZonePicker::filter(zones, "mars olympus").empty());
    EXPECT_EQ(TimeZonePicker::filter(zones, "").size(), zones.size());
    for (const auto& z : zones) {
        if (z.name == "Europe/Berlin") EXPECT_EQ(z.offsetText, "UTC+02:00");  // summer time
        if (z.name == "Asia/Kolkata") EXPECT_EQ(z.offsetText, "UTC+05:30");
        EXPECT_EQ(z.name.rfind("Etc/", 0), std::string::npos) << z.name;
        EXPECT_NE(z.name, "Asia/Calcutta") << "an old name of Asia/Kolkata, listed once";
    }
    auto halfHours = TimeZonePicker::filter(zones, "+05:30");
    ASSERT_FALSE(halfHours.empty());
    EXPECT_EQ(zones[halfHours.front()].name, "Asia/Colombo");
}

TEST(TimeZonePicker, TypingInItsFilterAndEnterPicksTheZone) {
    testing::HeadlessImGui ui;
    TimeZonePicker picker;
    std::string zone = "UTC";
    bool picked = false;
    auto draw = [&] {
        ImGui::SetNextWindowPos({0, 0});
        ImGui::SetNextWindowSize({600, 500});
        ImGui::Begin("zonePickerHost");
        picked = picker.draw("##tz", zone, kJuly2026) || picked;
        ImGui::End();
    };
    ui.frame(draw);
    ASSERT_TRUE(ui.clickItem("zonePickerHost", "##tz", draw));
    ui.frame(draw);
    ui.type("kolk");
    ui.frame(draw);
    EXPECT_EQ(picker.filterText(), "kolk");
    ui.press(257);  // Enter
    ui.frame(draw);
    ui.releaseAll();
    ui.frame(draw);
    EXPECT_TRUE(picked);
    EXPECT_EQ(zone, "Asia/Kolkata");
}

TEST(TypeColourPicker, ANamedSwatchSetsExactlyThePalettesColour) {
    testing::HeadlessImGui ui;
    float rgb[3] = {0.1f, 0.2f, 0.3f};
    bool changed = false;
    auto draw = [&] {
        ImGui::SetNextWindowPos({0, 0});
        ImGui::SetNextWindowSize({700, 200});
        ImGui::Begin("colourHost");
        changed = typeColourPicker("##colour", rgb) || changed;
        ImGui::End();
    };
    ui.frame(draw);
    ImGuiWindow* host = testing::HeadlessImGui::findWindow("colourHost");
    ASSERT_TRUE(host);
    const ImGuiID teal = ImHashStr("Teal", 0, ImHashStr("Teal", 0, ImHashStr("##colour", 0, host->ID)));
    ASSERT_TRUE(clickId(ui, "colourHost", teal, draw));
    EXPECT_TRUE(changed);
    TypeFields f;
    std::copy(rgb, rgb + 3, f.colour);
    EXPECT_EQ(f.colourHex(), "#00796B");
    EXPECT_EQ(paletteColourName(f.colourHex()), "Teal");
}

TEST(TypeForm, ANewTypeTakesTheFirstPaletteColourNoOtherTypeHas) {
    ASSERT_GE(typeColourPalette().size(), 8u);
    TypeForm f;
    f.load(nullptr, "EV000001", "UTC", {"#2E7D32"});
    EXPECT_EQ(f.fields().colourHex(), "#1565C0");
    f.load(nullptr, "EV000001", "UTC", {"#2e7d32", "#1565C0"});
    EXPECT_EQ(f.fields().colourHex(), "#E65100");
    f.fields().name = "Crew";
    ASSERT_TRUE(f.check().type);
    EXPECT_EQ(f.check().type->colour, "#E65100");
}

TEST(EventForm, TheGracePeriodIsAFieldWithItsOwnError) {
    EventForm f;
    f.load(nullptr, "Europe/Berlin");
    EXPECT_EQ(f.fields().graceMinutes, "120");
    EXPECT_EQ(f.fields().timeZone, "Europe/Berlin") << "a new event starts in the machine's zone";
    f.fields().name = "Autumn Ball";
    for (const char* bad : {"", "abc", "-5", "10081", "99999999"}) {
        f.fields().graceMinutes = bad;
        auto c = f.check();
        EXPECT_FALSE(c.draft) << bad;
        EXPECT_NE(c.graceMinutes.find("0 to 10080"), std::string::npos) << bad << ": " << c.graceMinutes;
    }
    f.fields().graceMinutes = "0";
    ASSERT_TRUE(f.check().draft);
    EXPECT_EQ(f.check().draft->endGraceMinutes, 0);

    Event stored;
    stored.id = "EV000001";
    stored.name = "Autumn Ball";
    stored.timeZone = "UTC";
    stored.endGraceMinutes = 45;
    f.load(&stored);
    EXPECT_EQ(f.fields().graceMinutes, "45");
    EXPECT_FALSE(f.changed());
    f.fields().graceMinutes = "60";
    EXPECT_TRUE(f.canSave());
}

TEST(EventsView, DrawsEndedUpcomingAndUndatedEventsWithTheTypeFormOpen) {
    testing::HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = stateWithAnEvent();
    state.sync.nowMs = kJuly2026;
    Event ended = state.events.front();
    ended.id = "EV000002";
    ended.name = "Spring Gala";
    ended.startsAt = kJuly2026 - 90LL * 86'400'000;
    ended.endsAt = *ended.startsAt + 5 * 3'600'000;
    Event upcoming = ended;
    upcoming.id = "EV000003";
    upcoming.name = "Winter Fair";
    upcoming.startsAt = kJuly2026 + 120LL * 86'400'000;
    upcoming.endsAt = *upcoming.startsAt + 3 * 86'400'000;
    state.events.push_back(ended);
    state.events.push_back(upcoming);
    RecordingCommands commands;
    ASSERT_TRUE(shell.select("events"));
    auto draw = [&] { shell.draw(state, commands); };
    for (int i = 0; i < 3; ++i) EXPECT_GT(ui.frame(draw), 0);
    bool opened = false;
    for (const auto& v : shell.views()) opened = v->scriptCommand("events-add-type", state) || opened;
    ASSERT_TRUE(opened);
    for (int i = 0; i < 3; ++i) EXPECT_GT(ui.frame(draw), 0);
    ASSERT_TRUE(testing::HeadlessImGui::findWindow("##eventDetail"));
    for (ImGuiWindow* w : GImGui->Windows)
        if (w->Active && std::strstr(w->Name, "##eventDetail")) {
            for (ImGuiWindow* inner : GImGui->Windows)
                EXPECT_FALSE(inner->Active && inner->ParentWindow == w && (inner->Flags & ImGuiWindowFlags_ChildWindow) &&
                             !(inner->Flags & ImGuiWindowFlags_Popup))
                    << "a scroll area inside the event detail: " << inner->Name;
        }
}

}  // namespace
}  // namespace qrgate::views

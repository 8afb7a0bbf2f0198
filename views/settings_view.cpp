// Settings of this console: UI scale (on top of the monitor's DPI), and the shortcuts list.
// Edits a copy; Apply is enabled only while the copy differs.
#include <algorithm>
#include <cstdio>

#include "core/version.hpp"
#include "views/backup_panel.hpp"
#include "views/console_screens.hpp"
#include "views/health_panel.hpp"
#include "views/layout.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {

class SettingsView final : public ConsoleView {
public:
    const char* id() const override { return "settings"; }
    const char* title() const override { return "Settings"; }
    const char* icon() const override { return "\xE2\x9A\x99"; }  // ⚙

    void onShow(ConsoleState& state, ConsoleCommands&) override { m_draft = state.settings; }

    void draw(ConsoleState& state, ConsoleCommands& commands) override {
        screenTitle("Settings");
        // The shortcuts beside the panels when there is room for them, else below.
        const float avail = ImGui::GetContentRegionAvail().x;
        const float panelW = std::min(px(560), avail);
        const bool shortcutsBeside = avail - panelW - ImGui::GetStyle().ItemSpacing.x >= em(20);
        ImGui::BeginGroup();
        ImGui::BeginChild("##display", {panelW, px(220)}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        sectionTitle("Display");
        mutedText("Text size follows the monitor (%.2fx here); adjust it further for this machine.",
                  state.monitorScale);
        ImGui::SetNextItemWidth(px(300));
        int percent = static_cast<int>(m_draft.uiScale * 100 + 0.5f);
        if (ImGui::SliderInt("##scale", &percent, 75, 200, "%d%%")) m_draft.uiScale = percent / 100.0f;
        ImGui::Dummy({0, px(6)});
        const bool differs = !(m_draft == state.settings);
        if (primaryButton("Apply", differs, {px(110), 0})) commands.applySettings(m_draft);
        ImGui::SameLine();
        ImGui::BeginDisabled(!differs);
        if (ImGui::Button("Revert", {px(110), 0})) m_draft = state.settings;
        ImGui::EndDisabled();
        ImGui::EndChild();
        ImGui::BeginChild("##about", {panelW, px(150)}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        sectionTitle("About");
        ImGui::Text("qrgate %s", kVersion);
        mutedText("Data folder: %s", state.dataDir.c_str());
        mutedText("Font: DejaVu Sans (Bitstream Vera licence).");
        ImGui::EndChild();
        ImGui::EndGroup();

        if (shortcutsBeside) ImGui::SameLine();
        ImGui::BeginChild("##keys", {shortcutsBeside ? 0 : panelW, px(420)}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        sectionTitle("Keyboard shortcuts");
        static const char* kKeys[][2] = {
            {"Ctrl+1 ... Ctrl+9", "switch screens"},     {"Ctrl+F", "search tickets"},
            {"Ctrl+I", "issue tickets"},                {"Ctrl+N", "new event (Events)"},
            {"Ctrl+S", "save the event form"},          {"Ctrl+Q", "quit"},
            {"Esc", "close a dialog"},
        };
        if (ImGui::BeginTable("##shortcuts", 2)) {
            for (auto& k : kKeys) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushFont(fonts().bold);
                ImGui::TextUnformatted(k[0]);
                ImGui::PopFont();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(k[1]);
            }
            ImGui::EndTable();
        }
        ImGui::EndChild();

        m_backups.draw(state.backup, commands.backup());
        drawHealthPanel(state, commands);
    }

    // The Backups panel's Restore form: "restore-file PATH", "restore-passphrase TEXT",
    // "restore-press check|restart|confirm".
    bool scriptCommand(const std::string& line, ConsoleState&) override { return m_backups.scriptCommand(line); }

private:
    ConsoleSettings m_draft;
    BackupPanel m_backups;
};

}  // namespace

std::unique_ptr<ConsoleView> makeSettingsView() { return std::make_unique<SettingsView>(); }

}  // namespace qrgate::views

#include "views/health_panel.hpp"

#include <algorithm>

#include "views/layout.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {

constexpr ImU32 kFixColour = IM_COL32(150, 196, 255, 255);  // the accent, light enough to read on a panel

ImU32 colourOf(HealthStatus status) {
    switch (status) {
        case HealthStatus::Ok: return colour::kAdmitted;
        case HealthStatus::Warning: return colour::kAlreadyUsed;
        case HealthStatus::Problem: return colour::kRefused;
    }
    return colour::kRefused;
}

const char* wordOf(HealthStatus status) {
    switch (status) {
        case HealthStatus::Ok: return "OK";
        case HealthStatus::Warning: return "Warning";
        case HealthStatus::Problem: return "Problem";
    }
    return "";
}

void drawCheck(const HealthCheck& check, float statusWidth) {
    ImGui::PushID(check.id.c_str());
    chip(wordOf(check.status), colourOf(check.status));
    ImGui::SameLine(statusWidth);
    ImGui::BeginGroup();  // wraps where the panel's text does
    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted(check.title.c_str());
    ImGui::PopFont();
    ImGui::TextUnformatted(check.detail.c_str());
    if (!check.fix.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kFixColour);
        ImGui::TextUnformatted(("Fix: " + check.fix).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::EndGroup();
    ImGui::Dummy({0, px(6)});
    ImGui::PopID();
}

}  // namespace

void drawHealthPanel(ConsoleState& state, ConsoleCommands& commands) {
    HealthState& health = state.health;
    if (!health.requested && !health.running && !health.report) {
        health.requested = true;
        commands.runHealthChecks();
    }

    // A panel as tall as its checks: the background is laid behind them once they are drawn.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImDrawListSplitter layers;
    layers.Split(dl, 2);
    layers.SetCurrentChannel(dl, 1);
    const ImVec2 padding = ImGui::GetStyle().WindowPadding;  // as the other panels of the screen
    const ImVec2 topLeft = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::SetCursorScreenPos({topLeft.x + padding.x, topLeft.y + padding.y});
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 2 * padding.x);
    ImGui::BeginGroup();
    sectionTitle("Health");
    mutedText("What this machine needs as a gate or as the organizer's laptop: the same checks as 'qrgate doctor'.");
    if (actionButton(health.running ? "Checking\xE2\x80\xA6" : "Run checks", !health.running, {px(150), 0}))
        commands.runHealthChecks();
    ImGui::SameLine();
    if (health.running) {
        mutedText("The network checks may take a few seconds.");
    } else if (!health.error.empty()) {
        errorText("%s", health.error.c_str());
    } else if (health.report) {
        const HealthReport& r = *health.report;
        const ImU32 tone = r.problems() ? colour::kRefused : r.warnings() ? colour::kAlreadyUsed : colour::kAdmitted;
        ImGui::PushStyleColor(ImGuiCol_Text, tone);
        ImGui::PushFont(fonts().bold);
        ImGui::TextUnformatted(summaryLine(r).c_str());
        ImGui::PopFont();
        ImGui::PopStyleColor();
        if (!health.checkedAt.empty()) {
            ImGui::SameLine();
            mutedText("checked at %s", health.checkedAt.c_str());
        }
    }
    if (health.report) {
        ImGui::Dummy({0, px(4)});
        float statusWidth = 0;
        for (const char* word : {"OK", "Warning", "Problem"}) statusWidth = std::max(statusWidth, chipWidth(word));
        statusWidth += ImGui::GetStyle().ItemSpacing.x * 2;  // SameLine in a group counts from the group's left
        for (const auto& check : health.report->checks) drawCheck(check, statusWidth);
    }
    ImGui::EndGroup();
    ImGui::PopTextWrapPos();
    const float bottom = ImGui::GetItemRectMax().y + padding.y;
    layers.SetCurrentChannel(dl, 0);
    dl->AddRectFilled(topLeft, {topLeft.x + width, bottom}, colour::kPanel, ImGui::GetStyle().ChildRounding);
    layers.Merge(dl);
    ImGui::SetCursorScreenPos({topLeft.x, bottom});
    ImGui::Dummy({width, ImGui::GetStyle().ItemSpacing.y});
}

}  // namespace qrgate::views

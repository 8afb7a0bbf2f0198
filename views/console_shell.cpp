#include "views/console_shell.hpp"

#include <algorithm>
#include <cstdio>

#include "core/version.hpp"
#include "views/keys.hpp"
#include "views/layout.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

ConsoleShell::ConsoleShell() : m_views(makeConsoleViews()) {
    if (!m_views.empty()) m_currentId = m_views.front()->id();
}

ConsoleView* ConsoleShell::find(const std::string& viewId) {
    for (auto& v : m_views)
        if (viewId == v->id()) return v.get();
    return nullptr;
}

bool ConsoleShell::select(const std::string& viewId) {
    auto* v = find(viewId);
    if (!v || v->comingNote()) return false;
    if (m_currentId != viewId) m_showRequested = true;
    m_currentId = viewId;
    return true;
}

void ConsoleShell::handleShortcuts(ConsoleState& state, ConsoleCommands& commands) {
    for (std::size_t i = 0; i < m_views.size() && i < 9; ++i)
        if (keys::ctrlPressed(keys::digit(static_cast<int>(i) + 1))) select(m_views[i]->id());
    if (keys::ctrlPressed(keys::letter('Q'))) commands.requestQuit();
}

void ConsoleShell::draw(ConsoleState& state, ConsoleCommands& commands) {
    handleShortcuts(state, commands);
    if (!state.navigateTo.empty()) {
        select(state.navigateTo);
        state.navigateTo.clear();
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::Begin("##console", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
    ImGui::PopStyleVar();

    // At 150% or 200% the sidebar would take a third of the window: at most 22% of it.
    const float sidebar = std::min(px(236), std::max(vp->WorkSize.x * 0.22f, px(170)));
    drawSidebar(state, commands, sidebar);
    ImGui::SameLine(0, 0);

    // The clear colour is the window colour: no background to fill (software renderers thank us).
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {px(28), px(22)});
    ImGui::BeginChild("##main", {0, 0}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    drawTasks(state, commands);
    if (!state.databaseError.empty()) {
        errorText("The data folder could not be opened: %s", state.databaseError.c_str());
    } else if (auto* view = find(m_currentId)) {
        if (m_showRequested) {
            view->onShow(state, commands);
            m_showRequested = false;
        }
        view->draw(state, commands);
    }
    ImGui::EndChild();
    ImGui::End();
    if (state.databaseError.empty()) m_guide.draw(state, commands);
    drawNotices(state);
}

void ConsoleShell::drawSidebar(ConsoleState& state, ConsoleCommands& commands, float width) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(17, 19, 24, 255));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {px(16), px(20)});
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 0);
    ImGui::BeginChild("##sidebar", {width, 0}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();

    // Brand
    ImGui::PushFont(fonts().heading);
    ImGui::PushStyleColor(ImGuiCol_Text, colour::kAccent);
    ImGui::TextUnformatted("\xE2\x96\xA3");  // ▣
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextUnformatted("qrgate");
    ImGui::PopFont();
    mutedText("Admin console");
    drawHelpMenu(state);
    ImGui::Dummy({0, px(10)});

    // Event switcher
    ImGui::PushFont(fonts().small);
    ImGui::PushStyleColor(ImGuiCol_Text, colour::kMuted);
    ImGui::TextUnformatted("EVENT");
    ImGui::PopStyleColor();
    ImGui::PopFont();
    const Event* current = state.currentEvent();
    ImGui::SetNextItemWidth(-1);
    // A long event name: cut with an ellipsis in the combo and its list, whole in a tooltip.
    const std::string currentName = current ? current->name : "No event yet";
    const float comboText = ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() - 2 * ImGui::GetStyle().FramePadding.x;
    const std::string shownName = ellipsized(currentName, comboText);
    const bool open = ImGui::BeginCombo("##event", shownName.c_str());
    if (!open && shownName != currentName && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", currentName.c_str());
    if (open) {
        const float listText = std::max(ImGui::GetContentRegionAvail().x, em(24));
        for (const auto& e : state.events) {
            bool selected = e.id == state.currentEventId;
            std::string label = ellipsized(e.name, listText) + "##" + e.id;
            if (ImGui::Selectable(label.c_str(), selected)) commands.useEvent(e.id);
            if (label.compare(0, e.name.size(), e.name) != 0 && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", e.name.c_str());
        }
        if (state.events.empty()) ImGui::TextDisabled("Create one on the Events screen.");
        ImGui::EndCombo();
    }
    ImGui::Dummy({0, px(12)});

    // Navigation
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, {0, 0.5f});
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, {px(8), px(4)});
    // Every screen's row in sight at 150% on 800 pixels: rows shrink (down to a line and a
    // half) before the list needs a scroll bar.
    // The footer's data folder wraps at a large scale: room for all of its lines.
    ImGui::PushFont(fonts().small);
    const std::string dataLine = "Data: " + state.dataDir;
    // Its text, the spacing ImGui counts after it and a little air: no scroll bar.
    const float footerRoom = ImGui::CalcTextSize(dataLine.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y +
                             ImGui::GetStyle().ItemSpacing.y + px(6);
    ImGui::PopFont();
    const float rowRoom = (ImGui::GetContentRegionAvail().y - footerRoom) / static_cast<float>(m_views.size()) - px(4);
    const float rowH = std::clamp(rowRoom, ImGui::GetTextLineHeight() * 1.5f, px(40));
    int index = 0;
    for (auto& v : m_views) {
        ++index;
        const bool coming = v->comingNote() != nullptr;
        const bool selected = m_currentId == v->id();
        char label[128];
        std::snprintf(label, sizeof label, "  %s   %s##nav%s", v->icon(), v->title(), v->id());
        ImVec2 pos = ImGui::GetCursorScreenPos();
        if (selected) {
            ImGui::GetWindowDrawList()->AddRectFilled({pos.x - px(16), pos.y}, {pos.x - px(12), pos.y + rowH},
                                                      colour::kAccent);
        }
        ImGui::BeginDisabled(coming);
        ImGui::PushFont(selected ? fonts().bold : fonts().body);
        if (ImGui::Selectable(label, selected, 0, {0, rowH})) select(v->id());
        const float labelRight = ImGui::GetItemRectMin().x + ImGui::CalcTextSize(label, nullptr, true).x;
        ImGui::PopFont();
        ImGui::EndDisabled();
        if (coming && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", v->comingNote());
        if (!coming && index <= 9) {
            char hint[16];
            std::snprintf(hint, sizeof hint, "Ctrl+%d", index);
            ImFont* f = fonts().small;
            float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, hint).x;
            const float hintX = pos.x + ImGui::GetContentRegionAvail().x - w - px(4);
            // The shortcut where it fits beside the label, else in the row's tooltip.
            if (hintX > labelRight + px(6))
                ImGui::GetWindowDrawList()->AddText(f, f->FontSize, {hintX, pos.y + (rowH - f->FontSize) * 0.5f},
                                                    IM_COL32(110, 118, 132, 255), hint);
            else if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", hint);
        } else if (coming) {
            ImFont* f = fonts().small;
            const char* soon = "soon";
            float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, soon).x;
            ImGui::GetWindowDrawList()->AddText(
                f, f->FontSize, {pos.x + ImGui::GetContentRegionAvail().x - w - px(4), pos.y + (rowH - f->FontSize) * 0.5f},
                IM_COL32(110, 118, 132, 255), soon);
        }
    }
    ImGui::PopStyleVar(2);

    // Footer: where the data lives.
    const float footer = footerRoom + ImGui::GetStyle().WindowPadding.y;
    if (ImGui::GetContentRegionAvail().y > footer) ImGui::SetCursorPosY(ImGui::GetWindowHeight() - footer);
    ImGui::PushFont(fonts().small);
    ImGui::PushStyleColor(ImGuiCol_Text, colour::kMuted);
    ImGui::PushTextWrapPos(0);
    ImGui::Text("Data: %s", state.dataDir.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::EndChild();
}

void ConsoleShell::drawHelpMenu(ConsoleState& state) {
    const char* label = "Help";
    ImGui::SameLine(ImGui::GetContentRegionMax().x - buttonWidth(label));
    ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(40, 46, 58, 255));
    if (ImGui::Button(label)) ImGui::OpenPopup("##helpMenu");
    ImGui::PopStyleColor();
    if (ImGui::BeginPopup("##helpMenu")) {
        if (ImGui::Selectable("Getting started guide")) FirstRunView::open(state);
        if (ImGui::Selectable("About qrgate")) m_aboutRequested = true;
        ImGui::EndPopup();
    }
    if (m_aboutRequested) {
        ImGui::OpenPopup("About qrgate");
        m_aboutRequested = false;
    }
    ImGui::SetNextWindowSize({std::min(px(460), ImGui::GetMainViewport()->WorkSize.x - px(40)), 0});
    if (ImGui::BeginPopupModal("About qrgate", nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::PushFont(fonts().heading);
        ImGui::Text("qrgate %s", kVersion);
        ImGui::PopFont();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted("Offline QR ticket check-in: this console, the gate kiosks and the LAN between them.");
        mutedText("Data folder: %s", state.dataDir.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Dummy({0, px(6)});
        if (ImGui::Button("Close", {px(100), 0}) || ImGui::IsKeyPressed(keys::kEscape)) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

void ConsoleShell::drawTasks(ConsoleState& state, ConsoleCommands& commands) {
    for (const auto& task : state.tasks) {
        ImGui::PushID(task.id());
        ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(30, 42, 66, 255));
        ImGui::BeginChild("##task", {0, px(58)}, false, ImGuiWindowFlags_NoScrollbar);
        ImGui::SetCursorPos({px(16), px(10)});
        ImGui::PushFont(fonts().bold);
        ImGui::TextUnformatted(task.name().c_str());
        ImGui::PopFont();
        ImGui::SameLine();
        float f = task.fraction();
        char overlay[64];
        if (f >= 0) std::snprintf(overlay, sizeof overlay, "%s of %s", withThousands(task.done()).c_str(),
                                  withThousands(task.total()).c_str());
        else std::snprintf(overlay, sizeof overlay, "working...");
        ImGui::SetNextItemWidth(-px(130));
        ImGui::SetCursorPosY(px(12));
        ImGui::ProgressBar(f >= 0 ? f : static_cast<float>(-0.5 * ImGui::GetTime()), {-px(130), px(24)}, overlay);
        ImGui::SameLine();
        ImGui::SetCursorPosY(px(10));
        ImGui::BeginDisabled(task.cancelRequested());
        if (ImGui::Button(task.cancelRequested() ? "Cancelling" : "Cancel", {px(110), 0})) commands.cancelTask(task.id());
        ImGui::EndDisabled();
        ImGui::EndChild();
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
}

// Notices stand in the top right corner for 4 s (errors 8 s). They take no clicks: a click meant
// for the toolbar button under a notice reaches the button.
void ConsoleShell::drawNotices(ConsoleState& state) {
    const double now = ImGui::GetTime();
    while (!state.notices.empty() && state.notices.front().shownUntil != 0 && state.notices.front().shownUntil < now)
        state.notices.pop_front();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    float y = vp->WorkPos.y + px(16);
    int i = 0;
    for (auto& n : state.notices) {
        if (n.shownUntil == 0) n.shownUntil = now + (n.seconds > 0 ? n.seconds : n.error ? 8.0 : 4.0);
        if (i >= 4) break;
        ImGui::SetNextWindowPos({vp->WorkPos.x + vp->WorkSize.x - px(16), y}, ImGuiCond_Always, {1, 0});
        ImGui::SetNextWindowSizeConstraints({px(280), 0}, {px(460), FLT_MAX});
        ImGui::PushStyleColor(ImGuiCol_WindowBg, n.error ? IM_COL32(120, 28, 28, 245) : IM_COL32(28, 92, 52, 245));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, px(8));
        char name[32];
        std::snprintf(name, sizeof name, "##notice%d", i);
        ImGui::Begin(name, nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing |
                         ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMouseInputs);
        ImGui::PushTextWrapPos(px(440));
        ImGui::TextUnformatted(n.text.c_str());
        ImGui::PopTextWrapPos();
        y += ImGui::GetWindowHeight() + px(8);
        ImGui::End();
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
        ++i;
    }
}

}  // namespace qrgate::views

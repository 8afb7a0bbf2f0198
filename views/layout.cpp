#include "views/layout.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

#include "views/theme.hpp"

namespace qrgate::views {

float em(float n) { return n * ImGui::GetFontSize(); }

namespace {
void wholeTextTooltip(const char* text) {
    if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(em(36));
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

float availableWidth(float width) { return width > 0 ? width : ImGui::GetContentRegionAvail().x; }
}  // namespace

bool ellipsizedText(const std::string& text, float width, ImU32 colour) {
    const std::string shown = ellipsized(text, availableWidth(width));
    if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(shown.c_str());
    if (colour) ImGui::PopStyleColor();
    const bool cut = shown.size() != text.size();
    if (cut) wholeTextTooltip(text.c_str());
    return cut;
}

bool ellipsizedTextDisabled(const std::string& text, float width) {
    return ellipsizedText(text, width, ImGui::GetColorU32(ImGuiCol_TextDisabled));
}

std::string fittedButtonLabel(const char* label, float buttonWidth) {
    // What the user reads stops at "##" (the rest is the id); "###" keeps the id the whole label.
    const char* idStart = std::strstr(label, "##");
    const std::string visible = idStart ? std::string(label, idStart) : std::string(label);
    if (buttonWidth <= 0) return label;
    const float room = buttonWidth - 2 * ImGui::GetStyle().FramePadding.x;
    if (ImGui::CalcTextSize(visible.c_str()).x <= room) return label;
    std::string id = idStart ? std::string(idStart + (idStart[2] == '#' ? 3 : 2)) : visible;
    return ellipsized(visible, room) + "###" + id;
}

void tooltipIfCut(const std::string& shownLabel, const char* fullLabel) {
    if (shownLabel != fullLabel) {
        const char* idStart = std::strstr(fullLabel, "##");
        wholeTextTooltip(idStart ? std::string(fullLabel, idStart).c_str() : fullLabel);
    }
}

bool fittedButton(const char* label, ImVec2 size, bool enabled) {
    const std::string shown = fittedButtonLabel(label, size.x);
    ImGui::BeginDisabled(!enabled);
    const bool pressed = ImGui::Button(shown.c_str(), size);
    ImGui::EndDisabled();
    tooltipIfCut(shown, label);
    return pressed && enabled;
}

float sharedWidth(int count) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    return std::max(1.0f, (ImGui::GetContentRegionAvail().x - spacing * static_cast<float>(count - 1)) / count);
}

float buttonWidth(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

ToolbarFlow::ToolbarFlow() { m_right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x; }

void ToolbarFlow::item(float width) {
    if (m_first) {
        m_first = false;
        return;
    }
    ImGui::SameLine();
    // Still room on this line? Otherwise start the next one.
    if (ImGui::GetCursorScreenPos().x + width > m_right + 0.5f) ImGui::NewLine();
}

void ToolbarFlow::rightAligned(float width) {
    if (!m_first) ImGui::SameLine();
    const float x = ImGui::GetCursorScreenPos().x;
    if (!m_first && x + width > m_right + 0.5f) ImGui::NewLine();
    m_first = false;
    const float room = m_right - ImGui::GetCursorScreenPos().x;
    if (room > width) ImGui::SetCursorScreenPos({m_right - width, ImGui::GetCursorScreenPos().y});
}

bool beginScrollingTable(const char* id, int columns, ImGuiTableFlags flags, float minContentWidth, ImVec2 size) {
    const float avail = ImGui::GetContentRegionAvail().x;
    const float outer = size.x > 0 ? size.x : avail + size.x;
    // The vertical scroll bar takes its width from the inner width: leave room for it.
    const float scrollbar = (flags & ImGuiTableFlags_ScrollY) ? ImGui::GetStyle().ScrollbarSize : 0;
    const float inner = std::max(outer - scrollbar, minContentWidth);
    return ImGui::BeginTable(id, columns, flags | ImGuiTableFlags_ScrollX, size, inner);
}

float clipperRowHeight(float contentHeight) {
    return std::floor(contentHeight + 2 * ImGui::GetStyle().CellPadding.y);
}

void emptyTableNote(const char* text) {
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const ImVec2 size = ImGui::CalcTextSize(text);
    const float headerH = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    const float width = max.x - min.x;
    // Cut to the table's width when even that is too narrow.
    const std::string shown = size.x > width - em(1) ? ellipsized(text, width - em(1)) : std::string(text);
    const float shownW = ImGui::CalcTextSize(shown.c_str()).x;
    const ImVec2 at{min.x + std::max(0.0f, (width - shownW) * 0.5f), min.y + headerH + em(1.2f)};
    ImGui::GetWindowDrawList()->AddText(at, ImGui::GetColorU32(ImGuiCol_TextDisabled), shown.c_str());
}

}  // namespace qrgate::views

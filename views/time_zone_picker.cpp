#include "views/time_zone_picker.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>

#include "core/base/time_format.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {
std::vector<std::string> queryWords(const std::string& query) {
    std::vector<std::string> words;
    std::string cur;
    for (char c : query) {
        if (c == ' ' || c == '_' || c == '/' || c == '\t') {
            if (!cur.empty()) words.push_back(std::move(cur));
            cur.clear();
        } else {
            cur.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
        }
    }
    if (!cur.empty()) words.push_back(std::move(cur));
    return words;
}

// "europe/berlin utc+01:00" -> "berlin utc+01:00": where a city's name starts
std::string_view cityOf(const std::string& searchText) {
    const auto nameEnd = searchText.find(" utc");
    const auto slash = searchText.rfind('/', nameEnd);
    return slash == std::string::npos ? std::string_view(searchText) : std::string_view(searchText).substr(slash + 1);
}
}  // namespace

std::vector<std::size_t> TimeZonePicker::filter(const std::vector<TimeZoneChoice>& zones, const std::string& query) {
    const auto words = queryWords(query);
    std::vector<std::size_t> cityFirst, others;
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const auto& z = zones[i];
        bool all = true;
        for (const auto& w : words) all = all && z.searchText.find(w) != std::string::npos;
        if (!all) continue;
        const bool city = !words.empty() && cityOf(z.searchText).rfind(words.front(), 0) == 0;
        (city ? cityFirst : others).push_back(i);
    }
    cityFirst.insert(cityFirst.end(), others.begin(), others.end());
    return cityFirst;
}

const std::vector<TimeZoneChoice>& TimeZonePicker::zones(TimeMs now) {
    if (m_zones.empty()) {
        if (now <= 0) now = SystemClock::instance().nowMs();  // before the app's first tick
        m_zones = listTimeZones(now);
        m_machineZone = localTimeZoneName();
        m_matches = filter(m_zones, m_filter);
    }
    return m_zones;
}

void TimeZonePicker::setFilter(const std::string& text) {
    m_filter = text;
    m_matches = filter(m_zones, m_filter);
}

bool TimeZonePicker::draw(const char* id, std::string& zone, TimeMs now) {
    const auto& all = zones(now);
    std::string preview = zone;
    for (const auto& z : all)
        if (z.name == zone) preview = z.name + "   (" + z.offsetText + ")";
    bool picked = false;
    ImGui::SetNextItemWidth(-1);
    if (m_openWith) ImGui::OpenPopupEx(ImHashStr("##ComboPopup", 0, ImGui::GetID(id)));  // BeginCombo's popup id
    if (!ImGui::BeginCombo(id, preview.c_str(), ImGuiComboFlags_HeightLargest)) return false;
    if (ImGui::IsWindowAppearing()) {
        setFilter(m_openWith.value_or(""));
        m_openWith.reset();
        ImGui::SetKeyboardFocusHere();
    }
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s", m_filter.c_str());
    ImGui::SetNextItemWidth(-1);
    const bool entered = ImGui::InputTextWithHint("##zoneFilter", "Type a city or region: berl, kolk, new y", buf,
                                                  sizeof buf, ImGuiInputTextFlags_EnterReturnsTrue);
    if (m_filter != buf) setFilter(buf);
    if (entered && !m_matches.empty()) {
        zone = all[m_matches.front()].name;
        picked = true;
        ImGui::CloseCurrentPopup();
    }
    if (m_matches.empty()) mutedText("No time zone matches \"%s\".", m_filter.c_str());
    const float rowH = ImGui::GetTextLineHeightWithSpacing();
    const float listH = std::min(static_cast<float>(m_matches.size()), 14.0f) * rowH + ImGui::GetStyle().WindowPadding.y;
    if (!m_matches.empty() && ImGui::BeginChild("##zones", {0, listH}, false)) {
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(m_matches.size()));
        const float offsetX = ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("UTC+00:00").x;
        while (clipper.Step()) {
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                const auto& z = all[m_matches[static_cast<std::size_t>(row)]];
                ImGui::PushID(row);
                const std::string label = z.name == m_machineZone ? z.name + "  (this computer)" : z.name;
                if (ImGui::Selectable(label.c_str(), z.name == zone)) {
                    zone = z.name;
                    picked = true;
                }
                ImGui::SameLine(offsetX);
                ImGui::PushStyleColor(ImGuiCol_Text, colour::kMuted);
                ImGui::TextUnformatted(z.offsetText.c_str());
                ImGui::PopStyleColor();
                ImGui::PopID();
            }
        }
        ImGui::EndChild();
    }
    ImGui::EndCombo();
    return picked;
}

}  // namespace qrgate::views

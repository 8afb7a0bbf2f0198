#include "views/type_colour_picker.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/events/type_colours.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {
std::string hexOf(const float rgb[3]) {
    auto channel = [](float v) { return static_cast<int>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255)); };
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02X%02X%02X", channel(rgb[0]), channel(rgb[1]), channel(rgb[2]));
    return buf;
}
}  // namespace

bool typeColourPicker(const char* id, float rgb[3]) {
    bool changed = false;
    ImGui::PushID(id);
    const std::string current = hexOf(rgb);
    const float side = ImGui::GetFrameHeight();
    for (const auto& c : typeColourPalette()) {
        ImGui::PushID(c.name);
        const ImVec4 col = colour::toVec(colour::fromHex(c.hex));
        const bool chosen = current == c.hex;
        if (chosen) {  // a ring around the chosen swatch, in the text colour so it shows on every hue
            ImGui::PushStyleColor(ImGuiCol_Border, colour::toVec(colour::kText));
            ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(2.0f, px(2)));
        }
        if (ImGui::ColorButton(c.name, col, ImGuiColorEditFlags_NoTooltip, {side, side})) {
            // Store exactly the palette's value (the float round trip must give the same hex).
            unsigned ri, gi, bi;
            std::sscanf(c.hex + 1, "%02x%02x%02x", &ri, &gi, &bi);
            rgb[0] = ri / 255.0f, rgb[1] = gi / 255.0f, rgb[2] = bi / 255.0f;
            changed = true;
        }
        if (chosen) {
            ImGui::PopStyleVar();
            ImGui::PopStyleColor();
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.name);
        ImGui::PopID();
        ImGui::SameLine(0, px(4));
    }
    ImGui::Dummy({px(4), 0});
    ImGui::SameLine(0, 0);
    const auto name = paletteColourName(current);
    const std::string customLabel = (name ? std::string("Custom...") : "Custom " + current + "...") + "###customButton";
    if (ImGui::Button(customLabel.c_str())) ImGui::OpenPopup("##custom");
    ImGui::SameLine();
    ImGui::TextUnformatted(name ? name->c_str() : "Custom colour");
    if (ImGui::BeginPopup("##custom")) {
        ImGui::TextUnformatted("A colour of your own");
        mutedText("Choose one white text reads on: it is the type's badge at the gate.");
        if (ImGui::ColorPicker3("##customPicker", rgb, ImGuiColorEditFlags_NoSidePreview | ImGuiColorEditFlags_DisplayHex))
            changed = true;
        if (ImGui::Button("Done")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    ImGui::PopID();
    return changed;
}

}  // namespace qrgate::views

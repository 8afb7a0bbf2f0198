#include "views/kiosk_camera_choice.hpp"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace qrgate::views {

namespace {

bool isIndex(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

const CameraInfo* findCamera(const std::vector<CameraInfo>& cameras, const std::string& setting) {
    for (const auto& c : cameras)
        if (c.setting() == setting) return &c;
    return nullptr;
}

void row(const char* label, float labelWidth, float fieldWidth) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(labelWidth);
    ImGui::SetNextItemWidth(fieldWidth);
}

}  // namespace

std::vector<CameraChoice> cameraChoices(const std::vector<CameraInfo>& cameras, bool listed,
                                        const std::string& current) {
    std::vector<CameraChoice> choices;
    choices.push_back({"No camera (handheld scanner only)", "none"});
    for (const auto& c : cameras) choices.push_back({c.name + "  " + c.device, c.setting()});
    if (!listed) choices.push_back({"Looking for cameras...", "", false});
    else if (cameras.empty()) choices.push_back({"No camera found", "", false});
    // A camera the settings name that is not plugged in now: kept, and said so.
    if (isIndex(current) && !findCamera(cameras, current))
        choices.push_back({"Camera " + current + " (not found now)", current});
    choices.push_back({"Other source (video file, image folder, stream URL)...", kOtherSource});
    return choices;
}

std::vector<CameraResolution> resolutionChoices(const std::vector<CameraInfo>& cameras, const std::string& setting) {
    if (const CameraInfo* c = findCamera(cameras, setting); c && !c->resolutions.empty()) return c->resolutions;
    return {{640, 480}, {1280, 720}, {1920, 1080}};
}

void CameraChoiceEdit::reset(const KioskSettings& settings, const std::vector<CameraInfo>&) {
    const std::string& c = settings.camera;
    otherSource = !(c == "none" || c.empty() || isIndex(c));
    std::snprintf(text, sizeof text, "%s", otherSource ? c.c_str() : "");
}

void drawCameraChoice(const std::vector<CameraInfo>& cameras, bool listed, KioskSettings& draft, CameraChoiceEdit& edit,
                      float labelWidth, float fieldWidth) {
    const auto choices = cameraChoices(cameras, listed, draft.camera);
    std::string preview = edit.otherSource ? choices.back().label : draft.camera;
    for (const auto& c : choices)
        if (!edit.otherSource && c.setting == draft.camera) preview = c.label;
    row("Camera", labelWidth, fieldWidth);
    if (ImGui::BeginCombo("##camera", preview.c_str())) {
        for (std::size_t i = 0; i < choices.size(); ++i) {
            const auto& c = choices[i];
            const std::string id = c.label + "###camera" + std::to_string(i);
            const bool other = c.setting == kOtherSource;
            const bool selected = other ? edit.otherSource : (!edit.otherSource && c.setting == draft.camera);
            if (ImGui::Selectable(id.c_str(), selected, c.enabled ? 0 : ImGuiSelectableFlags_Disabled)) {
                edit.otherSource = other;
                if (other) {
                    if (edit.text[0]) draft.camera = edit.text;
                } else {
                    draft.camera = c.setting;
                }
            }
        }
        ImGui::EndCombo();
    }
    if (edit.otherSource) {
        ImGui::SetCursorPosX(labelWidth);
        ImGui::SetNextItemWidth(fieldWidth);
        if (ImGui::InputTextWithHint("##cameraSource", "/path/video.mp4, /path/images/, rtsp://...", edit.text,
                                     sizeof edit.text))
            draft.camera = edit.text;
    }
    if (draft.camera == "none") return;  // no resolution to ask of a handheld scanner
    const auto sizes = resolutionChoices(cameras, draft.camera);
    const CameraResolution current{draft.width, draft.height};
    row("Resolution", labelWidth, fieldWidth);
    if (ImGui::BeginCombo("##res", toString(current).c_str())) {
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            const std::string id = toString(sizes[i]) + "###res" + std::to_string(i);
            if (ImGui::Selectable(id.c_str(), sizes[i] == current)) {
                draft.width = sizes[i].width;
                draft.height = sizes[i].height;
            }
        }
        ImGui::EndCombo();
    }
}

}  // namespace qrgate::views

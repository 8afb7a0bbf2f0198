#pragma once
// A GPU texture as the screens see it: what ImGui::Image draws, and its size in pixels. The app
// makes them (app/gui_textures); states hold them, views draw them.
#include <imgui.h>

namespace qrgate::views {

struct Texture {
    ImTextureID id = nullptr;
    int width = 0;
    int height = 0;
};

}  // namespace qrgate::views

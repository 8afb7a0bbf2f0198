#pragma once
// An ImGui context without a window or renderer: screens can be drawn (and their logic run)
// in plain unit tests. Frames are built and rendered into draw lists nobody displays.
#include <imgui.h>
#include <imgui_internal.h>

#include <cstring>

#include "views/theme.hpp"

namespace qrgate::testing {

class HeadlessImGui {
public:
    HeadlessImGui() {
        m_ctx = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = {1280, 800};
        io.DeltaTime = 1.0f / 60;
        for (int i = 0; i < ImGuiKey_COUNT; ++i) io.KeyMap[i] = -1;
        io.KeyMap[ImGuiKey_Enter] = 257;
        io.KeyMap[ImGuiKey_Escape] = 256;
        io.KeyMap[ImGuiKey_Tab] = 258;
        views::setScale(1.0f);
        views::loadFonts(io, {}, 1.0f, true);  // built-in font at every size
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
        views::applyTheme(ImGui::GetStyle(), 1.0f);
    }
    ~HeadlessImGui() { ImGui::DestroyContext(m_ctx); }

    // Runs one frame around `draw`; returns the number of vertices drawn.
    template <class F>
    int frame(F&& draw) {
        ImGui::GetIO().DeltaTime = 1.0f / 60;
        ImGui::NewFrame();
        draw();
        ImGui::Render();
        ++m_frames;
        return ImGui::GetDrawData()->TotalVtxCount;
    }
    // Presses a key (native index) for the next frame.
    void press(int key) { ImGui::GetIO().KeysDown[key] = true; }
    void releaseAll() {
        for (bool& k : ImGui::GetIO().KeysDown) k = false;
    }
    void type(const char* text) { ImGui::GetIO().AddInputCharactersUTF8(text); }
    // Types `text` into the focused field, then submits it with Enter, a step per frame.
    template <class F>
    void enter(const char* text, F&& draw) {
        type(text);
        frame(draw);
        press(257);  // Enter (GLFW's key number)
        frame(draw);
        releaseAll();
        frame(draw);
    }

    // The last drawn window whose name contains `part` ("##devices" finds a child window).
    static ImGuiWindow* findWindow(const char* part) {
        for (ImGuiWindow* w : GImGui->Windows)
            if (w->Active && std::strstr(w->Name, part)) return w;
        return nullptr;
    }

    // A mouse click at (x, y): pressed in one frame, released in the next (ImGui buttons act on
    // release).
    template <class F>
    void click(float x, float y, F&& draw) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = {x, y};
        io.MouseDown[0] = true;
        frame(draw);
        io.MouseDown[0] = false;
        frame(draw);
    }
    // Clicks through `area` (top left, bottom right) row by row until `done()`; for finding a
    // button without knowing the layout's pixels. True when found.
    template <class F, class Done>
    bool clickThrough(ImVec2 min, ImVec2 max, float step, F&& draw, Done&& done, int clicksPerPoint = 1) {
        for (float y = min.y + step / 2; y < max.y; y += step)
            for (float x = min.x + step / 2; x < max.x; x += step) {
                for (int i = 0; i < clicksPerPoint; ++i) {
                    click(x, y, draw);
                    if (done()) return true;
                }
            }
        return false;
    }

    // Clicks the item labelled `label` submitted directly in the window whose name contains
    // `windowPart` (a button "Save", or "###send" for a label with a fixed id): the pointer is
    // moved over the window until ImGui says that item is hovered, then clicked there. False when
    // there is no such item, or it is disabled: nothing to press.
    template <class F>
    bool clickItem(const char* windowPart, const char* label, F&& draw, float step = 10) {
        ImGuiWindow* window = findWindow(windowPart);
        if (!window) return false;
        const ImGuiID id = window->GetID(label);
        const ImVec2 min = window->Pos, max{window->Pos.x + window->Size.x, window->Pos.y + window->Size.y};
        ImGuiIO& io = ImGui::GetIO();
        for (float y = min.y + step / 2; y < max.y; y += step)
            for (float x = min.x + step / 2; x < max.x; x += step) {
                io.MousePos = {x, y};
                frame(draw);
                if (GImGui->HoveredId == id) {
                    if (GImGui->HoveredIdDisabled) {  // found, but it cannot be pressed
                        io.MousePos = {-1, -1};
                        return false;
                    }
                    click(x, y, draw);
                    io.MousePos = {-1, -1};
                    return true;
                }
            }
        io.MousePos = {-1, -1};
        return false;
    }

private:
    ImGuiContext* m_ctx;
    int m_frames = 0;
};

}  // namespace qrgate::testing

#pragma once
// The desktop window: GLFW + OpenGL 3 + Dear ImGui, the fonts at the monitor's scale, an event
// loop that sleeps while nothing changes, and screenshots (for the tests under Xvfb).
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/gui_textures.hpp"
#include "views/theme.hpp"

struct GLFWwindow;

namespace qrgate::gui {

struct WindowOptions {
    std::string title = "qrgate";
    // The X11 window class: the desktop entry's StartupWMClass, so docks match the running
    // window to its entry and icon (the console's and the kiosk's entries differ).
    std::string appId = "org.qrgate.Qrgate";
    int width = 1280;
    int height = 800;
    bool fullscreen = false;
    bool kioskFonts = false;
    float userScale = 1.0f;
    bool vsync = true;
};

class GuiWindow {
public:
    // nullptr and `error` set when there is no display or no OpenGL 3.
    static std::unique_ptr<GuiWindow> open(const WindowOptions& options, std::string& error);
    ~GuiWindow();

    // Waits for input or a wake-up unless `animating`; false when the window should close.
    bool beginFrame(bool animating);
    // Renders, takes a pending screenshot, presents.
    void endFrame();

    void setUserScale(float scale);  // fonts are rebuilt before the next frame
    float monitorScale() const { return m_monitorScale; }
    void setFullscreen(bool on);
    bool fullscreen() const;
    void requestClose();
    void cancelClose();
    // Any thread: make an idle loop run a frame now.
    static void wake();
    // The next frame is written to `pngPath` (RGBA) when rendered.
    void captureNextFrame(const std::string& pngPath, std::function<void(bool ok)> done = {});
    void onFileDrop(std::function<void(const std::vector<std::string>&)> handler) { m_drop = std::move(handler); }
    // What a drop of these files on the window does (GLFW's drop callback, the GUI script's "drop").
    void dropFiles(const std::vector<std::string>& files) {
        if (m_drop) m_drop(files);
    }
    // Milliseconds from the start of the last frame's work (after waiting) to after present.
    double lastFrameMs() const { return m_lastFrameMs; }
    long long frameCount() const { return m_frames; }
    GLFWwindow* handle() const { return m_window; }

private:
    GuiWindow() = default;
    void createRendererObjects();
    void rebuildFonts();
    void uploadFontAtlas();
    bool writeScreenshot(const std::string& path, int w, int h);
    static void markActive(GLFWwindow* w);

    GLFWwindow* m_window = nullptr;
    WindowOptions m_options;
    float m_monitorScale = 1.0f;
    float m_appliedScale = 0.0f;
    int m_activeFrames = 3;
    double m_frameStart = 0;
    double m_lastFrameMs = 0;
    long long m_frames = 0;
    GlTexture m_fontTexture;
    std::string m_capturePath;
    std::function<void(bool)> m_captureDone;
    std::function<void(const std::vector<std::string>&)> m_drop;
    int m_windowedPos[2] = {80, 60};
    int m_windowedSize[2] = {1280, 800};
};

// Writes RGBA pixels (top row first) as PNG.
bool writePng(const std::string& path, int width, int height, const unsigned char* rgba);

}  // namespace qrgate::gui

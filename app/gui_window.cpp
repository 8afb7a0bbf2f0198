#include "app/gui_window.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/gui_assets.hpp"
#include "core/base/install_paths.hpp"

namespace qrgate::gui {

namespace {
void onGlfwError(int code, const char* message) { std::fprintf(stderr, "qrgate: GLFW error %d: %s\n", code, message); }

// The icon the package installs (share/icons/hicolor/NxN/apps/<appId>.png beside share/qrgate),
// given to the window for task bars and Alt+Tab. Nothing is shown when it is not there.
void setWindowIcon(GLFWwindow* window) {
    auto assets = installedAssetsFolder();
    if (!assets) return;
    const auto icons = assets->parent_path() / "icons" / "hicolor";
    std::vector<GLFWimage> images;
    std::vector<stbi_uc*> pixels;
    for (const char* size : {"48x48", "128x128"}) {
        const auto file = icons / size / "apps" / "org.qrgate.Qrgate.png";
        int w = 0, h = 0, channels = 0;
        stbi_uc* rgba = stbi_load(file.c_str(), &w, &h, &channels, 4);
        if (!rgba) continue;
        pixels.push_back(rgba);
        images.push_back(GLFWimage{w, h, rgba});
    }
    if (!images.empty()) glfwSetWindowIcon(window, static_cast<int>(images.size()), images.data());
    for (auto* p : pixels) stbi_image_free(p);
}
}  // namespace

// Our callbacks are installed first; ImGui's backend chains to them, so we learn about any input
// and keep rendering a few frames after it (ImGui needs them to settle hover and animations).

static GuiWindow* g_window = nullptr;

void GuiWindow::markActive(GLFWwindow*) {
    if (g_window) g_window->m_activeFrames = 3;
}

std::unique_ptr<GuiWindow> GuiWindow::open(const WindowOptions& options, std::string& error) {
    glfwSetErrorCallback(nullptr);
    if (!glfwInit()) {
        error = "cannot open a window: no graphical display (is DISPLAY or WAYLAND_DISPLAY set?)";
        return nullptr;
    }
    glfwSetErrorCallback(onGlfwError);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);

    std::unique_ptr<GuiWindow> w(new GuiWindow());
    w->m_options = options;
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    int width = options.width, height = options.height;
    if (options.fullscreen && monitor) {
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        width = mode->width;
        height = mode->height;
    } else if (monitor) {
        // Never larger than the screen's work area.
        int x, y, ww, wh;
        glfwGetMonitorWorkarea(monitor, &x, &y, &ww, &wh);
        if (ww > 0 && wh > 0) {
            width = std::min(width, ww);
            height = std::min(height, wh);
        }
    }
    glfwWindowHintString(GLFW_X11_CLASS_NAME, options.appId.c_str());
    glfwWindowHintString(GLFW_X11_INSTANCE_NAME, "qrgate");
    w->m_window = glfwCreateWindow(width, height, options.title.c_str(),
                                   options.fullscreen ? monitor : nullptr, nullptr);
    if (!w->m_window) {
        error = "cannot create an OpenGL 3.3 window on this display";
        glfwTerminate();
        return nullptr;
    }
    g_window = w.get();
    setWindowIcon(w->m_window);
    glfwMakeContextCurrent(w->m_window);
    glfwSwapInterval(options.vsync ? 1 : 0);
    float xs = 1, ys = 1;
    glfwGetWindowContentScale(w->m_window, &xs, &ys);
    w->m_monitorScale = std::clamp(std::max(xs, ys), 0.5f, 4.0f);

    glfwSetKeyCallback(w->m_window, [](GLFWwindow* win, int, int, int, int) { markActive(win); });
    glfwSetCharCallback(w->m_window, [](GLFWwindow* win, unsigned) { markActive(win); });
    glfwSetMouseButtonCallback(w->m_window, [](GLFWwindow* win, int, int, int) { markActive(win); });
    glfwSetScrollCallback(w->m_window, [](GLFWwindow* win, double, double) { markActive(win); });
    glfwSetCursorPosCallback(w->m_window, [](GLFWwindow* win, double, double) { markActive(win); });
    glfwSetWindowSizeCallback(w->m_window, [](GLFWwindow* win, int, int) { markActive(win); });
    glfwSetWindowContentScaleCallback(w->m_window, [](GLFWwindow*, float x, float y) {
        if (g_window) g_window->m_monitorScale = std::clamp(std::max(x, y), 0.5f, 4.0f);
        markActive(nullptr);
    });
    glfwSetDropCallback(w->m_window, [](GLFWwindow*, int count, const char** paths) {
        std::vector<std::string> files(paths, paths + count);
        if (g_window) g_window->dropFiles(files);
        markActive(nullptr);
    });

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout is fixed; nothing to remember in the working folder
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui_ImplGlfw_InitForOpenGL(w->m_window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    w->createRendererObjects();
    w->rebuildFonts();
    return w;
}

GuiWindow::~GuiWindow() {
    m_fontTexture = GlTexture();  // while the GL context is still there
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    if (m_window) glfwDestroyWindow(m_window);
    g_window = nullptr;
    glfwTerminate();
}

void GuiWindow::rebuildFonts() {
    const float scale = m_monitorScale * m_options.userScale;
    auto regular = fontRegular();
    auto bold = fontBold();
    views::FontFiles files{regular.data(), regular.size(), bold.data(), bold.size()};
    views::setScale(scale);
    views::loadFonts(ImGui::GetIO(), files, scale, m_options.kioskFonts);
    views::applyTheme(ImGui::GetStyle(), scale);
    uploadFontAtlas();
    m_appliedScale = scale;
}

// The backend makes its shaders and buffers on the first NewFrame, and with them an RGBA font
// texture from the atlas; once our fonts are in the atlas that means building it all over again,
// keeping its CPU copies (20 MB with the kiosk's fonts) and leaking the texture made before
// (16 MB). Made now, while the atlas holds only ImGui's small default font, whose texture ours
// then replaces.
void GuiWindow::createRendererObjects() {
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
}

// From the atlas's one byte a pixel, never through ImGui's RGBA copy (see
// GlTexture::uploadAlphaAsWhite).
void GuiWindow::uploadFontAtlas() {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    unsigned char* alpha = nullptr;
    int width = 0, height = 0;
    atlas.GetTexDataAsAlpha8(&alpha, &width, &height);
    m_fontTexture.uploadAlphaAsWhite(alpha, width, height);
    atlas.SetTexID(m_fontTexture.view().id);
    // The atlas lives in the texture now; its CPU copy (4 MB for the kiosk) is not needed.
    atlas.ClearTexData();
    malloc_trim(0);  // and give those pages back to the system now
}

void GuiWindow::setUserScale(float scale) {
    m_options.userScale = std::clamp(scale, 0.5f, 3.0f);
    m_activeFrames = 3;
}

bool GuiWindow::beginFrame(bool animating) {
    if (animating || m_activeFrames > 0 || !m_capturePath.empty()) glfwPollEvents();
    else glfwWaitEventsTimeout(0.5);
    if (m_activeFrames > 0) --m_activeFrames;
    m_frameStart = glfwGetTime();
    if (glfwWindowShouldClose(m_window)) return false;
    if (std::fabs(m_appliedScale - m_monitorScale * m_options.userScale) > 1e-3f) rebuildFonts();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    return true;
}

void GuiWindow::endFrame() {
    ImGui::Render();
    int w, h;
    glfwGetFramebufferSize(m_window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.086f, 0.098f, 0.122f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (!m_capturePath.empty()) {
        bool ok = writeScreenshot(m_capturePath, w, h);
        m_capturePath.clear();
        if (m_captureDone) {
            auto done = std::move(m_captureDone);
            m_captureDone = nullptr;
            done(ok);
        }
    }
    glfwSwapBuffers(m_window);
    m_lastFrameMs = (glfwGetTime() - m_frameStart) * 1000.0;
    ++m_frames;
}

// Screenshots are rare (tests, bug reports): their pixels (4 MB) and the PNG encoder's buffers
// go back to the system at once instead of staying in the heap, where the kiosk's own memory
// is measured right after one.
bool GuiWindow::writeScreenshot(const std::string& path, int w, int h) {
    bool ok = false;
    {
        std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * h * 4);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_BACK);
        glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
        // GL's rows run bottom-up; PNG's top-down.
        const std::size_t row = static_cast<std::size_t>(w) * 4;
        for (int y = 0; y < h / 2; ++y) {
            auto top = pixels.begin() + static_cast<std::ptrdiff_t>(y * row);
            std::swap_ranges(top, top + static_cast<std::ptrdiff_t>(row),
                             pixels.begin() + static_cast<std::ptrdiff_t>((h - 1 - y) * row));
        }
        ok = writePng(path, w, h, pixels.data());
    }
    malloc_trim(0);
    return ok;
}

void GuiWindow::captureNextFrame(const std::string& pngPath, std::function<void(bool)> done) {
    m_capturePath = pngPath;
    m_captureDone = std::move(done);
}

void GuiWindow::setFullscreen(bool on) {
    if (on == fullscreen()) return;
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    if (on && monitor) {
        glfwGetWindowPos(m_window, &m_windowedPos[0], &m_windowedPos[1]);
        glfwGetWindowSize(m_window, &m_windowedSize[0], &m_windowedSize[1]);
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        glfwSetWindowMonitor(m_window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    } else {
        glfwSetWindowMonitor(m_window, nullptr, m_windowedPos[0], m_windowedPos[1], m_windowedSize[0],
                             m_windowedSize[1], 0);
    }
    m_activeFrames = 3;
}

bool GuiWindow::fullscreen() const { return glfwGetWindowMonitor(m_window) != nullptr; }
void GuiWindow::requestClose() { glfwSetWindowShouldClose(m_window, GLFW_TRUE); }
void GuiWindow::cancelClose() { glfwSetWindowShouldClose(m_window, GLFW_FALSE); }
void GuiWindow::wake() { glfwPostEmptyEvent(); }

bool writePng(const std::string& path, int width, int height, const unsigned char* rgba) {
    return stbi_write_png(path.c_str(), width, height, 4, rgba, width * 4) != 0;
}

}  // namespace qrgate::gui

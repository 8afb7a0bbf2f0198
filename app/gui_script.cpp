#include "app/gui_script.hpp"

#include <filesystem>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <sstream>

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>

#include "app/gui_window.hpp"

namespace qrgate::gui {

using Clock = std::chrono::steady_clock;

std::optional<GuiScript> GuiScript::load(const std::string& path, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = "cannot read the GUI script " + path;
        return std::nullopt;
    }
    GuiScript s;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        s.m_lines.push_back(line);
    }
    return s;
}

bool GuiScript::step(GuiWindow& window, const ScriptHooks& hooks, double firstFrameMs) {
    const auto now = Clock::now();
    if (now > m_deadline) {
        std::fprintf(stderr, "qrgate: GUI script timed out at line %zu\n", m_next);
        m_failed = true;
        return false;
    }
    // Frames being timed: the previous frame's figure is ready now.
    if (m_scrollFrames > 0) {
        if (window.frameCount() > 0) m_frameMs.push_back(window.lastFrameMs());
        if (hooks.scrollTickets) hooks.scrollTickets(m_scrollRows);
        --m_scrollFrames;
        return true;
    }
    if (m_waitFrames > 0) {
        --m_waitFrames;
        return true;
    }
    if (now < m_waitUntil) {
        std::error_code ec;
        if (m_waitIdle && hooks.idle && hooks.idle()) m_waitUntil = {};
        else if (!m_waitGone.empty() && !std::filesystem::exists(m_waitGone, ec) && !ec) m_waitUntil = {};
        else if (!m_waitVerdict.empty() && hooks.verdictKind && hooks.verdictKind() == m_waitVerdict) m_waitUntil = {};
        else return true;
    } else if (!m_waitVerdict.empty()) {
        std::string seen = hooks.verdictKind ? hooks.verdictKind() : "";
        if (seen != m_waitVerdict) {
            std::fprintf(stderr, "qrgate: GUI script: no %s verdict in time (showing '%s')\n", m_waitVerdict.c_str(),
                         seen.c_str());
            m_failed = true;
        }
    } else if (!m_waitGone.empty()) {
        std::error_code ec;
        if (std::filesystem::exists(m_waitGone, ec)) {
            std::fprintf(stderr, "qrgate: GUI script: %s is still there\n", m_waitGone.c_str());
            m_failed = true;
        }
    }
    m_waitVerdict.clear();
    m_waitGone.clear();
    m_waitIdle = false;

    while (m_next < m_lines.size()) {
        std::istringstream in(m_lines[m_next++]);
        std::string cmd;
        in >> cmd;
        if (cmd == "frames") {
            in >> m_waitFrames;
            return true;
        } else if (cmd == "wait-ms") {
            long ms = 0;
            in >> ms;
            m_waitUntil = Clock::now() + std::chrono::milliseconds(ms);
            return true;
        } else if (cmd == "wait-idle") {
            long ms = 0;
            in >> ms;
            m_waitIdle = true;
            m_waitUntil = Clock::now() + std::chrono::milliseconds(ms);
            m_waitFrames = 2;  // let the views ask for what they need first
            return true;
        } else if (cmd == "wait-gone") {
            long ms = 0;
            in >> m_waitGone >> ms;
            m_waitUntil = Clock::now() + std::chrono::milliseconds(ms);
            return true;
        } else if (cmd == "wait-verdict") {
            long ms = 0;
            in >> m_waitVerdict >> ms;
            m_waitUntil = Clock::now() + std::chrono::milliseconds(ms);
            return true;
        } else if (cmd == "view") {
            std::string name;
            in >> name;
            if (!hooks.selectView || !hooks.selectView(name)) {
                std::fprintf(stderr, "qrgate: GUI script: no screen '%s'\n", name.c_str());
                m_failed = true;
            }
            m_waitFrames = 2;
            return true;
        } else if (cmd == "shot") {
            std::string path;
            std::getline(in >> std::ws, path);
            window.captureNextFrame(path, [path, this](bool ok) {
                if (!ok) {
                    std::fprintf(stderr, "qrgate: could not write %s\n", path.c_str());
                    m_failed = true;
                }
            });
            m_waitFrames = 1;
            return true;
        } else if (cmd == "scroll") {
            in >> m_scrollRows >> m_scrollFrames;
            return true;
        } else if (cmd == "perf") {
            std::string path;
            std::getline(in >> std::ws, path);
            std::vector<double> v = m_frameMs;
            std::sort(v.begin(), v.end());
            double mean = v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
            auto pct = [&](double p) { return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))]; };
            if (FILE* f = std::fopen(path.c_str(), "w")) {
                std::fprintf(f, "{\"frames\": %zu, \"meanMs\": %.2f, \"p50Ms\": %.2f, \"p95Ms\": %.2f, \"maxMs\": %.2f}\n",
                             v.size(), mean, pct(0.5), pct(0.95), v.empty() ? 0 : v.back());
                std::fclose(f);
            }
            m_frameMs.clear();
        } else if (cmd == "startup") {
            std::string path;
            std::getline(in >> std::ws, path);
            if (FILE* f = std::fopen(path.c_str(), "w")) {
                std::fprintf(f, "{\"firstFrameMs\": %.1f}\n", firstFrameMs);
                std::fclose(f);
            }
        } else if (cmd == "mouse") {
            double x = -1, y = -1;
            in >> x >> y;
            glfwSetCursorPos(window.handle(), x, y);
        } else if (cmd == "window-size") {
            // As if the user resized (or maximised) the window: a 1920x1080 screen's layout.
            int w = 0, h = 0;
            in >> w >> h;
            if (w > 0 && h > 0) glfwSetWindowSize(window.handle(), w, h);
            m_waitFrames = 3;
            return true;
        } else if (cmd == "idle-frames") {
            // Time N frames without scrolling: the cost of drawing alone.
            in >> m_scrollFrames;
            m_scrollRows = 0;
            return true;
        } else if (cmd == "rss") {
            // Resident memory now, from /proc (Linux).
            std::string path;
            std::getline(in >> std::ws, path);
            std::ifstream status("/proc/self/status");
            std::string line;
            long kb = -1, anon = -1, file = -1;
            while (std::getline(status, line)) {
                if (line.rfind("VmRSS:", 0) == 0) kb = std::stol(line.substr(6));
                if (line.rfind("RssAnon:", 0) == 0) anon = std::stol(line.substr(8));
                if (line.rfind("RssFile:", 0) == 0) file = std::stol(line.substr(8));
            }
            if (FILE* f = std::fopen(path.c_str(), "w")) {
                std::fprintf(f, "{\"rssMB\": %.1f, \"anonMB\": %.1f, \"fileMB\": %.1f}\n", kb / 1024.0,
                             anon / 1024.0, file / 1024.0);
                std::fclose(f);
            }
        } else if (cmd == "timeout") {
            double s = 0;
            in >> s;
            m_deadline = Clock::now() + std::chrono::milliseconds(static_cast<long>(s * 1000));
        } else if (cmd == "click") {
            // A left click at (x, y): the press goes through the backend's own callback, as a
            // real one does; ImGui sees it down for a frame, then up.
            double x = -1, y = -1;
            in >> x >> y;
            glfwSetCursorPos(window.handle(), x, y);
            ImGui_ImplGlfw_MouseButtonCallback(window.handle(), GLFW_MOUSE_BUTTON_LEFT, GLFW_PRESS, 0);
            m_waitFrames = 3;
            return true;
        } else if (cmd == "drop") {
            // As if the file were dropped on the window: the same handler GLFW's callback calls.
            std::string path;
            std::getline(in >> std::ws, path);
            window.dropFiles({path});
            m_waitFrames = 2;
            return true;
        } else if (cmd == "quit") {
            return false;
        } else if (!hooks.custom || !hooks.custom(m_lines[m_next - 1])) {
            std::fprintf(stderr, "qrgate: GUI script: unknown command '%s'\n", m_lines[m_next - 1].c_str());
            m_failed = true;
        } else {
            m_waitFrames = 1;
            return true;
        }
    }
    return false;  // the end of the script is a quit
}

}  // namespace qrgate::gui

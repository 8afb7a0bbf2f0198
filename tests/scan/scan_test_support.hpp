#pragma once
// Helpers shared by the scan tests: temporary folders, writing videos, running the qrgate
// binary, a scripted camera, and a loopback MJPEG "IP camera".
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "core/scan/frame_source.hpp"

namespace qrgate::testing {

namespace fs = std::filesystem;

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "qrgate-scan-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }
    fs::path operator/(const std::string& name) const { return m_path / name; }

private:
    fs::path m_path;
};

// Motion JPEG in AVI: what OpenCV's bundled FFmpeg writes everywhere, lossy like a real camera.
inline bool writeVideo(const fs::path& file, const std::vector<cv::Mat>& frames, double fps,
                       int fourcc = cv::VideoWriter::fourcc('M', 'J', 'P', 'G')) {
    if (frames.empty()) return false;
    cv::VideoWriter writer(file.string(), cv::CAP_FFMPEG, fourcc, fps, frames.front().size());
    if (!writer.isOpened()) return false;
    for (const auto& f : frames) writer.write(f);
    writer.release();
    return fs::exists(file) && fs::file_size(file) > 0;
}

struct ProcessResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

inline std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q.push_back(c);
    }
    return q + "'";
}

// Runs the qrgate binary with `args`, as a user at a shell would.
inline ProcessResult runQrgate(const std::vector<std::string>& args, const fs::path& workDir) {
    std::string cmd = "cd " + shellQuote(workDir.string()) + " && " + shellQuote(QRGATE_BINARY);
    for (const auto& a : args) cmd += " " + shellQuote(a);
    const fs::path errFile = workDir / ".stderr";
    cmd += " 2>" + shellQuote(errFile.string());
    ProcessResult result;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) return result;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) result.out.append(buf, n);
    const int status = ::pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(errFile);
    std::stringstream ss;
    ss << err.rdbuf();
    result.err = ss.str();
    return result;
}

inline std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string line;
    while (std::getline(ss, line))
        if (!line.empty()) out.push_back(line);
    return out;
}

inline bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return condition();
}

// A camera that shows a prepared list of frames, then ends (recorded) or fails (live).
class ScriptedDevice final : public FrameDevice {
public:
    explicit ScriptedDevice(std::vector<cv::Mat> frames, double fps = 30, bool live = false)
        : m_frames(std::move(frames)), m_fps(fps), m_live(live) {}
    std::string open() override {
        m_next = 0;
        ++m_opens;
        return {};
    }
    ReadResult read(cv::Mat& frame, std::string& name) override {
        if (m_next >= m_frames.size()) return m_live ? ReadResult::Failed : ReadResult::End;
        if (m_live) std::this_thread::sleep_for(std::chrono::duration<double>(1.0 / m_fps));
        frame = m_frames[m_next++].clone();
        name = "scripted";
        return ReadResult::Frame;
    }
    void close() override {}
    double frameRate() const override { return m_fps; }
    bool live() const override { return m_live; }
    std::string describe() const override { return "scripted camera"; }
    int opens() const { return m_opens; }

private:
    std::vector<cv::Mat> m_frames;
    std::size_t m_next = 0;
    double m_fps;
    bool m_live;
    std::atomic<int> m_opens{0};
};

// An "IP camera" on loopback: serves frames as an MJPEG stream (multipart/x-mixed-replace, as
// phone camera apps and cheap IP cameras do) to each client, `framesPerClient` of them, then
// hangs up, like a camera whose Wi-Fi drops.
class MjpegServer {
public:
    MjpegServer(std::vector<cv::Mat> frames, int framesPerClient, double fps)
        : m_framesPerClient(framesPerClient), m_fps(fps) {
        for (const auto& f : frames) {
            std::vector<unsigned char> jpeg;
            cv::imencode(".jpg", f, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90});
            m_jpegs.emplace_back(jpeg.begin(), jpeg.end());
        }
    }
    ~MjpegServer() { stop(); }

    // Listens on `port` (0 = any free port). Returns the port, or 0 on failure.
    int start(int port = 0) {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<uint16_t>(port));
        if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_listen, 4) != 0) {
            ::close(m_listen);
            m_listen = -1;
            return 0;
        }
        socklen_t len = sizeof addr;
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_running = true;
        m_thread = std::thread([this] { serve(); });
        return m_port;
    }

    void stop() {
        m_running = false;
        if (m_listen >= 0) {
            ::shutdown(m_listen, SHUT_RDWR);
            ::close(m_listen);
            m_listen = -1;
        }
        if (m_thread.joinable()) m_thread.join();
    }

    int clientsServed() const { return m_clients.load(); }

private:
    void serve() {
        while (m_running) {
            const int client = ::accept(m_listen, nullptr, nullptr);
            if (client < 0) break;
            ++m_clients;
            char request[2048];
            (void)::recv(client, request, sizeof request, 0);  // whatever it asks, it gets the stream
            std::string header =
                "HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace;boundary=frame\r\n"
                "Cache-Control: no-cache\r\nConnection: close\r\n\r\n";
            bool ok = sendAll(client, header);
            for (int i = 0; ok && m_running && i < m_framesPerClient; ++i) {
                const std::string& jpeg = m_jpegs[i % m_jpegs.size()];
                std::string part = "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " +
                                   std::to_string(jpeg.size()) + "\r\n\r\n";
                ok = sendAll(client, part) && sendAll(client, jpeg) && sendAll(client, "\r\n");
                std::this_thread::sleep_for(std::chrono::duration<double>(1.0 / m_fps));
            }
            ::shutdown(client, SHUT_RDWR);
            ::close(client);
        }
    }
    static bool sendAll(int fd, const std::string& data) {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }

    std::vector<std::string> m_jpegs;
    int m_framesPerClient;
    double m_fps;
    int m_listen = -1;
    int m_port = 0;
    std::atomic<bool> m_running{false};
    std::atomic<int> m_clients{0};
    std::thread m_thread;
};

}  // namespace qrgate::testing

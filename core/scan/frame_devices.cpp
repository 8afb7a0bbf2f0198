// The devices behind FrameSource: OpenCV's VideoCapture for cameras, video files and streams,
// and a folder of still images.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <system_error>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "core/base/ascii_text.hpp"
#include "core/scan/frame_source.hpp"

namespace qrgate {

namespace fs = std::filesystem;

namespace {

constexpr int kStreamTimeoutMs = 5000;  // give up on a silent stream after this, then reconnect

bool exists(const fs::path& p) {
    std::error_code ec;
    return fs::exists(p, ec);
}

class CaptureDevice final : public FrameDevice {
public:
    explicit CaptureDevice(SourceSpec spec) : m_spec(std::move(spec)) {}

    std::string open() override {
        switch (m_spec.kind) {
        case SourceKind::Camera: return openCamera();
        case SourceKind::VideoFile: return openFile();
        case SourceKind::Stream: return openStream();
        case SourceKind::ImageFolder: break;
        }
        return "not a capture device";
    }

    ReadResult read(cv::Mat& frame, std::string& name) override {
        frame.release();  // a fresh buffer per frame: the previous one belongs to its consumer now
        if (!m_capture.read(frame) || frame.empty()) return live() ? ReadResult::Failed : ReadResult::End;
        name = describe();
        return ReadResult::Frame;
    }

    void close() override { m_capture.release(); }
    double frameRate() const override { return m_fps; }
    bool live() const override { return m_spec.kind != SourceKind::VideoFile; }
    std::string describe() const override { return m_spec.describe(); }

private:
    std::string openCamera() {
#ifdef __linux__
        const int api = cv::CAP_V4L2;
#else
        const int api = cv::CAP_ANY;
#endif
        if (!m_capture.open(m_spec.cameraIndex, api) && !m_capture.open(m_spec.cameraIndex, cv::CAP_ANY))
            return "cannot open camera " + std::to_string(m_spec.cameraIndex) +
                   " (not plugged in, or in use by another program?)";
        // Most webcams give 720p at 30 fps only as MJPG; raw YUYV tops out at a few fps there.
        m_capture.set(cv::CAP_PROP_FOURCC, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'));
        m_capture.set(cv::CAP_PROP_FRAME_WIDTH, m_spec.resolution.width);
        m_capture.set(cv::CAP_PROP_FRAME_HEIGHT, m_spec.resolution.height);
        m_capture.set(cv::CAP_PROP_FPS, m_spec.cameraFps);
        // One buffer: the driver must not queue up frames that we would then decode late.
        m_capture.set(cv::CAP_PROP_BUFFERSIZE, 1);
        m_fps = m_spec.cameraFps;
        return {};
    }

    std::string openFile() {
        if (!exists(m_spec.location)) return "video file " + m_spec.location + " not found";
        if (!m_capture.open(m_spec.location, cv::CAP_FFMPEG) && !m_capture.open(m_spec.location, cv::CAP_ANY))
            return "cannot play " + m_spec.location + " (not a video this build can read)";
        const double fps = m_capture.get(cv::CAP_PROP_FPS);
        m_fps = (fps > 0 && fps <= 240) ? fps : 30.0;
        return {};
    }

    std::string openStream() {
        const std::vector<int> params{cv::CAP_PROP_OPEN_TIMEOUT_MSEC, kStreamTimeoutMs, cv::CAP_PROP_READ_TIMEOUT_MSEC,
                                      kStreamTimeoutMs};
        if (!m_capture.open(m_spec.location, cv::CAP_FFMPEG, params)) return "cannot connect to " + m_spec.location;
        m_capture.set(cv::CAP_PROP_BUFFERSIZE, 1);
        return {};
    }

    SourceSpec m_spec;
    cv::VideoCapture m_capture;
    double m_fps = 30;
};

// Shows each image of a folder, in name order, for `imageHold` as a still camera would.
class FolderDevice final : public FrameDevice {
public:
    explicit FolderDevice(SourceSpec spec) : m_spec(std::move(spec)) {
        const double frames = m_spec.folderFps * std::chrono::duration<double>(m_spec.imageHold).count();
        m_holdFrames = std::max(1, static_cast<int>(frames + 0.5));
    }

    std::string open() override {
        std::error_code ec;
        if (!fs::is_directory(m_spec.location, ec)) return "image folder " + m_spec.location + " not found";
        m_files.clear();
        for (const auto& entry : fs::directory_iterator(m_spec.location, ec)) {
            if (entry.is_regular_file(ec) && isImageName(entry.path())) m_files.push_back(entry.path());
        }
        if (ec) return "cannot list " + m_spec.location + ": " + ec.message();
        if (m_files.empty()) return "no images in " + m_spec.location;
        std::sort(m_files.begin(), m_files.end());
        m_index = 0;
        m_shown = 0;
        m_current.release();
        return {};
    }

    ReadResult read(cv::Mat& frame, std::string& name) override {
        while (m_current.empty()) {
            if (m_index >= m_files.size()) return ReadResult::End;
            if (!exists(m_spec.location)) return ReadResult::Failed;  // the folder went away
            m_current = cv::imread(m_files[m_index].string(), cv::IMREAD_COLOR);
            if (m_current.empty()) ++m_index;  // unreadable or half-written: skip it
        }
        frame = m_current.clone();
        name = m_files[m_index].filename().string();
        if (++m_shown >= m_holdFrames) {
            m_shown = 0;
            ++m_index;
            m_current.release();
        }
        return ReadResult::Frame;
    }

    void close() override {
        m_current.release();
        m_files.clear();
    }
    double frameRate() const override { return m_spec.folderFps; }
    bool live() const override { return false; }
    std::string describe() const override { return m_spec.describe(); }

    static bool isImageName(const fs::path& p) {
        static const std::set<std::string> kExtensions{".png", ".jpg",  ".jpeg", ".bmp", ".tif", ".tiff", ".webp",
                                                       ".pgm", ".ppm",  ".pbm",  ".pnm", ".jp2"};
        std::string ext = p.extension().string();
        ext = asciiLower(ext);
        return kExtensions.count(ext) > 0;
    }

private:
    SourceSpec m_spec;
    int m_holdFrames = 1;
    std::vector<fs::path> m_files;
    std::size_t m_index = 0;
    int m_shown = 0;
    cv::Mat m_current;
};

}  // namespace

std::unique_ptr<FrameDevice> makeFrameDevice(const SourceSpec& spec) {
    if (spec.kind == SourceKind::ImageFolder) return std::make_unique<FolderDevice>(spec);
    return std::make_unique<CaptureDevice>(spec);
}

}  // namespace qrgate

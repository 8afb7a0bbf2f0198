#pragma once
// Where frames come from: a camera, a video file, a folder of images or a network stream.
//
// A FrameSource grabs on its own thread and keeps only the newest frame, so the decoder always
// works on what the camera sees now, never on a backlog: a slow decode drops frames, it does not
// add latency. (For tests and benchmarks, `realTime = false` hands over every frame instead.)
//
// Sources vanish: a camera is unplugged, a stream drops, a file or folder is removed. That is a
// state, not an exception: the source reports Lost and keeps trying to reopen, backing off from
// `retryMin` to `retryMax`, and goes back to Running when it is there again. A file or folder
// that played to its end without `loop` is Ended.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include <opencv2/core.hpp>

#include "core/scan/scan_event.hpp"

namespace qrgate {

enum class SourceKind { Camera, VideoFile, ImageFolder, Stream };
const char* toString(SourceKind kind);  // "camera", "video", "folder", "stream"

struct SourceSpec {
    SourceKind kind = SourceKind::Camera;
    std::string location;  // file, folder or URL (not used for a camera)
    int cameraIndex = 0;

    cv::Size resolution{1280, 720};  // asked of a camera; it picks the nearest mode it has
    double cameraFps = 30;
    bool realTime = true;  // files play at their own frame rate, newest frame only; false: every frame
    bool loop = false;     // files and folders start over at the end (a folder is listed again)
    std::chrono::milliseconds imageHold{1000};  // how long a folder shows each image...
    double folderFps = 10;                      // ...as this many frames per second
    bool reconnect = true;                      // false: the first loss ends the source
    std::chrono::milliseconds retryMin{250};
    std::chrono::milliseconds retryMax{4000};

    // The kiosk's --camera SRC: "0" or "/dev/video0" (a camera), "rtsp://...", "http(s)://..."
    // (a stream), an existing folder, else a video file ("file://" prefix allowed).
    static SourceSpec parse(std::string_view text);
    std::string describe() const;  // "camera 0", "video gate.mp4", ...
};

enum class SourceState {
    Opening,  // trying for the first time
    Running,  // delivering frames
    Lost,     // gone (unplugged, stream dropped, file removed): retrying with back-off
    Ended,    // a file or folder played to its end, or stop() was called; nothing more will come
};
const char* toString(SourceState state);

struct SourceStatus {
    SourceState state = SourceState::Opening;
    std::string message;  // why, in plain words: "cannot open camera 0", "stream ended"
    int reconnects = 0;   // times the source came back after being lost
};

struct CapturedFrame {
    cv::Mat image;              // BGR, owned by this frame alone
    std::int64_t sequence = 0;  // counts every frame the device produced; gaps are dropped frames
    ScanTime capturedAt{};
    std::string name;  // the image file's name for a folder, else the source's description
};

// The device behind a source, driven by the source's thread only. Implement it to feed frames
// from anywhere else (tests, synthetic cameras).
class FrameDevice {
public:
    enum class ReadResult { Frame, End, Failed };
    virtual ~FrameDevice() = default;
    // Empty on success, else why it could not be opened.
    virtual std::string open() = 0;
    // Blocks until the next frame. End: no more frames (for a live device that means lost).
    virtual ReadResult read(cv::Mat& frame, std::string& name) = 0;
    virtual void close() = 0;
    // Frames per second to pace a recorded device at in real time; ignored for live devices.
    virtual double frameRate() const = 0;
    // Live devices (cameras, streams) deliver at their own pace and never end by themselves.
    virtual bool live() const = 0;
    virtual std::string describe() const = 0;
};

std::unique_ptr<FrameDevice> makeFrameDevice(const SourceSpec& spec);

class FrameSource {
public:
    using StatusCallback = std::function<void(const SourceStatus&)>;

    explicit FrameSource(const SourceSpec& spec, StatusCallback onStatus = {});
    FrameSource(std::unique_ptr<FrameDevice> device, const SourceSpec& spec, StatusCallback onStatus = {});
    ~FrameSource();
    FrameSource(const FrameSource&) = delete;
    FrameSource& operator=(const FrameSource&) = delete;

    // Starts the grabbing thread. onStatus is called from it on every change of state (and
    // once from stop()); hand the status over, don't block in it.
    void start();
    // Stops grabbing and joins the thread; the state becomes Ended. Safe to call twice. A camera
    // read in progress finishes first; a silent stream can hold it up to its 5 s read timeout.
    void stop();

    // The newest frame not handed out yet, waiting up to `timeout` for one. nullopt on timeout
    // and once the source has ended.
    std::optional<CapturedFrame> next(std::chrono::milliseconds timeout);

    SourceStatus status() const;
    std::int64_t droppedFrames() const { return m_dropped.load(); }
    const SourceSpec& spec() const { return m_spec; }
    std::string describe() const;

private:
    void run();
    bool playOnce();  // false when the thread should stop
    void publish(CapturedFrame frame);
    void setStatus(SourceState state, std::string message);
    bool sleepUnlessStopped(std::chrono::steady_clock::duration d);

    SourceSpec m_spec;
    std::unique_ptr<FrameDevice> m_device;
    StatusCallback m_onStatus;

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::optional<CapturedFrame> m_slot;
    SourceStatus m_status;
    bool m_stopping = false;
    bool m_everRan = false;
    std::int64_t m_sequence = 0;
    std::atomic<std::int64_t> m_dropped{0};
    std::thread m_thread;
};

}  // namespace qrgate

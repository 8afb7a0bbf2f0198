#include "core/scan/frame_source.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace qrgate {

namespace {

bool isAllDigits(std::string_view s) {
    return !s.empty() && s.size() < 4 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool hasScheme(std::string_view s) {
    const auto colon = s.find("://");
    if (colon == std::string_view::npos || colon == 0) return false;
    return std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(colon),
                       [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '-' || c == '.'; });
}

}  // namespace

const char* toString(SourceKind kind) {
    switch (kind) {
    case SourceKind::Camera: return "camera";
    case SourceKind::VideoFile: return "video";
    case SourceKind::ImageFolder: return "folder";
    case SourceKind::Stream: return "stream";
    }
    return "?";
}

const char* toString(SourceState state) {
    switch (state) {
    case SourceState::Opening: return "opening";
    case SourceState::Running: return "running";
    case SourceState::Lost: return "lost";
    case SourceState::Ended: return "ended";
    }
    return "?";
}

SourceSpec SourceSpec::parse(std::string_view text) {
    SourceSpec spec;
    if (isAllDigits(text)) {
        spec.kind = SourceKind::Camera;
        spec.cameraIndex = std::stoi(std::string(text));
        return spec;
    }
    if (text.rfind("/dev/video", 0) == 0 && isAllDigits(text.substr(10))) {
        spec.kind = SourceKind::Camera;
        spec.cameraIndex = std::stoi(std::string(text.substr(10)));
        return spec;
    }
    spec.location = std::string(text);
    std::error_code ec;
    if (hasScheme(text) && text.rfind("file://", 0) != 0) {
        spec.kind = SourceKind::Stream;
    } else if (std::filesystem::is_directory(spec.location, ec)) {
        spec.kind = SourceKind::ImageFolder;
    } else {
        if (text.rfind("file://", 0) == 0) spec.location = std::string(text.substr(7));
        spec.kind = SourceKind::VideoFile;
    }
    return spec;
}

std::string SourceSpec::describe() const {
    if (kind == SourceKind::Camera) return "camera " + std::to_string(cameraIndex);
    return std::string(toString(kind)) + " " + location;
}

FrameSource::FrameSource(const SourceSpec& spec, StatusCallback onStatus)
    : FrameSource(makeFrameDevice(spec), spec, std::move(onStatus)) {}

FrameSource::FrameSource(std::unique_ptr<FrameDevice> device, const SourceSpec& spec, StatusCallback onStatus)
    : m_spec(spec), m_device(std::move(device)), m_onStatus(std::move(onStatus)) {}

FrameSource::~FrameSource() { stop(); }

void FrameSource::start() {
    std::lock_guard lock(m_mutex);
    if (m_thread.joinable() || m_stopping) return;
    m_thread = std::thread([this] { run(); });
}

void FrameSource::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable()) m_thread.join();
    bool report = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_status.state != SourceState::Ended) {
            m_status.state = SourceState::Ended;
            m_status.message = "stopped";
            report = true;
        }
    }
    if (report && m_onStatus) m_onStatus(status());
}

std::string FrameSource::describe() const { return m_device ? m_device->describe() : m_spec.describe(); }

SourceStatus FrameSource::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

std::optional<CapturedFrame> FrameSource::next(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, timeout,
                       [&] { return m_slot.has_value() || m_status.state == SourceState::Ended || m_stopping; });
    if (!m_slot) return std::nullopt;
    CapturedFrame frame = std::move(*m_slot);
    m_slot.reset();
    lock.unlock();
    m_changed.notify_all();  // a producer may wait for the slot (every-frame mode)
    return frame;
}

void FrameSource::setStatus(SourceState state, std::string message) {
    SourceStatus copy;
    {
        std::lock_guard lock(m_mutex);
        if (m_status.state == state && m_status.message == message) return;
        if (state == SourceState::Running && m_everRan && m_status.state == SourceState::Lost) ++m_status.reconnects;
        if (state == SourceState::Running) m_everRan = true;
        m_status.state = state;
        m_status.message = std::move(message);
        copy = m_status;
    }
    m_changed.notify_all();
    if (m_onStatus) m_onStatus(copy);
}

bool FrameSource::sleepUnlessStopped(std::chrono::steady_clock::duration d) {
    std::unique_lock lock(m_mutex);
    return !m_changed.wait_for(lock, d, [&] { return m_stopping; });
}

void FrameSource::publish(CapturedFrame frame) {
    std::unique_lock lock(m_mutex);
    if (!m_spec.realTime && !m_device->live()) {
        // every-frame mode: wait until the consumer took the previous one
        m_changed.wait(lock, [&] { return !m_slot.has_value() || m_stopping; });
        if (m_stopping) return;
    }
    if (m_slot) ++m_dropped;
    m_slot = std::move(frame);
    lock.unlock();
    m_changed.notify_all();
}

void FrameSource::run() {
    auto backoff = m_spec.retryMin;
    bool restartingLoop = false;  // reopening a looping file is not a reconnection
    while (true) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) return;
        }
        const std::string error = m_device->open();
        if (!error.empty()) {
            if (!m_spec.reconnect) {
                setStatus(SourceState::Ended, error);
                return;
            }
            setStatus(SourceState::Lost, error);
            if (!sleepUnlessStopped(backoff)) return;
            backoff = std::min(backoff * 2, m_spec.retryMax);
            restartingLoop = false;
            continue;
        }
        backoff = m_spec.retryMin;
        if (!restartingLoop) setStatus(SourceState::Running, "");
        restartingLoop = false;

        // Read until the device ends, fails or we are told to stop.
        const bool live = m_device->live();
        const auto period = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(1.0 / std::max(1.0, m_device->frameRate())));
        auto due = std::chrono::steady_clock::now();
        FrameDevice::ReadResult result;
        while (true) {
            cv::Mat image;
            std::string name;
            result = m_device->read(image, name);
            if (result != FrameDevice::ReadResult::Frame) break;
            if (!live && m_spec.realTime) {
                // play a recording at its own frame rate, as the camera that made it did
                due += period;
                const auto now = std::chrono::steady_clock::now();
                if (due > now) {
                    if (!sleepUnlessStopped(due - now)) break;
                } else if (now - due > std::chrono::seconds(1)) {
                    due = now;  // the device cannot keep up; don't race to catch up
                }
            }
            CapturedFrame frame;
            frame.image = std::move(image);
            frame.sequence = ++m_sequence;
            frame.capturedAt = ScanClock::now();
            frame.name = std::move(name);
            publish(std::move(frame));
            std::lock_guard lock(m_mutex);
            if (m_stopping) break;
        }
        m_device->close();
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) return;
        }
        if (result == FrameDevice::ReadResult::End && !live) {
            if (!m_spec.loop) {
                setStatus(SourceState::Ended, "played to the end");
                return;
            }
            restartingLoop = true;
            continue;
        }
        // A live device that ends, or any device that fails, is lost: try to get it back.
        const std::string why = live ? m_device->describe() + " stopped delivering frames"
                                     : m_device->describe() + " could not be read any further";
        if (!m_spec.reconnect) {
            setStatus(SourceState::Ended, why);
            return;
        }
        setStatus(SourceState::Lost, why);
        if (!sleepUnlessStopped(backoff)) return;
        backoff = std::min(backoff * 2, m_spec.retryMax);
    }
}

}  // namespace qrgate

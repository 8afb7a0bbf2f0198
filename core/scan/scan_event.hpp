#pragma once
// One scan as the kiosk receives it, from the camera or from a keyboard-wedge barcode scanner,
// with the times it passed each stage (for the debug overlay and the latency benchmark).
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <opencv2/core/types.hpp>

namespace qrgate {

// Scan stages are timed on the monotonic clock: wall-clock jumps (NTP, DST) must not show up
// as latency.
using ScanClock = std::chrono::steady_clock;
using ScanTime = ScanClock::time_point;

inline double millisecondsBetween(ScanTime from, ScanTime to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

enum class ScanInput { Camera, KeyboardWedge };
const char* toString(ScanInput input);  // "camera" / "keyboard"

struct ScanTimings {
    ScanTime captured{};             // the frame left the camera / the scanner typed its first key
    ScanTime decoded{};              // the decoder finished that frame / the scanner pressed Enter
    std::optional<ScanTime> verdict;  // filled in by whoever decides the scan
    double decodeMs = 0;             // time the decoder spent on the frame itself

    double captureToDecodedMs() const { return millisecondsBetween(captured, decoded); }
    // nullopt until the verdict is set
    std::optional<double> captureToVerdictMs() const {
        if (!verdict) return std::nullopt;
        return millisecondsBetween(captured, *verdict);
    }
};

struct ScanEvent {
    std::string text;       // exactly what the code holds
    bool isTicket = false;  // a well-formed qrgate payload (its signature is the engine's business)
    ScanInput input = ScanInput::Camera;
    std::string sourceName;  // "camera 0", "gate.mp4", "tickets/0001.png", "keyboard"
    std::array<cv::Point2f, 4> corners{};  // where the code was in the frame (camera only)
    std::int64_t frameSequence = -1;       // which frame of the source (camera only)
    ScanTimings timings;
};

}  // namespace qrgate

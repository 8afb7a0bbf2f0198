#pragma once
// Finds the QR codes in one camera frame or photo, with ZXing-C++.
//
// One plain ZXing call misses what real gate frames throw at it: dark-mode phone screens,
// mirrored front-camera pictures, codes held far away, soft focus. So the decoder climbs a ladder
// of attempts, cheapest and most likely first, and stops at the first attempt that finds one of
// our tickets or when the frame's time budget is spent:
//
//   downscaled   the frame shrunk to 640 px with area averaging (averages noise away; ~1 ms)
//   full         the frame at full resolution
//   inverted     light modules on dark (dark mode)
//   mirrored     a mirrored picture
//   normalised   local contrast equalised (CLAHE: dim halls, uneven light)
//   crops        the spots where a code was last seen and where the frame looks code-like,
//                cut out and enlarged (a code 80 px wide in a 1280x720 frame)
//   sharpened    unsharp-masked full frame (soft focus, motion)
//
// decodeFrame() is a pure function of the frame and the options: no state, safe from any thread.
// Build the options once and pass the same object with every frame; the ZXing settings behind
// them are built once per process.
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace qrgate {

enum class DecodeAttempt { Downscaled, Full, Inverted, Mirrored, Normalised, Crops, Sharpened };
const char* toString(DecodeAttempt a);

struct DecodeOptions {
    // The attempts to make, in order. The default is the ladder above.
    std::vector<DecodeAttempt> ladder{DecodeAttempt::Downscaled, DecodeAttempt::Full,       DecodeAttempt::Inverted,
                                      DecodeAttempt::Mirrored,   DecodeAttempt::Normalised, DecodeAttempt::Crops,
                                      DecodeAttempt::Sharpened};
    // No attempt is started once this much time has gone, nor one predicted to overrun it by much.
    // A 30 fps camera delivers a frame every 33 ms; the CLI allows far more for a photo.
    std::chrono::milliseconds budget{30};
    // Climb on after one of our tickets was found (collect every code: the CLI does this).
    bool findAll = false;
    // QR only by default: other symbologies add false reads on text and patterns, and time.
    bool qrOnly = true;
};

// What the caller knows about this frame from the frames before it.
struct FrameHint {
    // Where a code was in a recent frame (frame pixels): tried first among the crops.
    std::optional<cv::Rect> lastSeen;
};

struct DecodedCode {
    std::string text;
    std::array<cv::Point2f, 4> corners{};  // in the frame's pixels, clockwise from the code's top left
    bool isTicket = false;                 // a well-formed qrgate payload (signature not checked here)
    DecodeAttempt foundBy = DecodeAttempt::Downscaled;

    cv::Rect boundingBox() const;
};

struct AttemptTiming {
    DecodeAttempt attempt;
    double ms = 0;
    int found = 0;  // new codes this attempt found
};

struct DecodeResult {
    std::vector<DecodedCode> codes;  // our tickets first, then other codes, each text once
    std::vector<AttemptTiming> attempts;
    double totalMs = 0;
    bool budgetSpent = false;  // attempts were left out for lack of time

    bool hasTicket() const { return !codes.empty() && codes.front().isTicket; }
};

// Decodes one frame: 8-bit gray, BGR or BGRA, any size. An empty frame gives no codes.
DecodeResult decodeFrame(const cv::Mat& frame, const DecodeOptions& options = {}, const FrameHint& hint = {});

// Code-like regions of a gray image (dense, high-contrast edges in a roughly square blob), best
// first; the crops attempt enlarges these. Exposed for tests and tuning.
std::vector<cv::Rect> findCodeCandidates(const cv::Mat& gray, int maxCandidates = 6);

}  // namespace qrgate

#pragma once
// Synthetic camera frames for tests and benchmarks: a qrgate ticket rendered as a QR code on a
// card (or a dark-mode phone screen), placed in a cluttered 1280x720 scene, then degraded the way
// real gate cameras degrade it (tilt, blur, noise, dim light, glare, distance, mirroring...).
// Everything is derived from a seed, so a failing frame can be reproduced and looked at.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

namespace qrgate::testframes {

enum class Condition {
    Plain,        // frontal, well lit, code 180-300 px wide
    Perspective,  // card tilted 20-45 degrees away from the camera, any in-plane rotation
    Blur,         // out of focus or moving
    Noise,        // strong sensor noise
    Dim,          // dark hall: 6-15 % of the light, so little contrast is left
    Glare,        // a saturated reflection over part of the code
    Small,        // far away: the code is 80 px wide in a 1280x720 frame
    Mirrored,     // a front camera's mirrored preview
    Inverted,     // dark-mode phone screen: light modules on black
    Crumpled,     // folded, wavy paper with uneven shading
};
const char* toString(Condition c);
const std::vector<Condition>& allConditions();

enum class Distractor {
    Noise,       // coarse random noise
    Text,        // lines of printed text
    Faces,       // face-like blobs with eyes and mouths
    Chessboard,  // a calibration chessboard, rich in finder-like squares
    Scene,       // the background the tickets are placed in, without a ticket
};
const char* toString(Distractor d);
const std::vector<Distractor>& allDistractors();

inline const cv::Size kFrameSize{1280, 720};

// A real signed qrgate payload (151 characters), reproducible from the seed.
std::string makeTicketText(std::uint32_t seed);

// The QR symbol of `text` at level M (libqrencode), black on white, 8-bit gray, with a quiet
// zone of `quietZone` modules. Empty on failure.
cv::Mat renderQr(std::string_view text, int moduleSize, int quietZone = 4);

// A BGR frame of `size` showing `text` under `condition`.
cv::Mat makeFrame(std::string_view text, Condition condition, std::uint32_t seed, cv::Size size = kFrameSize);
// A BGR frame without any code.
cv::Mat makeNonCodeFrame(Distractor kind, std::uint32_t seed, cv::Size size = kFrameSize);
// The scene background alone (what the camera sees between two people).
cv::Mat makeEmptyScene(std::uint32_t seed, cv::Size size = kFrameSize);
// A frame with several codes in view, each card at its own spot (left to right), frontal.
cv::Mat makeMultiFrame(const std::vector<std::string>& texts, std::uint32_t seed, cv::Size size = kFrameSize);

}  // namespace qrgate::testframes

#pragma once
// The cameras this machine has, for the kiosk's settings: chosen from a list, not typed.
// Linux V4L2: every /dev/video* node that can capture video (a webcam's metadata node cannot),
// its name as the driver gives it, and the frame sizes it offers.
#include <string>
#include <vector>

namespace qrgate {

struct CameraResolution {
    int width = 0;
    int height = 0;
    bool operator==(const CameraResolution&) const = default;
};

struct CameraInfo {
    std::string device;  // "/dev/video0"
    int index = -1;      // 0: what --camera and the kiosk's camera setting take
    std::string name;    // "HD Pro Webcam C920"
    std::vector<CameraResolution> resolutions;  // largest first, each once

    std::string setting() const { return std::to_string(index); }
};

// The capture devices among the files matching `devicePattern` (a glob), by index. Opens each
// device (milliseconds each, longer for a busy USB bus): call it off the UI thread. An empty list
// when there is no camera (a server, a CI machine) or V4L2 is not there.
std::vector<CameraInfo> listCameras(const std::string& devicePattern = "/dev/video*");

// "1280x720"
inline std::string toString(const CameraResolution& r) {
    return std::to_string(r.width) + "x" + std::to_string(r.height);
}

}  // namespace qrgate

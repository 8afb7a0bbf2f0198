#pragma once
// The kiosk settings' camera: chosen from the cameras found (with their resolutions), none (a
// handheld scanner only), or another source typed in (a video file, an image folder, a stream).
#include <string>
#include <vector>

#include "core/runtime/kiosk_settings.hpp"
#include "core/scan/camera_list.hpp"

namespace qrgate::views {

// One entry of the camera list. `setting` is what KioskSettings::camera gets ("0", "none");
// kOtherSource for the entry that opens the text field.
struct CameraChoice {
    std::string label;
    std::string setting;
    bool enabled = true;
};
inline constexpr const char* kOtherSource = "\x01other";

// The list as shown: no camera, each camera found ("HD Webcam C920  /dev/video0"), "No camera
// found" (not selectable) when there is none, "Looking for cameras..." until the list came, a
// configured camera that is not plugged in now, and Other source.
std::vector<CameraChoice> cameraChoices(const std::vector<CameraInfo>& cameras, bool listed,
                                        const std::string& current);
// The resolutions to offer for the camera `setting`: its own when it was found (largest first),
// else 640x480, 1280x720 and 1920x1080.
std::vector<CameraResolution> resolutionChoices(const std::vector<CameraInfo>& cameras, const std::string& setting);

// What the panel keeps between frames while the settings are open.
struct CameraChoiceEdit {
    bool otherSource = false;  // the text field is open
    char text[512] = "";

    void reset(const KioskSettings& settings, const std::vector<CameraInfo>& cameras);
};

// Draws the Camera and Resolution rows (label column `labelWidth`, fields `fieldWidth` wide);
// changes `draft`.
void drawCameraChoice(const std::vector<CameraInfo>& cameras, bool listed, KioskSettings& draft, CameraChoiceEdit& edit,
                      float labelWidth, float fieldWidth);

}  // namespace qrgate::views

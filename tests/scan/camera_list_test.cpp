// The kiosk's camera list: V4L2 capture devices found under a device pattern. This machine (like
// the CI's) has no camera: the list is empty, and files that are not video devices are skipped.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/scan/camera_list.hpp"
#include "support/temp_dir.hpp"

namespace qrgate {
namespace {

namespace fs = std::filesystem;

TEST(CameraList, NoDevicesMeansAnEmptyList) {
    testing::TempDir dir;
    EXPECT_TRUE(listCameras((dir / "video*").string()).empty()) << "nothing matches the pattern";
}

TEST(CameraList, FilesThatAreNotCaptureDevicesAreSkipped) {
    testing::TempDir dir;
    std::ofstream(dir / "video0") << "not a device";
    fs::create_directories(dir / "video1");
    EXPECT_TRUE(listCameras((dir / "video*").string()).empty());
    // /dev/null opens but answers no V4L2 question.
    EXPECT_TRUE(listCameras("/dev/nul[l]").empty());
}

TEST(CameraList, TheMachinesOwnCamerasAreListedWithTheirResolutions) {
    // Whatever this machine has: each entry a capture device with an index and a name, its
    // resolutions largest first. None here is fine (the usual case on CI).
    for (const auto& camera : listCameras()) {
        EXPECT_GE(camera.index, 0) << camera.device;
        EXPECT_FALSE(camera.name.empty()) << camera.device;
        for (std::size_t i = 1; i < camera.resolutions.size(); ++i)
            EXPECT_GE(camera.resolutions[i - 1].width * camera.resolutions[i - 1].height,
                      camera.resolutions[i].width * camera.resolutions[i].height);
    }
    EXPECT_EQ(toString(CameraResolution{1280, 720}), "1280x720");
}

}  // namespace
}  // namespace qrgate

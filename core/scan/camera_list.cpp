#include "core/scan/camera_list.hpp"

#include <fcntl.h>
#include <glob.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>

#ifdef __linux__
#include <linux/videodev2.h>
#endif

namespace qrgate {

namespace {

#ifdef __linux__
int retryingIoctl(int fd, unsigned long request, void* arg) {
    int r;
    do r = ::ioctl(fd, request, arg);
    while (r == -1 && errno == EINTR);
    return r;
}

// The number at the end of "/dev/video12", or -1.
int indexOf(const std::string& path) {
    std::size_t i = path.size();
    while (i > 0 && std::isdigit(static_cast<unsigned char>(path[i - 1]))) --i;
    if (i == path.size()) return -1;
    return std::atoi(path.c_str() + i);
}

void addResolution(std::vector<CameraResolution>& list, int w, int h) {
    if (w <= 0 || h <= 0) return;
    CameraResolution r{w, h};
    if (std::find(list.begin(), list.end(), r) == list.end()) list.push_back(r);
}

// The frame sizes of every pixel format the device captures in. Stepwise ranges (some
// drivers) give their largest and the usual sizes inside the range.
std::vector<CameraResolution> resolutionsOf(int fd) {
    std::vector<CameraResolution> sizes;
    v4l2_fmtdesc format{};
    format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    for (format.index = 0; retryingIoctl(fd, VIDIOC_ENUM_FMT, &format) == 0 && format.index < 64; ++format.index) {
        v4l2_frmsizeenum size{};
        size.pixel_format = format.pixelformat;
        for (size.index = 0; retryingIoctl(fd, VIDIOC_ENUM_FRAMESIZES, &size) == 0 && size.index < 256; ++size.index) {
            if (size.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
                addResolution(sizes, static_cast<int>(size.discrete.width), static_cast<int>(size.discrete.height));
            } else {
                const auto& s = size.stepwise;
                for (auto [w, h] : {std::pair{640u, 480u}, {1280u, 720u}, {1920u, 1080u}})
                    if (w >= s.min_width && w <= s.max_width && h >= s.min_height && h <= s.max_height)
                        addResolution(sizes, static_cast<int>(w), static_cast<int>(h));
                addResolution(sizes, static_cast<int>(s.max_width), static_cast<int>(s.max_height));
                break;  // one entry describes the whole range
            }
        }
    }
    std::sort(sizes.begin(), sizes.end(), [](const CameraResolution& a, const CameraResolution& b) {
        return a.width * a.height != b.width * b.height ? a.width * a.height > b.width * b.height : a.width > b.width;
    });
    return sizes;
}

std::optional<CameraInfo> probe(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::optional<CameraInfo> found;
    v4l2_capability caps{};
    if (retryingIoctl(fd, VIDIOC_QUERYCAP, &caps) == 0) {
        // The node's own capabilities when the driver gives them (a webcam's second node is metadata only).
        const std::uint32_t own = (caps.capabilities & V4L2_CAP_DEVICE_CAPS) ? caps.device_caps : caps.capabilities;
        if ((own & V4L2_CAP_VIDEO_CAPTURE) && (own & V4L2_CAP_STREAMING || own & V4L2_CAP_READWRITE)) {
            CameraInfo info;
            info.device = path;
            info.index = indexOf(path);
            info.name = std::string(reinterpret_cast<const char*>(caps.card),
                                    strnlen(reinterpret_cast<const char*>(caps.card), sizeof caps.card));
            if (info.name.empty()) info.name = path;
            info.resolutions = resolutionsOf(fd);
            if (info.index >= 0) found = std::move(info);
        }
    }
    ::close(fd);
    return found;
}
#endif

}  // namespace

std::vector<CameraInfo> listCameras(const std::string& devicePattern) {
    std::vector<CameraInfo> cameras;
#ifdef __linux__
    glob_t matches{};
    if (::glob(devicePattern.c_str(), 0, nullptr, &matches) == 0) {
        for (std::size_t i = 0; i < matches.gl_pathc; ++i)
            if (auto camera = probe(matches.gl_pathv[i])) cameras.push_back(std::move(*camera));
    }
    ::globfree(&matches);
    std::sort(cameras.begin(), cameras.end(), [](const CameraInfo& a, const CameraInfo& b) { return a.index < b.index; });
#else
    (void)devicePattern;
#endif
    return cameras;
}

}  // namespace qrgate

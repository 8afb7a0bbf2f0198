#include "core/base/install_paths.hpp"

#include <system_error>

namespace qrgate {

std::filesystem::path assetsFolderFor(const std::filesystem::path& executable) {
    return executable.parent_path().parent_path() / "share" / "qrgate";
}

Result<std::filesystem::path> existingAssetsFolderFor(const std::filesystem::path& executable) {
    std::error_code ec;
    auto folder = assetsFolderFor(executable);
    if (!std::filesystem::is_directory(folder, ec))
        return Error{"assets_missing", "The program's files are not installed beside it (looked for " +
                                           folder.string() + ")"};
    return folder;
}

Result<std::filesystem::path> installedAssetsFolder() {
    std::error_code ec;
    // /proc/self/exe names the real binary even when it was started through a link (a
    // /usr/local/bin/qrgate pointing into /opt): its prefix is the one holding the assets. argv[0]
    // would name the link.
    const auto executable = std::filesystem::canonical("/proc/self/exe", ec);
    if (ec) return Error{"assets_missing", "Could not find the running program's file: " + ec.message()};
    return existingAssetsFolderFor(executable);
}

}  // namespace qrgate

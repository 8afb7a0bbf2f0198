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
    // canonical() resolves a /usr/local/bin/qrgate link to the real binary, whose prefix holds
    // the assets.
    const auto executable = std::filesystem::canonical("/proc/self/exe", ec);
    if (ec) return Error{"assets_missing", "Could not find the running program's file: " + ec.message()};
    return existingAssetsFolderFor(executable);
}

}  // namespace qrgate

#pragma once
// Where the program's installed files (fonts, icons...) are: found from the running binary's own
// location, never from the source tree, so one rule works in the build folder, in the package
// and in any prefix the files are copied to.
//
//   <prefix>/bin/qrgate  ->  <prefix>/share/qrgate       (the package: /usr/bin -> /usr/share/qrgate)
//   <build>/app/qrgate   ->  <build>/share/qrgate        (the build copies the assets there)
#include <filesystem>

#include "core/base/result.hpp"

namespace qrgate {

// The assets folder a binary at `executable` would use: two levels up, then share/qrgate.
// Pure path arithmetic; the folder may not exist.
std::filesystem::path assetsFolderFor(const std::filesystem::path& executable);

// assetsFolderFor(executable) when that folder exists, or an error saying where it looked.
Result<std::filesystem::path> existingAssetsFolderFor(const std::filesystem::path& executable);

// The running program's assets folder (from /proc/self/exe, links resolved), or an error.
Result<std::filesystem::path> installedAssetsFolder();

}  // namespace qrgate

#pragma once
// A file only its owner may read (key files, the SMTP password): created with mode 0600, written
// to a temporary file beside the target, fsynced and renamed, then the folder fsynced, so it is
// either the old content or the new, never half of it and never readable by others on the way.
#include <filesystem>
#include <string>
#include <string_view>

#include "core/base/result.hpp"

namespace qrgate {

// On failure: Error{errorCode, "Cannot write the <what> <path>: <reason>"}.
Status writePrivateFile(const std::filesystem::path& target, std::string_view content, const std::string& what,
                        const std::string& errorCode);

}  // namespace qrgate

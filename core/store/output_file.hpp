#pragma once
// Writing a file the user named (the check-in export; later PDFs, backups): one way, so every
// command and screen behaves alike.
//
// A regular file, or a path that does not exist yet, is written to a temporary file beside it,
// fsynced and renamed over it: a full disk or a crash never leaves a half-written file under the
// requested name, and a file that existed keeps its permissions. A symbolic link is followed, so
// the link stays and the file it names is replaced. Anything else that exists (/dev/stdout, a
// FIFO, a terminal, a device) is written in place: renaming over it would replace the device
// with a regular file. Every open, write, flush and close error comes back as one line naming
// the requested path; a full disk has the code "disk_full", anything else "write_failed".
#include <filesystem>
#include <string_view>

#include "core/base/result.hpp"

namespace qrgate {

Status writeOutputFile(const std::filesystem::path& target, std::string_view content);

}  // namespace qrgate

#pragma once
// Writing a file the user named (the check-in export, PDFs, PNGs; later backups): one way, so
// every command and screen behaves alike.
//
// A regular file, or a path that does not exist yet, is written to a temporary file beside it,
// fsynced and renamed over it: a full disk, a cancelled run or a crash never leaves a
// half-written file under the requested name, and a file that existed keeps its permissions. A
// symbolic link is followed, so the link stays and the file it names is replaced. Anything else
// that exists (/dev/stdout, a FIFO, a terminal, a device) is written in place: renaming over it
// would replace the device with a regular file. Every open, write, flush and close error comes
// back as one line naming the requested path; a full disk has the code "disk_full", anything
// else "write_failed".
#include <filesystem>
#include <optional>
#include <string_view>

#include "core/base/result.hpp"

namespace qrgate {

// The whole content at once.
Status writeOutputFile(const std::filesystem::path& target, std::string_view content);

// The same, streamed: for output too large to hold (a 10,000-ticket PDF). Nothing appears under
// the requested name until commit() succeeds; destroying an uncommitted file (a cancelled run, an
// error) removes the temporary file. After a failed write every further write fails alike.
class OutputFile {
public:
    static Result<OutputFile> open(const std::filesystem::path& target);
    OutputFile(OutputFile&& other) noexcept;
    OutputFile& operator=(OutputFile&& other) noexcept;
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile();

    Status write(std::string_view bytes);
    Status commit();
    // Removes the temporary file now (also what the destructor does).
    void abandon();

private:
    OutputFile() = default;
    int m_fd = -1;
    std::filesystem::path m_shownAs;  // what the user asked for, for messages
    std::filesystem::path m_file;     // where it ends up (a followed link)
    std::filesystem::path m_temp;     // empty when written in place
    int m_error = 0;                  // errno of the first failed write
};

}  // namespace qrgate

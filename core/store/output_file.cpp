#include "core/store/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>

namespace qrgate {

namespace {

Error writeError(const std::filesystem::path& target, int err) {
    return Error{err == ENOSPC ? "disk_full" : "write_failed",
                 "Cannot write " + target.string() + ": " + std::strerror(err)};
}

// 0, or the errno of the write that failed.
int writeAll(int fd, std::string_view content) {
    while (!content.empty()) {
        const ssize_t n = ::write(fd, content.data(), content.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        if (n == 0) return EIO;
        content.remove_prefix(static_cast<std::size_t>(n));
    }
    return 0;
}

// No fsync: a pipe or a device cannot be synced (EINVAL), and what it does with the bytes is its
// own business. Errors of write() and close() are still the caller's.
Status writeInPlace(const std::filesystem::path& target, std::string_view content) {
    const int fd = ::open(target.c_str(), O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return writeError(target, errno);
    int err = writeAll(fd, content);
    if (::close(fd) != 0 && err == 0 && errno != EINTR) err = errno;
    if (err != 0) return writeError(target, err);
    return success();
}

void syncFolder(const std::filesystem::path& folder) {
    const std::string name = folder.empty() ? "." : folder.string();
    if (const int fd = ::open(name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// `file` is where the bytes go (a link already followed); `shownAs` is what the user asked for.
Status replaceFile(const std::filesystem::path& file, const std::filesystem::path& shownAs, std::string_view content,
                   std::optional<mode_t> keepMode) {
    // A hidden name unique to this process and call: two exports to one name do not share a
    // temporary file, and a file browser does not show it while it grows.
    static std::atomic<unsigned> counter{0};
    const auto temp = file.parent_path() / ("." + file.filename().string() + "." + std::to_string(::getpid()) + "." +
                                            std::to_string(counter++) + ".part");
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);  // the umask applies
    if (fd < 0) return writeError(shownAs, errno);
    if (keepMode) ::fchmod(fd, *keepMode);
    int err = writeAll(fd, content);
    if (err == 0 && ::fsync(fd) != 0) err = errno;
    if (::close(fd) != 0 && err == 0 && errno != EINTR) err = errno;
    if (err == 0 && ::rename(temp.c_str(), file.c_str()) != 0) err = errno;
    if (err != 0) {
        ::unlink(temp.c_str());
        return writeError(shownAs, err);
    }
    syncFolder(file.parent_path());
    return success();
}

}  // namespace

Status writeOutputFile(const std::filesystem::path& target, std::string_view content) {
    struct stat st{};
    if (::stat(target.c_str(), &st) != 0) {
        if (errno != ENOENT) return writeError(target, errno);
        return replaceFile(target, target, content, std::nullopt);  // a new file
    }
    if (!S_ISREG(st.st_mode)) return writeInPlace(target, content);
    std::error_code ec;
    auto file = std::filesystem::canonical(target, ec);  // a link stays a link
    if (ec) file = target;
    return replaceFile(file, target, content, st.st_mode & 07777);
}

}  // namespace qrgate

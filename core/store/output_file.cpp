#include "core/store/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

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

void syncFolder(const std::filesystem::path& folder) {
    const std::string name = folder.empty() ? "." : folder.string();
    if (const int fd = ::open(name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

Result<OutputFile> OutputFile::open(const std::filesystem::path& target) {
    OutputFile out;
    out.m_shownAs = target;
    out.m_file = target;
    std::optional<mode_t> keepMode;
    struct stat st{};
    if (::stat(target.c_str(), &st) != 0) {
        if (errno != ENOENT) return writeError(target, errno);
    } else if (!S_ISREG(st.st_mode)) {
        // A device, FIFO or terminal: written in place (no fsync: a pipe cannot be synced, and
        // what it does with the bytes is its own business).
        out.m_fd = ::open(target.c_str(), O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
        if (out.m_fd < 0) return writeError(target, errno);
        return out;
    } else {
        std::error_code ec;
        auto file = std::filesystem::canonical(target, ec);  // a link stays a link
        if (!ec) out.m_file = file;
        keepMode = st.st_mode & 07777;
    }
    // A hidden name unique to this process and call: two writers of one name do not share a
    // temporary file, and a file browser does not show it while it grows.
    static std::atomic<unsigned> counter{0};
    out.m_temp = out.m_file.parent_path() / ("." + out.m_file.filename().string() + "." + std::to_string(::getpid()) +
                                             "." + std::to_string(counter++) + ".part");
    out.m_fd = ::open(out.m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);  // the umask applies
    if (out.m_fd < 0) {
        out.m_temp.clear();
        return writeError(target, errno);
    }
    if (keepMode) ::fchmod(out.m_fd, *keepMode);
    return out;
}

OutputFile::OutputFile(OutputFile&& other) noexcept { *this = std::move(other); }

OutputFile& OutputFile::operator=(OutputFile&& other) noexcept {
    if (this != &other) {
        abandon();
        m_fd = std::exchange(other.m_fd, -1);
        m_shownAs = std::move(other.m_shownAs);
        m_file = std::move(other.m_file);
        m_temp = std::exchange(other.m_temp, {});
        m_error = other.m_error;
    }
    return *this;
}

OutputFile::~OutputFile() { abandon(); }

void OutputFile::abandon() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (!m_temp.empty()) ::unlink(m_temp.c_str());
    m_temp.clear();
}

Status OutputFile::write(std::string_view bytes) {
    if (m_fd < 0 && m_error == 0) m_error = EBADF;
    if (m_error == 0) m_error = writeAll(m_fd, bytes);
    if (m_error != 0) return writeError(m_shownAs, m_error);
    return success();
}

Status OutputFile::commit() {
    if (m_fd < 0 && m_error == 0) m_error = EBADF;
    int err = m_error;
    if (err == 0 && !m_temp.empty() && ::fsync(m_fd) != 0) err = errno;
    if (m_fd >= 0 && ::close(m_fd) != 0 && err == 0 && errno != EINTR) err = errno;
    m_fd = -1;
    if (err == 0 && !m_temp.empty() && ::rename(m_temp.c_str(), m_file.c_str()) != 0) err = errno;
    if (err != 0) {
        abandon();
        return writeError(m_shownAs, err);
    }
    if (!m_temp.empty()) syncFolder(m_file.parent_path());
    m_temp.clear();
    return success();
}

Status writeOutputFile(const std::filesystem::path& target, std::string_view content) {
    auto file = OutputFile::open(target);
    if (!file) return file.error();
    if (auto s = file->write(content); !s) return s;
    return file->commit();
}

}  // namespace qrgate

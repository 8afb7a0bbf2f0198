#pragma once
// Files that are not regular files, for tests of how output is written to them: a device that is
// always full, and a FIFO with a reader on the other end.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <string>

namespace qrgate::testing {

inline bool isCharacterDevice(const std::filesystem::path& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
}

inline bool isFifo(const std::filesystem::path& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
}

// A device that answers every write with ENOSPC, like /dev/full. As root (who could replace
// /dev/full itself if the code under test renamed a file over it) it is a private copy made with
// mknod in `folder`; otherwise /dev/full, which an ordinary user cannot replace.
inline std::filesystem::path fullDevice(const std::filesystem::path& folder) {
    const auto copy = folder / "full";
    if (::geteuid() == 0 && ::mknod(copy.c_str(), S_IFCHR | 0666, makedev(1, 7)) == 0) return copy;
    return "/dev/full";
}

// A FIFO at `path` and a reader that collects everything written to it. The reader's end and
// one writer's end are opened at once, so a program under test can open it for writing without
// waiting, and the reader sees end of file only when collect() closes that writer: it never hangs,
// even when the FIFO was never written or was replaced by a regular file.
class FifoReader {
public:
    explicit FifoReader(std::filesystem::path path) : m_path(std::move(path)) {
        if (::mkfifo(m_path.c_str(), 0600) != 0) throw std::runtime_error("mkfifo failed");
        const int reader = ::open(m_path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        m_writer = ::open(m_path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (reader < 0 || m_writer < 0) throw std::runtime_error("cannot open the FIFO");
        ::fcntl(reader, F_SETFL, ::fcntl(reader, F_GETFL) & ~O_NONBLOCK);
        m_text = std::async(std::launch::async, [reader] {
            std::string text;
            char buf[4096];
            for (ssize_t n; (n = ::read(reader, buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
            ::close(reader);
            return text;
        });
    }
    ~FifoReader() { collect(); }
    FifoReader(const FifoReader&) = delete;
    FifoReader& operator=(const FifoReader&) = delete;

    // Everything written so far; call it after the writers have finished.
    std::string collect() {
        if (m_writer >= 0) ::close(m_writer);
        m_writer = -1;
        if (m_text.valid()) m_result = m_text.get();
        return m_result;
    }

private:
    std::filesystem::path m_path;
    int m_writer = -1;
    std::future<std::string> m_text;
    std::string m_result;
};

}  // namespace qrgate::testing

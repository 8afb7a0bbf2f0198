#include "core/store/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace qrgate {

Status writePrivateFile(const std::filesystem::path& target, std::string_view content, const std::string& what,
                        const std::string& errorCode) {
    const auto temp = target.string() + ".tmp";
    auto failure = [&](const std::string& path, int err) {
        return Error{errorCode, "Cannot write the " + what + " " + path + ": " + std::strerror(err)};
    };
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return failure(temp, errno);
    ::fchmod(fd, 0600);  // an older temp file may have had another mode
    bool ok = true;
    for (std::size_t done = 0; ok && done < content.size();) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    int err = errno;
    ::close(fd);
    if (!ok || ::rename(temp.c_str(), target.c_str()) != 0) {
        if (ok) err = errno;
        ::unlink(temp.c_str());
        return failure(target.string(), err);
    }
    const auto folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
    if (int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return success();
}

}  // namespace qrgate

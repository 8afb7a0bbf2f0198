#include "core/store/key_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace qrgate {

KeyStore::KeyStore(std::filesystem::path directory) : m_dir(std::move(directory)) {}

std::filesystem::path KeyStore::fileFor(const std::string& eventId) const {
    return m_dir / (eventId + ".key");
}

bool KeyStore::has(const std::string& eventId) const {
    std::error_code ec;
    return std::filesystem::exists(fileFor(eventId), ec);
}

Status KeyStore::save(const std::string& eventId, const EventKeys& keys) {
    std::error_code ec;
    std::filesystem::create_directories(m_dir, ec);
    if (ec) return Error{"key_file", "Cannot create the key folder " + m_dir.string() + ": " + ec.message()};
    ::chmod(m_dir.c_str(), 0700);

    nlohmann::json j = {{"format", "qrgate-event-keys"},
                        {"version", 1},
                        {"eventId", eventId},
                        {"publicKey", toHex(keys.publicKey)},
                        {"signingKey", toHex(keys.signingKey)},
                        {"deriveKey", toHex(keys.deriveKey)}};
    const std::string text = j.dump(2) + "\n";
    const auto target = fileFor(eventId);
    const auto temp = target.string() + ".tmp";
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Error{"key_file", "Cannot write the key file " + temp + ": " + std::strerror(errno)};
    ::fchmod(fd, 0600);
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    int err = errno;
    ::close(fd);
    if (!ok || ::rename(temp.c_str(), target.c_str()) != 0) {
        if (ok) err = errno;
        ::unlink(temp.c_str());
        return Error{"key_file", "Cannot write the key file " + target.string() + ": " + std::strerror(err)};
    }
    if (int dfd = ::open(m_dir.c_str(), O_RDONLY | O_DIRECTORY); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return success();
}

Result<EventKeys> KeyStore::load(const std::string& eventId) const {
    const auto path = fileFor(eventId);
    std::ifstream in(path);
    if (!in)
        return Error{"no_keys", "This machine has no signing key for event " + eventId +
                                    " (expected " + path.string() +
                                    "); tickets can only be issued or re-printed on the admin machine."};
    std::stringstream ss;
    ss << in.rdbuf();
    try {
        auto j = nlohmann::json::parse(ss.str());
        EventKeys k;
        if (j.value("eventId", "") != eventId || !fromHex(j.at("publicKey").get<std::string>(), k.publicKey) ||
            !fromHex(j.at("signingKey").get<std::string>(), k.signingKey) ||
            !fromHex(j.at("deriveKey").get<std::string>(), k.deriveKey))
            return Error{"key_file", "The key file " + path.string() + " is damaged."};
        return k;
    } catch (const std::exception&) {
        return Error{"key_file", "The key file " + path.string() + " is damaged."};
    }
}

}  // namespace qrgate

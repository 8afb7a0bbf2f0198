#include "core/store/key_store.hpp"
#include "core/store/private_file.hpp"

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
    return writePrivateFile(fileFor(eventId), text, "key file", "key_file");
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

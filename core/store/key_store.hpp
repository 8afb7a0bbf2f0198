#pragma once
// The event private keys, kept only on the admin machine: one file per event in
// <data>/keys/, readable by its owner alone, never in the (replicated) database.
#include <filesystem>
#include <string>

#include "core/base/crypto.hpp"
#include "core/base/result.hpp"

namespace qrgate {

class KeyStore {
public:
    explicit KeyStore(std::filesystem::path directory);

    // Writes atomically (temp file, fsync, rename) with mode 0600 in a 0700 folder.
    Status save(const std::string& eventId, const EventKeys& keys);
    Result<EventKeys> load(const std::string& eventId) const;
    bool has(const std::string& eventId) const;
    const std::filesystem::path& directory() const { return m_dir; }

private:
    std::filesystem::path fileFor(const std::string& eventId) const;
    std::filesystem::path m_dir;
};

}  // namespace qrgate

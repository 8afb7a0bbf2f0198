#pragma once
// Where a node keeps its data: the database, the key files, certificates, exports.
// Default: $XDG_DATA_HOME/qrgate, else ~/.local/share/qrgate; --data DIR overrides.
#include <filesystem>
#include <memory>

#include "core/database.hpp"
#include "core/key_store.hpp"
#include "core/result.hpp"

namespace qrgate {

class DataFolder {
public:
    static std::filesystem::path defaultPath();
    // Creates the folder (mode 0700) if missing.
    static Result<DataFolder> prepare(const std::filesystem::path& root);

    const std::filesystem::path& root() const { return m_root; }
    std::filesystem::path databaseFile() const { return m_root / "qrgate.db"; }
    KeyStore keyStore() const { return KeyStore(m_root / "keys"); }
    Result<std::unique_ptr<Database>> openDatabase() const { return Database::open(databaseFile()); }

private:
    explicit DataFolder(std::filesystem::path root) : m_root(std::move(root)) {}
    std::filesystem::path m_root;
};

}  // namespace qrgate

#include "core/backup/backup_archive.hpp"

#include <set>

#include "core/base/crypto.hpp"

namespace qrgate {

namespace {

constexpr char kArchiveMagic[4] = {'Q', 'G', 'A', '1'};

void putUint(std::string& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

class Reader {
public:
    explicit Reader(std::string_view s) : m_s(s) {}
    bool uint(std::uint64_t& v, int bytes) {
        if (m_s.size() - m_at < static_cast<std::size_t>(bytes)) return false;
        v = 0;
        for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(m_s[m_at + i]);
        m_at += bytes;
        return true;
    }
    bool take(std::string& out, std::uint64_t n) {
        if (m_s.size() - m_at < n) return false;
        out.assign(m_s.substr(m_at, n));
        m_at += n;
        return true;
    }
    bool atEnd() const { return m_at == m_s.size(); }

private:
    std::string_view m_s;
    std::size_t m_at = 0;
};

}  // namespace

bool isBackupPath(std::string_view path) {
    if (path == kBackupDatabasePath) return true;
    for (const char* small : kBackupSmallFiles)
        if (path == small) return true;
    // keys/<event id>.key: event ids are Crockford base32, so no '/', '.' or '..' can hide in one.
    constexpr std::string_view prefix = "keys/", suffix = ".key";
    if (path.size() <= prefix.size() + suffix.size() || path.substr(0, prefix.size()) != prefix ||
        path.substr(path.size() - suffix.size()) != suffix)
        return false;
    const auto id = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    for (char c : id)
        if (crockfordValue(c) < 0) return false;
    return true;
}

std::string packEntries(const std::vector<BackupEntry>& entries) {
    std::string out(kArchiveMagic, sizeof kArchiveMagic);
    putUint(out, entries.size(), 4);
    for (const auto& e : entries) {
        putUint(out, e.path.size(), 2);
        out += e.path;
        putUint(out, e.mode, 4);
        putUint(out, e.bytes.size(), 8);
        out += e.bytes;
    }
    return out;
}

Result<std::vector<BackupEntry>> unpackEntries(std::string_view archive, const std::string& shownAs) {
    auto damaged = [&](const std::string& what) {
        return Error{"damaged_backup", shownAs + " is damaged (" + what + "); it cannot be restored"};
    };
    if (archive.substr(0, sizeof kArchiveMagic) != std::string_view(kArchiveMagic, sizeof kArchiveMagic))
        return damaged("unknown archive format");
    Reader in(archive.substr(sizeof kArchiveMagic));
    std::uint64_t count = 0;
    if (!in.uint(count, 4)) return damaged("no entry count");
    std::vector<BackupEntry> entries;
    std::set<std::string> seen;
    bool haveDatabase = false;
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t pathSize = 0, mode = 0, size = 0;
        BackupEntry e;
        if (!in.uint(pathSize, 2) || !in.take(e.path, pathSize) || !in.uint(mode, 4) || !in.uint(size, 8))
            return damaged("entry " + std::to_string(i + 1) + " is cut short");
        if (!isBackupPath(e.path)) return damaged("an entry that is no data folder file");
        if (!seen.insert(e.path).second) return damaged("the entry " + e.path + " twice");
        if (!in.take(e.bytes, size)) return damaged("the entry " + e.path + " is shorter than its size");
        e.mode = static_cast<std::uint32_t>(mode) & 0700;  // never group or world access
        haveDatabase = haveDatabase || e.path == kBackupDatabasePath;
        entries.push_back(std::move(e));
    }
    if (!in.atEnd()) return damaged("bytes after the last entry");
    if (!haveDatabase) return damaged("no database in it");
    return entries;
}

}  // namespace qrgate

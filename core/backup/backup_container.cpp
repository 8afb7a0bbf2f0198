#include "core/backup/backup_container.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "core/base/crypto.hpp"

namespace qrgate {

namespace {

constexpr char kMagic[8] = {'Q', 'R', 'G', 'A', 'T', 'E', 'B', 'K'};
constexpr std::uint8_t kVersion = 1;
constexpr std::uint8_t kKdfArgon2id13 = 1;
constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kSaltSize = crypto_pwhash_SALTBYTES;                       // 16
constexpr std::size_t kStreamHeaderSize = crypto_secretstream_xchacha20poly1305_HEADERBYTES;  // 24
// magic, version, kdf, opslimit (u64), memlimit (u64), salt, stream header
constexpr std::size_t kHeaderSize = sizeof kMagic + 1 + 1 + 8 + 8 + kSaltSize + kStreamHeaderSize;
constexpr std::size_t kSealedChunk = kChunk + crypto_secretstream_xchacha20poly1305_ABYTES;

// Moderate enough that a backup (and a restore) takes about a second, and a guess as long.
constexpr std::uint64_t kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE + 1;
constexpr std::uint64_t kMemLimit = 128ull * 1024 * 1024;

void putU64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint64_t getU64(const unsigned char* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

struct Key {
    std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES> bytes{};
    ~Key() { sodium_memzero(bytes.data(), bytes.size()); }
};

bool deriveKey(Key& key, std::string_view passphrase, const unsigned char* salt, std::uint64_t ops,
               std::uint64_t mem) {
    return crypto_pwhash(key.bytes.data(), key.bytes.size(), passphrase.data(), passphrase.size(), salt, ops,
                         static_cast<std::size_t>(mem), crypto_pwhash_ALG_ARGON2ID13) == 0;
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

Result<std::string> sealBackup(std::string_view archive, std::string_view passphrase) {
    ensureSodium();
    if (passphrase.size() < kMinBackupPassphraseLength)
        return Error{"weak_passphrase", "the backup passphrase must have at least " +
                                            std::to_string(kMinBackupPassphraseLength) + " characters"};
    std::string out(kMagic, sizeof kMagic);
    out.push_back(static_cast<char>(kVersion));
    out.push_back(static_cast<char>(kKdfArgon2id13));
    putU64(out, kOpsLimit);
    putU64(out, kMemLimit);
    std::array<unsigned char, kSaltSize> salt{};
    randombytes_buf(salt.data(), salt.size());
    out.append(reinterpret_cast<const char*>(salt.data()), salt.size());

    Key key;
    if (!deriveKey(key, passphrase, salt.data(), kOpsLimit, kMemLimit))
        return Error{"backup_crypto", "not enough memory to derive the backup key (Argon2id needs 128 MiB)"};
    crypto_secretstream_xchacha20poly1305_state state;
    std::array<unsigned char, kStreamHeaderSize> streamHeader{};
    crypto_secretstream_xchacha20poly1305_init_push(&state, streamHeader.data(), key.bytes.data());
    out.append(reinterpret_cast<const char*>(streamHeader.data()), streamHeader.size());

    // The clear header is the first chunk's additional data: altering it (parameters, version)
    // fails authentication like any other change.
    const std::string header = out;
    std::size_t offset = 0;
    bool first = true;
    do {
        const std::size_t n = std::min(kChunk, archive.size() - offset);
        const bool last = offset + n == archive.size();
        const std::size_t at = out.size();
        out.resize(at + n + crypto_secretstream_xchacha20poly1305_ABYTES);
        crypto_secretstream_xchacha20poly1305_push(
            &state, reinterpret_cast<unsigned char*>(out.data() + at), nullptr, bytes(archive) + offset, n,
            first ? bytes(header) : nullptr, first ? header.size() : 0,
            last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
        offset += n;
        first = false;
        if (last) break;
    } while (true);
    sodium_memzero(&state, sizeof state);
    return out;
}

Result<std::string> openBackup(std::string_view sealed, std::string_view passphrase, const std::string& shownAs) {
    ensureSodium();
    if (sealed.size() < sizeof kMagic || std::memcmp(sealed.data(), kMagic, sizeof kMagic) != 0)
        return Error{"not_a_backup", shownAs + " is not a qrgate backup"};
    const Error damaged{"damaged_backup", shownAs + " is damaged (cut short or altered); it cannot be restored"};
    if (sealed.size() < kHeaderSize) return damaged;
    const auto* p = bytes(sealed);
    if (p[8] != kVersion || p[9] != kKdfArgon2id13)
        return Error{"newer_backup", shownAs + " was made by a newer qrgate (backup format " + std::to_string(p[8]) +
                                         "); restore it with that version"};
    const std::uint64_t ops = getU64(p + 10);
    const std::uint64_t mem = getU64(p + 18);
    // Parameters outside libsodium's range from interactive to sensitive are not ours: refusing
    // them keeps a foreign file from making us allocate gigabytes.
    if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
        mem < crypto_pwhash_MEMLIMIT_MIN || mem > crypto_pwhash_MEMLIMIT_SENSITIVE)
        return damaged;
    const unsigned char* salt = p + 26;
    const unsigned char* streamHeader = salt + kSaltSize;

    Key key;
    if (!deriveKey(key, passphrase, salt, ops, mem))
        return Error{"backup_crypto", "not enough memory to derive the backup key"};
    crypto_secretstream_xchacha20poly1305_state state;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&state, streamHeader, key.bytes.data()) != 0) return damaged;

    std::string plain;
    plain.reserve(sealed.size());
    std::size_t offset = kHeaderSize;
    bool first = true;
    bool final = false;
    std::string chunk(kChunk, '\0');
    while (!final) {
        const std::size_t n = std::min(kSealedChunk, sealed.size() - offset);
        // Data ending before a chunk tagged FINAL (cut at a chunk boundary or inside one) is damage.
        if (n < crypto_secretstream_xchacha20poly1305_ABYTES) return damaged;
        unsigned long long got = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(&state, reinterpret_cast<unsigned char*>(chunk.data()), &got,
                                                       &tag, p + offset, n, first ? p : nullptr,
                                                       first ? kHeaderSize : 0) != 0) {
            sodium_memzero(chunk.data(), chunk.size());
            sodium_memzero(plain.data(), plain.size());
            if (first)
                return Error{"wrong_passphrase",
                             "wrong passphrase for " + shownAs + " (or the file is damaged)"};
            return damaged;
        }
        plain.append(chunk.data(), static_cast<std::size_t>(got));
        offset += n;
        first = false;
        final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    }
    sodium_memzero(chunk.data(), chunk.size());
    if (offset != sealed.size()) return damaged;  // bytes after the end
    return plain;
}

}  // namespace qrgate

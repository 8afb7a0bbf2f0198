#include "core/base/crypto.hpp"

#include <sodium.h>

#include <cstring>
#include <mutex>
#include <stdexcept>

namespace qrgate {

namespace {
constexpr const char* kCrockford = kCrockfordAlphabet;

// Every scan decodes a payload: a table instead of a search per character.
struct CrockfordTable {
    std::int8_t value[256];
    constexpr CrockfordTable() : value() {
        for (auto& v : value) v = -1;
        for (int i = 0; i < 32; ++i) value[static_cast<unsigned char>(kCrockfordAlphabet[i])] = static_cast<std::int8_t>(i);
    }
};
constexpr CrockfordTable kCrockfordTable;
}

void ensureSodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    });
}

EventKeys EventKeys::generate() {
    ensureSodium();
    EventKeys k;
    crypto_sign_keypair(k.publicKey.data(), k.signingKey.data());
    crypto_kdf_keygen(k.deriveKey.data());
    return k;
}

TicketSecret deriveTicketSecret(const DeriveKey& key, std::string_view eventId,
                                std::string_view ticketId, int generation) {
    ensureSodium();
    std::string input = "qrgate-ticket-secret\x1f";
    input.append(eventId).push_back('\x1f');
    input.append(ticketId).push_back('\x1f');
    input.append(std::to_string(generation));
    TicketSecret out{};
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(input.data()),
                       input.size(), key.data(), key.size());
    return out;
}

Signature signDetached(std::string_view message, const SigningKey& key) {
    ensureSodium();
    Signature sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), key.data());
    return sig;
}

bool verifyDetached(std::string_view message, const Signature& sig, const PublicKey& key) {
    ensureSodium();
    return crypto_sign_verify_detached(sig.data(),
                                       reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), key.data()) == 0;
}

std::array<std::uint8_t, 32> hash256(std::string_view data) {
    ensureSodium();
    std::array<std::uint8_t, 32> out{};
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()),
                       data.size(), nullptr, 0);
    return out;
}

void randomBytes(void* out, std::size_t n) {
    ensureSodium();
    randombytes_buf(out, n);
}

std::string toHex(const std::uint8_t* data, std::size_t n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        s[2 * i] = digits[data[i] >> 4];
        s[2 * i + 1] = digits[data[i] & 15];
    }
    return s;
}

template <std::size_t N>
bool fromHex(std::string_view hex, std::array<std::uint8_t, N>& out) {
    if (hex.size() != 2 * N) return false;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < N; ++i) {
        int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return true;
}
template bool fromHex<32>(std::string_view, std::array<std::uint8_t, 32>&);
template bool fromHex<64>(std::string_view, std::array<std::uint8_t, 64>&);
template bool fromHex<16>(std::string_view, std::array<std::uint8_t, 16>&);

std::string base32Encode(const std::uint8_t* data, std::size_t n) {
    std::string out;
    out.reserve((n * 8 + 4) / 5);
    unsigned buffer = 0;
    int bits = 0;
    for (std::size_t i = 0; i < n; ++i) {
        buffer = (buffer << 8) | data[i];
        bits += 8;
        while (bits >= 5) {
            out.push_back(kCrockford[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0) out.push_back(kCrockford[(buffer << (5 - bits)) & 31]);
    return out;
}

int crockfordValue(char c) { return kCrockfordTable.value[static_cast<unsigned char>(c)]; }

std::optional<std::vector<std::uint8_t>> base32Decode(std::string_view text) {
    std::vector<std::uint8_t> out;
    out.reserve(text.size() * 5 / 8);
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int v = crockfordValue(c);
        if (v < 0) return std::nullopt;
        buffer = (buffer << 5) | static_cast<unsigned>(v);
        bits += 5;
        if (bits >= 8) {
            out.push_back(static_cast<std::uint8_t>((buffer >> (bits - 8)) & 0xFF));
            bits -= 8;
        }
    }
    if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

std::string randomId(std::size_t length) {
    ensureSodium();
    // One call to the system's generator for the whole id (a call is a syscall); 256 is a
    // multiple of 32, so the low five bits of each byte are uniform.
    std::string id(length, '0');
    randombytes_buf(id.data(), id.size());
    for (auto& c : id) c = kCrockford[static_cast<unsigned char>(c) & 31];
    return id;
}

bool isCrockfordId(std::string_view text, std::size_t length) {
    if (text.size() != length) return false;
    for (char c : text)
        if (crockfordValue(c) < 0) return false;
    return true;
}

}  // namespace qrgate

#pragma once
// Thin, typed wrappers over libsodium: event key pairs, secret derivation, hashing, randomness.
#include <array>
#include <optional>
#include <vector>
#include <cstdint>
#include <string>
#include <string_view>

namespace qrgate {

using PublicKey = std::array<std::uint8_t, 32>;
using SigningKey = std::array<std::uint8_t, 64>;
using DeriveKey = std::array<std::uint8_t, 32>;
using TicketSecret = std::array<std::uint8_t, 16>;  // 128 bits
using Signature = std::array<std::uint8_t, 64>;

// Initialises libsodium once; safe to call from any thread, any number of times.
void ensureSodium();

// The private material of one event. Lives only in the admin machine's key file.
struct EventKeys {
    PublicKey publicKey{};
    SigningKey signingKey{};
    DeriveKey deriveKey{};  // ticket secrets are derived from it, so any ticket can be re-printed

    static EventKeys generate();
};

// secret = BLAKE2b keyed with deriveKey over (eventId, ticketId, generation): unpredictable
// without the key file, reproducible with it.
TicketSecret deriveTicketSecret(const DeriveKey& key, std::string_view eventId,
                                std::string_view ticketId, int generation);

Signature signDetached(std::string_view message, const SigningKey& key);
bool verifyDetached(std::string_view message, const Signature& sig, const PublicKey& key);

std::array<std::uint8_t, 32> hash256(std::string_view data);
void randomBytes(void* out, std::size_t n);

std::string toHex(const std::uint8_t* data, std::size_t n);
template <std::size_t N>
std::string toHex(const std::array<std::uint8_t, N>& a) {
    return toHex(a.data(), N);
}
// false when `hex` is not exactly 2*N hex digits
template <std::size_t N>
bool fromHex(std::string_view hex, std::array<std::uint8_t, N>& out);

// Crockford base32 (0-9, A-Z without I L O U), most significant bit first. Only characters
// that every keyboard layout types alike and that QR alphanumeric mode holds.
inline constexpr char kCrockfordAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
// The digit's value, or -1 for anything else (lower case included).
int crockfordValue(char c);
std::string base32Encode(const std::uint8_t* data, std::size_t n);
// nullopt on a character outside the alphabet or leftover bits that are not zero.
std::optional<std::vector<std::uint8_t>> base32Decode(std::string_view text);

// Random identifier of `length` Crockford base32 characters.
std::string randomId(std::size_t length);
bool isCrockfordId(std::string_view text, std::size_t length);

}  // namespace qrgate

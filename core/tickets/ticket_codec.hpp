#pragma once
// The QR payload of a ticket and its signature.
//
// Text layout (153 characters, all 0-9 and A-Z, fits QR version 6 at level M):
//   "QG1" | event id (8) | ticket id (12) | base32(secret 16 bytes || Ed25519 signature 64 bytes)
//   | check (2)
// The signature covers "QG1" + event id + ticket id + the raw secret. No personal data.
// The check is sum((i+1) * value(c_i)) mod 1021 over the 151 characters before it: any single
// changed character is caught (1021 is prime), so a damaged or mistyped code reads "damaged"
// rather than "forged" or "another event".
// Letters and digits only (no space, $ % * + - . / :) so that a keyboard-wedge scanner types it
// the same on any keyboard layout, and the code can be pasted into a shell or a form as it is.
#include <string>
#include <string_view>

#include "core/base/crypto.hpp"
#include "core/base/result.hpp"

namespace qrgate {

struct TicketPayload {
    std::string eventId;   // 8 Crockford characters
    std::string ticketId;  // 12 Crockford characters
    TicketSecret secret{};
    Signature signature{};
};

enum class PayloadError {
    Empty,
    TooLong,
    NotQrgate,           // does not start with our prefix: another app's QR
    UnsupportedVersion,  // ours, but from a newer format
    Damaged,             // ours, but the wrong length or characters
};
const char* describe(PayloadError e);

class TicketCodec {
public:
    static constexpr std::string_view kPrefix = "QG";
    static constexpr char kVersion = '1';
    static constexpr std::size_t kEventIdLength = 8;
    static constexpr std::size_t kTicketIdLength = 12;
    static constexpr std::size_t kLength = 153;

    // Builds a signed payload for a ticket from the event's private keys.
    static TicketPayload issue(const EventKeys& keys, std::string_view eventId,
                               std::string_view ticketId, int generation);
    static std::string encode(const TicketPayload& p);
    // Parses the text; surrounding white space and lower case (a keyboard-wedge scanner with
    // Caps Lock on) are tolerated because the alphabet has neither.
    static std::variant<TicketPayload, PayloadError> decode(std::string_view text);
    static bool verify(const TicketPayload& p, const PublicKey& eventKey);
    // Hash stored in the database instead of the credential (secret and signature).
    static std::string credentialHashHex(const TicketPayload& p);

private:
    static std::string signedMessage(const TicketPayload& p);
};

}  // namespace qrgate

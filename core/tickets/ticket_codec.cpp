#include "core/tickets/ticket_codec.hpp"

#include <cstring>
#include <optional>


namespace qrgate {

namespace {
constexpr std::size_t kBinaryLength = sizeof(TicketSecret) + sizeof(Signature);
constexpr std::size_t kHeaderLength =
    3 + TicketCodec::kEventIdLength + TicketCodec::kTicketIdLength;
constexpr std::size_t kMaxInput = 4096;

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Two characters over everything before them; nullopt if a character is not Crockford base32.
// The weighted sum stays far below 2^32 for any input we accept (kMaxInput), so one modulo at the
// end gives the same result as one per step.
std::optional<std::string> checkCharacters(std::string_view body) {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const int v = crockfordValue(body[i]);
        if (v < 0) return std::nullopt;
        sum += static_cast<std::uint64_t>(i + 1) * static_cast<std::uint64_t>(v);
    }
    sum %= 1021;
    return std::string{kCrockfordAlphabet[sum / 32], kCrockfordAlphabet[sum % 32]};
}
}  // namespace

const char* describe(PayloadError e) {
    switch (e) {
        case PayloadError::Empty: return "The code is empty.";
        case PayloadError::TooLong: return "The code is far too long to be a qrgate ticket.";
        case PayloadError::NotQrgate: return "This is not a qrgate ticket.";
        case PayloadError::UnsupportedVersion:
            return "This ticket comes from a newer qrgate version; update this gate.";
        case PayloadError::Damaged: return "The ticket code is damaged or incomplete.";
    }
    return "Unreadable code.";
}

std::string TicketCodec::signedMessage(const TicketPayload& p) {
    std::string m;
    m.reserve(kHeaderLength + sizeof(TicketSecret));
    m.append(kPrefix).push_back(kVersion);
    m.append(p.eventId).append(p.ticketId);
    m.append(reinterpret_cast<const char*>(p.secret.data()), p.secret.size());
    return m;
}

TicketPayload TicketCodec::issue(const EventKeys& keys, std::string_view eventId,
                                 std::string_view ticketId, int generation) {
    TicketPayload p;
    p.eventId = eventId;
    p.ticketId = ticketId;
    p.secret = deriveTicketSecret(keys.deriveKey, eventId, ticketId, generation);
    p.signature = signDetached(signedMessage(p), keys.signingKey);
    return p;
}

std::string TicketCodec::encode(const TicketPayload& p) {
    std::uint8_t bin[kBinaryLength];
    std::memcpy(bin, p.secret.data(), p.secret.size());
    std::memcpy(bin + p.secret.size(), p.signature.data(), p.signature.size());
    std::string out;
    out.reserve(kLength);
    out.append(kPrefix).push_back(kVersion);
    out.append(p.eventId).append(p.ticketId);
    out += base32Encode(bin, kBinaryLength);
    out += *checkCharacters(out);
    return out;
}

std::variant<TicketPayload, PayloadError> TicketCodec::decode(std::string_view text) {
    if (text.size() > kMaxInput) return PayloadError::TooLong;
    while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
    if (text.empty()) return PayloadError::Empty;

    std::string s(text);
    for (auto& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');

    if (s.size() < 3 || s.compare(0, 2, kPrefix) != 0) return PayloadError::NotQrgate;
    if (s[2] != kVersion) {
        return (s[2] >= '2' && s[2] <= '9') ? PayloadError::UnsupportedVersion
                                            : PayloadError::NotQrgate;
    }
    if (s.size() != kLength) return PayloadError::Damaged;
    auto check = checkCharacters(std::string_view(s).substr(0, kLength - 2));
    if (!check || s.compare(kLength - 2, 2, *check) != 0) return PayloadError::Damaged;

    TicketPayload p;
    p.eventId = s.substr(3, kEventIdLength);
    p.ticketId = s.substr(3 + kEventIdLength, kTicketIdLength);
    if (!isCrockfordId(p.eventId, kEventIdLength) || !isCrockfordId(p.ticketId, kTicketIdLength))
        return PayloadError::Damaged;
    auto bin = base32Decode(std::string_view(s).substr(kHeaderLength, kLength - kHeaderLength - 2));
    if (!bin || bin->size() != kBinaryLength) return PayloadError::Damaged;
    std::memcpy(p.secret.data(), bin->data(), p.secret.size());
    std::memcpy(p.signature.data(), bin->data() + p.secret.size(), p.signature.size());
    return p;
}

bool TicketCodec::verify(const TicketPayload& p, const PublicKey& eventKey) {
    return verifyDetached(signedMessage(p), p.signature, eventKey);
}

std::string TicketCodec::credentialHashHex(const TicketPayload& p) {
    std::string material = "qrgate-credential\x1f";
    material.append(reinterpret_cast<const char*>(p.secret.data()), p.secret.size());
    material.append(reinterpret_cast<const char*>(p.signature.data()), p.signature.size());
    return toHex(hash256(material));
}

}  // namespace qrgate

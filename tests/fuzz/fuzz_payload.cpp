// libFuzzer target: arbitrary text through TicketCodec::decode, as a camera or a keyboard-wedge
// scanner could deliver it. Whatever decodes must encode back to the same code (after the
// white space and case that decode tolerates), so one ticket has exactly one spelling.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "core/tickets/ticket_codec.hpp"

namespace {

// The same tolerance as TicketCodec::decode: surrounding white space and lower case.
std::string canonical(std::string_view text) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
    std::string out(text);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto decoded = qrgate::TicketCodec::decode(text);
    if (const auto* payload = std::get_if<qrgate::TicketPayload>(&decoded)) {
        const std::string encoded = qrgate::TicketCodec::encode(*payload);
        if (encoded.size() != qrgate::TicketCodec::kLength) std::abort();
        if (encoded != canonical(text)) std::abort();
        if (qrgate::TicketCodec::credentialHashHex(*payload).size() != 64) std::abort();
    } else {
        const auto error = std::get<qrgate::PayloadError>(decoded);
        if (qrgate::describe(error) == nullptr) std::abort();
    }
    return 0;
}

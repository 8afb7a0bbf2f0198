// Writes genuine ticket codes, signed by a fresh event key, into a folder as the seed corpus of
// fuzz_payload. Built from the real codec, so the seeds follow the payload format whatever its
// length or alphabet becomes. Usage: payload_seeds DIR
#include <cstdio>
#include <fstream>
#include <string>

#include "core/base/crypto.hpp"
#include "core/tickets/ticket_codec.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    const auto keys = qrgate::EventKeys::generate();
    const std::string eventId = qrgate::randomId(qrgate::TicketCodec::kEventIdLength);
    for (int i = 0; i < 3; ++i) {
        const auto payload = qrgate::TicketCodec::issue(
            keys, eventId, qrgate::randomId(qrgate::TicketCodec::kTicketIdLength), i);
        const std::string code = qrgate::TicketCodec::encode(payload);
        std::ofstream(dir + "/valid_" + std::to_string(i), std::ios::binary) << code;
        if (i == 0) std::printf("%s\n", code.c_str());  // for the script's own variations
    }
    return 0;
}

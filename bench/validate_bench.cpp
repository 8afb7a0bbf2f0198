// validate() latency on an event of 100,000 tickets: p50 / p99 over random tickets, plus forged
// codes (which take the signature-check path).
// Target (issue 2): p99 <= 1 ms.
#include <cstdlib>
#include <iostream>
#include <random>

#include "core/checkin/checkin_engine.hpp"
#include "core/tickets/ticket_codec.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "core_bench_common.hpp"

using namespace qrgate;

int main(int argc, char** argv) {
    const std::size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
    const std::size_t samples = 20000;
    bench::BenchFolder dir("validate");
    auto folder = DataFolder::prepare(dir.root).value();
    auto db = folder.openDatabase().value();
    auto keys = folder.keyStore();
    auto event = bench::createEvent(*db, keys);
    auto tickets = TicketIssuer(*db, keys).issueCount(event.id, count).value();

    CheckinEngine engine(*db);
    std::mt19937 rng(42);
    std::uniform_int_distribution<std::size_t> pick(0, tickets.size() - 1);
    auto measure = [&](auto makeCode) {
        std::vector<double> us;
        us.reserve(samples);
        for (std::size_t i = 0; i < samples; ++i) {
            ScanRequest req;
            req.qrData = makeCode();
            req.eventId = event.id;
            req.gateId = "A";
            auto start = std::chrono::steady_clock::now();
            auto v = engine.validate(req);
            us.push_back(bench::secondsSince(start) * 1e6);
            if (v.reason == Reason::Malformed) std::abort();  // the bench must not measure the parser alone
        }
        return us;
    };
    auto genuine = measure([&] { return tickets[pick(rng)].qrData; });
    auto forged = measure([&] {
        // A deliberate forgery: signature bits changed, check characters recomputed.
        auto payload = std::get<TicketPayload>(TicketCodec::decode(tickets[pick(rng)].qrData));
        payload.signature[7] ^= 0x20;
        return TicketCodec::encode(payload);
    });
    std::printf("validate (%zu tickets), genuine: p50 %.1f us, p99 %.1f us [target p99 <= 1000 us]\n", count,
                bench::percentile(genuine, 50), bench::percentile(genuine, 99));
    std::printf("validate (%zu tickets), forged:  p50 %.1f us, p99 %.1f us (signature check)\n", count,
                bench::percentile(forged, 50), bench::percentile(forged, 99));
    return 0;
}

// Issue N tickets (default 100,000) into a fresh database: signing, hashing, storing.
// Target (issue 2): 100,000 in at most 5 s on the 2-core machine.
#include <cstdlib>
#include <iostream>

#include "core/tickets/ticket_issuer.hpp"
#include "core_bench_common.hpp"

using namespace qrgate;

int main(int argc, char** argv) {
    const std::size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
    bench::BenchFolder dir("issue");
    auto folder = DataFolder::prepare(dir.root).value();
    auto db = folder.openDatabase().value();
    auto keys = folder.keyStore();
    auto event = bench::createEvent(*db, keys);
    TicketIssuer issuer(*db, keys);
    auto start = std::chrono::steady_clock::now();
    auto issued = issuer.issueCount(event.id, count);
    double seconds = bench::secondsSince(start);
    if (!issued) {
        std::cerr << issued.error().message << "\n";
        return 1;
    }
    std::printf("issue: %zu tickets in %.2f s (%.0f tickets/s) [target: 100000 in <= 5 s]\n", issued->size(),
                seconds, static_cast<double>(issued->size()) / seconds);
    return 0;
}

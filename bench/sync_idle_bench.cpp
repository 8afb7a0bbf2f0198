// Decisions taken offline while the leader is up, in a run with idle gaps: two gates (followers)
// scan the same fresh ticket at the same moment after a pause drawn from 0.1 to 4 s (half of them
// longer than the leader's 2 s keep-alive timeout, when pooled connections have been closed).
// Leader and both followers run in this process over HTTPS, each on its own data folder.
// Target (issue 9): no decision offline while the leader is up, and one admission per ticket.
//   usage: sync_idle_bench [SECONDS=600]
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "bench_machine.hpp"
#include "sync/leader_client.hpp"
#include "sync_bench_common.hpp"

using namespace qrgate;

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::strtod(argv[1], nullptr) : 600;
    bench::BenchFolder dir("sync-idle");
    const auto leaderDir = dir.root / "leader";
    auto event = bench::issueTickets(leaderDir, 5000);
    const auto tokenA = bench::addDevice(leaderDir, "follower-a");
    const auto tokenB = bench::addDevice(leaderDir, "follower-b");
    auto leader = bench::startNode(leaderDir, false);
    auto a = bench::startNode(dir.root / "a", false, sync::LeaderSettings{leader->url(), tokenA, ""});
    auto b = bench::startNode(dir.root / "b", false, sync::LeaderSettings{leader->url(), tokenB, ""});
    for (int i = 0; i < 3000; ++i) {
        if (a->status().link->state == sync::LinkState::Online && b->status().link->state == sync::LinkState::Online &&
            a->status().link->cursor > 0 && b->status().link->cursor > 0)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }

    // The gates' own apps: one keep-alive client each, as a kiosk or a scanner app would hold.
    sync::LeaderClient gateA(sync::NodeAddress::parse(a->url()).value(), tokenA, "");
    sync::LeaderClient gateB(sync::NodeAddress::parse(b->url()).value(), tokenB, "");
    std::mt19937 random(42);
    const double gaps[] = {0.1, 0.5, 1.0, 1.5, 2.2, 2.6, 3.0, 4.0};
    std::size_t rounds = 0, decisions = 0, offline = 0, notOnce = 0, longGaps = 0;
    std::vector<double> latencies;
    const auto start = std::chrono::steady_clock::now();
    while (bench::secondsSince(start) < seconds && rounds < event.qr.size()) {
        const double gap = gaps[random() % std::size(gaps)];
        longGaps += gap > 2.0;
        std::this_thread::sleep_for(std::chrono::duration<double>(gap));
        const std::string& qr = event.qr[rounds++];
        std::atomic<int> ready{0};
        std::string answers[2];
        double took[2] = {0, 0};
        auto scan = [&](int g) {
            auto& client = g == 0 ? gateA : gateB;
            const auto body = nlohmann::json{{"qrData", qr}, {"gateId", g == 0 ? "A" : "B"}, {"deviceId", "bench"}}.dump();
            ++ready;
            while (ready < 2) std::this_thread::yield();
            const auto t0 = std::chrono::steady_clock::now();
            answers[g] = client.post("/api/checkin", body, std::chrono::seconds(5)).body;
            took[g] = bench::secondsSince(t0) * 1000;
        };
        std::thread other(scan, 1);
        scan(0);
        other.join();
        int admitted = 0;
        for (int g = 0; g < 2; ++g) {
            ++decisions;
            latencies.push_back(took[g]);
            offline += answers[g].find("\"offline\":true") != std::string::npos;
            admitted += answers[g].find("\"status\":\"admitted\"") != std::string::npos;
        }
        notOnce += admitted != 1;
    }
    const double elapsed = bench::secondsSince(start);
    std::printf("machine: %s, %u cores\n", bench::cpuName().c_str(), std::thread::hardware_concurrency());
    std::printf("idle gaps: %.0f s, %zu rounds (%zu after a gap over the 2 s keep-alive), %zu decisions\n", elapsed,
                rounds, longGaps, decisions);
    std::printf("decided offline while the leader was up: %zu (%.3f%%) [target 0]\n", offline,
                decisions ? 100.0 * static_cast<double>(offline) / static_cast<double>(decisions) : 0.0);
    std::printf("rounds where the ticket was not admitted exactly once: %zu [target 0]\n", notOnce);
    std::printf("answer time at the gate: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", bench::percentile(latencies, 50),
                bench::percentile(latencies, 99), bench::percentile(latencies, 100));
    b->stop();
    a->stop();
    leader->stop();
    return offline == 0 && notOnce == 0 ? 0 : 1;
}

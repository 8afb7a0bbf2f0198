// Leader throughput: admissions per second of distinct tickets from 16 concurrent keep-alive
// clients on loopback (HTTPS unless "plain"), with p50 / p99 latency; the load generator runs
// in this process, on the same cores. Beside it, the engine's in-process rate in the same run.
// Target (issue 5): >= 3,000 admissions/s with p99 <= 20 ms.
// With slow=N (issue 9), N slow connections from the same address are open throughout: a third
// send nothing, a third stop inside their TLS ClientHello (over http: also nothing), a third
// trickle their headers a byte every 100 ms; those the leader closes come back after 1 s.
//   usage: sync_throughput_bench [ADMISSIONS=20000] [CLIENTS=16] [plain] [slow=N]
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "bench_machine.hpp"
#include "core/checkin/checkin_engine.hpp"
#include "sync/leader_client.hpp"
#include "sync/testing/slow_clients.hpp"
#include "sync_bench_common.hpp"

using namespace qrgate;

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 20000;
    const int clients = argc > 2 ? std::atoi(argv[2]) : 16;
    bool plain = false;
    int slow = 0;
    for (int i = 3; i < argc; ++i) {
        if (std::strcmp(argv[i], "plain") == 0) plain = true;
        if (std::strncmp(argv[i], "slow=", 5) == 0) slow = std::atoi(argv[i] + 5);
    }
    const std::size_t engineN = 3000;
    bench::BenchFolder dir("sync-throughput");
    auto event = bench::issueTickets(dir.root, n + engineN);
    const auto token = bench::addDevice(dir.root, "bench");

    auto node = bench::startNode(dir.root, plain);
    const auto address = sync::NodeAddress::parse(node->url()).value();
    std::optional<testing::SlowClients> attack;
    if (slow > 0) {
        testing::SlowClientsOptions o;
        o.port = address.port;
        o.tls = !plain;
        o.silent = slow / 3;
        o.partialHello = slow / 3;
        o.trickle = slow - 2 * (slow / 3);
        attack.emplace(o);
        if (!attack->waitOpened(static_cast<std::size_t>(slow), std::chrono::seconds(20)))
            std::printf("only %zu of %d slow connections opened\n", attack->opened(), slow);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> admitted{0}, failed{0};
    std::vector<std::vector<double>> latencies(clients);
    std::vector<std::thread> threads;
    const auto start = std::chrono::steady_clock::now();
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            sync::LeaderClient client(address, token, "");  // one keep-alive connection per client
            const std::string gate = "G" + std::to_string(c);
            while (true) {
                const std::size_t i = next++;
                if (i >= n) break;
                const std::string body =
                    nlohmann::json{{"qrData", event.qr[i]}, {"gateId", gate}, {"deviceId", gate}}.dump();
                const auto t0 = std::chrono::steady_clock::now();
                auto a = client.post("/api/checkin", body, std::chrono::seconds(10));
                latencies[c].push_back(bench::secondsSince(t0) * 1000);
                if (a.status == 200 && a.body.find("\"status\":\"admitted\"") != std::string::npos)
                    ++admitted;
                else
                    ++failed;
            }
        });
    }
    for (auto& t : threads) t.join();
    const double seconds = bench::secondsSince(start);
    if (attack) {
        std::printf("slow connections: %d kept open by the attacker; %zu opened in all, %zu closed by the leader\n",
                    slow, attack->opened(), attack->closedByServer());
        attack->stop();
    }
    node->stop();
    std::vector<double> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());

    // The engine alone, in this process, same database and pragmas, one thread, one commit each.
    auto db = DataFolder::prepare(dir.root).value().openDatabase().value();
    CheckinEngine engine(*db);
    const auto e0 = std::chrono::steady_clock::now();
    std::size_t engineAdmitted = 0;
    for (std::size_t i = n; i < n + engineN; ++i) {
        ScanRequest r;
        r.qrData = event.qr[i];
        r.gateId = "E";
        r.deviceId = "engine";
        engineAdmitted += engine.admit(r).admitted;
    }
    const double engineRate = static_cast<double>(engineN) / bench::secondsSince(e0);

    std::printf("machine: %s, %u hardware threads\n", bench::cpuName().c_str(), std::thread::hardware_concurrency());
    std::printf("leader: %.0f admissions/s over %s from %d keep-alive clients (%zu admissions, %zu not admitted)\n",
                static_cast<double>(admitted) / seconds, plain ? "http" : "https", clients, admitted.load(),
                failed.load());
    std::printf("latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms [target >= 3000/s, p99 <= 20 ms]\n",
                bench::percentile(all, 50), bench::percentile(all, 99), bench::percentile(all, 100));
    std::printf("engine in-process: %.0f admissions/s (one thread, one durable commit per admission)\n", engineRate);
    return failed == 0 && engineAdmitted == engineN ? 0 : 1;
}

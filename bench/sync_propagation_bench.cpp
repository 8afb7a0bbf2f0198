// Propagation: time from an admission at follower A (its HTTP answer) to the admission being in
// follower B's replica (B would refuse the ticket on its own), p50 / p99 over 1,000 admissions.
// Leader and both followers run in this process, each on its own data folder, over HTTPS.
// Target (issue 5): p99 <= 1 s.
//   usage: sync_propagation_bench [ADMISSIONS=1000]
#include <SQLiteCpp/Statement.h>

#include <cstdlib>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "sync/leader_client.hpp"
#include "sync_bench_common.hpp"

using namespace qrgate;

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000;
    bench::BenchFolder dir("sync-propagation");
    const auto leaderDir = dir.root / "leader";
    auto event = bench::issueTickets(leaderDir, n);
    const auto tokenA = bench::addDevice(leaderDir, "follower-a");
    const auto tokenB = bench::addDevice(leaderDir, "follower-b");
    auto leader = bench::startNode(leaderDir, false);
    auto a = bench::startNode(dir.root / "a", false, sync::LeaderSettings{leader->url(), tokenA, ""});
    auto b = bench::startNode(dir.root / "b", false, sync::LeaderSettings{leader->url(), tokenB, ""});

    auto replicaB = Database::open(dir.root / "b" / "qrgate.db").value();
    SQLite::Statement used(replicaB->sql(), "SELECT entries_used FROM tickets WHERE id = ?");
    auto known = [&](const std::string& id) {
        used.bind(1, id);
        const bool yes = used.executeStep() && used.getColumn(0).getInt() > 0;
        used.reset();
        return yes;
    };
    // Wait for both replicas to hold the snapshot.
    for (int i = 0; i < 3000; ++i) {
        used.bind(1, event.ids.back());
        const bool present = used.executeStep();
        used.reset();
        if (present && a->status().link->state == sync::LinkState::Online) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }

    sync::LeaderClient client(sync::NodeAddress::parse(a->url()).value(), tokenA, "");
    std::vector<double> delays;
    std::size_t offline = 0;
    for (std::size_t i = 0; i < n; ++i) {
        auto answer = client.post("/api/checkin",
                                  nlohmann::json{{"qrData", event.qr[i]}, {"gateId", "A"}, {"deviceId", "a"}}.dump(),
                                  std::chrono::seconds(5));
        const auto t0 = std::chrono::steady_clock::now();
        if (answer.body.find("\"offline\":true") != std::string::npos) ++offline;
        while (!known(event.ids[i])) {
            if (bench::secondsSince(t0) > 5) break;
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        delays.push_back(bench::secondsSince(t0) * 1000);
    }
    std::printf("propagation A -> leader -> B replica: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %zu admissions "
                "(%zu decided offline) [target p99 <= 1000 ms]\n",
                bench::percentile(delays, 50), bench::percentile(delays, 99), bench::percentile(delays, 100), n,
                offline);
    b->stop();
    a->stop();
    leader->stop();
    return 0;
}

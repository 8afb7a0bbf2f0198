// One leader, several followers: what gates see while everything is up.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>

#include "cluster.hpp"

using namespace qrgate::testing;
using nlohmann::json;

TEST(Cluster, AnAdmissionAtOneFollowerIsRefusedAtAnotherWithinOneSecond) {
    Cluster c(3, 20);
    ASSERT_TRUE(c.waitInSync());
    auto a = c.followerApi(0);
    auto b = c.followerApi(1);
    auto admitted = a.post("/api/checkin", scanBody(c.qr[0], "Gate-A", "kiosk-A"));
    ASSERT_EQ(admitted.body["status"], "admitted") << admitted.raw;
    EXPECT_EQ(admitted.body["offline"], false);
    const auto at = std::chrono::steady_clock::now();

    // Scanned at B right after: the leader answers for B.
    auto refused = b.post("/api/checkin", scanBody(c.qr[0], "Gate-B", "kiosk-B"));
    EXPECT_EQ(refused.body["status"], "refused");
    EXPECT_EQ(refused.body["reason"], "already_used");
    EXPECT_EQ(refused.body["firstCheckin"]["gateId"], "Gate-A");

    // And B's own replica knows it within a second (through the feed), so B would refuse it
    // even if the leader vanished now. C too.
    for (std::size_t i : {1u, 2u}) {
        auto api = c.followerApi(i);
        bool known = false;
        while (!known && std::chrono::steady_clock::now() - at < std::chrono::seconds(1)) {
            known = api.get("/api/tickets/" + c.ids[0]).body.value("entriesUsed", 0) == 1;
            if (!known) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        EXPECT_TRUE(known) << "follower " << i;
    }
    c.leader->kill(SIGKILL);
    auto offline = b.post("/api/checkin", scanBody(c.qr[0], "Gate-B", "kiosk-B"));
    EXPECT_EQ(offline.body["offline"], true);
    EXPECT_EQ(offline.body["reason"], "already_used");
    EXPECT_EQ(offline.body["firstCheckin"]["gateId"], "Gate-A");
}

TEST(Cluster, TwentyClientsOnFourFollowersAdmitOneTicketExactlyOnce) {
    constexpr int kRounds = 50, kClients = 20;
    // This is about the leader deciding 20 simultaneous forwards; a generous forward timeout keeps
    // a loaded test machine from turning it into a test of the offline fallback.
    Cluster c(4, kRounds, {"--forward-timeout", "5000"});
    ASSERT_TRUE(c.waitInSync());
    std::barrier start(kClients);
    std::vector<std::atomic<int>> admitted(kRounds), answered(kRounds), offline(kRounds);
    std::vector<std::thread> clients;
    for (int k = 0; k < kClients; ++k) {
        clients.emplace_back([&, k] {
            auto api = c.followerApi(k % 4);  // five clients per follower, each its own connection
            for (int round = 0; round < kRounds; ++round) {
                start.arrive_and_wait();
                auto a = api.post("/api/checkin", scanBody(c.qr[round], "G" + std::to_string(k), "c" + std::to_string(k)));
                if (a.status == 200) ++answered[round];
                if (a.status == 200 && a.body["status"] == "admitted") ++admitted[round];
                if (a.status == 200 && a.body["offline"] == true) ++offline[round];
            }
        });
    }
    for (auto& t : clients) t.join();
    int offlineTotal = 0;
    for (int round = 0; round < kRounds; ++round) {
        EXPECT_EQ(answered[round], kClients) << "round " << round;
        EXPECT_EQ(admitted[round], 1) << "round " << round;
        offlineTotal += offline[round];
    }
    EXPECT_EQ(offlineTotal, 0);
    auto stats = c.leaderApi().get("/api/stats?event=" + c.event).body;
    EXPECT_EQ(stats["admitted"], kRounds);
    EXPECT_EQ(stats["uniqueAdmitted"], kRounds);
    EXPECT_EQ(stats["refusedByReason"]["already_used"], kRounds * (kClients - 1));
}

TEST(Cluster, RevokingADeviceOnTheLeaderLocksItOutOfEveryFollower) {
    Cluster c(2, 5);
    ASSERT_TRUE(c.waitInSync());
    auto kioskToken = trimmed(qrgateOut(c.leaderData, {"device", "add", "--name", "kiosk-x"}));
    ASSERT_TRUE(c.waitInSync());
    ApiClient viaFollower(c.followers[1]->url(), kioskToken);
    EXPECT_EQ(viaFollower.post("/api/validate", scanBody(c.qr[0], "G")).status, 200);
    qrgateOut(c.leaderData, {"device", "revoke", "kiosk-x"});
    ASSERT_TRUE(c.waitInSync());
    EXPECT_EQ(viaFollower.post("/api/validate", scanBody(c.qr[0], "G")).status, 401);
}

// Faults a real event brings: the leader dies and comes back, a follower gets promoted, the
// leader's certificate changes.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <mutex>
#include <set>

#include "cluster.hpp"

using namespace qrgate::testing;
using nlohmann::json;

TEST(Failover, FollowersKeepAdmittingWhileTheLeaderIsDeadAndEverythingArrivesOnceAfterRestart) {
    constexpr int kScans = 1000, kShared = 10;
    Cluster c(3, kScans + kShared);
    ASSERT_TRUE(c.waitInSync(std::chrono::seconds(30)));
    std::atomic<int> done{0}, admitted{0}, offline{0};
    std::vector<std::thread> gates;
    for (int g = 0; g < 3; ++g) {
        gates.emplace_back([&, g] {
            auto api = c.followerApi(g);
            for (int i = g; i < kScans; i += 3) {
                auto a = api.post("/api/checkin", scanBody(c.qr[i], "Gate-" + std::to_string(g), "k" + std::to_string(g)));
                admitted += a.body.value("status", "") == "admitted";
                offline += a.body.value("offline", false);
                ++done;
            }
        });
    }
    // Pull the plug a third of the way in.
    while (done < kScans / 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    c.leader->kill(SIGKILL);
    for (auto& t : gates) t.join();
    EXPECT_EQ(admitted, kScans);  // every gate kept admitting
    EXPECT_GT(offline, kScans / 3);

    // While apart, the same tickets get scanned at two gates: both admit (neither can know).
    for (int i = kScans; i < kScans + kShared; ++i) {
        EXPECT_EQ(c.followerApi(0).post("/api/checkin", scanBody(c.qr[i], "Gate-0", "k0")).body["status"], "admitted");
        EXPECT_EQ(c.followerApi(1).post("/api/checkin", scanBody(c.qr[i], "Gate-1", "k1")).body["status"], "admitted");
    }

    const auto restart = std::chrono::steady_clock::now();
    c.leader->restart();
    auto leader = c.leaderApi();
    json stats;
    const bool arrived = eventually(std::chrono::seconds(5), [&] {
        stats = leader.get("/api/stats?event=" + c.event).body;
        return stats.value("admitted", 0) == kScans + 2 * kShared;
    });
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - restart);
    ASSERT_TRUE(arrived) << stats.dump();
    std::cout << "[          ] all " << kScans + 2 * kShared << " admissions on the restarted leader after " << took.count()
              << " ms\n";
    EXPECT_EQ(stats["uniqueAdmitted"], kScans + kShared);
    EXPECT_EQ(stats["refused"], 0);  // nothing recorded twice: uploads are idempotent
    for (int i = 0; i < kScans; ++i) {
        if (i % 97 != 0) continue;
        EXPECT_EQ(leader.get("/api/tickets/" + c.ids[i]).body["entriesUsed"], 1) << i;
    }
    auto conflicts = leader.get("/api/conflicts?event=" + c.event).body;
    ASSERT_EQ(conflicts.size(), static_cast<std::size_t>(kShared)) << conflicts.dump();
    std::set<std::string> gatesSeen{conflicts[0]["first"]["gateId"], conflicts[0]["second"]["gateId"]};
    EXPECT_EQ(gatesSeen, (std::set<std::string>{"Gate-0", "Gate-1"}));
    EXPECT_EQ(stats["conflicts"], kShared);
    // The kiosks' status shows the conflicts too.
    EXPECT_TRUE(eventually(std::chrono::seconds(3), [&] {
        return c.followerApi(2).get("/api/status").body.value("conflicts", 0) == kShared;
    }));
    // A follower counts an upload as done when the leader's answer reaches it, which may be a
    // moment after the leader has counted the admissions.
    for (std::size_t f = 0; f < 3; ++f)
        EXPECT_TRUE(eventually(std::chrono::seconds(3), [&] {
            return c.followerApi(f).get("/api/status").body["leader"]["pendingUploads"] == 0;
        })) << "follower " << f;
}

TEST(Failover, EveryAcknowledgedAdmissionSurvivesKillingTheLeaderUnderLoad) {
    Cluster c(0, 3000);
    std::mutex mutex;
    std::vector<std::string> acknowledged;
    std::atomic<int> next{0};
    std::atomic<bool> dead{false};
    std::vector<std::thread> clients;
    for (int k = 0; k < 8; ++k) {
        clients.emplace_back([&, k] {
            ApiClient api(c.leader->url(), c.adminToken);
            while (!dead) {
                const int i = next++;
                if (i >= 3000) break;
                auto a = api.post("/api/checkin", scanBody(c.qr[i], "Main", "k" + std::to_string(k)),
                                  std::chrono::seconds(2));
                if (a.status == 200 && a.body["status"] == "admitted") {
                    std::lock_guard lock(mutex);
                    acknowledged.push_back(c.ids[i]);
                }
            }
        });
    }
    while (next < 600) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    c.leader->kill(SIGKILL);
    dead = true;
    for (auto& t : clients) t.join();
    ASSERT_GT(acknowledged.size(), 300u);
    {
        SQLite::Database db((c.leaderData / "qrgate.db").string(), SQLite::OPEN_READWRITE);
        EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
    }
    c.leader->restart();
    auto leader = c.leaderApi();
    for (const auto& id : acknowledged) {
        auto t = leader.get("/api/tickets/" + id).body;
        ASSERT_EQ(t["entriesUsed"], 1) << id;
    }
    std::cout << "[          ] " << acknowledged.size() << " acknowledged admissions, all present after SIGKILL\n";
}

TEST(Failover, AFollowerRefusesALeaderWhoseCertificateDoesNotMatchThePin) {
    Cluster c(1, 5, {"--fingerprint", std::string(64, 'a')});
    EXPECT_TRUE(eventually(std::chrono::seconds(5), [&] {
        return c.followers[0]->stderrText().find("does not match the pinned") != std::string::npos;
    })) << c.followers[0]->stderrText();
    // The follower's replica never got the leader's devices, so ask it with a local admin token.
    auto local = trimmed(qrgateOut(c.followers[0]->dataDir(), {"device", "add", "--name", "local", "--role", "admin"}));
    ApiClient follower(c.followers[0]->url(), local);
    EXPECT_EQ(follower.get("/api/status").body["leader"]["state"], "certificate_mismatch");
    // It keeps working at the gate from its replica, and does not talk to that leader.
    auto v = follower.post("/api/checkin", scanBody(c.qr[0], "G"));
    EXPECT_EQ(v.body["offline"], true);
    EXPECT_EQ(c.leaderApi().get("/api/stats?event=" + c.event).body["admitted"], 0);
}

TEST(Failover, ALeaderWithANewCertificateIsRefusedByFollowersThatPinnedTheOldOne) {
    Cluster c(1, 5);
    ASSERT_TRUE(c.waitInSync());  // trusted on first use, pinned
    c.leader->kill(SIGKILL);
    std::filesystem::remove_all(c.leaderData / "tls");  // an impostor (or a reinstall) at that address
    c.leader->restart();
    EXPECT_TRUE(eventually(std::chrono::seconds(5), [&] {
        return c.followers[0]->stderrText().find("does not match the pinned") != std::string::npos;
    })) << c.followers[0]->stderrText();
    EXPECT_EQ(c.followerApi(0).post("/api/checkin", scanBody(c.qr[1], "G")).body["offline"], true);
}

TEST(Failover, AFollowerCanBePromotedAndTheOthersRepointedToIt) {
    Cluster c(2, 10);
    ASSERT_TRUE(c.waitInSync());
    ASSERT_EQ(c.followerApi(0).post("/api/checkin", scanBody(c.qr[0], "Gate-A")).body["status"], "admitted");
    ASSERT_TRUE(c.waitInSync());
    c.leader->kill(SIGKILL);

    // The operator promotes follower A (admin tokens were replicated to it) ...
    ApiClient adminAtA(c.followers[0]->url(), c.adminToken);
    auto promoted = adminAtA.post("/api/promote", json::object());
    ASSERT_EQ(promoted.status, 200) << promoted.raw;
    EXPECT_EQ(promoted.body["role"], "leader");
    // ... and re-points follower B to it (B's own token is known to A too).
    ApiClient adminAtB(c.followers[1]->url(), c.adminToken);
    auto repointed = adminAtB.post("/api/leader", {{"url", c.followers[0]->url()}, {"token", c.followerTokens[1]}});
    ASSERT_EQ(repointed.status, 200) << repointed.raw;
    EXPECT_TRUE(eventually(std::chrono::seconds(5), [&] {
        return c.followerApi(1).get("/api/status").body["leader"]["state"] == "online";
    }));
    auto b = c.followerApi(1);
    auto refused = b.post("/api/checkin", scanBody(c.qr[0], "Gate-B"));
    EXPECT_EQ(refused.body["reason"], "already_used");
    EXPECT_EQ(refused.body["offline"], false);  // decided by the new leader
    auto fresh = b.post("/api/checkin", scanBody(c.qr[1], "Gate-B"));
    EXPECT_EQ(fresh.body["status"], "admitted");
    EXPECT_EQ(fresh.body["offline"], false);
    EXPECT_EQ(adminAtA.get("/api/tickets/" + c.ids[1]).body["entriesUsed"], 1);
    // Restarted on its data folder without --leader, the promoted node stays the leader.
    EXPECT_EQ(c.followers[0]->terminate(), 0);
    NodeProcess again(c.followers[0]->dataDir(), {});
    again.start();
    EXPECT_EQ(ApiClient(again.url(), "").get("/api/health").body["role"], "leader");
}

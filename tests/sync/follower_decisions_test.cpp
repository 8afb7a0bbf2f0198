// "A ticket is admitted once, whichever gate sees it first", in normal operation: while the
// leader can be reached every decision is the leader's, after idle gaps, across leader restarts,
// and when the leader recorded a forwarded scan but died before answering.
#include <gtest/gtest.h>

#include <signal.h>

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <sstream>

#include "cluster.hpp"
#include "cutting_proxy.hpp"

using namespace qrgate::testing;
using nlohmann::json;

namespace {


// Longer than the leader's keep-alive timeout (2 s): every pooled connection has been closed.
constexpr auto kIdleGap = std::chrono::milliseconds(2600);

struct RoundResult {
    int admitted = 0;
    int offline = 0;
    std::string answers;
};

// Both followers scan `qr` at the same moment, each asked by a gate that just woke up (a fresh
// client).
RoundResult scanAtBothGatesAtOnce(Cluster& c, const std::string& qr) {
    std::atomic<int> ready{0};
    json answers[2];
    std::thread gates[2];
    for (int g = 0; g < 2; ++g) {
        gates[g] = std::thread([&, g] {
            auto api = c.followerApi(g);
            ++ready;
            while (ready < 2) std::this_thread::yield();
            answers[g] = api.post("/api/checkin", scanBody(qr, "Gate-" + std::to_string(g), "k" + std::to_string(g))).body;
        });
    }
    for (auto& t : gates) t.join();
    RoundResult r;
    for (int g = 0; g < 2; ++g) {
        const auto& a = answers[g];
        r.admitted += a.value("status", "") == "admitted";
        r.offline += a.value("offline", false);
        r.answers += "  Gate-" + std::to_string(g) + ": " + a.value("status", a.dump()) + " " + a.value("reason", "") +
                     (a.value("offline", false) ? " (offline)" : "") + "\n";
    }
    return r;
}

std::int64_t scalar(const std::filesystem::path& db, const std::string& sql) {
    SQLite::Database d((db / "qrgate.db").string(), SQLite::OPEN_READONLY);
    return d.execAndGet(sql).getInt64();
}

}  // namespace

TEST(FollowerDecisions, TwoGatesScanningOneTicketAfterAnIdleGapAdmitItOnceAndNeverDecideOffline) {
    constexpr int kRounds = 20;
    Cluster c(2, kRounds);
    ASSERT_TRUE(c.waitInSync(std::chrono::seconds(30)));
    std::ostringstream failures;
    for (int round = 0; round < kRounds; ++round) {
        std::this_thread::sleep_for(kIdleGap);
        auto r = scanAtBothGatesAtOnce(c, c.qr[round]);
        if (r.admitted != 1 || r.offline != 0) failures << "round " << round << ":\n" << r.answers;
    }
    EXPECT_EQ(failures.str(), "") << "each round: exactly one admission, decided by the leader";
    auto stats = c.leaderApi().get("/api/stats?event=" + c.event).body;
    EXPECT_EQ(stats["admitted"], kRounds) << stats.dump();
    EXPECT_EQ(stats["conflicts"], 0);
}

TEST(FollowerDecisions, AfterALeaderRestartTheGatesAskTheLeaderAgainAtOnce) {
    constexpr int kRounds = 20;
    Cluster c(2, kRounds);
    ASSERT_TRUE(c.waitInSync(std::chrono::seconds(30)));
    std::ostringstream failures;
    for (int round = 0; round < kRounds; ++round) {
        ASSERT_EQ(c.leader->terminate(), 0);
        c.leader->restart();
        auto r = scanAtBothGatesAtOnce(c, c.qr[round]);
        if (r.admitted != 1 || r.offline != 0) failures << "round " << round << ":\n" << r.answers;
    }
    EXPECT_EQ(failures.str(), "") << "each round: exactly one admission, decided by the restarted leader";
    for (std::size_t i = 0; i < c.followers.size(); ++i) {
        auto s = c.followerApi(i).get("/api/status").body;
        EXPECT_EQ(s["leader"]["state"], "online") << s.dump();
        EXPECT_EQ(s["leader"]["pendingUploads"], 0) << s.dump();
    }
    EXPECT_EQ(c.leaderApi().get("/api/stats?event=" + c.event).body["admitted"], kRounds);
}

TEST(FollowerDecisions, ALeaderThatRecordedAScanAndDiedBeforeAnsweringKeepsItOnce) {
    TempDir dir;
    const auto leaderData = dir / "leader";
    std::vector<std::string> qr, ids;
    const auto event = makeEvent(leaderData, 3, qr, ids);
    const auto token = trimmed(qrgateOut(leaderData, {"device", "add", "--name", "gate-east"}));
    const auto admin = trimmed(qrgateOut(leaderData, {"device", "add", "--name", "office", "--role", "admin"}));
    NodeProcess leader(leaderData, {"--plain-http"});
    leader.start();
    CuttingProxy proxy(leader.port());
    NodeProcess follower(dir / "east", {"--leader", proxy.url(), "--token", token});
    follower.start();
    ApiClient followerApi(follower.url(), token);
    ASSERT_TRUE(eventually(std::chrono::seconds(20), [&] {
        auto s = followerApi.get("/api/status").body;
        return s.is_object() && s["leader"]["state"] == "online" && s["leader"]["cursor"] > 0;
    }));

    // The scan reaches the leader, which records it and answers; the answer is lost and the
    // leader dies at that moment.
    proxy.cutNextAnswerTo("POST /api/checkin", [&] { leader.kill(SIGKILL); });
    auto answer = followerApi.post("/api/checkin", scanBody(qr[0], "East", "k-east"));
    ASSERT_TRUE(proxy.cut());
    ASSERT_EQ(answer.status, 200) << answer.raw;
    // One verdict: the replica's, or the leader's own if its feed brought the recorded scan to
    // the replica before it died (the replica then replays it by its nonce).
    EXPECT_EQ(answer.body["status"], "admitted") << answer.raw;
    const std::string nonce = answer.body.value("checkinId", "");
    EXPECT_FALSE(nonce.empty()) << answer.raw;

    leader.restart();
    ASSERT_TRUE(eventually(std::chrono::seconds(20), [&] {
        auto s = followerApi.get("/api/status").body;
        return s.is_object() && s["leader"]["state"] == "online" && s["leader"]["pendingUploads"] == 0;
    }));
    ApiClient leaderApi(leader.url(), admin);
    EXPECT_EQ(leaderApi.get("/api/tickets/" + ids[0]).body["entriesUsed"], 1);
    auto stats = leaderApi.get("/api/stats?event=" + event).body;
    EXPECT_EQ(stats["admitted"], 1) << "recorded once: the upload carried the forward's nonce";
    EXPECT_EQ(stats["conflicts"], 0);
    EXPECT_EQ(scalar(leaderData, "SELECT count(*) FROM checkins WHERE ticket_id = '" + ids[0] + "'"), 1);
    EXPECT_EQ(scalar(dir / "east", "SELECT count(*) FROM checkins WHERE ticket_id = '" + ids[0] + "'"), 1);
    // And the ticket stays used at this gate and at the leader.
    EXPECT_EQ(followerApi.post("/api/checkin", scanBody(qr[0], "East", "k-east")).body["reason"], "already_used");
}

TEST(FollowerDecisions, OfflineScansAndManualAdmissionsReachTheLeaderOnceAndAreCounted) {
    Cluster c(1, 4);
    ASSERT_TRUE(c.waitInSync(std::chrono::seconds(30)));
    c.leader->kill(SIGKILL);
    auto gate = c.followerApi(0);
    auto scanned = gate.post("/api/checkin", scanBody(c.qr[0], "East", "k-east")).body;
    EXPECT_EQ(scanned["status"], "admitted");
    EXPECT_EQ(scanned["offline"], true);
    // Staff found the second attendee by name: a manual admission, no code.
    auto manual = gate.post("/api/checkin", {{"ticketId", c.ids[1]}, {"gateId", "East"}, {"deviceId", "k-east"}}).body;
    EXPECT_EQ(manual["status"], "admitted") << manual.dump();
    EXPECT_EQ(manual["offline"], true);

    c.leader->restart();
    json status;
    ASSERT_TRUE(eventually(std::chrono::seconds(20), [&] {
        status = gate.get("/api/status").body;
        return status.is_object() && status["leader"]["pendingUploads"] == 0 && status["leader"]["state"] == "online";
    })) << status.dump();
    EXPECT_EQ(status["leader"]["uploaded"], 2) << "the status counts what reached the leader" << status.dump() << c.followers[0]->stderrText();
    EXPECT_EQ(status["leader"]["uploadsRejected"], 0);
    auto leader = c.leaderApi();
    EXPECT_EQ(leader.get("/api/status").body["uploadsReceived"]["accepted"], 2);
    EXPECT_EQ(leader.get("/api/stats?event=" + c.event).body["admitted"], 2);
    EXPECT_EQ(scalar(c.leaderData, "SELECT count(*) FROM checkins WHERE manual = 1 AND ticket_id = '" + c.ids[1] + "'"), 1);
    EXPECT_EQ(scalar(c.leaderData, "SELECT count(*) FROM checkins WHERE manual = 0 AND ticket_id = '" + c.ids[0] + "'"), 1);

    // While the leader answers, a manual admission is the leader's decision too.
    auto online = gate.post("/api/checkin", {{"ticketId", c.ids[2]}, {"gateId", "East"}, {"deviceId", "k-east"}}).body;
    EXPECT_EQ(online["status"], "admitted");
    EXPECT_EQ(online.value("offline", false), false);
    EXPECT_EQ(leader.get("/api/tickets/" + c.ids[2]).body["entriesUsed"], 1);
}

TEST(FollowerDecisions, AFollowerStopsWithinTwoSecondsOfSigtermWhateverItsLeaderDoes) {
    Cluster c(2, 1);
    ASSERT_TRUE(c.waitInSync(std::chrono::seconds(30)));
    // Its long poll is waiting on a live leader.
    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(c.followers[0]->terminate(), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(2500));
    // Its leader is frozen (answers nothing): the long poll and the upload wait in vain.
    ::kill(c.leader->pid(), SIGSTOP);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    started = std::chrono::steady_clock::now();
    const int code = c.followers[1]->terminate();
    const auto took = std::chrono::steady_clock::now() - started;
    ::kill(c.leader->pid(), SIGCONT);
    EXPECT_EQ(code, 0);
    EXPECT_LT(took, std::chrono::milliseconds(2500));
}

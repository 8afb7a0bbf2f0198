// `qrgate doctor` on a follower asks its leader, a real `qrgate serve` on loopback: reachable,
// still taking this node's token, and how far apart the clocks are (from /api/health's "time").
// A leader that does not answer is a problem with what to do, within the probe's short timeout.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/base/time_format.hpp"
#include "core/store/data_folder.hpp"
#include "node_process.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "sync/leader_probe.hpp"
#include "sync/node_config.hpp"

using namespace qrgate::testing;
using nlohmann::json;

namespace {

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// A data folder that follows `url` with `token`, as `qrgate device join` leaves it.
void makeFollower(const std::filesystem::path& data, const std::string& url, const std::string& token) {
    auto folder = qrgate::DataFolder::prepare(data).value();
    auto db = folder.openDatabase().value();
    qrgate::sync::node_config::follow(*db, {url, token, ""});
}

// A loopback port nothing listens on: bound, then closed.
int closedPort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

const json* checkOf(const json& report, const std::string& id) {
    for (const auto& c : report["checks"])
        if (c["id"] == id) return &c;
    return nullptr;
}

}  // namespace

TEST(DoctorLeader, HealthSaysTheLeadersTime) {
    TempDir dir;
    NodeProcess leader{dir / "leader", {}};
    leader.start();
    auto health = ApiClient(leader.url(), "").get("/api/health");
    ASSERT_EQ(health.status, 200);
    const auto said = qrgate::parseIsoTime(health.body.value("time", std::string()), "UTC");
    ASSERT_TRUE(said.has_value()) << health.raw;
    EXPECT_LT(std::llabs(*said - qrgate::SystemClock::instance().nowMs()), 60'000) << health.raw;
    EXPECT_EQ(health.body["role"], "leader");  // the contract's fields stay
    EXPECT_EQ(health.body["ok"], true);
}

TEST(DoctorLeader, AFollowerReachesItsLeaderAndMeasuresTheClockDifference) {
    TempDir dir;
    const auto leaderData = dir / "leader";
    std::vector<std::string> qr, ids;
    makeEvent(leaderData, 3, qr, ids);
    const std::string token = trim(qrgateOut(leaderData, {"device", "add", "--name", "gate-1"}));
    NodeProcess leader{leaderData, {}};
    leader.start();
    const auto follower = dir / "follower";
    makeFollower(follower, leader.url(), token);

    auto r = runQrgate({"--data", follower.string(), "doctor", "--json"});
    auto report = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(report.is_object()) << r.out << r.err;
    const json* link = checkOf(report, "leader");
    const json* clock = checkOf(report, "clock");
    ASSERT_NE(link, nullptr) << report.dump(2);
    ASSERT_NE(clock, nullptr) << report.dump(2);
    EXPECT_EQ((*link)["status"], "ok") << link->dump();
    EXPECT_NE((*link)["detail"].get<std::string>().find(leader.url()), std::string::npos);
    // Same machine, same clock: measured, and within a second.
    EXPECT_EQ((*clock)["status"], "ok") << clock->dump();
    EXPECT_NE((*clock)["detail"].get<std::string>().find("within a second"), std::string::npos) << clock->dump();
}

TEST(DoctorLeader, ARefusedTokenIsAProblemSayingToPairAgain) {
    TempDir dir;
    NodeProcess leader{dir / "leader", {}};
    leader.start();
    qrgate::sync::StoredNode node;
    node.role = qrgate::sync::NodeRole::Follower;
    node.leader = qrgate::sync::LeaderSettings{leader.url(), "not-a-token", ""};
    const auto checks = qrgate::sync::probeLeader(node);
    ASSERT_FALSE(checks.empty());
    EXPECT_EQ(checks[0].status, qrgate::HealthStatus::Problem) << checks[0].detail;
    EXPECT_NE(checks[0].detail.find("refuses this kiosk's token"), std::string::npos) << checks[0].detail;
    EXPECT_NE(checks[0].fix.find("Pair this kiosk again"), std::string::npos);
}

TEST(DoctorLeader, AnUnreachableLeaderIsAProblemWithWhatToDo) {
    TempDir dir;
    const auto follower = dir / "follower";
    const std::string url = "https://127.0.0.1:" + std::to_string(closedPort());
    makeFollower(follower, url, "some-token");
    auto r = runQrgate({"--data", follower.string(), "doctor", "--json"});
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    auto report = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(report.is_object()) << r.out << r.err;
    EXPECT_EQ(report["ok"], false);
    const json* link = checkOf(report, "leader");
    ASSERT_NE(link, nullptr) << report.dump(2);
    EXPECT_EQ((*link)["status"], "problem");
    const std::string detail = (*link)["detail"];
    EXPECT_NE(detail.find(url), std::string::npos) << detail;
    EXPECT_NE(detail.find("keep admitting"), std::string::npos) << detail;
    EXPECT_NE((*link)["fix"].get<std::string>().find("leader laptop"), std::string::npos) << link->dump();
    EXPECT_EQ(checkOf(report, "clock"), nullptr);  // nothing to compare with

    auto text = runQrgate({"--data", follower.string(), "doctor"});
    EXPECT_EQ(text.exitCode, 1);
    EXPECT_NE(text.out.find("\xE2\x9C\x97 Leader: "), std::string::npos) << text.out;
}

TEST(DoctorLeader, ALeaderShowingAnotherCertificateThanThePinnedOneIsAProblem) {
    TempDir dir;
    NodeProcess leader{dir / "leader", {}};
    leader.start();
    qrgate::sync::StoredNode node;
    node.role = qrgate::sync::NodeRole::Follower;
    node.leader = qrgate::sync::LeaderSettings{leader.url(), "some-token", std::string(64, 'a')};
    const auto checks = qrgate::sync::probeLeader(node);
    ASSERT_EQ(checks.size(), 1u);
    EXPECT_EQ(checks[0].status, qrgate::HealthStatus::Problem);
    EXPECT_NE(checks[0].detail.find("another certificate"), std::string::npos) << checks[0].detail;
    EXPECT_NE(checks[0].fix.find("pair this kiosk again"), std::string::npos) << checks[0].fix;
}

TEST(DoctorLeader, ALeaderThatAcceptsButNeverAnswersIsAProblemAfterTheTimeout) {
    // A socket that listens and never reads: the kernel completes the connection, nobody speaks.
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(::listen(fd, 4), 0);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    qrgate::sync::StoredNode node;
    node.role = qrgate::sync::NodeRole::Follower;
    node.leader = qrgate::sync::LeaderSettings{"https://127.0.0.1:" + std::to_string(ntohs(a.sin_port)), "t", ""};
    const auto checks = qrgate::sync::probeLeader(node, std::chrono::milliseconds(800));
    ::close(fd);
    ASSERT_EQ(checks.size(), 1u);
    EXPECT_EQ(checks[0].status, qrgate::HealthStatus::Problem);
    EXPECT_NE(checks[0].detail.find("does not answer (no answer within 0.8 s)"), std::string::npos) << checks[0].detail;
}

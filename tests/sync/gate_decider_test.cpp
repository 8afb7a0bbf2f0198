// Every gate decision goes through GateDecider: a follower asks its leader (a real `qrgate serve`
// on loopback) and falls back to its replica only when the leader does not answer; a gate that
// cannot decide says so as a gate failure, never as a refusal of the person.
#include <gtest/gtest.h>

#include <signal.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include "cluster.hpp"
#include "core/io/json_views.hpp"
#include "support/process.hpp"
#include "sync/follower_link.hpp"
#include "sync/gate_decider.hpp"
#include "sync/sync_node.hpp"

using namespace qrgate;
using namespace qrgate::testing;
using nlohmann::json;

namespace {


// A leader process and this test's own follower node in-process, as the kiosk runs it.
struct LeaderAndGate {
    Cluster c{0, 10};
    std::string token = trimmed(qrgateOut(c.leaderData, {"device", "add", "--name", "gate-east"}));
    std::unique_ptr<sync::SyncNode> node;

    LeaderAndGate() {
        sync::NodeOptions o;
        o.dataDir = c.dir / "east";
        o.host = "127.0.0.1";
        o.port = 0;
        o.leader = sync::LeaderSettings{c.leader->url(), token, ""};
        node = sync::SyncNode::start(o).value();
        EXPECT_TRUE(eventually(std::chrono::seconds(20), [&] {
            auto s = node->status();
            return s.link && s.link->state == sync::LinkState::Online && s.link->cursor > 0;
        }));
    }
    ScanRequest scan(int i) const {
        ScanRequest r;
        r.qrData = c.qr[i];
        r.gateId = "East";
        r.deviceId = "kiosk-east";
        return r;
    }
    json leaderTicket(int i) { return c.leaderApi().get("/api/tickets/" + c.ids[i]).body; }
    std::int64_t replicaCheckins(int i) {
        SQLite::Database d((c.dir / "east" / "qrgate.db").string(), SQLite::OPEN_READONLY);
        return d.execAndGet("SELECT count(*) FROM checkins WHERE ticket_id = '" + c.ids[i] + "'").getInt64();
    }
};

}  // namespace

TEST(GateDecider, WithTheLeaderUpTheLeaderDecidesScansLooksManualAdmissionsAndUndos) {
    LeaderAndGate g;
    auto& decider = g.node->decider();
    auto look = decider.validate(g.scan(0));
    ASSERT_TRUE(look.verdict);
    EXPECT_TRUE(look.verdict->admitted);
    EXPECT_EQ(g.leaderTicket(0)["entriesUsed"], 0) << "a look records nothing";

    auto d = decider.checkin(g.scan(0));
    ASSERT_TRUE(d.verdict) << d.failure->message;
    EXPECT_TRUE(d.verdict->admitted);
    EXPECT_FALSE(d.verdict->offline);
    EXPECT_EQ(d.verdict->ticket->id, g.c.ids[0]);
    EXPECT_EQ(g.leaderTicket(0)["entriesUsed"], 1);

    ScanRequest manual = g.scan(1);
    manual.qrData.clear();
    manual.manualTicketId = g.c.ids[1];
    auto m = decider.checkin(manual);
    ASSERT_TRUE(m.verdict);
    EXPECT_TRUE(m.verdict->admitted);
    EXPECT_EQ(g.leaderTicket(1)["entriesUsed"], 1);

    auto undo = decider.annul(d.verdict->checkinId, "East", "kiosk-east");
    ASSERT_TRUE(undo.undone) << (undo.failure ? undo.failure->message : undo.refusal->message);
    EXPECT_EQ(g.leaderTicket(0)["entriesUsed"], 0);
    auto again = decider.annul(d.verdict->checkinId, "East", "kiosk-east");
    ASSERT_TRUE(again.refusal);
    EXPECT_EQ(again.refusal->code, "already_annulled");
}

TEST(GateDecider, ASlowLeaderCostsOneForwardTimeoutThenTheReplicaDecidesAndTheScanIsUploadedOnce) {
    LeaderAndGate g;
    ::kill(g.c.leader->pid(), SIGSTOP);  // up, but answers nothing
    const auto started = std::chrono::steady_clock::now();
    auto d = g.node->decider().checkin(g.scan(2));
    const auto took = std::chrono::steady_clock::now() - started;
    ::kill(g.c.leader->pid(), SIGCONT);
    ASSERT_TRUE(d.verdict);
    EXPECT_TRUE(d.verdict->admitted);
    EXPECT_TRUE(d.verdict->offline);
    EXPECT_LT(took, std::chrono::milliseconds(2000)) << "the forward timeout, not the leader's pace";
    ASSERT_TRUE(eventually(std::chrono::seconds(20), [&] { return g.leaderTicket(2)["entriesUsed"] == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(g.c.leaderApi().get("/api/stats?event=" + g.c.event).body["admitted"], 1) << "uploaded exactly once";
}

TEST(GateDecider, WithTheLeaderDownTheReplicaDecidesOfflineAndTheUploadLandsOnceItIsBack) {
    LeaderAndGate g;
    g.c.leader->kill(SIGKILL);
    auto d = g.node->decider().checkin(g.scan(3));
    ASSERT_TRUE(d.verdict);
    EXPECT_TRUE(d.verdict->admitted);
    EXPECT_TRUE(d.verdict->offline);
    auto twice = g.node->decider().checkin(g.scan(3));
    ASSERT_TRUE(twice.verdict);
    EXPECT_EQ(twice.verdict->reason, Reason::AlreadyUsed) << "the replica remembers its own offline admission";
    g.c.leader->restart();
    ASSERT_TRUE(eventually(std::chrono::seconds(20), [&] {
        auto s = g.node->status();
        return s.link && s.link->pendingUploads == 0 && g.leaderTicket(3)["entriesUsed"] == 1;
    }));
    auto stats = g.c.leaderApi().get("/api/stats?event=" + g.c.event).body;
    EXPECT_EQ(stats["admitted"], 1);
    EXPECT_EQ(stats["refused"], 1) << "the second scan, refused offline, is logged too";
}

TEST(GateDecider, AGateWhoseTokenTheLeaderRefusedStopsDecidingAndRecordsNothing) {
    LeaderAndGate g;
    ASSERT_EQ(runQrgate({"--data", g.c.leaderData.string(), "device", "revoke", "gate-east"}).exitCode, 0);
    auto d = g.node->decider().checkin(g.scan(4));
    ASSERT_FALSE(d.verdict) << "no verdict on the person: " << toJson(*d.verdict).dump();
    ASSERT_TRUE(d.failure);
    EXPECT_EQ(d.failure->kind, sync::GateFailure::Kind::TokenRefused);
    EXPECT_NE(d.failure->message.find("Pair it again"), std::string::npos) << d.failure->message;
    // And it stays stopped: no falling back to the replica either.
    auto next = g.node->decider().checkin(g.scan(5));
    ASSERT_TRUE(next.failure);
    EXPECT_EQ(next.failure->kind, sync::GateFailure::Kind::TokenRefused);
    EXPECT_EQ(g.leaderTicket(4)["entriesUsed"], 0);
    EXPECT_EQ(g.c.leaderApi().get("/api/stats?event=" + g.c.event).body["refused"], 0) << "nothing held against a ticket";
    EXPECT_EQ(g.replicaCheckins(4), 0);
    EXPECT_EQ(g.replicaCheckins(5), 0);
}

namespace {
// A gate whose own database fails.
class FailingGate final : public sync::LocalGate {
public:
    explicit FailingGate(int code) : m_code(code) {}
    Verdict admit(const ScanRequest&) override { throw SQLite::Exception("database or disk is full", m_code); }
    Verdict validate(const ScanRequest&) override { throw SQLite::Exception("disk I/O error", m_code); }
    Result<Checkin> annul(const std::string&, const std::string&, const std::string&) override {
        throw SQLite::Exception("disk I/O error", m_code);
    }
    std::string timeZoneOf(const std::string&) override { return "UTC"; }

private:
    int m_code;
};
}  // namespace

TEST(GateDecider, AGateWhoseDatabaseFailsSaysSoInsteadOfRefusingTheTicket) {
    FailingGate full(SQLITE_FULL);
    sync::GateDecider decider(full, nullptr);
    ScanRequest r;
    r.qrData = "QG1ANYTHING";
    auto d = decider.checkin(r);
    ASSERT_FALSE(d.verdict);
    ASSERT_TRUE(d.failure);
    EXPECT_EQ(d.failure->kind, sync::GateFailure::Kind::DiskFull);
    EXPECT_EQ(d.failure->code, "disk_full");
    FailingGate broken(SQLITE_IOERR);
    auto e = sync::GateDecider(broken, nullptr).validate(r);
    ASSERT_TRUE(e.failure);
    EXPECT_EQ(e.failure->kind, sync::GateFailure::Kind::StorageError);
    auto u = sync::GateDecider(broken, nullptr).annul("X", "A", "d");
    ASSERT_TRUE(u.failure);
}

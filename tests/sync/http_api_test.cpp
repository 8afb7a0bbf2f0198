// The HTTP API contract on one leader, driven over https as an outside client drives it.
#include <gtest/gtest.h>

#include <thread>

#include "node_process.hpp"
#include "support/temp_dir.hpp"

using namespace qrgate::testing;
using nlohmann::json;

namespace {
struct Leader {
    TempDir dir;
    std::filesystem::path data = dir / "leader";
    std::vector<std::string> qr, ids;
    std::string event = makeEvent(data, 30, qr, ids);
    std::string gateToken = trim(qrgateOut(data, {"device", "add", "--name", "gate-1"}));
    std::string adminToken = trim(qrgateOut(data, {"device", "add", "--name", "office", "--role", "admin"}));
    NodeProcess node{data, {}};

    Leader() { node.start(); }
    static std::string trim(std::string s) {
        while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
        return s;
    }
};
}  // namespace

TEST(HttpApi, ServesHttpsAndAnswersCheckinsInTheContractsShape) {
    Leader l;
    EXPECT_EQ(l.node.url().rfind("https://127.0.0.1:", 0), 0u) << l.node.url();
    ApiClient anon(l.node.url(), "");
    auto health = anon.get("/api/health");
    ASSERT_EQ(health.status, 200);
    EXPECT_EQ(health.body["ok"], true);
    EXPECT_EQ(health.body["role"], "leader");
    EXPECT_TRUE(health.body.contains("version"));

    ApiClient gate(l.node.url(), l.gateToken);
    auto first = gate.post("/api/checkin", scanBody(l.qr[0], "North", "kiosk-1"));
    ASSERT_EQ(first.status, 200) << first.raw;
    EXPECT_EQ(first.body["ok"], true);
    EXPECT_EQ(first.body["status"], "admitted");
    EXPECT_EQ(first.body["ticket"]["id"], l.ids[0]);
    auto again = gate.post("/api/checkin", scanBody(l.qr[0], "South", "kiosk-2"));
    EXPECT_EQ(again.body["status"], "refused");
    EXPECT_EQ(again.body["reason"], "already_used");
    EXPECT_EQ(again.body["firstCheckin"]["gateId"], "North");
    EXPECT_EQ(again.body["firstCheckin"]["deviceId"], "kiosk-1");

    auto validate = gate.post("/api/validate", scanBody(l.qr[1], "North"));
    EXPECT_EQ(validate.body["status"], "admitted");
    EXPECT_EQ(gate.post("/api/checkin", scanBody(l.qr[1], "North")).body["status"], "admitted");  // nothing recorded

    auto ticket = gate.get("/api/tickets/" + l.ids[0]);
    ASSERT_EQ(ticket.status, 200);
    EXPECT_EQ(ticket.body["entriesUsed"], 1);
    EXPECT_EQ(ticket.raw.find("secret"), std::string::npos);
    EXPECT_EQ(gate.get("/api/tickets/NOSUCHTICKET").status, 404);

    auto stats = gate.get("/api/stats?event=" + l.event);
    ASSERT_EQ(stats.status, 200);
    EXPECT_EQ(stats.body["admitted"], 2);
    EXPECT_EQ(stats.body["refusedByReason"]["already_used"], 1);
    EXPECT_EQ(stats.body["perGate"]["North"]["admitted"], 2);

    auto undo = gate.post("/api/checkins/" + first.body["checkinId"].get<std::string>() + "/annul", json::object());
    ASSERT_EQ(undo.status, 200) << undo.raw;
    EXPECT_EQ(undo.body["annulled"], true);
    EXPECT_EQ(gate.post("/api/checkin", scanBody(l.qr[0], "South")).body["status"], "admitted");
    EXPECT_EQ(l.node.terminate(), 0);  // SIGTERM stops cleanly
}

TEST(HttpApi, ARepeatedNonceRecordsOnce) {
    Leader l;
    ApiClient gate(l.node.url(), l.gateToken);
    auto body = scanBody(l.qr[2], "North");
    body["nonce"] = "client-nonce-1";
    EXPECT_EQ(gate.post("/api/checkin", body).body["status"], "admitted");
    auto replay = gate.post("/api/checkin", body);
    EXPECT_EQ(replay.body["status"], "admitted");  // the first answer, not already_used
    EXPECT_EQ(gate.get("/api/stats?event=" + l.event).body["admitted"], 1);
}

TEST(HttpApi, IssuingTicketsNeedsAnAdminToken) {
    Leader l;
    ApiClient gate(l.node.url(), l.gateToken);
    ApiClient admin(l.node.url(), l.adminToken);
    EXPECT_EQ(gate.post("/api/events/" + l.event + "/tickets", {{"count", 2}}).status, 403);
    auto issued = admin.post("/api/events/" + l.event + "/tickets", {{"count", 2}});
    ASSERT_EQ(issued.status, 200) << issued.raw;
    ASSERT_EQ(issued.body.size(), 2u);
    EXPECT_TRUE(issued.body[0].contains("qrData"));
    auto people = admin.post("/api/events/" + l.event + "/tickets",
                             {{"attendees", {{{"name", "Ana"}, {"email", "ana@example.org"}}}}});
    ASSERT_EQ(people.status, 200) << people.raw;
    EXPECT_EQ(people.body[0]["name"], "Ana");
    EXPECT_EQ(gate.post("/api/checkin", scanBody(people.body[0]["qrData"], "North")).body["ticket"]["name"], "Ana");
    EXPECT_EQ(admin.post("/api/events/NOSUCHEV/tickets", {{"count", 1}}).status, 404);
    EXPECT_EQ(admin.post("/api/events/" + l.event + "/tickets", json::object()).status, 400);
}

TEST(HttpApi, RefusesMissingForgedAndRevokedTokens) {
    Leader l;
    auto body = scanBody(l.qr[3], "North");
    auto none = ApiClient(l.node.url(), "").post("/api/checkin", body);
    EXPECT_EQ(none.status, 401);
    EXPECT_TRUE(none.body["error"].contains("code"));
    EXPECT_TRUE(none.body["error"].contains("message"));
    EXPECT_EQ(ApiClient(l.node.url(), "qgt_FORGED").post("/api/checkin", body).status, 401);
    EXPECT_EQ(ApiClient(l.node.url(), "").get("/api/changes?since=0").status, 401);

    ApiClient gate(l.node.url(), l.gateToken);
    ASSERT_EQ(gate.post("/api/validate", body).status, 200);
    qrgateOut(l.data, {"device", "revoke", "gate-1"});  // from the CLI while the node runs
    auto revoked = gate.post("/api/checkin", body);
    EXPECT_EQ(revoked.status, 401);
    EXPECT_EQ(revoked.body["error"]["code"], "revoked_token");
}

TEST(HttpApi, OversizedAndMalformedBodiesAreRefusedAndTheServerKeepsServing) {
    Leader l;
    ApiClient gate(l.node.url(), l.gateToken);
    EXPECT_EQ(gate.postRaw("/api/checkin", std::string(3 * 1024 * 1024, 'x')).status, 413);
    EXPECT_EQ(gate.postRaw("/api/checkin", "{" + std::string(40 * 1024, ' ') + "}").status, 413);
    auto bad = gate.postRaw("/api/checkin", "{\"qrData\": ");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.body["error"]["code"], "malformed_json");
    EXPECT_EQ(gate.postRaw("/api/checkin", "[1,2]").status, 400);
    auto missing = gate.post("/api/checkin", {{"qrData", l.qr[4]}});
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(missing.body["error"]["code"], "missing_field");
    EXPECT_EQ(gate.post("/api/checkin", {{"qrData", 5}, {"gateId", "A"}, {"deviceId", "d"}}).status, 400);
    EXPECT_EQ(gate.post("/api/checkin", {{"qrData", l.qr[4]}, {"gateId", "A"}, {"deviceId", "d"}, {"direction", "up"}}).status,
              400);
    EXPECT_EQ(gate.get("/api/changes?since=abc").status, 400);
    // Still serving, correctly.
    EXPECT_EQ(gate.post("/api/checkin", scanBody(l.qr[4], "North")).body["status"], "admitted");
}

TEST(HttpApi, GuessingCodesIsRateLimitedPerDevice) {
    Leader l;
    ApiClient gate(l.node.url(), l.gateToken);
    int limited = 0, answered = 0;
    for (int i = 0; i < 120 && !limited; ++i) {
        auto a = gate.post("/api/checkin", scanBody("QG1NOTAREALTICKET" + std::to_string(i), "North"));
        if (a.status == 429)
            ++limited;
        else if (a.status == 200 && a.body["reason"] == "malformed")
            ++answered;
    }
    EXPECT_GE(answered, 40);
    EXPECT_EQ(limited, 1);
    // Another device is not affected.
    auto other = Leader::trim(qrgateOut(l.data, {"device", "add", "--name", "gate-2"}));
    EXPECT_EQ(ApiClient(l.node.url(), other).post("/api/checkin", scanBody(l.qr[5], "North")).body["status"], "admitted");
}

TEST(HttpApi, PairingCodesAreOneTimeAndForgedOnesAreRefused) {
    Leader l;
    ApiClient admin(l.node.url(), l.adminToken);
    auto code = admin.post("/api/pairing", json::object());
    ASSERT_EQ(code.status, 200) << code.raw;
    EXPECT_NE(code.body["invite"].get<std::string>().find(code.body["fingerprint"].get<std::string>()), std::string::npos);
    ApiClient anon(l.node.url(), "");
    auto forged = anon.post("/api/pair", {{"code", "ZZZZZ-ZZZZZ"}, {"deviceName", "intruder"}});
    EXPECT_EQ(forged.status, 403);
    auto paired = anon.post("/api/pair", {{"code", code.body["code"]}, {"deviceName", "kiosk-7"}});
    ASSERT_EQ(paired.status, 200) << paired.raw;
    auto replay = anon.post("/api/pair", {{"code", code.body["code"]}, {"deviceName", "kiosk-8"}});
    EXPECT_EQ(replay.status, 403);
    EXPECT_EQ(replay.body["error"]["code"], "pairing_code_used");
    ApiClient kiosk(l.node.url(), paired.body["token"]);
    EXPECT_EQ(kiosk.post("/api/checkin", scanBody(l.qr[6], "North")).body["status"], "admitted");
    // The pairing invitation also works from the command line (a kiosk typing it).
    auto invite = admin.post("/api/pairing", json::object()).body["invite"].get<std::string>();
    TempDir kioskDir;
    qrgateOut(kioskDir.path(), {"device", "join", invite, "--name", "kiosk-9"});
}

TEST(HttpApi, ChangesLongPollWakesUpOnAnAdmission) {
    Leader l;
    ApiClient gate(l.node.url(), l.gateToken);
    auto head = gate.get("/api/changes?since=0&limit=10000");
    ASSERT_EQ(head.status, 200);
    const auto latest = head.body["latest"].get<std::int64_t>();
    EXPECT_GE(head.body["changes"].size(), 31u);  // event, type, 30 tickets, devices
    std::thread later([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ApiClient(l.node.url(), l.gateToken).post("/api/checkin", scanBody(l.qr[7], "North"));
    });
    const auto start = std::chrono::steady_clock::now();
    auto poll = gate.get("/api/changes?since=" + std::to_string(latest) + "&wait=10", std::chrono::seconds(15));
    const auto waited = std::chrono::steady_clock::now() - start;
    later.join();
    ASSERT_EQ(poll.status, 200);
    ASSERT_EQ(poll.body["changes"].size(), 1u);
    EXPECT_EQ(poll.body["changes"][0]["entity"], "checkin");
    EXPECT_LT(waited, std::chrono::seconds(2));
}

TEST(HttpApi, PlainHttpOnlyWhenAskedFor) {
    TempDir dir;
    std::vector<std::string> qr, ids;
    makeEvent(dir / "n", 1, qr, ids);
    NodeProcess plain(dir / "n", {"--plain-http"});
    plain.start();
    EXPECT_EQ(plain.url().rfind("http://127.0.0.1:", 0), 0u);
    EXPECT_EQ(ApiClient(plain.url(), "").get("/api/health").status, 200);
}

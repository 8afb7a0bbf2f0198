// The HTTP API contract on one leader, driven over https as an outside client drives it.
#include <gtest/gtest.h>

#include <unistd.h>

#include <thread>

#include "core/tickets/ticket_codec.hpp"
#include "node_process.hpp"
#include "support/process.hpp"
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

// An attendee list passes the import's rules, as a CSV file does: any bad attendee issues nothing.
TEST(HttpApi, AnAttendeeListWithAProblemIssuesNothingAndNamesTheAttendee) {
    Leader l;
    ApiClient admin(l.node.url(), l.adminToken);
    auto bad = admin.post("/api/events/" + l.event + "/tickets",
                          {{"attendees", {{{"name", "Ana"}}, {{"name", "Bo"}, {"email", "not-an-email"}}}}});
    EXPECT_EQ(bad.status, 400) << bad.raw;
    EXPECT_EQ(bad.body["error"]["code"], "invalid_attendees");
    EXPECT_NE(bad.body["error"]["message"].get<std::string>().find("attendee 2: 'not-an-email' is not a valid email address"),
              std::string::npos)
        << bad.raw;
    auto good = admin.post("/api/events/" + l.event + "/tickets", {{"attendees", {{{"name", "  Ana   Lima "}}}}});
    ASSERT_EQ(good.status, 200) << good.raw;
    EXPECT_EQ(good.body[0]["name"], "Ana Lima") << "names are tidied as in a CSV import";
    EXPECT_EQ(good.body[0]["number"], "000031") << "the refused list used no ticket numbers (30 were issued before)";
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

TEST(HttpApi, IdsThatAreNotUtf8GetTheJsonErrorNotAnInternalError) {
    Leader l;
    ApiClient gate(l.node.url(), l.gateToken);
    ApiClient admin(l.node.url(), l.adminToken);
    const std::vector<std::pair<std::string, ApiClient::Answer>> answers = {
        {"ticket", gate.get("/api/tickets/%ff%fe")},
        {"stats", gate.get("/api/stats?event=%ff")},
        {"conflicts", gate.get("/api/conflicts?event=%ff")},
        {"annul", gate.post("/api/checkins/%ff/annul", json::object())},
        {"revoke", admin.post("/api/devices/%ff/revoke", json::object())},
        {"issue", admin.post("/api/events/%ff/tickets", {{"count", 1}})},
    };
    for (const auto& [what, a] : answers) {
        EXPECT_EQ(a.status, 404) << what << ": " << a.raw;
        ASSERT_TRUE(a.body.is_object()) << what << ": " << a.raw;
        EXPECT_TRUE(a.body["error"]["code"].is_string()) << what << ": " << a.raw;
    }
}

TEST(HttpApi, ADirectionThatIsNullOrUnknownIsRefusedNotTakenAsEntry) {
    Leader l;
    ApiClient gate(l.node.url(), l.gateToken);
    for (const json& direction : {json(nullptr), json("sideways"), json(1)}) {
        auto body = scanBody(l.qr[0], "North");
        body["direction"] = direction;
        auto a = gate.post("/api/checkin", body);
        EXPECT_EQ(a.status, 400) << direction.dump() << ": " << a.raw;
        EXPECT_EQ(a.body["error"]["code"], "invalid_field") << a.raw;
    }
    EXPECT_EQ(gate.get("/api/tickets/" + l.ids[0]).body["entriesUsed"], 0) << "nothing was admitted";
}

TEST(HttpApi, ConflictsAndStatsAgreeOnAnUnknownEvent) {
    Leader l;
    ApiClient gate(l.node.url(), l.gateToken);
    EXPECT_EQ(gate.get("/api/stats?event=NOSUCHEV").status, 404);
    EXPECT_EQ(gate.get("/api/conflicts?event=NOSUCHEV").status, 404);
    EXPECT_EQ(gate.get("/api/stats?event=" + l.event).status, 200);
    auto known = gate.get("/api/conflicts?event=" + l.event);
    EXPECT_EQ(known.status, 200);
    EXPECT_EQ(known.body, json::array());
}

// A gate token alone must not be able to mark tickets used: each unproven claim in an upload is
// rejected on its own, with its reason, and the ticket stays usable.
TEST(HttpApi, AnUploadMustProveWhatItClaims) {
    Leader l;
    ApiClient gate(l.node.url(), l.gateToken);
    ApiClient admin(l.node.url(), l.adminToken);
    std::string otherDevice;
    for (const auto& d : admin.get("/api/devices").body)
        if (d["name"] == "office") otherDevice = d["id"];
    ASSERT_FALSE(otherDevice.empty());
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    auto item = [&](int i, const std::string& nonce) {
        return json{{"nonce", nonce},        {"ticket_id", l.ids[i]}, {"event_id", l.event}, {"gate_id", "East"},
                    {"direction", "entry"},  {"result", "admitted"},  {"scanned_at", now},   {"qr_data", l.qr[i]}};
    };
    auto spoofed = item(0, "U-SPOOFED");
    spoofed["device_id"] = otherDevice;
    auto withoutCode = item(1, "U-NO-CODE");
    withoutCode.erase("qr_data");
    auto unknown = item(2, "U-UNKNOWN");
    unknown["ticket_id"] = "ZZZZZZZZZZZZ";
    auto forged = item(3, "U-FORGED");
    auto payload = std::get<qrgate::TicketPayload>(qrgate::TicketCodec::decode(l.qr[3]));
    payload.signature[7] ^= 0x21;
    forged["qr_data"] = qrgate::TicketCodec::encode(payload);
    auto honest = item(4, "U-HONEST");

    auto a = gate.post("/api/sync/upload", {{"checkins", {spoofed, withoutCode, unknown, forged, honest}}});
    ASSERT_EQ(a.status, 200) << a.raw;
    const auto& results = a.body["results"];
    ASSERT_EQ(results.size(), 5u) << a.raw;
    const std::vector<std::string> reasons{"device_mismatch", "missing_code", "not_found", "invalid_signature"};
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        EXPECT_EQ(results[i]["status"], "rejected") << results[i].dump();
        EXPECT_EQ(results[i]["reason"], reasons[i]) << results[i].dump();
    }
    EXPECT_EQ(results[4]["status"], "recorded") << results[4].dump();
    // The honest one is recorded in the uploading gate's name, whatever a body says.
    EXPECT_NE(gate.get("/api/tickets/" + l.ids[4]).body["entry"]["deviceId"], otherDevice);
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(gate.post("/api/checkin", scanBody(l.qr[i], "North")).body["status"], "admitted") << "ticket " << i;
    EXPECT_EQ(ApiClient(l.node.url(), l.adminToken).get("/api/status").body["uploadsReceived"]["rejected"], 4);
}

// A full disk is the node's problem, not the caller's: 503 with disk_full, nothing recorded, and
// the node goes on once there is room again. The disk is a small tmpfs in a private mount
// namespace, so nothing outside the test sees it.
TEST(HttpApi, AFullDiskAnswers503DiskFullAndTheNodeRecovers) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to mount a small tmpfs in a private mount namespace";
    auto probe = runProcess({"/bin/sh", "-c", "unshare -m sh -c 'mount -t tmpfs -o size=1m qrgate-probe /mnt'"});
    if (probe.exitCode != 0) GTEST_SKIP() << "cannot mount a tmpfs in a private mount namespace here: " << probe.err;

    TempDir dir;
    const auto data = dir / "prepared";
    std::vector<std::string> qr, ids;
    const auto event = makeEvent(data, 300, qr, ids);
    const auto token = Leader::trim(qrgateOut(data, {"device", "add", "--name", "gate-1"}));
    {
        NodeProcess once(data, {});  // its certificate and identity are made while there is room
        once.start();
        ASSERT_EQ(once.terminate(), 0);
    }
    const auto disk = dir / "disk";
    std::filesystem::create_directories(disk);
    // Copy the folder onto an 8 MB tmpfs, fill it, then leave 192 KB free.
    const std::string script = "mount -t tmpfs -o size=8m qrgate-test '" + disk.string() + "' && cp -a '" +
                               data.string() + "/.' '" + disk.string() + "/' && { dd if=/dev/zero of='" +
                               disk.string() + "/filler' bs=64k 2>/dev/null; truncate -s -192k '" + disk.string() +
                               "/filler'; } && exec \"$0\" \"$@\"";
    NodeProcess node(disk, {});
    node.setWrapper({"unshare", "-m", "sh", "-c", script});
    node.start();
    ApiClient gate(node.url(), token);

    int full = -1;
    for (int i = 0; i < 300 && full < 0; ++i) {
        auto a = gate.post("/api/checkin", scanBody(qr[i], "North"));
        if (a.status == 503) {
            EXPECT_EQ(a.body["error"]["code"], "disk_full") << a.raw;
            full = i;
        } else {
            ASSERT_EQ(a.status, 200) << "scan " << i << ": " << a.raw;
            ASSERT_EQ(a.body["status"], "admitted") << a.raw;
        }
    }
    ASSERT_GE(full, 0) << "the disk never filled up";
    EXPECT_EQ(gate.get("/api/health").status, 200) << "the node keeps answering";

    // Make room (through the node's own view of its mounts); the scan that failed was not
    // recorded, so it is admitted now.
    std::filesystem::remove(std::filesystem::path("/proc/" + std::to_string(node.pid()) + "/root") /
                            disk.relative_path() / "filler");
    auto again = gate.post("/api/checkin", scanBody(qr[full], "North"));
    EXPECT_EQ(again.status, 200) << again.raw;
    EXPECT_EQ(again.body["status"], "admitted") << again.raw;
    EXPECT_EQ(gate.get("/api/stats?event=" + event).body["admitted"], full + 1);
}

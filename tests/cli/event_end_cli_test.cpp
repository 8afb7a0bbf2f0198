// The event's end at the command line: `event create --ends ... [--grace-minutes M]`, then
// `checkin` with the real binary refuses a scan after the end and the grace as `expired`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using qrgate::testing::runQrgate;
using qrgate::testing::TempDir;

namespace {
struct EndedEventCli {
    TempDir dir;
    std::string data = dir.path().string();

    qrgate::testing::ProcessResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--data", data});
        return runQrgate(args, "");
    }
    std::string createEvent(std::vector<std::string> extra) {
        std::vector<std::string> args = {"event", "create", "--name", "Autumn Ball", "--tz", "Europe/Berlin"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = run(args);
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return r.out.substr(0, r.out.find('\n'));
    }
    std::string issueOne(const std::string& event) {
        auto r = run({"tickets", "issue", "--event", event, "--count", "1", "--json"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return json::parse(r.out).at(0).at("qrData").get<std::string>();
    }
};
}  // namespace

TEST(EventEndCli, ACheckinAfterAnEndedEventIsRefusedAsExpired) {
    EndedEventCli cli;
    auto id = cli.createEvent({"--starts", "2020-11-21 18:00", "--ends", "2020-11-22 23:00"});
    auto qr = cli.issueOne(id);
    auto r = cli.run({"checkin", "--event", id, "--gate", "North", qr});
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    auto verdict = json::parse(r.out);
    EXPECT_EQ(verdict["ok"], false);
    EXPECT_EQ(verdict["status"], "refused");
    EXPECT_EQ(verdict["reason"], "expired");
    EXPECT_EQ(verdict["message"], "Expired: the event ended at 22 Nov 23:00.");
}

TEST(EventEndCli, TheGraceMinutesAreKeptAndChecked) {
    EndedEventCli cli;
    auto id = cli.createEvent({"--ends", "2020-11-22 23:00", "--grace-minutes", "45"});
    auto list = json::parse(cli.run({"event", "list", "--json"}).out);
    EXPECT_EQ(list.at(0)["endGraceMinutes"], 45);
    for (const char* bad : {"-5", "10081", "two hours", ""}) {
        auto r = cli.run({"event", "create", "--name", "X", "--grace-minutes", bad});
        EXPECT_EQ(r.exitCode, 2) << bad << ": " << r.err;
        EXPECT_NE(r.err.find("--grace-minutes"), std::string::npos) << r.err;
    }
}

TEST(EventEndCli, AnEventThatHasNotEndedStillAdmits) {
    EndedEventCli cli;
    auto id = cli.createEvent({"--ends", "2099-11-22 23:00", "--grace-minutes", "0"});
    auto qr = cli.issueOne(id);
    auto r = cli.run({"checkin", "--event", id, "--gate", "North", qr});
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
}

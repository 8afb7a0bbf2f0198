// A report reads the same in a terminal, as JSON and on the Settings screen: one line per check,
// a fix under what is not fine, a summary; warnings alone leave the machine healthy.
#include "core/health/health_check.hpp"

#include <gtest/gtest.h>

#include "core/health/clock_check.hpp"
#include "core/health/device_checks.hpp"

namespace qrgate {
namespace {

HealthReport sample() {
    HealthReport r;
    r.checks.push_back(HealthCheck::ok("database", "Database", "qrgate.db passed."));
    r.checks.push_back(HealthCheck::warning("cameras", "Cameras", "No camera was found.", "Plug one in."));
    r.checks.push_back(HealthCheck::problem("private_files", "Key files", "k.key may be read.", "Run 'chmod 600 k.key'."));
    return r;
}

TEST(HealthReport, WarningsAloneAreHealthyAProblemIsNot) {
    HealthReport r = sample();
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(summaryLine(r), "1 problem, 1 warning");
    r.checks.pop_back();
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(summaryLine(r), "1 warning");
    r.checks.pop_back();
    EXPECT_EQ(summaryLine(r), "All 1 checks passed");
}

TEST(HealthReport, TextHasAMarkPerLineTheFixIndentedAndTheSummaryLast) {
    EXPECT_EQ(toText(sample()),
              "\xE2\x9C\x93 Database: qrgate.db passed.\n"
              "! Cameras: No camera was found.\n"
              "    Fix: Plug one in.\n"
              "\xE2\x9C\x97 Key files: k.key may be read.\n"
              "    Fix: Run 'chmod 600 k.key'.\n"
              "1 problem, 1 warning\n");
}

TEST(HealthReport, JsonHasOkAndTheChecksInOrder) {
    const auto j = toJson(sample());
    EXPECT_EQ(j["ok"], false);
    ASSERT_EQ(j["checks"].size(), 3u);
    EXPECT_EQ(j["checks"][2]["id"], "private_files");
    EXPECT_EQ(j["checks"][2]["status"], "problem");
    EXPECT_EQ(j["checks"][2]["fix"], "Run 'chmod 600 k.key'.");
    EXPECT_EQ(j["checks"][0]["fix"], "");
    EXPECT_EQ(j.dump().substr(0, 7), "{\"ok\":f");
}

TEST(ClockCheck, TheOffsetIsMeasuredAgainstTheMiddleOfTheRoundTrip) {
    EXPECT_EQ(clockOffset({1000, 1200, 1100}), 0);
    EXPECT_EQ(clockOffset({1000, 1200, 61100}), 60000);
    EXPECT_EQ(clockOffset({1000, 1200, 1000 - 5000 + 100}), -5000);
}

TEST(ClockCheck, MoreThanTwoMinutesApartIsAProblemWithHowToSetTheTime) {
    const TimeMs t = 1'790'000'000'000;
    EXPECT_EQ(judgeClock({t, t + 40, t + 20 + 90'000}, "https://10.0.0.5:8443").status, HealthStatus::Ok);
    const auto behind = judgeClock({t, t + 40, t + 20 + 5 * 60'000}, "https://10.0.0.5:8443");
    EXPECT_EQ(behind.status, HealthStatus::Problem);
    EXPECT_NE(behind.detail.find("5 min behind the leader's"), std::string::npos) << behind.detail;
    EXPECT_NE(behind.fix.find("timedatectl"), std::string::npos);
    const auto ahead = judgeClock({t, t + 40, t + 20 - 3 * 3600'000}, "https://10.0.0.5:8443");
    EXPECT_EQ(ahead.status, HealthStatus::Problem);
    EXPECT_NE(ahead.detail.find("3 h ahead of the leader's"), std::string::npos) << ahead.detail;
    // A slow round trip leaves the difference uncertain by half of it: not called a problem.
    EXPECT_EQ(judgeClock({t, t + 60'000, t + 30'000 + 150'000}, "u").status, HealthStatus::Ok);
}

TEST(DeviceChecks, NoCameraOrPrinterIsAWarningNotAProblem) {
    const auto cameras = judgeCameras({});
    EXPECT_EQ(cameras.status, HealthStatus::Warning);
    EXPECT_NE(cameras.fix.find("barcode scanner"), std::string::npos);
    CameraInfo c920{"/dev/video0", 0, "HD Pro Webcam C920", {{1920, 1080}, {1280, 720}}};
    const auto one = judgeCameras({c920});
    EXPECT_EQ(one.status, HealthStatus::Ok);
    EXPECT_NE(one.detail.find("HD Pro Webcam C920 (up to 1920x1080)"), std::string::npos) << one.detail;

    EXPECT_EQ(judgePrinters(std::vector<PrinterInfo>{}).status, HealthStatus::Warning);
    EXPECT_EQ(judgePrinters(Error{"no_cups", "no print server answers"}).status, HealthStatus::Warning);
    PrinterInfo office;
    office.name = "Office";
    office.isDefault = true;
    EXPECT_EQ(judgePrinters(std::vector<PrinterInfo>{office}).status, HealthStatus::Ok);
}

}  // namespace
}  // namespace qrgate

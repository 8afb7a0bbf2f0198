// The doctor's email check against a real SMTP server (aiosmtpd on loopback): it logs in and says
// goodbye without sending anything; a refused login is a problem quoting the server.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/health/mail_check.hpp"
#include "core/mail/mail_settings.hpp"
#include "support/process.hpp"
#include "support/smtp_test_server.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {
namespace {

void configure(const std::filesystem::path& data, const std::string& url, const std::string& password) {
    std::filesystem::create_directories(data);
    MailSettingsStore store(data / "mail.json", data / "smtp-password");
    MailSettings s;
    s.smtpUrl = url;
    s.plainLocal = true;
    s.user = "organizer";
    s.fromAddress = "tickets@example.org";
    ASSERT_TRUE(store.save(s));
    ASSERT_TRUE(store.savePassword(password));
}

TEST(DoctorMail, NoEmailSetUpIsFine) {
    TempDir dir;
    EXPECT_EQ(checkMail(dir.path()).status, HealthStatus::Ok);
}

TEST(DoctorMail, ARightLoginPassesAndSendsNothing) {
    SmtpTestServer server;
    if (!server.start({.user = "organizer", .password = "right-password"})) GTEST_SKIP() << server.failure();
    TempDir dir;
    configure(dir.path(), server.url(), "right-password");
    const auto check = checkMail(dir.path());
    EXPECT_EQ(check.status, HealthStatus::Ok) << check.detail;
    EXPECT_NE(check.detail.find("logged in as organizer"), std::string::npos) << check.detail;
    EXPECT_EQ(server.receivedCount(), 0u);
}

TEST(DoctorMail, ARefusedLoginIsAProblemWithTheServersReply) {
    SmtpTestServer server;
    if (!server.start({.user = "organizer", .password = "right-password"})) GTEST_SKIP() << server.failure();
    TempDir dir;
    const auto data = dir / "data";
    configure(data, server.url(), "wrong-password");
    auto r = runQrgate({"--data", data.string(), "doctor", "--json"});
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    auto report = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_TRUE(report.is_object()) << r.out;
    const nlohmann::json* mail = nullptr;
    for (const auto& c : report["checks"])
        if (c["id"] == "mail") mail = &c;
    ASSERT_NE(mail, nullptr) << report.dump(2);
    EXPECT_EQ((*mail)["status"], "problem");
    const std::string detail = (*mail)["detail"];
    EXPECT_NE(detail.find("refused the user name or password"), std::string::npos) << detail;
    EXPECT_NE(detail.find("535"), std::string::npos) << detail;
    EXPECT_NE((*mail)["fix"].get<std::string>().find("Email screen"), std::string::npos);
    EXPECT_EQ(server.receivedCount(), 0u);
}

TEST(DoctorMail, AServerThatNeverAnswersIsAProblemAfterTheShortTimeout) {
    SmtpTestServer server;
    if (!server.start({.neverAnswer = true})) GTEST_SKIP() << server.failure();
    TempDir dir;
    configure(dir.path(), server.url(), "pw");
    const auto check = checkMail(dir.path(), 2);
    EXPECT_EQ(check.status, HealthStatus::Problem);
    EXPECT_NE(check.detail.find("did not answer within 2 s"), std::string::npos) << check.detail;
}

}  // namespace
}  // namespace qrgate::testing

// The SMTP password is kept for the next run in a file only its owner can read, and never shows
// up anywhere else: not in any output, the settings file, the database, an export, or a message.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "mail/mail_test_support.hpp"

using namespace qrgate::testing;

TEST(MailSecrets, ThePasswordNeverAppearsInOutputLogsExportsOrTheDatabase) {
    const std::string password = "Sup3r-Secret-Pa55phrase";
    SmtpTestServer server;
    if (!server.start({.user = "organizer", .password = password})) GTEST_SKIP() << server.failure();
    MailFolder folder;
    auto attendees = sampleAttendees(3);
    folder.issue(attendees);
    const auto passwordFile = folder.scratch() / "password.txt";
    std::ofstream(passwordFile) << password << "\n";

    std::vector<ProcessResult> runs;
    runs.push_back(folder.send(server, {"--user", "organizer", "--password-file", passwordFile.string()}));
    ASSERT_EQ(runs.back().exitCode, 0) << runs.back().err;
    ASSERT_EQ(server.receivedCount(), 3u);
    // The stored password serves the next runs.
    runs.push_back(folder.qrgate({"mail", "resend", attendees[0].ticketId}));
    EXPECT_EQ(runs.back().exitCode, 0) << runs.back().err;
    runs.push_back(folder.qrgate({"mail", "settings"}));
    runs.push_back(folder.qrgate({"mail", "settings", "--json"}));
    runs.push_back(folder.qrgate({"mail", "settings", "--test"}));
    EXPECT_EQ(runs.back().exitCode, 0) << runs.back().err;
    runs.push_back(folder.qrgate({"mail", "status", "--event", folder.eventId()}));
    runs.push_back(folder.qrgate({"mail", "status", "--event", folder.eventId(), "--json"}));
    runs.push_back(folder.qrgate({"mail", "send", "--event", folder.eventId(), "--to", "all", "--json"}));
    EXPECT_EQ(runs.back().exitCode, 0) << runs.back().err;
    const auto csv = folder.scratch() / "checkins.csv";
    runs.push_back(folder.qrgate({"export", "checkins", "--event", folder.eventId(), "--out", csv.string()}));
    // A refused login says so without echoing what was tried.
    runs.push_back(folder.send(server, {"--to", "all"}, {"QRGATE_SMTP_PASSWORD=" + password + "-wrong"}));
    EXPECT_EQ(runs.back().exitCode, 1);
    EXPECT_NE(runs.back().err.find("refused the user name or password"), std::string::npos) << runs.back().err;

    for (const auto& run : runs) {
        EXPECT_EQ(run.out.find(password), std::string::npos) << run.out;
        EXPECT_EQ(run.err.find(password), std::string::npos) << run.err;
    }
    EXPECT_NE(runs[3].out.find("\"password\":\"set\""), std::string::npos) << runs[3].out;

    // Every file in the data folder but the password file itself, and the export.
    const auto kept = folder.data() / "smtp-password";
    ASSERT_TRUE(std::filesystem::exists(kept));
    struct stat st {};
    ASSERT_EQ(::stat(kept.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    int looked = 0;
    for (const auto& file : filesUnder(folder.data())) {
        if (file == kept) continue;
        EXPECT_EQ(readWholeFile(file).find(password), std::string::npos) << file;
        ++looked;
    }
    EXPECT_GE(looked, 3) << "mail.json, the database and its key file at least";
    EXPECT_EQ(readWholeFile(csv).find(password), std::string::npos);
    for (const auto& mail : server.received()) EXPECT_EQ(mail.raw.find(password), std::string::npos) << mail.eml;
}

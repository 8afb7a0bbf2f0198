// Moving an event: a backup taken with `qrgate backup` while `qrgate serve` admits people over
// HTTP from another process, restored on "another machine" (a new data folder) with
// `qrgate restore`. Every admission the leader acknowledged before the backup began is in the
// restored folder; its database passes the integrity check; and the folder can still print and
// re-send tickets, because the event keys and the mail settings came along.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "mail/mail_test_support.hpp"
#include "support/process.hpp"
#include "support/smtp_test_server.hpp"
#include "support/temp_dir.hpp"
#include "sync/node_process.hpp"

using namespace qrgate::testing;

namespace {

const std::vector<std::string> kPassphraseEnv = {"QRGATE_BACKUP_PASSPHRASE=moving the festival"};

Attendee attendee(const std::string& name, const std::string& email) {
    Attendee a;
    a.name = name;
    a.email = email;
    return a;
}

std::string firstLine(std::string s) { return s.substr(0, s.find_first_of("\r\n")); }

// Admits the tickets one after another over HTTP until stopped, then scans the used ones again
// (refused, still written to the log) so the leader keeps writing for as long as the test runs.
class AdmissionLoad {
public:
    AdmissionLoad(std::string url, std::string token, std::vector<Attendee> tickets)
        : m_url(std::move(url)), m_token(std::move(token)), m_tickets(std::move(tickets)) {}
    ~AdmissionLoad() { stop(); }

    void start() {
        m_thread = std::thread([this] { run(); });
    }
    void stop() {
        m_stop = true;
        if (m_thread.joinable()) m_thread.join();
    }
    // The ticket ids whose admission the leader has answered "admitted" so far.
    std::set<std::string> acknowledged() const {
        std::lock_guard lock(m_mutex);
        return m_acknowledged;
    }
    std::size_t acknowledgedCount() const {
        std::lock_guard lock(m_mutex);
        return m_acknowledged.size();
    }
    std::string failure() const {
        std::lock_guard lock(m_mutex);
        return m_failure;
    }

private:
    void run() {
        ApiClient gate(m_url, m_token);
        for (std::size_t round = 0; !m_stop; ++round) {
            for (const auto& t : m_tickets) {
                if (m_stop) return;
                auto answer = gate.post("/api/checkin", scanBody(t.qrData, "North", "kiosk-1"));
                std::lock_guard lock(m_mutex);
                if (answer.status != 200) {
                    m_failure = "HTTP " + std::to_string(answer.status) + ": " + answer.raw;
                    return;
                }
                if (answer.body.value("status", "") == "admitted") m_acknowledged.insert(t.ticketId);
            }
        }
    }

    std::string m_url, m_token;
    std::vector<Attendee> m_tickets;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::set<std::string> m_acknowledged;
    std::string m_failure;
};

std::set<std::string> admittedIn(const std::filesystem::path& database) {
    SQLite::Database db(database.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT ticket_id FROM checkins WHERE result = 'admitted' AND annulled_by = ''");
    std::set<std::string> ids;
    while (q.executeStep()) ids.insert(q.getColumn(0).getString());
    return ids;
}

}  // namespace

TEST(BackupUnderLoad, EveryAcknowledgedAdmissionIsRestoredAndTheFolderPrintsAndResends) {
    SmtpTestServer smtp;
    ASSERT_TRUE(smtp.start()) << smtp.failure();

    // The organizer's folder: two attendees with an address (emailed now, so the folder remembers
    // how it sends mail), and a crowd at the door.
    MailFolder leader("Festival des Lumières");
    std::vector<Attendee> attendees = {attendee("Émile Zola", "emile@example.org"),
                                       attendee("Ngozi Okonkwo", "ngozi@example.org")};
    for (int i = 0; i < 400; ++i) attendees.push_back(attendee("Guest " + std::to_string(i), ""));
    leader.issue(attendees);
    auto sent = leader.send(smtp, {"--to", "unsent"});
    ASSERT_EQ(smtp.receivedCount(), 2u) << sent.out << sent.err;
    const std::string token = firstLine(qrgateOut(leader.data(), {"device", "add", "--name", "gate-1"}));

    // The door: every ticket but the first two (kept for printing and mail below).
    NodeProcess node(leader.data(), {});
    node.start();
    AdmissionLoad load(node.url(), token, std::vector<Attendee>(attendees.begin() + 2, attendees.end()));
    load.start();
    while (load.acknowledgedCount() < 30 && load.failure().empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_EQ(load.failure(), "");

    const auto acknowledgedBefore = load.acknowledged();
    const auto backupFile = leader.scratch() / "festival.qrgb";
    auto backup = runQrgate({"--data", leader.data().string(), "backup", "--out", backupFile.string()}, kPassphraseEnv);
    const auto acknowledgedAfter = load.acknowledgedCount();
    load.stop();
    EXPECT_EQ(load.failure(), "");
    EXPECT_EQ(node.terminate(), 0) << node.stderrText();
    ASSERT_EQ(backup.exitCode, 0) << backup.err;
    EXPECT_EQ(backup.err, "");
    std::cout << "admissions acknowledged before the backup began: " << acknowledgedBefore.size()
              << ", when it ended: " << acknowledgedAfter << "\n";

    // Another machine: a new data folder.
    TempDir elsewhere;
    const auto restoredDir = elsewhere / "qrgate";
    auto restored = runQrgate({"--data", restoredDir.string(), "restore", backupFile.string()}, kPassphraseEnv);
    ASSERT_EQ(restored.exitCode, 0) << restored.err;
    EXPECT_NE(restored.out.find("402 tickets"), std::string::npos) << restored.out;
    EXPECT_NE(restored.out.find("integrity check ok"), std::string::npos) << restored.out;

    {
        SQLite::Database db((restoredDir / "qrgate.db").string(), SQLite::OPEN_READONLY);
        EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
    }
    const auto admitted = admittedIn(restoredDir / "qrgate.db");
    for (const auto& id : acknowledgedBefore) EXPECT_TRUE(admitted.count(id)) << "admission of " << id << " lost";
    // ...and nothing the leader did not admit.
    for (const auto& id : admitted) EXPECT_TRUE(load.acknowledged().count(id)) << id << " admitted from nowhere";

    // Printing: the restored folder re-prints the first ticket with the same code, and admits it.
    const auto sheet = elsewhere / "sheet.pdf";
    auto printed = runQrgate({"--data", restoredDir.string(), "sheet", "--event", leader.eventId(), "--out",
                              sheet.string(), "--tickets", attendees[0].ticketId});
    ASSERT_EQ(printed.exitCode, 0) << printed.err;
    const auto codes = decodePdf(sheet, elsewhere.path());
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0], attendees[0].qrData);
    auto verdict = runQrgate({"--data", restoredDir.string(), "checkin", "--event", leader.eventId(), "--gate",
                              "North", codes[0]});
    EXPECT_EQ(verdict.exitCode, 0) << verdict.out << verdict.err;
    EXPECT_NE(verdict.out.find("\"admitted\""), std::string::npos) << verdict.out;
    // A ticket admitted at the leader before the backup is already used here.
    const auto usedId = *acknowledgedBefore.begin();
    const auto used = std::find_if(attendees.begin(), attendees.end(), [&](const Attendee& a) { return a.ticketId == usedId; });
    auto again = runQrgate({"--data", restoredDir.string(), "checkin", "--event", leader.eventId(), "--gate", "South",
                            used->qrData});
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_NE(again.out.find("already_used"), std::string::npos) << again.out;

    // Mail: a resend from the restored folder reaches the attendee with the same ticket.
    auto resent = runQrgate({"--data", restoredDir.string(), "mail", "resend", attendees[1].ticketId});
    ASSERT_EQ(resent.exitCode, 0) << resent.out << resent.err;
    ASSERT_EQ(smtp.receivedCount(), 3u);
    const auto mail = smtp.received().back();
    EXPECT_EQ(mail.meta["rcptTos"][0], attendees[1].email);
    const auto pdfs = mail.partsOfType("application/pdf");
    ASSERT_EQ(pdfs.size(), 1u);
    const auto attachment = elsewhere / "attached.pdf";
    std::ofstream(attachment, std::ios::binary) << mail.partBytes(pdfs[0]);
    const auto mailed = decodePdf(attachment, elsewhere.path());
    ASSERT_EQ(mailed.size(), 1u);
    EXPECT_EQ(mailed[0], attendees[1].qrData);
}

// An admission reported as admitted survives the process being killed right after.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/checkin/checkin_log.hpp"
#include "core/tickets/ticket_store.hpp"
#include "support/fixtures.hpp"

using namespace qrgate;
using qrgate::testing::EventFixture;

TEST(Durability, AdmissionReportedBeforeSigkillIsStillThere) {
    EventFixture f;
    auto tickets = f.issue(200);
    const auto dbFile = f.folder.databaseFile();
    f.db.reset();  // SQLite connections must not cross fork()
    int report[2];
    ASSERT_EQ(pipe(report), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        close(report[0]);
        auto db = Database::open(dbFile);
        if (!db) _exit(3);
        CheckinEngine engine(**db);
        for (const auto& t : tickets) {
            auto v = engine.admit(f.scan(t.qrData));
            // Report each admission the moment the engine returns, as the kiosk would show it.
            std::string line = (v.admitted ? "A " : "R ") + t.ticket.id + "\n";
            if (write(report[1], line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(4);
        }
        pause();
        _exit(0);
    }
    close(report[1]);
    std::vector<std::string> reported;
    std::string buffer;
    char chunk[4096];
    // Kill the child while it is in the middle of admitting: after the 120th report.
    while (reported.size() < 120) {
        ssize_t n = read(report[0], chunk, sizeof chunk);
        ASSERT_GT(n, 0);
        buffer.append(chunk, static_cast<std::size_t>(n));
        std::size_t pos;
        while ((pos = buffer.find('\n')) != std::string::npos) {
            auto line = buffer.substr(0, pos);
            buffer.erase(0, pos + 1);
            ASSERT_EQ(line[0], 'A');
            reported.push_back(line.substr(2));
        }
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    close(report[0]);

    auto db = Database::open(dbFile).value();
    TicketStore store(*db);
    for (const auto& id : reported) {
        auto t = store.find(id);
        ASSERT_TRUE(t);
        EXPECT_EQ(t->entriesUsed, 1) << id;
    }
    EXPECT_GE(CheckinLog(*db).list({}).size(), reported.size());
    EXPECT_EQ(db->sql().execAndGet("PRAGMA integrity_check").getString(), "ok");
}

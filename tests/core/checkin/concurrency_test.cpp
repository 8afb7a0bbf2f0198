// Of any number of simultaneous admissions of one ticket, exactly one is admitted: threads with
// their own connections, and separate processes on the same data folder.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <thread>

#include "support/fixtures.hpp"

using namespace qrgate;
using qrgate::testing::EventFixture;

TEST(Concurrency, SixteenThreadsAdmitOneTicketExactlyOnceEachRound) {
    EventFixture f;
    constexpr int kThreads = 16, kRounds = 50;
    auto tickets = f.issue(kRounds);
    std::vector<std::unique_ptr<Database>> connections;
    for (int i = 0; i < kThreads; ++i) connections.push_back(f.folder.openDatabase().value());

    for (int round = 0; round < kRounds; ++round) {
        std::atomic<int> admitted{0}, refusedAsUsed{0};
        std::barrier start(kThreads);
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads.emplace_back([&, i] {
                CheckinEngine engine(*connections[i]);
                auto request = f.scan(tickets[round].qrData, "G" + std::to_string(i % 4));
                start.arrive_and_wait();
                auto v = engine.admit(request);
                if (v.admitted) ++admitted;
                if (v.reason == Reason::AlreadyUsed) ++refusedAsUsed;
            });
        }
        for (auto& t : threads) t.join();
        ASSERT_EQ(admitted.load(), 1) << "round " << round;
        ASSERT_EQ(refusedAsUsed.load(), kThreads - 1) << "round " << round;
    }
}

TEST(Concurrency, EightProcessesAdmitOneTicketExactlyOnceEachRound) {
    EventFixture f;
    constexpr int kProcesses = 8, kRounds = 50;
    auto tickets = f.issue(kRounds);
    const auto dbFile = f.folder.databaseFile();
    // SQLite connections must not cross fork(): the parent holds none while children run.
    f.db.reset();

    // Each child waits on a pipe so that all of them start their round together.
    for (int round = 0; round < kRounds; ++round) {
        int go[2], results[2];
        ASSERT_EQ(pipe(go), 0);
        ASSERT_EQ(pipe(results), 0);
        std::vector<pid_t> children;
        for (int i = 0; i < kProcesses; ++i) {
            pid_t pid = fork();
            ASSERT_GE(pid, 0);
            if (pid == 0) {
                close(go[1]);
                close(results[0]);
                auto db = Database::open(dbFile);
                if (!db) _exit(3);
                CheckinEngine engine(**db);
                auto request = f.scan(tickets[round].qrData, "P" + std::to_string(i));
                char c;
                if (read(go[0], &c, 1) != 0) _exit(4);  // EOF = go
                auto v = engine.admit(request);
                char verdict = v.admitted ? 'A' : (v.reason == Reason::AlreadyUsed ? 'U' : 'X');
                if (write(results[1], &verdict, 1) != 1) _exit(5);
                _exit(0);
            }
            children.push_back(pid);
        }
        close(go[0]);
        close(results[1]);
        close(go[1]);  // all children start now
        int admitted = 0, used = 0;
        char c;
        while (read(results[0], &c, 1) == 1) {
            if (c == 'A') ++admitted;
            if (c == 'U') ++used;
        }
        close(results[0]);
        for (pid_t pid : children) {
            int status = 0;
            waitpid(pid, &status, 0);
            ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child failed in round " << round;
        }
        ASSERT_EQ(admitted, 1) << "round " << round;
        ASSERT_EQ(used, kProcesses - 1) << "round " << round;
    }
}

// Off-thread work for the GUI: tasks with progress and cancel, database workers, the one queue
// back to the UI thread. (core/task_runner, core/db_worker, core/ui_queue)
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/db_worker.hpp"
#include "core/event_catalog.hpp"
#include "core/task_runner.hpp"
#include "core/ui_queue.hpp"
#include "support/temp_dir.hpp"

namespace qrgate {
namespace {

// Drains the queue until `done` or two seconds passed.
template <class F>
bool drainUntil(UiQueue& ui, F done) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done()) {
        if (std::chrono::steady_clock::now() > until) return false;
        ui.drain();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

TEST(UiQueue, RunsJobsOnTheDrainingThreadInOrderAndWakesTheLoop) {
    UiQueue ui;
    int wakes = 0;
    ui.setWakeUp([&] { ++wakes; });
    std::vector<int> seen;
    std::thread t([&] {
        for (int i = 0; i < 3; ++i) ui.post([&seen, i] { seen.push_back(i); });
    });
    t.join();
    EXPECT_EQ(wakes, 3);
    EXPECT_EQ(ui.drain(), 3u);
    EXPECT_EQ(seen, (std::vector<int>{0, 1, 2}));
}

TEST(UiQueue, AJobPostedWhileDrainingWaitsForTheNextFrame) {
    UiQueue ui;
    int runs = 0;
    std::function<void()> again = [&] {
        ++runs;
        ui.post(again);
    };
    ui.post(again);
    ui.drain();
    EXPECT_EQ(runs, 1);
}

TEST(TaskRunner, ReportsProgressAndHandsTheResultToTheUiThread) {
    UiQueue ui;
    TaskRunner runner(ui);
    std::atomic<bool> go{false};
    std::string result;
    auto handle = runner.start("count", [&](TaskProgress& p) -> TaskRunner::Continuation {
        p.report(5, 10);
        while (!go.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::string value = "done";
        return [&result, value] { result = value; };
    });
    EXPECT_TRUE(runner.busy());
    ASSERT_TRUE(drainUntil(ui, [&] { return handle.done() == 5; }));
    EXPECT_FLOAT_EQ(handle.fraction(), 0.5f);
    go = true;
    ASSERT_TRUE(drainUntil(ui, [&] { return !result.empty(); }));
    EXPECT_EQ(result, "done");
    EXPECT_FALSE(runner.busy());
}

TEST(TaskRunner, CancelIsSeenByTheWork) {
    UiQueue ui;
    TaskRunner runner(ui);
    bool cancelled = false;
    auto handle = runner.start("long", [&](TaskProgress& p) -> TaskRunner::Continuation {
        std::size_t i = 0;
        while (p.report(i++, 1'000'000)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return [&] { cancelled = true; };
    });
    handle.cancel();
    ASSERT_TRUE(drainUntil(ui, [&] { return cancelled; }));
}

TEST(TaskRunner, AnExceptionBecomesTheTasksFailure) {
    UiQueue ui;
    TaskRunner runner(ui);
    std::string failure;
    runner.start("broken", [](TaskProgress&) -> TaskRunner::Continuation { throw std::runtime_error("disk full"); },
                 [&](const std::string& m) { failure = m; });
    ASSERT_TRUE(drainUntil(ui, [&] { return !failure.empty(); }));
    EXPECT_EQ(failure, "disk full");
}

TEST(TaskRunner, DestroyingTheRunnerCancelsAndWaits) {
    UiQueue ui;
    std::atomic<bool> sawCancel{false};
    {
        TaskRunner runner(ui);
        runner.start("forever", [&](TaskProgress& p) -> TaskRunner::Continuation {
            while (!p.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            sawCancel = true;
            return {};
        });
    }
    EXPECT_TRUE(sawCancel);
    ui.drain();  // the late continuation of a dead runner does nothing
}

TEST(DatabaseWorker, RunsJobsOnItsOwnConnectionAndAnswersOnTheUiThread) {
    testing::TempDir dir;
    UiQueue ui;
    DatabaseWorker worker(dir / "q.db", ui);
    std::string value;
    worker.post([&value](Database& db) {
        db.setSetting("k", "v");
        std::string v = db.setting("k");
        return [&value, v] { value = v; };
    });
    ASSERT_TRUE(drainUntil(ui, [&] { return !value.empty(); }));
    EXPECT_EQ(value, "v");
}

TEST(DatabaseWorker, OnlyTheNewestJobOfALaneRuns) {
    testing::TempDir dir;
    UiQueue ui;
    DatabaseWorker worker(dir / "q.db", ui);
    std::atomic<bool> release{false};
    std::vector<int> ran;
    worker.post([&](Database&) {
        while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return DatabaseWorker::Continuation{};
    });
    for (int i = 0; i < 5; ++i)
        worker.post([&ran, i](Database&) { return [&ran, i] { ran.push_back(i); }; }, {}, "stats");
    release = true;
    ASSERT_TRUE(drainUntil(ui, [&] { return !ran.empty(); }));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ui.drain();
    EXPECT_EQ(ran, (std::vector<int>{4}));
}

TEST(DatabaseWorker, AFailureIsReportedNotThrown) {
    testing::TempDir dir;
    UiQueue ui;
    DatabaseWorker worker(dir / "q.db", ui);
    std::string failure;
    worker.post([](Database& db) -> DatabaseWorker::Continuation {
        db.sql().exec("SELECT * FROM no_such_table");
        return {};
    }, [&](const std::string& m) { failure = m; });
    ASSERT_TRUE(drainUntil(ui, [&] { return !failure.empty(); }));
    EXPECT_NE(failure.find("no_such_table"), std::string::npos);
}

}  // namespace
}  // namespace qrgate

// A database connection on its own thread (core/db_worker): answers on the UI thread, lanes, failures.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/runtime/db_worker.hpp"
#include "core/events/event_catalog.hpp"
#include "support/temp_dir.hpp"
#include "support/drain.hpp"

namespace qrgate {
namespace {

using testing::drainUntil;

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

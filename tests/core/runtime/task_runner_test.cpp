// Long work off the UI thread (core/task_runner): progress, cancel, failures, results handed over.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/runtime/task_runner.hpp"
#include "support/drain.hpp"

namespace qrgate {
namespace {

using testing::drainUntil;

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

}  // namespace
}  // namespace qrgate

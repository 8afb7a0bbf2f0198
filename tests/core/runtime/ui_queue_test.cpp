// The one way back to the UI thread (core/ui_queue): jobs run on the draining thread, in order.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/runtime/ui_queue.hpp"
#include "support/drain.hpp"

namespace qrgate {
namespace {

using testing::drainUntil;

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

}  // namespace
}  // namespace qrgate

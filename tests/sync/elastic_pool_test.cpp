// The HTTP server's threads: as many as there are connections (up to a cap), never a fixed
// number that slow connections can use up; idle ones are reused, then retired.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "sync/elastic_pool.hpp"

using namespace qrgate::sync;
using namespace std::chrono_literals;

namespace {
// Jobs that block until released, as slow connections hold their threads.
struct Gate {
    std::mutex mutex;
    std::condition_variable cv;
    bool open = false;
    std::atomic<int> waiting{0};
    void wait() {
        ++waiting;
        std::unique_lock lock(mutex);
        cv.wait_for(lock, 10s, [this] { return open; });
    }
    void release() {
        std::lock_guard lock(mutex);
        open = true;
        cv.notify_all();
    }
    bool reached(int n, std::chrono::milliseconds limit) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (waiting < n && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(5ms);
        return waiting >= n;
    }
};
}  // namespace

TEST(ElasticThreadPool, RunsAsManyBlockedJobsAtOnceAsItHasRoomFor) {
    ElasticThreadPool pool(200);
    Gate gate;
    for (int i = 0; i < 150; ++i) pool.enqueue([&] { gate.wait(); });  // more than the old fixed 96
    EXPECT_TRUE(gate.reached(150, 5s)) << gate.waiting << " running";
    std::atomic<bool> ran{false};
    pool.enqueue([&] { ran = true; });
    for (int i = 0; i < 200 && !ran; ++i) std::this_thread::sleep_for(5ms);
    EXPECT_TRUE(ran) << "a new job does not wait for the blocked ones";
    gate.release();
    pool.shutdown();
}

TEST(ElasticThreadPool, BeyondItsCapJobsWaitForAFreeThread) {
    ElasticThreadPool pool(4);
    Gate gate;
    for (int i = 0; i < 6; ++i) pool.enqueue([&] { gate.wait(); });
    EXPECT_TRUE(gate.reached(4, 5s));
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(gate.waiting, 4);
    EXPECT_EQ(pool.threadCount(), 4u);
    gate.release();
    EXPECT_TRUE(gate.reached(6, 5s));
    pool.shutdown();
}

TEST(ElasticThreadPool, ReusesAnIdleThreadAndRetiresItAfterItsIdleTime) {
    ElasticThreadPool pool(8, 100ms);
    for (int i = 0; i < 20; ++i) {
        std::atomic<bool> done{false};
        pool.enqueue([&] { done = true; });
        for (int w = 0; w < 2000 && !(done && pool.idleCount() == 1); ++w) std::this_thread::sleep_for(1ms);
    }
    EXPECT_EQ(pool.threadCount(), 1u);
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(pool.threadCount(), 0u);
    std::atomic<bool> ran{false};
    pool.enqueue([&] { ran = true; });
    pool.shutdown();
    EXPECT_TRUE(ran) << "shutdown runs what was queued";
}

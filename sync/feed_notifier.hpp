#pragma once
// Wakes long-polling GET /api/changes requests as soon as the change feed grows. Writers in
// this process call poke(); a watcher thread also looks at the feed every 100 ms, for changes
// made by other processes (the CLI voiding a ticket while `serve` runs).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <thread>

namespace qrgate::sync {

class FeedNotifier {
public:
    explicit FeedNotifier(std::filesystem::path databaseFile);
    ~FeedNotifier();

    void poke();
    std::int64_t latest();
    // Waits until the feed holds something after `since`, the wait is over, or stop(); returns
    // whether there is something new.
    bool waitBeyond(std::int64_t since, std::chrono::milliseconds maxWait);
    void stop();

private:
    void watch();

    std::filesystem::path m_file;
    std::mutex m_mutex;
    std::condition_variable m_pokes;
    std::condition_variable m_grown;
    std::int64_t m_latest = 0;
    bool m_poked = false;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace qrgate::sync

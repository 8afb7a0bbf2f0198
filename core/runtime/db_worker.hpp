#pragma once
// A thread that owns its own Database connection and runs short jobs on it in order, handing each
// result to the UI thread as a continuation through the UiQueue. The GUI uses one for reads
// (ticket pages, stats, the live log) and one for writes, so that a read never waits behind a
// write that waits for a lock held by another gate or a long import.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/store/database.hpp"
#include "core/runtime/ui_queue.hpp"

namespace qrgate {

class DatabaseWorker {
public:
    using Continuation = std::function<void()>;
    using Job = std::function<Continuation(Database&)>;
    using Failure = std::function<void(const std::string& message)>;

    // Opens the connection on the worker thread; if that fails, every job reports the error.
    DatabaseWorker(std::filesystem::path databaseFile, UiQueue& ui, std::string name = "db");
    // Drops the jobs not started yet and waits for the running one.
    ~DatabaseWorker();
    DatabaseWorker(const DatabaseWorker&) = delete;
    DatabaseWorker& operator=(const DatabaseWorker&) = delete;

    // Any thread. `lane` (optional) names a kind of job of which only the newest queued one
    // matters, e.g. "stats": posting another drops the older one still waiting.
    void post(Job job, Failure onFailure = {}, std::string lane = {});
    std::size_t pending() const;

private:
    struct Item {
        Job job;
        Failure onFailure;
        std::string lane;
    };
    void run();

    std::filesystem::path m_file;
    UiQueue& m_ui;
    std::string m_name;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Item> m_items;
    bool m_stop = false;
    std::shared_ptr<std::atomic<bool>> m_alive = std::make_shared<std::atomic<bool>>(true);
    std::thread m_thread;
};

}  // namespace qrgate

#pragma once
// Threads made on demand up to a cap, reused while busy work keeps coming, retired after a spell
// of idleness. The HTTP server runs each connection on one (guarded_server.cpp): a fixed pool
// lets a few hundred slow connections or long polls take every thread while real gates wait
// in its queue; this one only queues past `maxThreads`, which sits above the connection cap.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace qrgate::sync {

class ElasticThreadPool {
public:
    explicit ElasticThreadPool(std::size_t maxThreads,
                               std::chrono::milliseconds retireAfter = std::chrono::seconds(30));
    ~ElasticThreadPool();  // shutdown()
    ElasticThreadPool(const ElasticThreadPool&) = delete;
    ElasticThreadPool& operator=(const ElasticThreadPool&) = delete;

    void enqueue(std::function<void()> job);
    // Runs what is queued, then joins every thread; later jobs are dropped.
    void shutdown();

    std::size_t threadCount() const;
    std::size_t idleCount() const;

private:
    void work();
    void joinRetired(std::unique_lock<std::mutex>& lock);

    const std::size_t m_maxThreads;
    const std::chrono::milliseconds m_retireAfter;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
    std::map<std::thread::id, std::thread> m_threads;
    std::vector<std::thread::id> m_retired;  // finished, waiting to be joined
    std::size_t m_idle = 0;
    bool m_stopping = false;
};

}  // namespace qrgate::sync

#include "sync/elastic_pool.hpp"

namespace qrgate::sync {

ElasticThreadPool::ElasticThreadPool(std::size_t maxThreads, std::chrono::milliseconds retireAfter)
    : m_maxThreads(maxThreads < 1 ? 1 : maxThreads), m_retireAfter(retireAfter) {}

ElasticThreadPool::~ElasticThreadPool() { shutdown(); }

void ElasticThreadPool::enqueue(std::function<void()> job) {
    std::unique_lock lock(m_mutex);
    if (m_stopping) return;
    joinRetired(lock);
    m_jobs.push_back(std::move(job));
    if (m_idle >= m_jobs.size() || m_threads.size() >= m_maxThreads) {
        m_wake.notify_one();
        return;
    }
    std::thread t([this] { work(); });
    const auto id = t.get_id();
    m_threads.emplace(id, std::move(t));
}

void ElasticThreadPool::work() {
    std::unique_lock lock(m_mutex);
    while (true) {
        if (m_jobs.empty()) {
            if (m_stopping) return;
            ++m_idle;
            const bool woken = m_wake.wait_for(lock, m_retireAfter, [this] { return !m_jobs.empty() || m_stopping; });
            --m_idle;
            if (!woken) {
                m_retired.push_back(std::this_thread::get_id());
                return;
            }
            continue;
        }
        auto job = std::move(m_jobs.front());
        m_jobs.pop_front();
        lock.unlock();
        job();
        job = nullptr;  // its captures die on this thread, outside the lock
        lock.lock();
    }
}

// Threads that retired have returned from work(); joining them takes no time.
void ElasticThreadPool::joinRetired(std::unique_lock<std::mutex>& lock) {
    if (m_retired.empty()) return;
    std::vector<std::thread> done;
    for (const auto& id : m_retired) {
        auto it = m_threads.find(id);
        if (it == m_threads.end()) continue;
        done.push_back(std::move(it->second));
        m_threads.erase(it);
    }
    m_retired.clear();
    lock.unlock();
    for (auto& t : done) t.join();
    lock.lock();
}

void ElasticThreadPool::shutdown() {
    std::map<std::thread::id, std::thread> threads;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        threads.swap(m_threads);
        m_retired.clear();
    }
    m_wake.notify_all();
    for (auto& [id, t] : threads) t.join();
}

std::size_t ElasticThreadPool::threadCount() const {
    std::lock_guard lock(m_mutex);
    return m_threads.size() - m_retired.size();
}

std::size_t ElasticThreadPool::idleCount() const {
    std::lock_guard lock(m_mutex);
    return m_idle;
}

}  // namespace qrgate::sync

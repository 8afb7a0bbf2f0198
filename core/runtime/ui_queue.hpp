#pragma once
// The one way back to the UI thread: workers post closures, the UI thread drains them once at
// the start of each frame. Results travel inside the closures (moved), so no worker ever writes
// a member that a view reads.
#include <cstddef>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace qrgate {

class UiQueue {
public:
    using Job = std::function<void()>;

    // Any thread. The wake-up (e.g. glfwPostEmptyEvent) lets an idle event loop notice the job.
    void post(Job job) {
        std::function<void()> wake;
        {
            std::lock_guard lock(m_mutex);
            m_jobs.push_back(std::move(job));
            wake = m_wake;
        }
        if (wake) wake();
    }

    // UI thread. Runs the jobs queued before the call; jobs they post run on the next drain, so
    // a job that re-posts itself cannot starve the frame.
    std::size_t drain() {
        std::vector<Job> jobs;
        {
            std::lock_guard lock(m_mutex);
            jobs.swap(m_jobs);
        }
        for (auto& job : jobs) job();
        return jobs.size();
    }

    bool empty() const {
        std::lock_guard lock(m_mutex);
        return m_jobs.empty();
    }

    void setWakeUp(std::function<void()> wake) {
        std::lock_guard lock(m_mutex);
        m_wake = std::move(wake);
    }

private:
    mutable std::mutex m_mutex;
    std::vector<Job> m_jobs;
    std::function<void()> m_wake;
};

}  // namespace qrgate

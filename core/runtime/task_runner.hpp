#pragma once
// Long operations (issuing 100,000 tickets, importing, exporting) as tasks: each runs on its own
// thread, reports progress, can be cancelled, and hands its result to the UI thread through the
// UiQueue as a continuation. An exception thrown by the work is caught here, at the layer edge,
// and reported as the task's failure instead of ending the program.
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/runtime/ui_queue.hpp"

namespace qrgate {

// What the work sees: report progress, ask whether the user cancelled.
class TaskProgress {
public:
    // Returns false once cancellation was requested: the work should stop and roll back.
    bool report(std::size_t done, std::size_t total) {
        m_done.store(done);
        m_total.store(total);
        return !m_cancel.load();
    }
    bool cancelled() const { return m_cancel.load(); }

private:
    friend class TaskRunner;
    friend class TaskHandle;
    std::atomic<std::size_t> m_done{0};
    std::atomic<std::size_t> m_total{0};
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_finished{false};
};

// The UI's view of a running task.
class TaskHandle {
public:
    TaskHandle() = default;
    TaskHandle(int id, std::string name, std::shared_ptr<TaskProgress> p)
        : m_id(id), m_name(std::move(name)), m_progress(std::move(p)) {}

    int id() const { return m_id; }
    const std::string& name() const { return m_name; }
    std::size_t done() const { return m_progress ? m_progress->m_done.load() : 0; }
    std::size_t total() const { return m_progress ? m_progress->m_total.load() : 0; }
    // 0..1, or a negative number while the total is unknown.
    float fraction() const {
        auto t = total();
        return t ? static_cast<float>(static_cast<double>(done()) / static_cast<double>(t)) : -1.0f;
    }
    void cancel() const {
        if (m_progress) m_progress->m_cancel.store(true);
    }
    bool cancelRequested() const { return m_progress && m_progress->m_cancel.load(); }
    bool finished() const { return !m_progress || m_progress->m_finished.load(); }

private:
    int m_id = 0;
    std::string m_name;
    std::shared_ptr<TaskProgress> m_progress;
};

class TaskRunner {
public:
    // The work returns the continuation to run on the UI thread (holding its result by value).
    using Continuation = std::function<void()>;
    using Work = std::function<Continuation(TaskProgress&)>;
    using Failure = std::function<void(const std::string& message)>;

    explicit TaskRunner(UiQueue& ui) : m_ui(ui) {}
    // Cancels every task and waits for them; their continuations are dropped.
    ~TaskRunner();
    TaskRunner(const TaskRunner&) = delete;
    TaskRunner& operator=(const TaskRunner&) = delete;

    TaskHandle start(std::string name, Work work, Failure onFailure = {});

    // UI thread: the tasks started and not yet finished (their continuation not yet run).
    const std::vector<TaskHandle>& running() const { return m_running; }
    bool busy() const { return !m_running.empty(); }

private:
    void retire(int id);

    UiQueue& m_ui;
    int m_nextId = 1;
    std::vector<TaskHandle> m_running;
    struct Worker {
        int id;
        std::thread thread;
    };
    std::vector<Worker> m_workers;
    std::shared_ptr<std::atomic<bool>> m_alive = std::make_shared<std::atomic<bool>>(true);
};

}  // namespace qrgate

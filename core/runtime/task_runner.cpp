#include "core/runtime/task_runner.hpp"

#include <algorithm>
#include <exception>

namespace qrgate {

TaskRunner::~TaskRunner() {
    m_alive->store(false);
    for (auto& t : m_running) t.cancel();
    for (auto& w : m_workers)
        if (w.thread.joinable()) w.thread.join();
}

TaskHandle TaskRunner::start(std::string name, Work work, Failure onFailure) {
    const int id = m_nextId++;
    auto progress = std::make_shared<TaskProgress>();
    TaskHandle handle(id, name, progress);
    m_running.push_back(handle);
    auto alive = m_alive;
    std::thread thread([this, id, progress, alive, work = std::move(work), onFailure = std::move(onFailure)] {
        Continuation done;
        std::string failure;
        try {
            done = work(*progress);
        } catch (const std::exception& e) {
            failure = e.what();
        } catch (...) {
            failure = "unknown error";
        }
        progress->m_finished.store(true);
        // `alive` guards against posting into a runner that is being destroyed: the UiQueue may
        // outlive it, and the continuation must not call back into a dead runner.
        m_ui.post([this, id, alive, done = std::move(done), failure, onFailure] {
            if (!alive->load()) return;
            retire(id);
            if (!failure.empty()) {
                if (onFailure) onFailure(failure);
            } else if (done) {
                done();
            }
        });
    });
    m_workers.push_back({id, std::move(thread)});
    return handle;
}

void TaskRunner::retire(int id) {
    std::erase_if(m_running, [id](const TaskHandle& t) { return t.id() == id; });
    for (auto it = m_workers.begin(); it != m_workers.end(); ++it) {
        if (it->id == id) {
            if (it->thread.joinable()) it->thread.join();  // it has posted: about to return
            m_workers.erase(it);
            break;
        }
    }
}

}  // namespace qrgate

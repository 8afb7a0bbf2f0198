#include "core/runtime/db_worker.hpp"

#include <algorithm>
#include <exception>

namespace qrgate {

DatabaseWorker::DatabaseWorker(std::filesystem::path databaseFile, UiQueue& ui, std::string name)
    : m_file(std::move(databaseFile)), m_ui(ui), m_name(std::move(name)) {
    m_thread = std::thread([this] { run(); });
}

DatabaseWorker::~DatabaseWorker() {
    m_alive->store(false);
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_items.clear();
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void DatabaseWorker::post(Job job, Failure onFailure, std::string lane) {
    {
        std::lock_guard lock(m_mutex);
        if (!lane.empty())
            std::erase_if(m_items, [&](const Item& i) { return i.lane == lane; });
        m_items.push_back({std::move(job), std::move(onFailure), std::move(lane)});
    }
    m_wake.notify_one();
}

std::size_t DatabaseWorker::pending() const {
    std::lock_guard lock(m_mutex);
    return m_items.size();
}

void DatabaseWorker::run() {
    auto opened = Database::open(m_file);
    std::unique_ptr<Database> db;
    std::string openError;
    if (opened) db = std::move(opened).value();
    else openError = opened.error().message;

    for (;;) {
        Item item;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_items.empty(); });
            if (m_stop) return;
            item = std::move(m_items.front());
            m_items.pop_front();
        }
        Continuation done;
        std::string failure = openError;
        if (db) {
            try {
                done = item.job(*db);
            } catch (const std::exception& e) {
                failure = e.what();
            } catch (...) {
                failure = "unknown error";
            }
        }
        auto alive = m_alive;
        m_ui.post([alive, done = std::move(done), failure, onFailure = std::move(item.onFailure)] {
            if (!alive->load()) return;
            if (!failure.empty()) {
                if (onFailure) onFailure(failure);
            } else if (done) {
                done();
            }
        });
    }
}

}  // namespace qrgate

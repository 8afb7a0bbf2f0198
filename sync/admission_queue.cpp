#include "sync/admission_queue.hpp"

#include <stdexcept>

namespace qrgate::sync {

namespace {
constexpr std::size_t kMaxBatch = 256;
}

AdmissionQueue::AdmissionQueue(std::filesystem::path databaseFile, std::function<void()> committed)
    : m_file(std::move(databaseFile)), m_committed(std::move(committed)) {
    auto ready = m_ready.get_future();
    m_thread = std::thread([this] { run(); });
    ready.get();  // rethrows when the database cannot be opened
}

AdmissionQueue::~AdmissionQueue() { stop(); }

void AdmissionQueue::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

Verdict AdmissionQueue::admit(const ScanRequest& request) {
    std::future<Verdict> answer;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) throw std::runtime_error("the node is shutting down");
        m_queue.push_back(Item{request, {}});
        answer = m_queue.back().answer.get_future();
    }
    m_wake.notify_one();
    return answer.get();
}

void AdmissionQueue::process(std::vector<Item>& batch, CheckinEngine& online, CheckinEngine& offline) {
    // Online and offline scans need engines with different options; keep each group in order.
    for (bool offlineGroup : {false, true}) {
        std::vector<Item*> group;
        std::vector<ScanRequest> requests;
        for (auto& item : batch)
            if (item.request.offline == offlineGroup) {
                group.push_back(&item);
                requests.push_back(item.request);
            }
        if (group.empty()) continue;
        auto& engine = offlineGroup ? offline : online;
        try {
            auto verdicts = engine.admitAll(requests);
            for (std::size_t i = 0; i < group.size(); ++i) group[i]->answer.set_value(std::move(verdicts[i]));
        } catch (const std::exception&) {
            // The batch rolled back as a whole; decide each alone so one bad scan fails alone.
            for (auto* item : group) {
                try {
                    item->answer.set_value(engine.admit(item->request));
                } catch (...) {
                    item->answer.set_exception(std::current_exception());
                }
            }
        }
    }
}

void AdmissionQueue::run() {
    std::unique_ptr<Database> db;
    try {
        auto opened = Database::open(m_file);
        if (!opened) throw std::runtime_error(opened.error().message);
        db = std::move(opened).value();
    } catch (...) {
        m_ready.set_exception(std::current_exception());
        return;
    }
    CheckinEngine online(*db);
    CheckinEngine offline(*db, SystemClock::instance(), EngineOptions{true});
    m_ready.set_value();
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty() && m_stopping) break;
        std::vector<Item> batch;
        while (!m_queue.empty() && batch.size() < kMaxBatch) {
            batch.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        lock.unlock();
        process(batch, online, offline);
        if (m_committed) m_committed();
        lock.lock();
    }
}

}  // namespace qrgate::sync

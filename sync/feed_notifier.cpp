#include "sync/feed_notifier.hpp"

#include "core/replica/change_feed.hpp"
#include "core/store/database.hpp"

namespace qrgate::sync {

FeedNotifier::FeedNotifier(std::filesystem::path databaseFile) : m_file(std::move(databaseFile)) {
    if (auto db = Database::open(m_file)) m_latest = ChangeFeed(**db).latestSeq();
    m_thread = std::thread([this] { watch(); });
}

FeedNotifier::~FeedNotifier() { stop(); }

void FeedNotifier::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_pokes.notify_all();
    m_grown.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void FeedNotifier::poke() {
    {
        std::lock_guard lock(m_mutex);
        m_poked = true;
    }
    m_pokes.notify_one();
}

std::int64_t FeedNotifier::latest() {
    std::lock_guard lock(m_mutex);
    return m_latest;
}

bool FeedNotifier::waitBeyond(std::int64_t since, std::chrono::milliseconds maxWait) {
    std::unique_lock lock(m_mutex);
    m_grown.wait_for(lock, maxWait, [&] { return m_latest > since || m_stopping; });
    return m_latest > since;
}

void FeedNotifier::watch() {
    auto opened = Database::open(m_file);
    if (!opened) return;
    auto db = std::move(opened).value();
    ChangeFeed feed(*db);
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        m_pokes.wait_for(lock, std::chrono::milliseconds(100), [&] { return m_poked || m_stopping; });
        if (m_stopping) break;
        m_poked = false;
        lock.unlock();
        std::int64_t seq = 0;
        try {
            seq = feed.latestSeq();
        } catch (const std::exception&) {
            seq = 0;  // busy or locked for a moment: look again at the next tick
        }
        lock.lock();
        if (seq > m_latest) {
            m_latest = seq;
            m_grown.notify_all();
        }
    }
}

}  // namespace qrgate::sync

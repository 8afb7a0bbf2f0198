#pragma once
// A small thread-safe queue through which worker threads hand results over by move. The
// consumer either waits for one item or drains everything once per UI frame. close() wakes
// every waiter; a closed queue accepts nothing more.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace qrgate {

template <class T>
class HandoverQueue {
public:
    // false when the queue is closed (the item is dropped)
    bool push(T item) {
        {
            std::lock_guard lock(m_mutex);
            if (m_closed) return false;
            m_items.push_back(std::move(item));
        }
        m_ready.notify_one();
        return true;
    }

    // The oldest item, waiting up to `timeout`; nullopt on timeout or when closed and empty.
    template <class Rep, class Period>
    std::optional<T> waitPop(std::chrono::duration<Rep, Period> timeout) {
        std::unique_lock lock(m_mutex);
        if (!m_ready.wait_for(lock, timeout, [&] { return !m_items.empty() || m_closed; })) return std::nullopt;
        if (m_items.empty()) return std::nullopt;
        T item = std::move(m_items.front());
        m_items.pop_front();
        return item;
    }

    std::optional<T> tryPop() { return waitPop(std::chrono::milliseconds(0)); }

    // Everything queued, oldest first.
    std::vector<T> drain() {
        std::lock_guard lock(m_mutex);
        std::vector<T> out(std::make_move_iterator(m_items.begin()), std::make_move_iterator(m_items.end()));
        m_items.clear();
        return out;
    }

    void close() {
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
        }
        m_ready.notify_all();
    }

    std::size_t size() const {
        std::lock_guard lock(m_mutex);
        return m_items.size();
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<T> m_items;
    bool m_closed = false;
};

}  // namespace qrgate

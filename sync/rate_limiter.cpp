#include "sync/rate_limiter.hpp"

#include <algorithm>

namespace qrgate::sync {

RateLimiter::Bucket& RateLimiter::refill(const std::string& key, std::chrono::steady_clock::time_point now) {
    if (m_buckets.size() > 10000) {
        // Forget buckets that are full again: they carry no information.
        for (auto it = m_buckets.begin(); it != m_buckets.end();) {
            const double secs = std::chrono::duration<double>(now - it->second.at).count();
            it = it->second.level + secs * m_perSecond >= m_capacity ? m_buckets.erase(it) : std::next(it);
        }
    }
    auto [it, fresh] = m_buckets.try_emplace(key, Bucket{m_capacity, now});
    if (!fresh) {
        const double secs = std::chrono::duration<double>(now - it->second.at).count();
        it->second.level = std::min(m_capacity, it->second.level + secs * m_perSecond);
        it->second.at = now;
    }
    return it->second;
}

bool RateLimiter::take(const std::string& key, double cost) {
    std::lock_guard lock(m_mutex);
    auto& b = refill(key, std::chrono::steady_clock::now());
    if (b.level < cost) return false;
    b.level -= cost;
    return true;
}

bool RateLimiter::allows(const std::string& key) {
    std::lock_guard lock(m_mutex);
    return refill(key, std::chrono::steady_clock::now()).level >= 1;
}

}  // namespace qrgate::sync

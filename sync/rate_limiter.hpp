#pragma once
// Token buckets per key (a device id, a remote address): `capacity` requests at once, refilled at
// `perSecond`. Used against guessing (tokens, pairing codes, ticket codes), not to shape traffic.
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace qrgate::sync {

class RateLimiter {
public:
    RateLimiter(double capacity, double perSecond) : m_capacity(capacity), m_perSecond(perSecond) {}

    // True when the key still has budget (and spends `cost` of it).
    bool take(const std::string& key, double cost = 1);
    // True when the key has budget left, without spending any.
    bool allows(const std::string& key);

private:
    struct Bucket {
        double level;
        std::chrono::steady_clock::time_point at;
    };
    Bucket& refill(const std::string& key, std::chrono::steady_clock::time_point now);

    double m_capacity;
    double m_perSecond;
    std::mutex m_mutex;
    std::unordered_map<std::string, Bucket> m_buckets;
};

}  // namespace qrgate::sync

#pragma once
// Time source for everything that decides by the clock (validity windows, scan times).
// Injectable so tests can stand at any instant without sleeping.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace qrgate {

using TimeMs = std::int64_t;  // milliseconds since the Unix epoch, UTC

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimeMs nowMs() const = 0;
};

class SystemClock final : public Clock {
public:
    TimeMs nowMs() const override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
    static const SystemClock& instance() {
        static SystemClock clock;
        return clock;
    }
};

class ManualClock final : public Clock {
public:
    explicit ManualClock(TimeMs start) : m_now(start) {}
    TimeMs nowMs() const override { return m_now.load(); }
    void set(TimeMs t) { m_now.store(t); }
    void advance(TimeMs delta) { m_now.fetch_add(delta); }

private:
    std::atomic<TimeMs> m_now;
};

}  // namespace qrgate

#pragma once
// Is this machine's clock close to the leader's? Validity windows ("valid from 18:00"), the order
// of the scan log and "already used at 19:02" all read the local clock, so gates whose clocks
// disagree admit and refuse by different times. The difference is measured as NTP does in its
// simplest form: the leader's time against the middle of the request's round trip.
#include <string>

#include "core/base/clock.hpp"
#include "core/health/health_check.hpp"

namespace qrgate {

inline constexpr TimeMs kClockTolerance = 2 * 60 * 1000;  // 2 minutes

struct ClockSample {
    TimeMs sentAt = 0;      // local clock when the request left
    TimeMs receivedAt = 0;  // local clock when the answer came
    TimeMs leaderTime = 0;  // what the leader said its clock read
};

// Leader minus local (positive: this machine is behind).
TimeMs clockOffset(const ClockSample& sample);

// id "clock". Off by more than kClockTolerance (beyond what the round trip leaves uncertain) is a
// problem with how to set the time.
HealthCheck judgeClock(const ClockSample& sample, const std::string& leaderUrl);

// "3 s", "4 min 10 s", "2 h 5 min"
std::string describeDuration(TimeMs ms);

}  // namespace qrgate

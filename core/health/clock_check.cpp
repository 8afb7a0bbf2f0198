#include "core/health/clock_check.hpp"

#include <cstdlib>

namespace qrgate {

TimeMs clockOffset(const ClockSample& s) { return s.leaderTime - (s.sentAt + (s.receivedAt - s.sentAt) / 2); }

std::string describeDuration(TimeMs ms) {
    TimeMs s = std::llabs(ms) / 1000;
    if (s < 60) return std::to_string(s) + " s";
    if (s < 3600) return std::to_string(s / 60) + " min" + (s % 60 ? " " + std::to_string(s % 60) + " s" : "");
    if (s < 48 * 3600) return std::to_string(s / 3600) + " h" + ((s / 60) % 60 ? " " + std::to_string((s / 60) % 60) + " min" : "");
    return std::to_string(s / 86400) + " days";
}

HealthCheck judgeClock(const ClockSample& sample, const std::string& leaderUrl) {
    const std::string title = "Clock";
    const TimeMs offset = clockOffset(sample);
    const TimeMs uncertainty = (sample.receivedAt - sample.sentAt) / 2;
    const std::string direction = offset > 0 ? "behind" : "ahead of";
    if (std::llabs(offset) - uncertainty > kClockTolerance)
        return HealthCheck::problem(
            "clock", title,
            "This machine's clock is " + describeDuration(offset) + " " + direction + " the leader's (" + leaderUrl +
                "): tickets' validity times and the order of the scan log depend on it.",
            "Set the time on both machines: 'timedatectl set-ntp true' where there is network time, else 'sudo "
            "timedatectl set-time \"YYYY-MM-DD HH:MM:SS\"' to the leader's time (check the time zones too).");
    if (std::llabs(offset) < 1000)
        return HealthCheck::ok("clock", title, "This machine's clock agrees with the leader's within a second.");
    return HealthCheck::ok("clock", title,
                           "This machine's clock is " + describeDuration(offset) + " " + direction +
                               " the leader's, within the " + describeDuration(kClockTolerance) + " allowed.");
}

}  // namespace qrgate

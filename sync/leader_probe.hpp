#pragma once
// What `qrgate doctor` asks the leader a follower follows: does it answer (GET /api/health over
// the pinned certificate, as the follower link connects), does it still take this node's token
// (GET /api/status), and how far apart are the two clocks (the health answer's "time"). Every
// request has a short timeout, so an unreachable leader costs a few seconds, not a hang.
#include <chrono>
#include <vector>

#include "core/health/health_check.hpp"
#include "sync/node_config.hpp"

namespace qrgate::sync {

// Checks "leader" and, when the leader answered with its time, "clock". A node that leads (or
// follows nobody) gets one ok "leader" check.
std::vector<HealthCheck> probeLeader(const StoredNode& node,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(3));

}  // namespace qrgate::sync

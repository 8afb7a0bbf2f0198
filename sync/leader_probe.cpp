#include "sync/leader_probe.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/base/time_format.hpp"
#include "core/health/clock_check.hpp"
#include "sync/leader_client.hpp"

namespace qrgate::sync {

namespace {

const std::string kTitle = "Leader";
const std::string kOfflineNote = "The kiosks keep admitting from their own copy meanwhile and send their scans when "
                                 "it is back.";

// httplib's error names, in words. A wait that lasted the whole timeout is said as such, whatever
// httplib calls it (a TLS handshake that never completes is "SSLConnection").
std::string whyNoAnswer(const HttpAnswer& answer, std::chrono::milliseconds timeout, TimeMs waitedMs) {
    const std::string& e = answer.error;
    char seconds[16];
    std::snprintf(seconds, sizeof seconds, timeout.count() % 1000 ? "%.1f" : "%.0f", timeout.count() / 1000.0);
    if (e == "ConnectionTimeout" || e == "Read" || e == "Write" || waitedMs >= timeout.count() * 9 / 10)
        return std::string("no answer within ") + seconds + " s";
    if (e == "Connection") return "nothing accepts connections at that address";
    if (e == "SSLConnection" || e == "SSLServerVerification") return "the secure connection failed";
    return e.empty() ? "no answer" : e;
}

}  // namespace

std::vector<HealthCheck> probeLeader(const StoredNode& node, std::chrono::milliseconds timeout) {
    if (node.role != NodeRole::Follower || !node.leader)
        return {HealthCheck::ok("leader", kTitle, "This machine follows no leader: it is the leader, or works alone.")};
    const LeaderSettings& leader = *node.leader;
    auto address = NodeAddress::parse(leader.url);
    if (!address)
        return {HealthCheck::problem("leader", kTitle, asSentence("The leader's address " + leader.url +
                                                                  " is not usable: " + address.error().message),
                                     "Pair this kiosk with the leader again ('qrgate device join INVITE --name N').")};
    if (leader.token.empty())
        return {HealthCheck::problem("leader", kTitle, "This machine is to follow " + leader.url + " but is not paired with it.",
                                     "Pair it: scan the pairing code the leader's console shows, or 'qrgate device join "
                                     "INVITE --name N'.")};

    LeaderClient client(*address, leader.token, leader.fingerprint);
    const TimeMs sentAt = SystemClock::instance().nowMs();
    HttpAnswer health = client.get("/api/health", timeout);
    const TimeMs receivedAt = SystemClock::instance().nowMs();

    if (const std::string refused = client.pin().lastRefused(); !refused.empty())
        return {HealthCheck::problem(
            "leader", kTitle,
            "The machine at " + leader.url + " shows another certificate than the one pinned when this kiosk paired (" +
                refused.substr(0, 16) + "... instead of " + leader.fingerprint.substr(0, 16) +
                "...): it may be another machine, or the leader's data folder was replaced.",
            "Check on the leader's console (Gates & devices) that it is the right machine, then pair this kiosk again.")};
    if (!health.answered())
        return {HealthCheck::problem("leader", kTitle,
                                     "The leader at " + leader.url + " does not answer (" + whyNoAnswer(health, timeout, receivedAt - sentAt) + "). " +
                                         kOfflineNote,
                                     "Check that the leader laptop is on and its console or 'qrgate serve' is running, "
                                     "that both machines are on the same network, and that the URL is right.")};
    if (health.status != 200)
        return {HealthCheck::problem("leader", kTitle,
                                     "The machine at " + leader.url + " answers, but not as a qrgate leader (HTTP " +
                                         std::to_string(health.status) + ").",
                                     "Check the leader's URL and port; pair this kiosk again if it changed.")};

    std::vector<HealthCheck> out;
    nlohmann::json body = nlohmann::json::parse(health.body, nullptr, false);
    const std::string role = body.is_object() ? body.value("role", "") : "";
    HttpAnswer status = client.get("/api/status", timeout);
    if (status.status == 401 || status.status == 403) {
        std::string why = status.apiError("").message;
        out.push_back(HealthCheck::problem("leader", kTitle,
                                           asSentence("The leader at " + leader.url +
                                                      " answers but refuses this kiosk's token" +
                                                      (why.empty() ? std::string() : ": " + why)),
                                           "Pair this kiosk again (the leader's console, Gates & devices: a new pairing code)."));
    } else if (role == "follower") {
        out.push_back(HealthCheck::warning("leader", kTitle,
                                           "The machine at " + leader.url + " is itself a follower now, not the leader.",
                                           "Point this kiosk at the current leader (pair it with that machine)."));
    } else {
        out.push_back(HealthCheck::ok("leader", kTitle,
                                      "The leader at " + leader.url + " answers (" +
                                          std::to_string(receivedAt - sentAt) + " ms)" +
                                          (body.is_object() && body.contains("version")
                                               ? ", qrgate " + body.value("version", std::string())
                                               : std::string()) +
                                          "."));
    }

    const std::string timeText = body.is_object() ? body.value("time", std::string()) : std::string();
    const auto leaderTime = parseIsoTime(timeText, "UTC");
    if (!leaderTime)
        out.push_back(HealthCheck::warning("clock", "Clock",
                                           "The leader does not say its time (an older qrgate), so the clocks cannot be "
                                           "compared.",
                                           "Update qrgate on the leader, and compare the two clocks by eye meanwhile."));
    else
        out.push_back(judgeClock({sentAt, receivedAt, *leaderTime}, leader.url));
    return out;
}

}  // namespace qrgate::sync

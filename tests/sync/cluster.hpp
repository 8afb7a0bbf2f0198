#pragma once
// A leader and N followers as separate `qrgate serve` processes on 127.0.0.1.
#include <thread>

#include "node_process.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {

// Polls `done` every 50 ms until it holds or `limit` has passed; its last answer.
template <class F>
inline bool eventually(std::chrono::milliseconds limit, F&& done) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
}

inline std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

struct Cluster {
    TempDir dir;
    std::filesystem::path leaderData = dir / "leader";
    std::vector<std::string> qr, ids;
    std::string event;
    std::string adminToken;
    std::unique_ptr<NodeProcess> leader;
    std::vector<std::unique_ptr<NodeProcess>> followers;
    std::vector<std::string> followerTokens;

    Cluster(int followerCount, int tickets, std::vector<std::string> followerArgs = {},
            std::vector<std::string> leaderArgs = {}) {
        event = makeEvent(leaderData, tickets, qr, ids);
        adminToken = trimmed(qrgateOut(leaderData, {"device", "add", "--name", "office", "--role", "admin"}));
        leader = std::make_unique<NodeProcess>(leaderData, std::move(leaderArgs));
        leader->start();
        for (int i = 0; i < followerCount; ++i) {
            const std::string name = std::string("follower-") + char('A' + i);
            followerTokens.push_back(trimmed(qrgateOut(leaderData, {"device", "add", "--name", name})));
            std::vector<std::string> args{"--leader", leader->url(), "--token", followerTokens.back()};
            args.insert(args.end(), followerArgs.begin(), followerArgs.end());
            followers.push_back(std::make_unique<NodeProcess>(dir / name, args));
            followers.back()->start();
        }
    }

    // Waits until every follower is online and has applied the leader's feed up to now.
    bool waitInSync(std::chrono::milliseconds limit = std::chrono::seconds(20)) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        ApiClient leaderApi(leader->url(), adminToken);
        while (std::chrono::steady_clock::now() < deadline) {
            auto latest = leaderApi.get("/api/status").body.value("latestChange", std::int64_t(-1));
            bool all = latest >= 0;
            for (std::size_t i = 0; i < followers.size() && all; ++i) {
                auto s = ApiClient(followers[i]->url(), followerTokens[i]).get("/api/status").body;
                all = s.is_object() && s["leader"]["state"] == "online" && s["leader"]["cursor"] >= latest;
            }
            if (all) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    ApiClient followerApi(std::size_t i) { return ApiClient(followers[i]->url(), followerTokens[i]); }
    ApiClient leaderApi() { return ApiClient(leader->url(), adminToken); }
};

}  // namespace qrgate::testing

#pragma once
// A TCP relay on 127.0.0.1 between a follower and its (plain-HTTP) leader that can lose one
// answer the way a network or a dying machine does: the request reaches the leader, the leader
// answers, and the answer never arrives. `onCut` runs at that moment (to kill the leader), and
// both sides of that connection are closed.
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace qrgate::testing {

class CuttingProxy {
public:
    explicit CuttingProxy(int targetPort);
    ~CuttingProxy();

    int port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    // The answer to the next request whose bytes contain `marker` is dropped and `onCut` runs.
    void cutNextAnswerTo(std::string marker, std::function<void()> onCut);
    bool cut() const { return m_cut; }

private:
    void acceptLoop();
    void relay(int client);

    int m_targetPort;
    int m_listen = -1;
    int m_port = 0;
    int m_stopPipe[2] = {-1, -1};
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_cut{false};
    std::mutex m_mutex;  // guards the two fields below
    std::string m_marker;
    std::function<void()> m_onCut;
    std::thread m_acceptThread;
    std::vector<std::thread> m_relays;
};

}  // namespace qrgate::testing

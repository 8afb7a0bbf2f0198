#pragma once
// Connections that hold a server's attention without ever finishing a request: what a slow or
// hostile client on the LAN does. For the slow-client tests and the benchmark, on loopback.
// One thread drives every connection with poll(); a connection the server closes is opened
// again after `reopenAfter` (spread from half to one and a half times that, so reconnections
// come steadily rather than in bursts), so the attack keeps its size for as long as it runs.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <thread>

namespace qrgate::testing {

struct SlowClientsOptions {
    std::string host = "127.0.0.1";
    int port = 0;
    bool tls = true;
    int silent = 0;        // connect, then send nothing (over TLS: not even a ClientHello)
    int partialHello = 0;  // send the first bytes of a TLS ClientHello, then nothing
    int trickle = 0;       // (TLS: complete the handshake,) send a request line, then one header byte at a time
    std::chrono::milliseconds trickleEvery{100};
    std::chrono::milliseconds reopenAfter{1000};
};

class SlowClients {
public:
    explicit SlowClients(SlowClientsOptions options);  // starts connecting at once
    ~SlowClients();
    SlowClients(const SlowClients&) = delete;
    SlowClients& operator=(const SlowClients&) = delete;

    void stop();  // closes every connection and joins the thread

    std::size_t opened() const { return m_opened; }          // connections made so far (TCP connected)
    std::size_t open() const { return m_open; }              // connected now
    std::size_t closedByServer() const { return m_closedByServer; }
    std::size_t trickling() const { return m_trickling; }    // trickling now (TLS handshake done)
    // Waits until `count` connections were made; false after `limit`.
    bool waitOpened(std::size_t count, std::chrono::milliseconds limit) const;

private:
    void run();

    SlowClientsOptions m_options;
    std::atomic<bool> m_stop{false};
    std::atomic<std::size_t> m_opened{0}, m_open{0}, m_closedByServer{0}, m_trickling{0};
    std::thread m_thread;
};

}  // namespace qrgate::testing

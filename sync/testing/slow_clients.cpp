#include "sync/testing/slow_clients.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>
#include <vector>

namespace qrgate::testing {

namespace {

using Clock = std::chrono::steady_clock;

enum class Kind { Silent, PartialHello, Trickle };
enum class State { Closed, Connecting, Handshaking, Holding, Trickling };

// The first bytes of a TLS 1.2 record carrying a ClientHello that announces 512 bytes and stops.
constexpr char kPartialHello[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03";
constexpr char kRequestHead[] =
    "POST /api/checkin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: ";

struct Conn {
    Kind kind = Kind::Silent;
    State state = State::Closed;
    int fd = -1;
    SSL* ssl = nullptr;
    short wants = POLLIN;  // what the handshake waits for
    Clock::time_point due{};  // Closed: when to open again; Trickling: when to send the next byte
};

sockaddr_in resolve(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found)
        throw std::runtime_error("SlowClients: cannot resolve " + host);
    sockaddr_in a = *reinterpret_cast<sockaddr_in*>(found->ai_addr);
    freeaddrinfo(found);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    return a;
}

class Driver {
public:
    Driver(const SlowClientsOptions& o, std::atomic<std::size_t>& opened, std::atomic<std::size_t>& open,
           std::atomic<std::size_t>& closedByServer, std::atomic<std::size_t>& trickling)
        : m_o(o), m_address(resolve(o.host, o.port)), m_opened(opened), m_open(open),
          m_closedByServer(closedByServer), m_trickling(trickling) {
        m_ctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_NONE, nullptr);
        for (int i = 0; i < o.silent; ++i) m_conns.push_back({Kind::Silent});
        for (int i = 0; i < o.partialHello; ++i) m_conns.push_back({Kind::PartialHello});
        for (int i = 0; i < o.trickle; ++i) m_conns.push_back({Kind::Trickle});
    }
    ~Driver() {
        for (auto& c : m_conns) close(c, false);
        SSL_CTX_free(m_ctx);
    }

    void step() {
        const auto now = Clock::now();
        for (auto& c : m_conns) {
            if (c.state == State::Closed && now >= c.due) begin(c);
            if (c.state == State::Trickling && now >= c.due) trickleOne(c, now);
        }
        std::vector<pollfd> fds;
        std::vector<Conn*> owners;
        auto next = now + std::chrono::milliseconds(50);
        for (auto& c : m_conns) {
            if (c.state == State::Closed) {
                next = std::min(next, c.due);
                continue;
            }
            short events = POLLIN;
            if (c.state == State::Connecting) events = POLLOUT;
            if (c.state == State::Handshaking) events = c.wants;
            if (c.state == State::Trickling) next = std::min(next, c.due);
            fds.push_back({c.fd, events, 0});
            owners.push_back(&c);
        }
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now()).count();
        if (::poll(fds.data(), fds.size(), static_cast<int>(std::clamp<long long>(wait, 0, 50))) <= 0) return;
        for (std::size_t i = 0; i < fds.size(); ++i)
            if (fds[i].revents) onReady(*owners[i]);
    }

private:
    void begin(Conn& c) {
        c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c.fd < 0) {
            c.due = Clock::now() + reopenDelay();
            return;
        }
        const int r = ::connect(c.fd, reinterpret_cast<const sockaddr*>(&m_address), sizeof m_address);
        c.state = State::Connecting;
        if (r == 0) {
            connected(c);
        } else if (errno != EINPROGRESS) {
            close(c, false);
        }
    }

    void connected(Conn& c) {
        ++m_opened;
        ++m_open;
        c.state = State::Holding;
        if (c.kind == Kind::PartialHello) {
            if (::send(c.fd, kPartialHello, sizeof kPartialHello - 1, MSG_NOSIGNAL) < 0) close(c, true);
        } else if (c.kind == Kind::Trickle) {
            if (m_o.tls) {
                c.ssl = SSL_new(m_ctx);
                SSL_set_fd(c.ssl, c.fd);
                SSL_set_connect_state(c.ssl);
                c.state = State::Handshaking;
                handshake(c);
            } else {
                startTrickle(c);
            }
        }
    }

    void handshake(Conn& c) {
        ERR_clear_error();
        const int r = SSL_connect(c.ssl);
        if (r == 1) {
            startTrickle(c);
            return;
        }
        const int err = SSL_get_error(c.ssl, r);
        if (err == SSL_ERROR_WANT_READ) {
            c.wants = POLLIN;
        } else if (err == SSL_ERROR_WANT_WRITE) {
            c.wants = POLLOUT;
        } else {
            close(c, true);
        }
    }

    bool sendBytes(Conn& c, const char* data, std::size_t size) {
        if (c.ssl) {
            ERR_clear_error();
            return SSL_write(c.ssl, data, static_cast<int>(size)) == static_cast<int>(size);
        }
        return ::send(c.fd, data, size, MSG_NOSIGNAL) == static_cast<ssize_t>(size);
    }

    void startTrickle(Conn& c) {
        c.state = State::Trickling;
        ++m_trickling;
        c.due = Clock::now() + m_o.trickleEvery;
        if (!sendBytes(c, kRequestHead, sizeof kRequestHead - 1)) close(c, true);
    }

    void trickleOne(Conn& c, Clock::time_point now) {
        c.due = now + m_o.trickleEvery;
        if (!sendBytes(c, "a", 1)) close(c, true);
    }

    void onReady(Conn& c) {
        if (c.state == State::Connecting) {
            int error = 0;
            socklen_t len = sizeof error;
            ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &len);
            if (error == 0)
                connected(c);
            else
                close(c, false);
            return;
        }
        if (c.state == State::Handshaking) {
            handshake(c);
            return;
        }
        // Holding or trickling: whatever the server sends (an error answer, TLS session
        // tickets) is read and dropped; the end of the stream means it closed us.
        char buf[4096];
        while (true) {
            if (c.ssl) {
                ERR_clear_error();
                const int n = SSL_read(c.ssl, buf, sizeof buf);
                if (n > 0) continue;
                const int err = SSL_get_error(c.ssl, n);
                if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) return;
            } else {
                const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
                if (n > 0) continue;
                if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
            }
            close(c, true);
            return;
        }
    }

    void close(Conn& c, bool byServer) {
        if (c.state == State::Closed) return;
        if (c.state == State::Trickling) --m_trickling;
        if (c.state != State::Connecting) {
            --m_open;
            if (byServer) ++m_closedByServer;
        }
        if (c.ssl) SSL_free(c.ssl);
        c.ssl = nullptr;
        if (c.fd >= 0) ::close(c.fd);
        c.fd = -1;
        c.state = State::Closed;
        c.due = Clock::now() + reopenDelay();
    }

    Clock::duration reopenDelay() {
        std::uniform_real_distribution<double> spread(0.5, 1.5);
        return std::chrono::duration_cast<Clock::duration>(m_o.reopenAfter * spread(m_random));
    }

    const SlowClientsOptions& m_o;
    sockaddr_in m_address;
    std::atomic<std::size_t>& m_opened;
    std::atomic<std::size_t>& m_open;
    std::atomic<std::size_t>& m_closedByServer;
    std::atomic<std::size_t>& m_trickling;
    SSL_CTX* m_ctx = nullptr;
    std::vector<Conn> m_conns;
    std::mt19937 m_random{9};
};

}  // namespace

SlowClients::SlowClients(SlowClientsOptions options) : m_options(std::move(options)) {
    ::signal(SIGPIPE, SIG_IGN);  // SSL_write to a socket the server closed
    auto driver = std::make_shared<Driver>(m_options, m_opened, m_open, m_closedByServer, m_trickling);
    m_thread = std::thread([this, driver] {
        while (!m_stop) driver->step();
    });
}

SlowClients::~SlowClients() { stop(); }

void SlowClients::stop() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
}

bool SlowClients::waitOpened(std::size_t count, std::chrono::milliseconds limit) const {
    const auto deadline = Clock::now() + limit;
    while (m_opened < count) {
        if (Clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

}  // namespace qrgate::testing

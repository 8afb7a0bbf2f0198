#include "sync/guarded_server.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include "sync/elastic_pool.hpp"

namespace qrgate::sync {

namespace {

using Clock = std::chrono::steady_clock;

// The connection the current thread serves, for markCurrentConnectionAuthenticated().
struct CurrentConnection {
    ConnectionRegistry* registry = nullptr;
    ConnectionRegistry::Handle handle;
    bool authenticated = false;
};
thread_local CurrentConnection* t_current = nullptr;

// Waits until `fd` is ready for `events` (or hung up, or failed: the next call reports it).
// False when the deadline passed first.
bool waitFor(int fd, short events, Clock::time_point deadline) {
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, static_cast<int>(std::clamp<long long>(left, 0, INT_MAX)));
        if (r > 0) return true;
        if (r == 0 || errno != EINTR) return false;
    }
}

struct Endpoint {
    std::string ip;
    int port = 0;
};

// As httplib reports them (numeric host, port), so rate limits keyed by address still match.
Endpoint endpointOf(int fd, bool remote) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    auto* sa = reinterpret_cast<sockaddr*>(&addr);
    if ((remote ? ::getpeername(fd, sa, &len) : ::getsockname(fd, sa, &len)) != 0) return {};
    Endpoint e;
    if (addr.ss_family == AF_INET)
        e.port = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
    else if (addr.ss_family == AF_INET6)
        e.port = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
    char host[NI_MAXHOST] = {};
    if (::getnameinfo(sa, len, host, sizeof host, nullptr, 0, NI_NUMERICHOST) == 0) e.ip = host;
    return e;
}

// A connection's bytes, plain or TLS, on a non-blocking socket; every wait ends at a deadline.
// receive/send: > 0 bytes moved, 0 the peer closed, -1 failure or deadline.
class Transport {
public:
    virtual ~Transport() = default;
    virtual ssize_t receive(char* data, std::size_t size, Clock::time_point deadline) = 0;
    virtual ssize_t send(const char* data, std::size_t size, Clock::time_point deadline) = 0;
    virtual bool buffered() const { return false; }  // bytes already decrypted
};

class PlainTransport final : public Transport {
public:
    explicit PlainTransport(int fd) : m_fd(fd) {}
    ssize_t receive(char* data, std::size_t size, Clock::time_point deadline) override {
        return retry([&] { return ::recv(m_fd, data, size, 0); }, POLLIN, deadline);
    }
    ssize_t send(const char* data, std::size_t size, Clock::time_point deadline) override {
        return retry([&] { return ::send(m_fd, data, size, MSG_NOSIGNAL); }, POLLOUT, deadline);
    }

private:
    template <class Op>
    ssize_t retry(Op op, short events, Clock::time_point deadline) {
        while (true) {
            const ssize_t n = op();
            if (n >= 0) return n;
            if (errno == EINTR) continue;
            if ((errno != EAGAIN && errno != EWOULDBLOCK) || !waitFor(m_fd, events, deadline)) return -1;
        }
    }
    int m_fd;
};

// SSL writes go through write(2); httplib::Server's constructor sets SIGPIPE to be ignored.
class TlsTransport final : public Transport {
public:
    TlsTransport(SSL_CTX* ctx, int fd) : m_ssl(SSL_new(ctx)), m_fd(fd) {
        if (m_ssl) SSL_set_fd(m_ssl, fd);
    }
    ~TlsTransport() override {
        if (m_ssl) SSL_free(m_ssl);
    }
    SSL* ssl() const { return m_ssl; }
    bool handshake(Clock::time_point deadline) {
        return m_ssl && retry([&] { return SSL_accept(m_ssl); }, deadline) > 0;
    }
    ssize_t receive(char* data, std::size_t size, Clock::time_point deadline) override {
        const int n = static_cast<int>(std::min<std::size_t>(size, INT_MAX));
        return retry([&] { return SSL_read(m_ssl, data, n); }, deadline);
    }
    ssize_t send(const char* data, std::size_t size, Clock::time_point deadline) override {
        const int n = static_cast<int>(std::min<std::size_t>(size, INT_MAX));
        return retry([&] { return SSL_write(m_ssl, data, n); }, deadline);
    }
    bool buffered() const override { return SSL_pending(m_ssl) > 0; }
    void closeNotify() {  // one attempt: a peer that does not read it is not waited for
        ERR_clear_error();
        SSL_shutdown(m_ssl);
    }

private:
    template <class Op>
    int retry(Op op, Clock::time_point deadline) {
        while (true) {
            ERR_clear_error();
            const int r = op();
            if (r > 0) return r;
            const int err = SSL_get_error(m_ssl, r);
            if (err == SSL_ERROR_ZERO_RETURN) return 0;
            const short events = err == SSL_ERROR_WANT_READ ? POLLIN : err == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
            if (!events || !waitFor(m_fd, events, deadline)) return -1;
        }
    }
    SSL* m_ssl;
    int m_fd;
};

// What httplib parses a request from. Reads wait at most until the current request's deadline;
// once one fails (deadline, error, end of stream) the connection is over.
class ConnectionStream final : public httplib::Stream {
public:
    ConnectionStream(int fd, Transport& transport, Endpoint remote, Clock::duration writeTimeout)
        : m_fd(fd), m_transport(transport), m_remote(std::move(remote)), m_writeTimeout(writeTimeout) {}

    void setReadDeadline(Clock::time_point deadline) { m_readDeadline = deadline; }
    bool readFailed() const { return m_readFailed; }
    bool waitReadable(Clock::time_point until) const {
        return m_begin < m_end || m_transport.buffered() || waitFor(m_fd, POLLIN, until);
    }

    bool is_readable() const override { return waitReadable(m_readDeadline); }
    bool is_writable() const override { return waitFor(m_fd, POLLOUT, Clock::now() + m_writeTimeout); }

    ssize_t read(char* ptr, std::size_t size) override {
        if (m_begin == m_end) {  // httplib reads request lines a byte at a time: read ahead
            const ssize_t n = m_transport.receive(m_buffer, sizeof m_buffer, m_readDeadline);
            if (n <= 0) {
                m_readFailed = true;
                return n;
            }
            m_begin = 0;
            m_end = static_cast<std::size_t>(n);
        }
        const std::size_t n = std::min(size, m_end - m_begin);
        std::copy_n(m_buffer + m_begin, n, ptr);
        m_begin += n;
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char* ptr, std::size_t size) override {
        return m_transport.send(ptr, size, Clock::now() + m_writeTimeout);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = m_remote.ip;
        port = m_remote.port;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        const auto local = endpointOf(m_fd, false);
        ip = local.ip;
        port = local.port;
    }
    socket_t socket() const override { return m_fd; }

private:
    int m_fd;
    Transport& m_transport;
    Endpoint m_remote;
    Clock::duration m_writeTimeout;
    Clock::time_point m_readDeadline = Clock::now();
    bool m_readFailed = false;
    char m_buffer[4096];
    std::size_t m_begin = 0, m_end = 0;
};

struct ServeSettings {
    Clock::duration keepAlive;
    Clock::duration writeTimeout;
    std::size_t maxRequests;
};

using ProcessRequest = std::function<bool(httplib::Stream&, bool closeConnection, bool& connectionClosed,
                                          const std::function<void(httplib::Request&)>& setup)>;

// Runs one accepted connection to its end: registers it (which may evict older unauthenticated
// connections, or refuse this one), completes the TLS handshake, then serves requests until the
// peer closes, idles past the keep-alive timeout, misses a request deadline, or the node stops.
void serveConnection(int sock, ConnectionRegistry& registry, SSL_CTX* tls, const ServeSettings& settings,
                     const std::atomic<socket_t>& listening, const ProcessRequest& process) {
    const auto accepted = Clock::now();
    const auto remote = endpointOf(sock, true);
    CurrentConnection current{&registry, registry.open(remote.ip, sock)};
    struct Cleanup {  // unregistered before the socket number is given back (see open())
        CurrentConnection& c;
        int sock;
        ~Cleanup() {
            t_current = nullptr;
            c.registry->close(c.handle);
            ::shutdown(sock, SHUT_RDWR);
            ::close(sock);
        }
    } cleanup{current, sock};
    if (!current.handle) return;
    t_current = &current;
    ::fcntl(sock, F_SETFL, ::fcntl(sock, F_GETFL) | O_NONBLOCK);

    const auto deadline = registry.limits().requestDeadline;
    std::unique_ptr<Transport> transport;
    TlsTransport* tlsTransport = nullptr;
    if (tls) {
        auto t = std::make_unique<TlsTransport>(tls, sock);
        if (!t->handshake(accepted + deadline)) return;
        tlsTransport = t.get();
        transport = std::move(t);
    } else {
        transport = std::make_unique<PlainTransport>(sock);
    }
    const std::function<void(httplib::Request&)> setup =
        tlsTransport ? std::function<void(httplib::Request&)>([ssl = tlsTransport->ssl()](httplib::Request& req) { req.ssl = ssl; })
                     : nullptr;

    ConnectionStream stream(sock, *transport, remote, settings.writeTimeout);
    auto requestDeadline = accepted + deadline;  // the first request counts from the accept
    bool cleanEnd = true;
    for (std::size_t served = 0; served < settings.maxRequests && listening != INVALID_SOCKET; ++served) {
        auto idleUntil = Clock::now() + settings.keepAlive;
        if (served == 0) idleUntil = std::min(idleUntil, requestDeadline);
        if (!stream.waitReadable(idleUntil)) break;
        if (served > 0) requestDeadline = Clock::now() + deadline;
        stream.setReadDeadline(requestDeadline);
        bool closed = false;
        const bool ok = process(stream, served + 1 == settings.maxRequests, closed, setup);
        if (!ok || stream.readFailed()) cleanEnd = false;
        if (!ok || closed || stream.readFailed()) break;
    }
    if (tlsTransport && cleanEnd) tlsTransport->closeNotify();
}

// Connection sockets must fit under the open-file limit: raise the soft limit toward the hard one.
void allowOpenFiles(std::size_t wanted) {
    rlimit r{};
    if (::getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur >= wanted) return;
    r.rlim_cur = r.rlim_max == RLIM_INFINITY ? wanted : std::min<rlim_t>(wanted, r.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &r);
}

class ElasticTaskQueue final : public httplib::TaskQueue {
public:
    explicit ElasticTaskQueue(std::size_t maxThreads) : m_pool(maxThreads) {}
    void enqueue(std::function<void()> fn) override { m_pool.enqueue(std::move(fn)); }
    void shutdown() override { m_pool.shutdown(); }

private:
    ElasticThreadPool m_pool;
};

// httplib::Server::process_and_close_socket is a private virtual: overriding it hands each
// accepted socket to serveConnection, while routing, parsing and answers stay httplib's.
template <class Base>
class Guarded final : public Base {
public:
    template <class... Args>
    explicit Guarded(std::shared_ptr<ConnectionRegistry> connections, Args&&... args)
        : Base(std::forward<Args>(args)...), m_connections(std::move(connections)) {}

private:
    bool process_and_close_socket(socket_t sock) override {
        SSL_CTX* tls = nullptr;
        if constexpr (std::is_same_v<Base, httplib::SSLServer>) tls = this->ssl_context();
        const ServeSettings settings{std::chrono::seconds(this->keep_alive_timeout_sec_),
                                     std::chrono::seconds(this->write_timeout_sec_) +
                                         std::chrono::microseconds(this->write_timeout_usec_),
                                     this->keep_alive_max_count_};
        serveConnection(sock, *m_connections, tls, settings, this->svr_sock_,
                        [this](httplib::Stream& strm, bool closeConnection, bool& connectionClosed,
                               const std::function<void(httplib::Request&)>& setup) {
                            return this->process_request(strm, closeConnection, connectionClosed, setup);
                        });
        return true;
    }

    std::shared_ptr<ConnectionRegistry> m_connections;
};

}  // namespace

std::unique_ptr<httplib::Server> makeGuardedServer(std::shared_ptr<ConnectionRegistry> connections,
                                                   const TlsIdentity* tls) {
    const auto maxConnections = connections->limits().maxConnections;
    std::unique_ptr<httplib::Server> server;
    if (tls)
        server = std::make_unique<Guarded<httplib::SSLServer>>(std::move(connections), tls->certFile.c_str(),
                                                               tls->keyFile.c_str());
    else
        server = std::make_unique<Guarded<httplib::Server>>(std::move(connections));
    // Evicted and refused connections hold a thread for a moment too: room above the cap.
    server->new_task_queue = [maxConnections] { return new ElasticTaskQueue(maxConnections + 64); };
    allowOpenFiles(maxConnections + 256);
    return server;
}

void markCurrentConnectionAuthenticated() {
    if (!t_current || t_current->authenticated) return;
    t_current->authenticated = true;
    t_current->registry->markAuthenticated(t_current->handle);
}

}  // namespace qrgate::sync

#pragma once
// Every open connection of a node's HTTP server, with its remote address and whether it has
// authenticated, and the rules that keep slow or idle connections from crowding out the gates:
// per remote address at most `maxPendingPerAddress` connections that have not authenticated,
// and at most `maxConnections` in all. A new connection beyond either limit makes room by
// shutting down the OLDEST unauthenticated connection (of its address, or of any address): a
// slow client is always older than an honest gate's new connection, which delivers its request
// in milliseconds and then authenticates. Authenticated connections are never evicted; when
// every open connection has authenticated, a new one beyond `maxConnections` is refused.
// The time a connection may take to deliver a request is enforced by the connection's own
// worker (guarded_server.cpp); this class only counts and evicts. Thread-safe.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace qrgate::sync {

struct ConnectionLimits {
    std::size_t maxConnections = 512;       // open connections, every address together
    std::size_t maxPendingPerAddress = 32;  // connections of one address that have not authenticated
    std::chrono::milliseconds requestDeadline{10000};  // TLS handshake + request line + headers + body
};

class ConnectionRegistry {
public:
    struct Connection;
    using Handle = std::shared_ptr<Connection>;

    explicit ConnectionRegistry(ConnectionLimits limits);

    // A new connection from `address` on `socket`. Null when there is no room (or after
    // closeAll()): the caller closes the socket. Evicting shuts a socket down (shutdown(2)),
    // which wakes its worker's poll; the worker must call close() before it closes its socket,
    // so that a shutdown never reaches a socket number the system has handed out again.
    Handle open(const std::string& address, int socket);
    void close(const Handle& connection);
    // A request on this connection carried a valid device token.
    void markAuthenticated(const Handle& connection);
    // Shuts down every open connection and refuses new ones (the node is stopping).
    void closeAll();

    const ConnectionLimits& limits() const { return m_limits; }
    std::size_t openCount() const;
    std::size_t pendingCount(const std::string& address) const;
    std::size_t evictedCount() const;

private:
    bool evictOldestPending(const std::string* address);
    void forget(Connection& c);

    const ConnectionLimits m_limits;
    mutable std::mutex m_mutex;
    std::uint64_t m_nextId = 0;
    std::map<std::uint64_t, Handle> m_open;  // by age: the smallest id is the oldest
    std::unordered_map<std::string, std::size_t> m_pending;  // unauthenticated, per address
    std::size_t m_evicted = 0;
    bool m_closed = false;
};

}  // namespace qrgate::sync

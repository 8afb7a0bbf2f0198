#include "sync/connection_registry.hpp"

#include <sys/socket.h>

namespace qrgate::sync {

struct ConnectionRegistry::Connection {
    std::uint64_t id = 0;
    std::string address;
    int socket = -1;
    bool authenticated = false;
    bool counted = true;  // in m_open and, unless authenticated, in m_pending
};

ConnectionRegistry::ConnectionRegistry(ConnectionLimits limits) : m_limits(limits) {}

ConnectionRegistry::Handle ConnectionRegistry::open(const std::string& address, int socket) {
    std::lock_guard lock(m_mutex);
    if (m_closed) return nullptr;
    if (m_open.size() >= m_limits.maxConnections && !evictOldestPending(nullptr)) return nullptr;
    auto pending = m_pending.find(address);
    if (pending != m_pending.end() && pending->second >= m_limits.maxPendingPerAddress &&
        !evictOldestPending(&address))
        return nullptr;
    auto c = std::make_shared<Connection>();
    c->id = m_nextId++;
    c->address = address;
    c->socket = socket;
    m_open.emplace(c->id, c);
    ++m_pending[address];
    return c;
}

bool ConnectionRegistry::evictOldestPending(const std::string* address) {
    for (auto& [id, c] : m_open) {
        if (c->authenticated || (address && c->address != *address)) continue;
        const Handle victim = c;  // forget() drops the map's reference
        ::shutdown(victim->socket, SHUT_RDWR);
        forget(*victim);
        ++m_evicted;
        return true;
    }
    return false;
}

// Stops counting a connection; its record stays valid for its worker, which still holds it.
void ConnectionRegistry::forget(Connection& c) {
    if (!c.counted) return;
    c.counted = false;
    if (!c.authenticated) {
        auto it = m_pending.find(c.address);
        if (it != m_pending.end() && --it->second == 0) m_pending.erase(it);
    }
    const auto id = c.id;
    m_open.erase(id);
}

void ConnectionRegistry::close(const Handle& connection) {
    if (!connection) return;
    std::lock_guard lock(m_mutex);
    connection->socket = -1;
    forget(*connection);
}

void ConnectionRegistry::markAuthenticated(const Handle& connection) {
    if (!connection) return;
    std::lock_guard lock(m_mutex);
    if (connection->authenticated || !connection->counted) return;
    auto it = m_pending.find(connection->address);
    if (it != m_pending.end() && --it->second == 0) m_pending.erase(it);
    connection->authenticated = true;
}

void ConnectionRegistry::closeAll() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    for (auto& [id, c] : m_open) ::shutdown(c->socket, SHUT_RDWR);
}

std::size_t ConnectionRegistry::openCount() const {
    std::lock_guard lock(m_mutex);
    return m_open.size();
}

std::size_t ConnectionRegistry::pendingCount(const std::string& address) const {
    std::lock_guard lock(m_mutex);
    auto it = m_pending.find(address);
    return it == m_pending.end() ? 0 : it->second;
}

std::size_t ConnectionRegistry::evictedCount() const {
    std::lock_guard lock(m_mutex);
    return m_evicted;
}

}  // namespace qrgate::sync

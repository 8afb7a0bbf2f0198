#pragma once
// The node's HTTP(S) server: cpp-httplib's routing and request parsing, with each connection
// run by our own loop instead of httplib's (which waits on a slow client for as long as it keeps
// sending, on a fixed pool of threads). Here every connection is registered in a
// ConnectionRegistry (limits per address and in all), must complete its TLS handshake and
// deliver each request (request line, headers, body) within `requestDeadline`, may idle between
// requests for the keep-alive timeout, and runs on an elastic pool of threads that only queues
// beyond the connection cap, so slow connections and long polls never leave a gate waiting.
#include <memory>

#include "sync/connection_registry.hpp"
#include "sync/tls_identity.hpp"

namespace httplib {
class Server;
}

namespace qrgate::sync {

// Plain HTTP when `tls` is null. The caller checks is_valid() (the certificate loaded) and
// configures the keep-alive and write timeouts on it as on any httplib::Server.
std::unique_ptr<httplib::Server> makeGuardedServer(std::shared_ptr<ConnectionRegistry> connections,
                                                   const TlsIdentity* tls);

// The route wrapper calls this when the request being served carried a valid device token:
// its connection stops counting against the per-address limit and is never evicted.
void markCurrentConnectionAuthenticated();

}  // namespace qrgate::sync

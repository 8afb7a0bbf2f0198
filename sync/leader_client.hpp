#pragma once
// HTTP(S) client for talking to another node (a follower to its leader, a kiosk pairing).
// Keeps a small pool of keep-alive connections (TCP_NODELAY), one request per connection at a
// time, with a timeout on every wait. Over https the leader's certificate is pinned: accepted
// only when its SHA-256 fingerprint equals the pinned one; with nothing pinned yet, the first
// certificate seen is trusted and becomes the pin (trust on first use).
//
// A pooled connection may have been closed by the leader while it sat idle (its keep-alive
// timeout), and that is not the leader being down: idle connections are dropped before the
// leader would close them, and a request that fails on a reused connection without an answer is
// sent once more, unchanged, on a fresh one. Requests carry their own idempotency key (a nonce),
// so the leader records a retried scan once.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.hpp"

namespace httplib {
class ClientImpl;
}

namespace qrgate::sync {

struct NodeAddress {
    bool tls = true;
    std::string host;
    int port = 0;
    std::string url() const;
    // "https://10.0.0.5:8443" (a trailing slash or path is ignored); a missing port means 8443.
    static Result<NodeAddress> parse(const std::string& url);
};

struct HttpAnswer {
    int status = 0;  // 0: no answer (refused, timed out, TLS failure)
    std::string body;
    std::string error;  // why there was no answer
    bool answered() const { return status != 0; }
    // The API's {"error":{"code","message"}} in the body: its code (else `fallbackCode`) and its
    // message (else "").
    Error apiError(const std::string& fallbackCode) const;
};

// Shared by every connection to one leader: what is pinned and what was seen.
class CertificatePin {
public:
    explicit CertificatePin(std::string pinned) : m_pinned(std::move(pinned)) {}
    // Called during the TLS handshake with the leaf certificate's fingerprint.
    bool accept(const std::string& fingerprint);
    std::string pinned() const;
    std::string lastRefused() const;  // the fingerprint of the last refused certificate
    bool pinnedOnFirstUse() const;

private:
    mutable std::mutex m_mutex;
    std::string m_pinned;
    std::string m_refused;
    bool m_firstUse = false;
};

class LeaderClient {
public:
    LeaderClient(NodeAddress address, std::string token, std::string pinnedFingerprint);
    // Several clients of one leader share one pin, so they trust the same certificate.
    LeaderClient(NodeAddress address, std::string token, std::shared_ptr<CertificatePin> pin);
    ~LeaderClient();

    HttpAnswer get(const std::string& path, std::chrono::milliseconds timeout);
    HttpAnswer post(const std::string& path, const std::string& jsonBody, std::chrono::milliseconds timeout);
    // Drops idle connections (after the leader went away, so the next request dials afresh).
    void reset();
    // Ends every request in flight at once (they answer "stopping") and refuses new ones: used
    // when the node shuts down, so a long poll does not hold it up.
    void abort();

    // Pooled connections idle longer than this are not reused: a leader closes idle keep-alive
    // connections after 2 s.
    static constexpr std::chrono::milliseconds kMaxIdle{1000};

    const NodeAddress& address() const { return m_address; }
    CertificatePin& pin() { return *m_pin; }
    std::shared_ptr<CertificatePin> sharedPin() { return m_pin; }

private:
    struct Pooled {
        std::unique_ptr<httplib::ClientImpl> client;
        std::chrono::steady_clock::time_point idleSince;
    };
    std::unique_ptr<httplib::ClientImpl> connect();
    std::unique_ptr<httplib::ClientImpl> takeIdle();  // a pooled connection still fresh enough, or null
    HttpAnswer sendOnce(httplib::ClientImpl& client, const std::string& method, const std::string& path,
                        const std::string& body, std::chrono::milliseconds timeout);
    HttpAnswer send(const std::string& method, const std::string& path, const std::string& body,
                    std::chrono::milliseconds timeout);

    NodeAddress m_address;
    std::string m_token;
    std::shared_ptr<CertificatePin> m_pin;
    std::mutex m_mutex;  // guards the fields below
    std::vector<Pooled> m_idle;
    std::vector<httplib::ClientImpl*> m_inFlight;
    bool m_aborted = false;
};

}  // namespace qrgate::sync

#include "sync/leader_client.hpp"

#include <httplib.h>
#include <openssl/ssl.h>

#include <nlohmann/json.hpp>

#include "sync/tls_util.hpp"

namespace qrgate::sync {

std::string NodeAddress::url() const {
    return std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(port);
}

Result<NodeAddress> NodeAddress::parse(const std::string& url) {
    NodeAddress a;
    std::string rest;
    if (url.rfind("https://", 0) == 0) {
        a.tls = true;
        rest = url.substr(8);
    } else if (url.rfind("http://", 0) == 0) {
        a.tls = false;
        rest = url.substr(7);
    } else {
        return Error{"bad_url", "A leader URL starts with https:// (or http://): " + url};
    }
    rest = rest.substr(0, rest.find('/'));
    std::string host = rest, port;
    if (!rest.empty() && rest[0] == '[') {  // [::1]:8443
        auto close = rest.find(']');
        if (close == std::string::npos) return Error{"bad_url", "Bad address in " + url};
        host = rest.substr(1, close - 1);
        if (close + 1 < rest.size() && rest[close + 1] == ':') port = rest.substr(close + 2);
    } else if (auto colon = rest.rfind(':'); colon != std::string::npos) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    if (host.empty()) return Error{"bad_url", "No host in " + url};
    a.host = host;
    a.port = 8443;
    if (!port.empty()) {
        try {
            std::size_t used = 0;
            a.port = std::stoi(port, &used);
            if (used != port.size() || a.port < 1 || a.port > 65535) throw std::out_of_range("port");
        } catch (const std::exception&) {
            return Error{"bad_url", "Bad port in " + url};
        }
    }
    return a;
}

Error HttpAnswer::apiError(const std::string& fallbackCode) const {
    Error e{fallbackCode, ""};
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("error") || !j["error"].is_object()) return e;
    const auto& error = j["error"];
    if (error.contains("code") && error["code"].is_string()) e.code = error["code"].get<std::string>();
    if (error.contains("message") && error["message"].is_string()) e.message = error["message"].get<std::string>();
    return e;
}

bool CertificatePin::accept(const std::string& fingerprint) {
    std::lock_guard lock(m_mutex);
    if (m_pinned.empty()) {
        m_pinned = fingerprint;
        m_firstUse = true;
        return true;
    }
    if (fingerprint == m_pinned) return true;
    m_refused = fingerprint;
    return false;
}

std::string CertificatePin::pinned() const {
    std::lock_guard lock(m_mutex);
    return m_pinned;
}

std::string CertificatePin::lastRefused() const {
    std::lock_guard lock(m_mutex);
    return m_refused;
}

bool CertificatePin::pinnedOnFirstUse() const {
    std::lock_guard lock(m_mutex);
    return m_firstUse;
}

namespace {
int pinIndex() {
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

// Accepts exactly the pinned leaf certificate, whoever signed it and whatever host it names.
int verifyPinned(int /*preverified*/, X509_STORE_CTX* store) {
    if (X509_STORE_CTX_get_error_depth(store) > 0) return 1;  // judged by the leaf alone
    auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    if (!ssl) return 0;
    auto* pin = static_cast<CertificatePin*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), pinIndex()));
    if (!pin) return 0;
    const std::string fp = certificateFingerprint(X509_STORE_CTX_get_current_cert(store));
    if (fp.empty() || !pin->accept(fp)) return 0;
    X509_STORE_CTX_set_error(store, X509_V_OK);
    return 1;
}
}  // namespace

LeaderClient::LeaderClient(NodeAddress address, std::string token, std::string pinnedFingerprint)
    : m_address(std::move(address)),
      m_token(std::move(token)),
      m_pin(std::make_shared<CertificatePin>(std::move(pinnedFingerprint))) {}

LeaderClient::LeaderClient(NodeAddress address, std::string token, std::shared_ptr<CertificatePin> pin)
    : m_address(std::move(address)), m_token(std::move(token)), m_pin(std::move(pin)) {}

LeaderClient::~LeaderClient() = default;

std::unique_ptr<httplib::ClientImpl> LeaderClient::connect() {
    std::unique_ptr<httplib::ClientImpl> client;
    if (m_address.tls) {
        auto ssl = std::make_unique<httplib::SSLClient>(m_address.host, m_address.port);
        // httplib's own check wants a CA and a matching host name; the pin replaces both.
        ssl->enable_server_certificate_verification(false);
        SSL_CTX* ctx = ssl->ssl_context();
        SSL_CTX_set_ex_data(ctx, pinIndex(), m_pin.get());
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verifyPinned);
        client = std::move(ssl);
    } else {
        client = std::make_unique<httplib::ClientImpl>(m_address.host, m_address.port);
    }
    client->set_tcp_nodelay(true);
    client->set_keep_alive(true);
    if (!m_token.empty()) client->set_bearer_token_auth(m_token.c_str());
    return client;
}

void LeaderClient::reset() {
    std::lock_guard lock(m_mutex);
    m_idle.clear();
}

void LeaderClient::abort() {
    std::lock_guard lock(m_mutex);
    m_aborted = true;
    m_idle.clear();
    for (auto* client : m_inFlight) client->stop();  // thread-safe: shuts the socket down
}

std::unique_ptr<httplib::ClientImpl> LeaderClient::takeIdle() {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(m_mutex);
    while (!m_idle.empty()) {
        Pooled pooled = std::move(m_idle.back());
        m_idle.pop_back();
        if (now - pooled.idleSince < kMaxIdle) return std::move(pooled.client);
    }
    return nullptr;
}

HttpAnswer LeaderClient::sendOnce(httplib::ClientImpl& client, const std::string& method, const std::string& path,
                                  const std::string& body, std::chrono::milliseconds timeout) {
    const auto sec = static_cast<time_t>(timeout.count() / 1000);
    const auto usec = static_cast<time_t>((timeout.count() % 1000) * 1000);
    client.set_connection_timeout(sec, usec);
    client.set_read_timeout(sec, usec);
    client.set_write_timeout(sec, usec);
    {
        std::lock_guard lock(m_mutex);
        if (m_aborted) return HttpAnswer{0, "", "stopping"};
        m_inFlight.push_back(&client);
    }
    httplib::Result res = method == "GET" ? client.Get(path.c_str()) : client.Post(path.c_str(), body, "application/json");
    bool aborted = false;
    {
        std::lock_guard lock(m_mutex);
        std::erase(m_inFlight, &client);
        aborted = m_aborted;
    }
    HttpAnswer answer;
    if (aborted) {
        answer.error = "stopping";
    } else if (!res) {
        answer.error = httplib::to_string(res.error());
        if (!m_pin->lastRefused().empty() && res.error() == httplib::Error::SSLConnection)
            answer.error = "certificate mismatch";
    } else {
        answer.status = res->status;
        answer.body = std::move(res->body);
    }
    return answer;
}

HttpAnswer LeaderClient::send(const std::string& method, const std::string& path, const std::string& body,
                              std::chrono::milliseconds timeout) {
    std::unique_ptr<httplib::ClientImpl> client = takeIdle();
    HttpAnswer answer;
    if (client) {
        answer = sendOnce(*client, method, path, body, timeout);
        // A reused connection that gave no answer was most likely closed by the leader while it
        // sat idle. The same request (same nonce) goes once more on a fresh connection, so only
        // a leader that does not answer a fresh connection counts as unreachable.
        if (!answer.answered() && answer.error != "stopping" && answer.error != "certificate mismatch") client.reset();
    }
    if (!client) {
        client = connect();
        answer = sendOnce(*client, method, path, body, timeout);
    }
    if (!answer.answered()) return answer;  // the connection is dropped with the client
    std::lock_guard lock(m_mutex);
    if (m_idle.size() < 16 && !m_aborted) m_idle.push_back({std::move(client), std::chrono::steady_clock::now()});
    return answer;
}

HttpAnswer LeaderClient::get(const std::string& path, std::chrono::milliseconds timeout) {
    return send("GET", path, "", timeout);
}

HttpAnswer LeaderClient::post(const std::string& path, const std::string& jsonBody, std::chrono::milliseconds timeout) {
    return send("POST", path, jsonBody, timeout);
}

}  // namespace qrgate::sync

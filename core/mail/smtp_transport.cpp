#include "core/mail/smtp_transport.hpp"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

namespace qrgate {

namespace {

// What the session heard: the server's replies, and which command each answered. Commands are
// read only for their verb (AUTH's argument is the login), replies in full.
struct SessionTrace {
    std::string lastCommand;  // "MAIL", "RCPT", "DATA", "AUTH", ...
    std::string lastReply;    // the last complete reply line (not counting the goodbye to QUIT)
    int lastCode = 0;
    std::string repliedTo;    // the command lastReply answered
    bool dataAccepted = false;  // 354 seen: the message is being handed over
    bool answeredAfterData = false;
    std::string pendingIn;

    void reset() { *this = SessionTrace{}; }
};

int onDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
    auto* trace = static_cast<SessionTrace*>(user);
    if (type == CURLINFO_HEADER_OUT) {
        std::string_view line(data, size);
        const auto end = line.find_first_of(" \r\n");
        trace->lastCommand = std::string(line.substr(0, std::min<std::size_t>(end, 8)));
        return 0;
    }
    if (type != CURLINFO_HEADER_IN) return 0;
    trace->pendingIn.append(data, size);
    for (auto nl = trace->pendingIn.find('\n'); nl != std::string::npos; nl = trace->pendingIn.find('\n')) {
        std::string line = trace->pendingIn.substr(0, nl);
        trace->pendingIn.erase(0, nl + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.size() < 3) continue;
        const bool last = line.size() == 3 || line[3] == ' ';
        if (!last) continue;  // "250-PIPELINING": more lines follow
        // curl says QUIT after a refusal; the server's "221 Bye" is not the answer that matters.
        if (trace->lastCommand == "QUIT") continue;
        int code = std::atoi(line.substr(0, 3).c_str());
        if (trace->dataAccepted && code != 354) trace->answeredAfterData = true;
        if (code == 354) trace->dataAccepted = true;
        trace->lastCode = code;
        trace->lastReply = line;
        trace->repliedTo = trace->lastCommand;
    }
    return 0;
}

size_t discardBody(char*, size_t size, size_t count, void*) { return size * count; }

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string connectionProblem(CURLcode code, const SessionTrace& trace, const SmtpEndpoint& endpoint,
                              const MailSettings& settings, const char* curlWords) {
    const std::string where = endpoint.host + ":" + std::to_string(endpoint.port);
    const std::string reply = trace.lastReply.empty() ? "" : " (" + trace.lastReply + ")";
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
            return "Cannot find the mail server \"" + endpoint.host + "\": check its name and this machine's connection.";
        case CURLE_COULDNT_CONNECT:
            return "The mail server " + where + " refused the connection or cannot be reached: check the address and port.";
        case CURLE_OPERATION_TIMEDOUT:
            return "The mail server " + where + " did not answer within " + std::to_string(settings.timeoutSeconds) +
                   " s.";
        case CURLE_LOGIN_DENIED:
            return "The mail server refused the user name or password" + reply + ".";
        case CURLE_USE_SSL_FAILED:
            return "The mail server " + where +
                   " does not offer STARTTLS: use smtps:// if it expects TLS from the start.";
        case CURLE_PEER_FAILED_VERIFICATION:
#if LIBCURL_VERSION_NUM < 0x073e00
        case CURLE_SSL_CACERT:
#endif
            return "The mail server's certificate is not trusted (" + std::string(curlWords) +
                   "): give its CA certificate file (--ca) or fix the server name.";
        case CURLE_SSL_CACERT_BADFILE:
            return "Cannot read the CA certificate file \"" + settings.caFile + "\".";
        case CURLE_SSL_CONNECT_ERROR:
            return "The secure connection to " + where + " failed (" + std::string(curlWords) +
                   "): is it smtps:// (TLS from the start) or smtp:// (STARTTLS)?";
        default:
            return "Sending mail through " + where + " failed: " + std::string(curlWords) + reply + ".";
    }
}

}  // namespace

const char* SendOutcome::name(Kind kind) {
    switch (kind) {
        case Kind::Accepted: return "accepted";
        case Kind::Temporary: return "temporary failure";
        case Kind::Permanent: return "permanent failure";
        case Kind::Unknown: return "unknown";
        case Kind::Connection: return "connection problem";
    }
    return "?";
}

Result<std::unique_ptr<SmtpTransport>> SmtpTransport::create(const MailSettings& settings, std::string password) {
    auto endpoint = parseSmtpEndpoint(settings.smtpUrl, settings.plainLocal);
    if (!endpoint) return endpoint.error();
    if (!isPlausibleAddress(settings.fromAddress))
        return Error{"no_sender", settings.fromAddress.empty()
                                      ? "No sender address is set: give one with --from \"Name <address>\"."
                                      : "The sender \"" + settings.fromAddress + "\" is not an email address."};
    initCurlOnce();
    std::unique_ptr<SmtpTransport> transport(new SmtpTransport(settings, *endpoint, std::move(password)));
    if (!transport->m_curl) return Error{"smtp_connection", "libcurl could not start a session."};
    return transport;
}

SmtpTransport::SmtpTransport(MailSettings settings, SmtpEndpoint endpoint, std::string password)
    : m_settings(std::move(settings)), m_endpoint(std::move(endpoint)), m_password(std::move(password)),
      m_curl(curl_easy_init()) {
    if (m_curl) configureConnection(m_curl);
}

SmtpTransport::~SmtpTransport() {
    if (m_curl) curl_easy_cleanup(m_curl);
    // The password leaves memory with this object.
    std::fill(m_password.begin(), m_password.end(), '\0');
}

void SmtpTransport::configureConnection(CURL* c) const {
    curl_easy_setopt(c, CURLOPT_URL, m_endpoint.curlUrl().c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     m_endpoint.security == SmtpSecurity::PlainLocal ? static_cast<long>(CURLUSESSL_NONE)
                                                                      : static_cast<long>(CURLUSESSL_ALL));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!m_settings.caFile.empty()) {
        // The given CA and the system's: a private relay's own CA, without distrusting the rest.
        curl_easy_setopt(c, CURLOPT_CAINFO, m_settings.caFile.c_str());
        curl_easy_setopt(c, CURLOPT_CAPATH, "/etc/ssl/certs");
    }
    if (!m_settings.user.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, m_settings.user.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, m_password.c_str());
    }
    const long timeout = m_settings.timeoutSeconds;
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
    curl_easy_setopt(c, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);  // a transfer that stalls for `timeout`
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, timeout);
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, ("<" + m_settings.fromAddress + ">").c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discardBody);
    // The debug hook is how the server's replies are read; with it set, curl prints nothing.
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, onDebug);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
}

Status SmtpTransport::testConnection() {
    // A fresh session on a handle of its own: connect, greet, TLS, login, NOOP, QUIT.
    CURL* probe = curl_easy_init();
    if (!probe) return Error{"smtp_connection", "libcurl could not start a session."};
    configureConnection(probe);
    SessionTrace trace;
    char words[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(probe, CURLOPT_DEBUGDATA, &trace);
    curl_easy_setopt(probe, CURLOPT_ERRORBUFFER, words);
    curl_easy_setopt(probe, CURLOPT_CUSTOMREQUEST, "NOOP");
    curl_easy_setopt(probe, CURLOPT_FORBID_REUSE, 1L);
    const CURLcode code = curl_easy_perform(probe);
    curl_easy_cleanup(probe);
    if (code == CURLE_OK) return success();
    return Error{"smtp_connection",
                 connectionProblem(code, trace, m_endpoint, m_settings, words[0] ? words : curl_easy_strerror(code))};
}

SendOutcome SmtpTransport::send(const ComposedMail& mail) {
    SendOutcome outcome;
    auto message = MimeMessage::build(m_curl, mail);
    if (!message) {
        outcome.kind = SendOutcome::Kind::Connection;
        outcome.reply = message.error().message;
        return outcome;
    }
    curl_slist* recipients = curl_slist_append(nullptr, ("<" + mail.to.address + ">").c_str());
    SessionTrace trace;
    char words[CURL_ERROR_SIZE] = {0};
    CURL* c = m_curl;
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, &trace);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, words);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, message->headers());
    curl_easy_setopt(c, CURLOPT_MIMEPOST, message->mime());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    // After a failure the cached connection may be out of step with the server (a timeout after
    // the body leaves the server's late 250 unread, which the next MAIL would take as its
    // answer): the next message starts on a new connection.
    curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, m_freshConnection ? 1L : 0L);
    const CURLcode code = curl_easy_perform(c);
    m_freshConnection = code != CURLE_OK;
    long responseCode = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &responseCode);
    // Nothing of this message may outlive it in the handle.
    curl_easy_setopt(c, CURLOPT_MIMEPOST, nullptr);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, nullptr);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, nullptr);
    curl_slist_free_all(recipients);

    outcome.code = trace.lastCode ? trace.lastCode : static_cast<int>(responseCode);
    outcome.reply = trace.lastReply;
    using Kind = SendOutcome::Kind;
    if (code == CURLE_OK) {
        outcome.kind = Kind::Accepted;
        return outcome;
    }
    const std::string curlWords = words[0] ? words : curl_easy_strerror(code);
    if (trace.dataAccepted && !trace.answeredAfterData) {
        outcome.kind = Kind::Unknown;
        outcome.reply = "The connection ended after the message was handed over, before the server confirmed it (" +
                        curlWords + "); it may have arrived.";
        return outcome;
    }
    const int smtp = outcome.code;
    const bool replied = smtp >= 400 && smtp < 600;
    if (replied && code != CURLE_LOGIN_DENIED && trace.repliedTo != "AUTH" && smtp != 421 && smtp != 530) {
        const bool permanent = smtp >= 500;
        if (permanent && trace.repliedTo == "MAIL") {
            // The server will not take mail from this sender: every message would meet the same.
            outcome.kind = Kind::Connection;
            outcome.reply = "The mail server refused the sender address " + m_settings.fromAddress + " (" +
                            trace.lastReply + ").";
            return outcome;
        }
        outcome.kind = permanent ? Kind::Permanent : Kind::Temporary;
        return outcome;
    }
    outcome.kind = Kind::Connection;
    outcome.reply = connectionProblem(code, trace, m_endpoint, m_settings, curlWords.c_str());
    return outcome;
}

}  // namespace qrgate

#pragma once
// One SMTP session with libcurl, kept open between messages (curl reuses the connection).
// STARTTLS is required for smtp:// unless the settings allow a plain local relay; certificates
// are verified (against the system's CAs, or the CA file the settings name). Every wait has the
// settings' timeout. Nothing here logs: libcurl's verbose output (which would show the login)
// stays off; only the server's replies are read, to report them.
#include <memory>
#include <string>

#include "core/base/result.hpp"
#include "core/mail/mail_message.hpp"
#include "core/mail/mail_settings.hpp"

namespace qrgate {

// What became of one message.
struct SendOutcome {
    enum class Kind {
        Accepted,    // the server took it (250): `reply` is its answer
        Temporary,   // 4xx to MAIL/RCPT/DATA: try again later
        Permanent,   // 5xx, or an address the server cannot take: do not retry
        Unknown,     // the connection died after the message was handed over and before the
                     // server's answer: it may have been delivered; not retried automatically
        Connection,  // nothing was handed over: the server could not be reached, refused the login,
                     // or the TLS check failed. Not the message's fault: it stays queued.
    };
    Kind kind = Kind::Connection;
    std::string reply;  // the server's last reply line, or the reason in our words
    int code = 0;       // SMTP reply code when there was one

    static const char* name(Kind kind);
};

class SmtpTransport {
public:
    // Error codes from the settings: "bad_smtp_url", "plain_not_local", "no_sender".
    static Result<std::unique_ptr<SmtpTransport>> create(const MailSettings& settings, std::string password);
    ~SmtpTransport();
    SmtpTransport(const SmtpTransport&) = delete;
    SmtpTransport& operator=(const SmtpTransport&) = delete;

    // Connects, greets, switches to TLS, logs in and says goodbye, sending nothing.
    // The error's message is one line a person can act on ("The mail server refused the user
    // name or password (535 ...)."), code "smtp_connection".
    Status testConnection();

    SendOutcome send(const ComposedMail& mail);

    // The handle a MimeMessage for this transport is built on.
    CURL* handle() const { return m_curl; }
    const SmtpEndpoint& endpoint() const { return m_endpoint; }

private:
    SmtpTransport(MailSettings settings, SmtpEndpoint endpoint, std::string password);
    // Server, TLS, login, timeouts and the reply hook on a handle.
    void configureConnection(CURL* handle) const;

    MailSettings m_settings;
    SmtpEndpoint m_endpoint;
    std::string m_password;
    CURL* m_curl = nullptr;
    bool m_freshConnection = false;  // the last message failed: do not reuse its connection
};

}  // namespace qrgate

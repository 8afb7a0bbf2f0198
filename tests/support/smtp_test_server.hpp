#pragma once
// A real SMTP server of the test's own: tests/support/smtp_test_server.py (Debian's aiosmtpd, run
// by /usr/bin/python3) on 127.0.0.1, on a port the kernel picks. Every message it accepts (250 at
// DATA) is stored in its temporary folder, taken apart by python's email package: a test asserts
// the envelope, the decoded headers, the bodies, the MIME tree and each part's bytes (see the
// script's header for every field of ReceivedMail::meta).
//
// The files of a message are written before the server answers 250: once the sender has seen 250,
// received() has the message, no waiting needed. waitForCount is for senders in other processes.
//
// The server ends with stop(), with this object, and by itself when this process dies (its
// standard input is a pipe from here; at end of file it stops) or after maxSeconds.
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"

namespace qrgate::testing {

struct SmtpServerOptions {
    // Each recipient address is answered "451 4.3.0 Try again later" for its first `tempfail`
    // attempts, then accepted. Where: at DATA (after the body was sent; the message's every
    // recipient is charged one attempt, 451 while any of them has had fewer than `tempfail`),
    // or at RCPT with tempfailAtRcpt.
    int tempfail = 0;
    bool tempfailAtRcpt = false;
    // Answered "550 5.1.1 <ADDR>: Recipient address rejected" at RCPT, every time.
    std::vector<std::string> reject{};
    // STARTTLS offered and required before MAIL and AUTH; or TLS from the first byte (SMTPS).
    // The certificate is for localhost and 127.0.0.1, signed by caFile().
    bool starttls = false;
    bool implicitTls = false;
    // AUTH PLAIN and LOGIN required (also without TLS) when `user` is not empty; 535 when wrong.
    std::string user{}, password{};
    // Waits this long after a message's final "." before answering. A client that goes away
    // during the wait cancels the message (not stored; log "DATA aborted"); the log says
    // "DATA received" when the wait begins.
    int delayMs = 0;
    // Accepts connections and never sends a byte (not even the greeting).
    bool neverAnswer = false;
    // 0: a free port. Another: that one, e.g. the port() of before a stop(), to come back where
    // the sender was told to go.
    int port = 0;
    int maxSeconds = 600;
};

struct ReceivedMail {
    nlohmann::json meta;         // NNNN.json: mailFrom, rcptTos, from, to, subject, text, parts...
    std::filesystem::path eml;   // NNNN.eml
    std::string raw;             // its bytes, as received (CRLF, dot-stuffing undone)

    // The decoded bytes of one of meta["parts"].
    std::string partBytes(const nlohmann::json& part) const;
    // meta["parts"] of this content type (e.g. "application/pdf"), in message order.
    std::vector<nlohmann::json> partsOfType(const std::string& contentType) const;
    // meta["defects"] (python's parser) and meta["rawDefects"] (bare CR/LF, lines over 998
    // octets, 8-bit bytes without 8BITMIME or SMTPUTF8): empty for a well-formed message.
    std::vector<std::string> allDefects() const;
};

class SmtpTestServer {
public:
    SmtpTestServer() = default;
    ~SmtpTestServer() { stop(); }
    SmtpTestServer(const SmtpTestServer&) = delete;
    SmtpTestServer& operator=(const SmtpTestServer&) = delete;

    // Starts the server and waits (at most 15 s) for it to listen. False when it cannot run here;
    // failure() then says why in one line. A server stopped before may start again (other
    // options, same folder): its messages keep their numbers, new ones follow.
    bool start(SmtpServerOptions options = {});
    const std::string& failure() const { return m_failure; }

    int port() const { return m_port; }
    // scheme://127.0.0.1:PORT ("smtp" or "smtps"); the certificate is valid for that address.
    std::string url(const std::string& scheme = "smtp") const;

    // The messages accepted so far, by number (NNNN).
    std::vector<ReceivedMail> received() const;
    size_t receivedCount() const;
    bool waitForCount(size_t n, std::chrono::milliseconds timeout) const;

    // The event log, one line per event: "SECONDS conn=N EVENT ..." (events in the script's
    // header), e.g. "RCPT <x@example.org> 550 rejected", "DATA 451 tempfail <x@example.org>".
    std::string log() const;
    size_t countInLog(const std::string& needle) const;
    // aiosmtpd's own complaints (stderr), for assertion messages.
    std::string errors() const;

    // The test CA's certificate (PEM) once starttls or implicitTls was asked; empty before.
    std::filesystem::path caFile() const;
    const std::filesystem::path& mailDir() const { return m_mailDir; }

    // Closes the server's standard input and sends SIGTERM, SIGKILL after 5 s. Idempotent.
    void stop();

private:
    bool makeCertificates();
    bool launch(const std::vector<std::string>& argv);

    TempDir m_dir;
    std::filesystem::path m_mailDir;
    pid_t m_pid = -1;
    int m_stdin = -1;
    int m_port = 0;
    bool m_haveCertificates = false;
    std::string m_failure;
};

}  // namespace qrgate::testing

#pragma once
// How this machine sends email: the SMTP server, the sender, the pace. Kept in the data folder
// (mail.json); the password in a file of its own readable by its owner only (smtp-password),
// never in mail.json, the database, a log or any output.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.hpp"

namespace qrgate {

enum class SmtpSecurity {
    StartTls,     // smtp://: the session must switch to TLS (STARTTLS) before anything is sent
    ImplicitTls,  // smtps://: TLS from the first byte
    PlainLocal,   // smtp:// without TLS: only for a relay on this machine, and only when asked
};

struct MailSettings {
    std::string smtpUrl;      // smtp://HOST[:PORT] or smtps://HOST[:PORT]
    bool plainLocal = false;  // --no-tls
    std::string caFile;       // a CA certificate (PEM) to trust for the server, besides the system's
    std::string user;         // empty: no login
    std::string fromName;
    std::string fromAddress;
    int ratePerMinute = 60;   // messages started per minute; 0 = as fast as the server takes them
    bool onePerAddress = false;  // one message per address carrying all its tickets
    int timeoutSeconds = 30;  // every network wait: connecting, each server reply, a stalled transfer
    double retryBaseSeconds = 30;  // first wait after a temporary failure; doubles each attempt
    int maxAttempts = 6;      // temporary failures before a message is given up as failed

    bool configured() const { return !smtpUrl.empty() && !fromAddress.empty(); }
    bool operator==(const MailSettings&) const = default;  // a form's draft against what is saved
};

// Where the URL points, checked. Errors: "bad_smtp_url" (not smtp:// or smtps://, no host, a
// port that is not a number), "plain_not_local" (no TLS asked for a server on another machine).
struct SmtpEndpoint {
    SmtpSecurity security = SmtpSecurity::StartTls;
    std::string host;
    int port = 587;
    std::string curlUrl() const;  // what libcurl is given: smtp(s)://host:port
    std::string describe() const;  // "smtp.example.org:587 (STARTTLS)"
};
Result<SmtpEndpoint> parseSmtpEndpoint(const std::string& url, bool plainLocal);

// "Ada Lovelace <ada@example.org>" or "ada@example.org" -> name and address.
// Error "bad_address" when there is no plausible address.
struct NamedAddress {
    std::string name;
    std::string address;
};
Result<NamedAddress> parseNamedAddress(const std::string& text);
// local@domain.tld, no spaces or control characters, one '@', a dot in the domain (or a
// loopback/host name without one, as local test servers have).
bool isPlausibleAddress(const std::string& address);

// Rates the common providers accept from one account (documented limits, rounded down).
struct RatePreset {
    std::string name;  // "Gmail", "Microsoft 365", ...
    int perMinute = 0;  // 0 = no limit
    std::string note;   // where the figure comes from
};
const std::vector<RatePreset>& ratePresets();

// A password as kept in a file (--password-file, smtp-password): the whole content without its
// trailing line break. Error "password_file" when it cannot be read.
Result<std::string> readPasswordFile(const std::filesystem::path& file);

class MailSettingsStore {
public:
    MailSettingsStore(std::filesystem::path settingsFile, std::filesystem::path passwordFile);

    // Defaults when the file does not exist yet. Error "bad_mail_settings" for a damaged file.
    Result<MailSettings> load() const;
    Status save(const MailSettings& settings) const;

    bool hasPassword() const;
    // Empty when none is stored.
    Result<std::string> password() const;
    // Written atomically with mode 0600; an empty password removes the file.
    Status savePassword(const std::string& password) const;

private:
    std::filesystem::path m_settingsFile;
    std::filesystem::path m_passwordFile;
};

}  // namespace qrgate

#include "core/mail/mail_settings.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "core/base/ascii_text.hpp"
#include "core/store/private_file.hpp"

namespace qrgate {

namespace {

bool isLoopbackHost(const std::string& host) {
    if (host == "localhost" || host == "::1" || host == "[::1]") return true;
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    return false;
}

}  // namespace

std::string SmtpEndpoint::curlUrl() const {
    const bool v6 = host.find(':') != std::string::npos && host.front() != '[';
    const std::string shownHost = v6 ? "[" + host + "]" : host;
    return std::string(security == SmtpSecurity::ImplicitTls ? "smtps://" : "smtp://") + shownHost + ":" +
           std::to_string(port);
}

std::string SmtpEndpoint::describe() const {
    const char* how = security == SmtpSecurity::StartTls      ? "STARTTLS"
                      : security == SmtpSecurity::ImplicitTls ? "TLS"
                                                              : "no encryption, local relay";
    return host + ":" + std::to_string(port) + " (" + how + ")";
}

Result<SmtpEndpoint> parseSmtpEndpoint(const std::string& url, bool plainLocal) {
    const std::string text = trimmedAscii(url);
    auto bad = [&](const std::string& why) {
        return Error{"bad_smtp_url", "The mail server address \"" + text + "\" " + why +
                                         " (write smtp://HOST:PORT for STARTTLS or smtps://HOST:PORT)."};
    };
    SmtpEndpoint e;
    std::string rest;
    if (text.rfind("smtp://", 0) == 0) {
        e.security = plainLocal ? SmtpSecurity::PlainLocal : SmtpSecurity::StartTls;
        e.port = plainLocal ? 25 : 587;
        rest = text.substr(7);
    } else if (text.rfind("smtps://", 0) == 0) {
        if (plainLocal)
            return Error{"bad_smtp_url", "smtps:// always uses TLS: leave out --no-tls, or use smtp:// for a local relay."};
        e.security = SmtpSecurity::ImplicitTls;
        e.port = 465;
        rest = text.substr(8);
    } else if (text.empty()) {
        return Error{"bad_smtp_url", "No mail server is set: give one with --smtp smtp://HOST:PORT."};
    } else {
        return bad("is not an SMTP address");
    }
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        if (rest.find_first_not_of('/', slash) != std::string::npos) return bad("has a path after the host");
        rest.erase(slash);
    }
    if (rest.find('@') != std::string::npos) return bad("holds a user name: give it with --user");
    std::string portText;
    if (!rest.empty() && rest.front() == '[') {
        auto close = rest.find(']');
        if (close == std::string::npos) return bad("has an unclosed [");
        e.host = rest.substr(1, close - 1);
        if (close + 1 < rest.size()) {
            if (rest[close + 1] != ':') return bad("has text after the address");
            portText = rest.substr(close + 2);
        }
    } else if (auto colon = rest.rfind(':'); colon != std::string::npos) {
        // An IPv6 address needs its brackets: "2001:db8::25" is not host "2001:db8:", port 25.
        if (rest.find(':') != colon) return bad("has an IPv6 address without brackets, as in smtp://[::1]:25");
        e.host = rest.substr(0, colon);
        portText = rest.substr(colon + 1);
    } else {
        e.host = rest;
    }
    if (e.host.empty()) return bad("has no host");
    for (char c : e.host)
        if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c)))
            return bad("has a space in the host");
    if (!portText.empty()) {
        if (portText.size() > 5 || portText.find_first_not_of("0123456789") != std::string::npos)
            return bad("has a port that is not a number");
        int port = std::stoi(portText);
        if (port < 1 || port > 65535) return bad("has a port outside 1-65535");
        e.port = port;
    }
    if (e.security == SmtpSecurity::PlainLocal && !isLoopbackHost(e.host))
        return Error{"plain_not_local",
                     "Sending without TLS (--no-tls) is only allowed to a relay on this machine (localhost, "
                     "127.0.0.1); " + e.host + " would see the password and every ticket in clear."};
    return e;
}

bool isPlausibleAddress(const std::string& address) {
    if (address.size() < 3 || address.size() > 254) return false;
    const auto at = address.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= address.size()) return false;
    if (address.find('@', at + 1) != std::string::npos) return false;
    for (unsigned char c : address)
        if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '(' ||
            c == ')' || c == '[' || c == ']' || c == '\\')
            return false;
    const std::string domain = address.substr(at + 1);
    if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string::npos) return false;
    const std::string local = address.substr(0, at);
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos) return false;
    return true;
}

Result<NamedAddress> parseNamedAddress(const std::string& text) {
    const std::string t = trimmedAscii(text);
    NamedAddress out;
    const auto open = t.rfind('<');
    if (open != std::string::npos && !t.empty() && t.back() == '>') {
        out.address = trimmedAscii(t.substr(open + 1, t.size() - open - 2));
        out.name = trimmedAscii(t.substr(0, open));
        if (out.name.size() >= 2 && out.name.front() == '"' && out.name.back() == '"')
            out.name = out.name.substr(1, out.name.size() - 2);
    } else {
        out.address = t;
    }
    if (!isPlausibleAddress(out.address))
        return Error{"bad_address", "\"" + t + "\" is not an email address (write \"Name <name@example.org>\")."};
    for (char c : out.name)
        if (c == '\r' || c == '\n') return Error{"bad_address", "The sender's name holds a line break."};
    return out;
}

const std::vector<RatePreset>& ratePresets() {
    static const std::vector<RatePreset> presets = {
        {"Gmail (personal account)", 20, "about 500 messages a day; Google throttles bursts"},
        {"Google Workspace", 30, "2,000 messages a day per user"},
        {"Microsoft 365 / Outlook.com", 30, "30 messages a minute, 10,000 recipients a day"},
        {"Amazon SES (default quota)", 60, "starts at 1 message a second until raised"},
        {"SendGrid, Mailgun, Postmark", 300, "paid transactional services; check your plan"},
        {"Local relay (no limit)", 0, "a relay on this machine queues everything itself"},
    };
    return presets;
}

MailSettingsStore::MailSettingsStore(std::filesystem::path settingsFile, std::filesystem::path passwordFile)
    : m_settingsFile(std::move(settingsFile)), m_passwordFile(std::move(passwordFile)) {}

Result<MailSettings> MailSettingsStore::load() const {
    MailSettings s;
    std::ifstream in(m_settingsFile);
    if (!in) return s;
    std::stringstream text;
    text << in.rdbuf();
    try {
        const auto j = nlohmann::json::parse(text.str());
        s.smtpUrl = j.value("smtpUrl", s.smtpUrl);
        s.plainLocal = j.value("plainLocal", s.plainLocal);
        s.caFile = j.value("caFile", s.caFile);
        s.user = j.value("user", s.user);
        s.fromName = j.value("fromName", s.fromName);
        s.fromAddress = j.value("fromAddress", s.fromAddress);
        s.ratePerMinute = j.value("ratePerMinute", s.ratePerMinute);
        s.onePerAddress = j.value("onePerAddress", s.onePerAddress);
        s.timeoutSeconds = j.value("timeoutSeconds", s.timeoutSeconds);
        s.retryBaseSeconds = j.value("retryBaseSeconds", s.retryBaseSeconds);
        s.maxAttempts = j.value("maxAttempts", s.maxAttempts);
    } catch (const std::exception&) {
        return Error{"bad_mail_settings", "The mail settings file " + m_settingsFile.string() +
                                              " is damaged; set the mail server again to rewrite it."};
    }
    if (s.ratePerMinute < 0) s.ratePerMinute = 0;
    if (s.timeoutSeconds < 1) s.timeoutSeconds = 1;
    if (s.maxAttempts < 1) s.maxAttempts = 1;
    if (s.retryBaseSeconds < 0) s.retryBaseSeconds = 0;
    return s;
}

Status MailSettingsStore::save(const MailSettings& s) const {
    nlohmann::json j = {{"smtpUrl", s.smtpUrl},
                        {"plainLocal", s.plainLocal},
                        {"caFile", s.caFile},
                        {"user", s.user},
                        {"fromName", s.fromName},
                        {"fromAddress", s.fromAddress},
                        {"ratePerMinute", s.ratePerMinute},
                        {"onePerAddress", s.onePerAddress},
                        {"timeoutSeconds", s.timeoutSeconds},
                        {"retryBaseSeconds", s.retryBaseSeconds},
                        {"maxAttempts", s.maxAttempts}};
    return writePrivateFile(m_settingsFile, j.dump(2) + "\n", "mail settings file", "write_failed");
}

bool MailSettingsStore::hasPassword() const {
    std::error_code ec;
    return std::filesystem::file_size(m_passwordFile, ec) > 0 && !ec;
}

Result<std::string> readPasswordFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{"password_file", "Cannot read the password file " + file.string() + "."};
    std::stringstream text;
    text << in.rdbuf();
    std::string pw = text.str();
    while (!pw.empty() && (pw.back() == '\n' || pw.back() == '\r')) pw.pop_back();
    return pw;
}

Result<std::string> MailSettingsStore::password() const {
    std::error_code ec;
    if (!std::filesystem::exists(m_passwordFile, ec)) return std::string();
    return readPasswordFile(m_passwordFile);
}

Status MailSettingsStore::savePassword(const std::string& password) const {
    if (password.empty()) {
        std::error_code ec;
        std::filesystem::remove(m_passwordFile, ec);
        return success();
    }
    return writePrivateFile(m_passwordFile, password, "SMTP password file", "write_failed");
}

}  // namespace qrgate

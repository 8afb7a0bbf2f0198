#include "core/health/mail_check.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/mail/mail_settings.hpp"
#include "core/mail/smtp_transport.hpp"

namespace qrgate {

HealthCheck checkMail(const std::filesystem::path& root, int timeoutSeconds) {
    const std::string title = "Email";
    const std::string fixSettings =
        "Correct the server, user name or password on the Email screen (or 'qrgate mail send --smtp URL --user U "
        "--password-file F', which remembers them); a gate does not need email.";
    MailSettingsStore store(root / "mail.json", root / "smtp-password");
    auto settings = store.load();
    if (!settings)
        return HealthCheck::problem("mail", title, asSentence(settings.error().message),
                                    "Save the settings again on the Email screen, or delete " +
                                        (root / "mail.json").string() + " to start over.");
    if (!settings->configured())
        return HealthCheck::ok("mail", title, "Email is not set up on this machine (only the organizer's needs it).");
    std::string password;
    if (const char* env = std::getenv("QRGATE_SMTP_PASSWORD"); env && *env) {
        password = env;
    } else {
        auto stored = store.password();
        if (!stored)
            return HealthCheck::problem("mail", title, asSentence(stored.error().message),
                                        "Save the password again on the Email screen.");
        password = *stored;
    }
    MailSettings probe = *settings;
    probe.timeoutSeconds = std::clamp(std::min(probe.timeoutSeconds, timeoutSeconds), 1, 60);
    auto transport = SmtpTransport::create(probe, password);
    if (!transport) return HealthCheck::problem("mail", title, asSentence(transport.error().message), fixSettings);
    const std::string where = (*transport)->endpoint().describe();
    if (auto tried = (*transport)->testConnection(); !tried)
        return HealthCheck::problem("mail", title, asSentence(tried.error().message), fixSettings);
    return HealthCheck::ok("mail", title,
                           "Connected to " + where +
                               (settings->user.empty() ? " (no login asked)." : " and logged in as " + settings->user + "."));
}

}  // namespace qrgate

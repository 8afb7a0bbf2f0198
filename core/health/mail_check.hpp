#pragma once
// Can this machine send the attendees their tickets? When email is set up (mail.json), connects
// to the SMTP server, switches to TLS and logs in as sending would, then says goodbye without
// sending anything (SmtpTransport::testConnection), with a short timeout. No email set up is
// fine: a gate never sends mail.
#include <filesystem>

#include "core/health/health_check.hpp"

namespace qrgate {

// id "mail". The password: $QRGATE_SMTP_PASSWORD, else the data folder's smtp-password.
HealthCheck checkMail(const std::filesystem::path& root, int timeoutSeconds = 5);

}  // namespace qrgate

#pragma once
// Pairing a kiosk with a leader. The leader shows an invitation (as text and as a QR code): its
// URL, a one-time pairing code and its certificate fingerprint. The kiosk scans or types it,
// connects with that fingerprint pinned, and exchanges the code for a device token.
//
//   qrgate-pair:v1?url=https://10.0.0.5:8443&code=ABCDE-FGHJK&fp=<64 hex digits>
#include <string>

#include "core/base/clock.hpp"
#include "core/base/result.hpp"

namespace qrgate::sync {

struct PairingInvite {
    std::string url;
    std::string code;
    std::string fingerprint;  // empty for a plain-http leader
    TimeMs expiresAt = 0;     // when the leader stops taking the code (not part of the text)

    std::string text() const;
    // Also accepts just the code with `url`/`fingerprint` filled in by the caller beforehand.
    static Result<PairingInvite> parse(const std::string& text);
};

struct PairedDevice {
    std::string token;
    std::string deviceId;
    std::string role;
    std::string leaderUrl;
    std::string leaderFingerprint;
};

// POST /api/pair on the leader named in the invitation.
Result<PairedDevice> pairWithLeader(const PairingInvite& invite, const std::string& deviceName);

}  // namespace qrgate::sync

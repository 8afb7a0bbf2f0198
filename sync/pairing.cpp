#include "sync/pairing.hpp"

#include <nlohmann/json.hpp>

#include "sync/leader_client.hpp"
#include "sync/tls_identity.hpp"

namespace qrgate::sync {

std::string PairingInvite::text() const {
    std::string t = "qrgate-pair:v1?url=" + url + "&code=" + code;
    if (!fingerprint.empty()) t += "&fp=" + fingerprint;
    return t;
}

Result<PairingInvite> PairingInvite::parse(const std::string& text) {
    const std::string prefix = "qrgate-pair:v1?";
    if (text.rfind(prefix, 0) != 0) return Error{"bad_invite", "Not a qrgate pairing invitation."};
    PairingInvite invite;
    std::string rest = text.substr(prefix.size());
    while (!rest.empty()) {
        auto amp = rest.find('&');
        std::string part = rest.substr(0, amp);
        rest = amp == std::string::npos ? "" : rest.substr(amp + 1);
        auto eq = part.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = part.substr(0, eq), value = part.substr(eq + 1);
        if (key == "url") invite.url = value;
        if (key == "code") invite.code = value;
        if (key == "fp") invite.fingerprint = value;
    }
    if (invite.url.empty() || invite.code.empty()) return Error{"bad_invite", "The invitation lacks the URL or the code."};
    if (!invite.fingerprint.empty()) {
        auto fp = normalizeFingerprint(invite.fingerprint);
        if (!fp) return Error{"bad_invite", "The invitation's certificate fingerprint is damaged."};
        invite.fingerprint = *fp;
    }
    return invite;
}

Result<PairedDevice> pairWithLeader(const PairingInvite& invite, const std::string& deviceName) {
    auto address = NodeAddress::parse(invite.url);
    if (!address) return address.error();
    if (address->tls && invite.fingerprint.empty())
        return Error{"no_fingerprint", "Pairing over https needs the leader's certificate fingerprint."};
    LeaderClient client(*address, "", invite.fingerprint);
    auto answer = client.post("/api/pair", nlohmann::json{{"code", invite.code}, {"deviceName", deviceName}}.dump(),
                              std::chrono::seconds(10));
    if (!client.pin().lastRefused().empty())
        return Error{"certificate_mismatch", "The leader at " + invite.url + " shows certificate " +
                                                 client.pin().lastRefused() + ", not the one in the invitation (" +
                                                 invite.fingerprint + "). Refusing to pair."};
    if (!answer.answered()) return Error{"unreachable", "Cannot reach the leader at " + invite.url + ": " + answer.error};
    nlohmann::json body = nlohmann::json::parse(answer.body, nullptr, false);
    if (answer.status != 200) {
        std::string message = answer.apiError("").message;
        if (message.empty()) message = "HTTP " + std::to_string(answer.status);
        return Error{"pairing_refused", "The leader refused the pairing: " + message};
    }
    if (!body.is_object() || !body.contains("token")) return Error{"pairing_refused", "The leader's answer has no token."};
    PairedDevice p;
    p.token = body["token"].get<std::string>();
    p.deviceId = body.value("deviceId", "");
    p.role = body.value("role", "gate");
    p.leaderUrl = address->url();
    p.leaderFingerprint = client.pin().pinned();
    return p;
}

}  // namespace qrgate::sync

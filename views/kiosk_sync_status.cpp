// The kiosk's words for its link to the leader, from KioskStatus (filled from SyncNode::status()).
#include <string>

#include <cctype>

#include "views/kiosk_state.hpp"

namespace qrgate::views {

std::string leaderStatusText(const KioskStatus& s) {
    if (s.leader.empty()) return "Leader: standalone";
    std::string text;
    if (s.leaderState == LinkState::Online) text = "Leader: online";
    else if (s.leaderState == LinkState::Offline)
        text = "Leader: OFFLINE, " + counted(s.pendingUploads, "pending upload", "pending uploads");
    else if (s.leaderState == LinkState::CertificateMismatch) text = "Leader: CERTIFICATE MISMATCH (not trusted)";
    else if (s.leaderState == LinkState::Unauthorized) text = "Leader: this kiosk's token was refused (pair again, F2)";
    else if (s.leaderState == LinkState::NotPaired) text = "Leader: " + s.leader + " not paired (F2)";
    else if (s.leaderState == LinkState::NodeError) text = "Leader: not started (" + s.leaderError + ")";
    else text = "Leader: connecting to " + s.leader;
    if (s.leaderState == LinkState::Online && s.pendingUploads > 0)
        text += ", uploading " + std::to_string(s.pendingUploads);
    if (s.conflicts > 0) text += "  \xC2\xB7  " + counted(s.conflicts, "conflict", "conflicts");
    return text;
}

bool leaderStatusOk(const KioskStatus& s) {
    return s.leader.empty() || (s.leaderState == LinkState::Online && s.conflicts == 0);
}

bool kioskHasLeader(const KioskStatus& s) {
    return !s.leader.empty() && s.leaderState != LinkState::None && s.leaderState != LinkState::NotPaired;
}

bool looksLikePairingInvite(const std::string& text) { return text.rfind("qrgate-pair:v1?", 0) == 0; }

std::string gateDisplayName(const std::string& gate) {
    if (gate.empty()) return "Gate";
    std::string lower;
    for (char c : gate) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (lower.find("gate") != std::string::npos) return gate;
    return "Gate " + gate;
}

}  // namespace qrgate::views

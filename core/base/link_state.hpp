#pragma once
// Where a node stands with the leader it follows, as every layer sees it: the follower link in
// sync/ sets it, the API reports it, the kiosk and the console show it in words.
namespace qrgate {

enum class LinkState {
    None,                 // no leader: this node leads, or stands alone
    NotPaired,            // a leader URL but no token to follow it with (the kiosk)
    NodeError,            // the follower node did not start
    Connecting,           // started, no answer from the leader yet
    Online,               // the leader answers: it decides
    Offline,              // the leader does not answer: the replica decides
    CertificateMismatch,  // the leader's certificate is not the pinned one: not trusted
    Unauthorized,         // the leader refused this node's token: it stops deciding
};
// "none", "not_paired", "error", "connecting", "online", "offline", "certificate_mismatch",
// "unauthorized"
const char* toString(LinkState state);

}  // namespace qrgate

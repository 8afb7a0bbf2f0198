#include "core/base/link_state.hpp"

namespace qrgate {

const char* toString(LinkState state) {
    switch (state) {
        case LinkState::None: return "none";
        case LinkState::NotPaired: return "not_paired";
        case LinkState::NodeError: return "error";
        case LinkState::Connecting: return "connecting";
        case LinkState::Online: return "online";
        case LinkState::Offline: return "offline";
        case LinkState::CertificateMismatch: return "certificate_mismatch";
        case LinkState::Unauthorized: return "unauthorized";
    }
    return "none";
}

}  // namespace qrgate

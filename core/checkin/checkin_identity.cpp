#include "core/checkin/checkin_identity.hpp"

#include <SQLiteCpp/Statement.h>

#include "core/base/crypto.hpp"
#include "core/base/clock.hpp"

namespace qrgate {

namespace {
constexpr const char* kDigits = kCrockfordAlphabet;
constexpr std::size_t kTimeChars = 9;
constexpr std::size_t kRandomChars = 5;
constexpr std::size_t kSeparatorAt = kTimeChars + kRandomChars;

// Milliseconds first, so that nonces sort roughly by time wherever they are indexed (the leader
// indexes every gate's) and new entries land at the end of the index.
std::string timePrefix() {
    auto ms = static_cast<std::uint64_t>(SystemClock::instance().nowMs());
    std::string prefix(kTimeChars, '0');
    for (std::size_t i = kTimeChars; i-- > 0; ms >>= 5) prefix[i] = kDigits[ms & 31];
    return prefix;
}
}  // namespace

std::string makeRequestNonce() { return timePrefix() + randomId(11); }

std::string makeLocalNonce(std::int64_t checkinId) {
    // The random part keeps copies of one database apart.
    std::string nonce = timePrefix() + randomId(kRandomChars);
    nonce += '.';
    std::string id;
    for (auto v = static_cast<std::uint64_t>(checkinId); v > 0 || id.empty(); v >>= 5) id.insert(id.begin(), kDigits[v & 31]);
    return nonce + id;
}

std::optional<std::int64_t> localNonceRowId(std::string_view nonce) {
    if (nonce.size() <= kSeparatorAt + 1 || nonce.size() > kSeparatorAt + 1 + 12 || nonce[kSeparatorAt] != '.')
        return std::nullopt;
    std::int64_t id = 0;
    for (char c : nonce.substr(kSeparatorAt + 1)) {
        const int v = crockfordValue(c);
        if (v < 0) return std::nullopt;
        id = id * 32 + v;
    }
    return id;
}

void bindNonceLookup(SQLite::Statement& q, const std::string& nonce) {
    q.bind(":nonce", nonce);
    // -1 is no row id: a nonce not of the local form is looked up by the index alone.
    q.bind(":local_id", static_cast<std::int64_t>(localNonceRowId(nonce).value_or(-1)));
}

}  // namespace qrgate

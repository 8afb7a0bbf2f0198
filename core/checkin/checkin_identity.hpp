#pragma once
// How a check-in row is identified, chosen so that recording a scan writes as few database pages
// as possible (each page is another WAL frame in the admission's durable commit):
//
// - Its row id is drawn from the change sequence that `changes.seq` also uses (schema 3), so the
//   change feed serves check-ins from their own rows, in one order with every other change,
//   without a row in `changes` per scan.
// - A nonce the engine makes itself ("local") embeds that row id: `<9 chars of milliseconds><5
//   random chars>.<row id in base32>`. It is unique by construction and found through the row id,
//   so it needs no index entry. A nonce that came from elsewhere (a client's retry key, another
//   gate's offline scan, the leader's feed) is unique through the partial index
//   `checkins_foreign_nonce` (local_nonce = 0).
//
// Every INSERT INTO checkins must give `id` from kNextChangeSeqSql, inside the write transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace SQLite {
class Statement;
}

namespace qrgate {

// The next number of the shared change sequence; valid inside a write transaction.
inline constexpr const char* kNextChangeSeqSql =
    "(SELECT max(coalesce((SELECT max(seq) FROM changes), 0), coalesce((SELECT max(id) FROM checkins), 0)) + 1)";

inline const std::string kSelectNextChangeSeqSql = std::string("SELECT ") + kNextChangeSeqSql;

// Matches the check-in aliased `c` whose nonce is :nonce; bind with bindNonceLookup().
inline constexpr const char* kCheckinByNonceSql =
    "((c.id = :local_id AND c.nonce = :nonce) OR (c.nonce = :nonce AND c.local_nonce = 0))";

std::string makeLocalNonce(std::int64_t checkinId);
// A nonce for a request that travels before it is recorded (a follower's forward, kept for its
// offline retry): 9 characters of milliseconds and 11 random ones.
std::string makeRequestNonce();
// The row id a local nonce names, if the text has that form (it may still be another node's).
std::optional<std::int64_t> localNonceRowId(std::string_view nonce);
void bindNonceLookup(SQLite::Statement& q, const std::string& nonce);

}  // namespace qrgate

#pragma once
// The encrypted envelope of a backup file (docs/backup.md, "The file"): a short clear header
// (magic, version, Argon2id parameters, salt, stream header), then the archive encrypted with
// libsodium's secretstream (XChaCha20-Poly1305) in 64 KiB chunks, the last one tagged FINAL so a
// file cut short is told from a whole one. Without the passphrase the file shows nothing but its
// header and its length.
#include <string>
#include <string_view>

#include "core/base/result.hpp"

namespace qrgate {

// The shortest passphrase a new backup accepts: the file carries the event signing keys.
inline constexpr std::size_t kMinBackupPassphraseLength = 8;

// Encrypts `archive` under a key derived from `passphrase` (a fresh random salt each time).
// Errors: "weak_passphrase", "backup_crypto".
Result<std::string> sealBackup(std::string_view archive, std::string_view passphrase);

// Decrypts and authenticates the whole file. Errors (one line each, `shownAs` names the file):
//   "not_a_backup"     the magic is not qrgate's
//   "newer_backup"     a container version this qrgate does not know
//   "wrong_passphrase" the first chunk does not open: a wrong passphrase, or the file is damaged
//   "damaged_backup"   the first chunk opens but a later one does not, or the end is missing
Result<std::string> openBackup(std::string_view sealed, std::string_view passphrase, const std::string& shownAs);

}  // namespace qrgate

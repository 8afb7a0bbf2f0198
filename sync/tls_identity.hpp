#pragma once
// The node's TLS identity: a self-signed EC P-256 certificate made on first start and kept in
// <data>/tls/ (key readable by the owner only). Followers pin the SHA-256 fingerprint of the
// certificate (DER), so no certificate authority or host name is involved.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.hpp"

namespace qrgate::sync {

struct TlsIdentity {
    std::filesystem::path certFile;
    std::filesystem::path keyFile;
    std::string fingerprint;  // 64 lower-case hex digits
};

// Loads the identity in `dir`, creating it when missing.
Result<TlsIdentity> ensureTlsIdentity(const std::filesystem::path& dir, const std::string& commonName);

// Accepts "AB:CD:...", "abcd...", with or without a "sha256:" prefix; nullopt unless 32 bytes.
std::optional<std::string> normalizeFingerprint(std::string_view text);

// "ab:cd:ef:..." grouped for reading aloud; the plain form is what the program prints and takes.
std::string groupedFingerprint(const std::string& fingerprint);

}  // namespace qrgate::sync

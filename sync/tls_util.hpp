#pragma once
// OpenSSL helpers shared by the server and the client (internal to sync/).
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <string>

#include "core/base/crypto.hpp"

namespace qrgate::sync {

// SHA-256 of the certificate's DER encoding, 64 lower-case hex digits.
inline std::string certificateFingerprint(X509* cert) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!cert || X509_digest(cert, EVP_sha256(), md, &len) != 1) return {};
    return toHex(md, len);
}

}  // namespace qrgate::sync

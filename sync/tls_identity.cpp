#include "sync/tls_identity.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <cstdio>
#include <functional>
#include <memory>

#include "sync/tls_util.hpp"

namespace qrgate::sync {

namespace {
template <class T, void (*F)(T*)>
struct Deleter {
    void operator()(T* p) const { F(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

// Writes through a temporary file, fsync and rename, so a crash never leaves half a key.
bool writeAtomically(const std::filesystem::path& file, mode_t mode, const std::function<bool(FILE*)>& write) {
    const auto tmp = file.string() + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return false;
    ::fchmod(fd, mode);
    FILE* f = ::fdopen(fd, "w");
    if (!f) {
        ::close(fd);
        return false;
    }
    bool ok = write(f) && std::fflush(f) == 0 && ::fsync(fd) == 0;
    ok = (std::fclose(f) == 0) && ok;
    if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return false;
    }
    return true;
}

Status generate(const std::filesystem::path& certFile, const std::filesystem::path& keyFile, const std::string& cn) {
    PkeyPtr key(EVP_EC_gen("P-256"));
    if (!key) return Error{"tls", "Cannot generate a key for the TLS certificate."};
    X509Ptr cert(X509_new());
    X509_set_version(cert.get(), 2);
    BnPtr serial(BN_new());
    BN_rand(serial.get(), 120, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
    BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24L * 3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 20L * 365 * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("qrgate"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    if (X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1")) {
        X509_add_ext(cert.get(), ext, -1);
        X509_EXTENSION_free(ext);
    }
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return Error{"tls", "Cannot sign the TLS certificate."};

    if (!writeAtomically(keyFile, 0600, [&](FILE* f) {
            return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
        }))
        return Error{"tls", "Cannot write " + keyFile.string()};
    if (!writeAtomically(certFile, 0644, [&](FILE* f) { return PEM_write_X509(f, cert.get()) == 1; }))
        return Error{"tls", "Cannot write " + certFile.string()};
    return success();
}
}  // namespace

Result<TlsIdentity> ensureTlsIdentity(const std::filesystem::path& dir, const std::string& commonName) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    ::chmod(dir.c_str(), 0700);
    TlsIdentity id{dir / "node.crt", dir / "node.key", ""};
    if (!std::filesystem::exists(id.certFile) || !std::filesystem::exists(id.keyFile)) {
        auto made = generate(id.certFile, id.keyFile, commonName);
        if (!made) return made.error();
    }
    FILE* f = std::fopen(id.certFile.c_str(), "r");
    if (!f) return Error{"tls", "Cannot read " + id.certFile.string()};
    X509Ptr cert(PEM_read_X509(f, nullptr, nullptr, nullptr));
    std::fclose(f);
    if (!cert) return Error{"tls", "The certificate " + id.certFile.string() + " is damaged; delete tls/ to make a new one."};
    id.fingerprint = certificateFingerprint(cert.get());
    return id;
}

std::optional<std::string> normalizeFingerprint(std::string_view text) {
    if (text.rfind("sha256:", 0) == 0 || text.rfind("SHA256:", 0) == 0) text.remove_prefix(7);
    std::string out;
    for (char c : text) {
        if (c == ':' || c == ' ' || c == '-') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (out.size() != 64) return std::nullopt;
    return out;
}

std::string groupedFingerprint(const std::string& fingerprint) {
    std::string out;
    for (std::size_t i = 0; i < fingerprint.size(); i += 2) {
        if (i) out.push_back(':');
        out += fingerprint.substr(i, 2);
    }
    return out;
}

}  // namespace qrgate::sync

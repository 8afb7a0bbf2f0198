#include "support/smtp_test_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <thread>

#include "support/file_text.hpp"
#include "support/process.hpp"

#ifndef QRGATE_TEST_SUPPORT_DIR
#error "QRGATE_TEST_SUPPORT_DIR (tests/support, where smtp_test_server.py is) must be defined by the build"
#endif

namespace qrgate::testing {

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kPython = "/usr/bin/python3";  // Debian's, with python3-aiosmtpd (not a pyenv's)
constexpr const char* kOpenssl = "/usr/bin/openssl";

std::string lastLine(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (auto nl = text.rfind('\n'); nl != std::string::npos) text = text.substr(nl + 1);
    return text;
}

// NNNN of a message's NNNN.json, or -1 for another file.
long messageNumber(const fs::path& file) {
    const std::string name = file.filename().string();
    if (name.size() < 6 || file.extension() != ".json") return -1;
    const std::string stem = file.stem().string();
    if (!std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; })) return -1;
    return std::stol(stem);
}

std::vector<fs::path> messageFiles(const fs::path& dir) {
    std::vector<std::pair<long, fs::path>> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (long n = messageNumber(entry.path()); n >= 0) found.emplace_back(n, entry.path());
    std::sort(found.begin(), found.end());
    std::vector<fs::path> files;
    for (auto& f : found) files.push_back(std::move(f.second));
    return files;
}

// The test CA and the server's certificate: both made here, for this server only. EC keys (fast
// to make); the server's names are localhost and 127.0.0.1. Our own configuration file, so
// neither the system's openssl.cnf nor $OPENSSL_CONF adds or changes extensions.
constexpr const char* kOpensslConfig =
    "[req]\n"
    "distinguished_name = dn\n"
    "prompt = no\n"
    "[dn]\n"
    "CN = qrgate test\n"
    "[ca_ext]\n"
    "basicConstraints = critical,CA:TRUE\n"
    "keyUsage = critical,keyCertSign,cRLSign\n"
    "subjectKeyIdentifier = hash\n"
    "[server_ext]\n"
    "basicConstraints = critical,CA:FALSE\n"
    "keyUsage = critical,digitalSignature,keyEncipherment\n"
    "extendedKeyUsage = serverAuth\n"
    "subjectAltName = DNS:localhost,IP:127.0.0.1\n"
    "subjectKeyIdentifier = hash\n"
    "authorityKeyIdentifier = keyid\n";

}  // namespace

std::string ReceivedMail::partBytes(const nlohmann::json& part) const {
    return fileText(eml.parent_path() / part.value("file", std::string()));
}

std::vector<nlohmann::json> ReceivedMail::partsOfType(const std::string& contentType) const {
    std::vector<nlohmann::json> parts;
    for (const auto& part : meta.value("parts", nlohmann::json::array()))
        if (part.value("contentType", std::string()) == contentType) parts.push_back(part);
    return parts;
}

std::vector<std::string> ReceivedMail::allDefects() const {
    std::vector<std::string> defects;
    for (const char* key : {"defects", "rawDefects"})
        for (const auto& d : meta.value(key, nlohmann::json::array())) defects.push_back(d.get<std::string>());
    return defects;
}

bool SmtpTestServer::makeCertificates() {
    if (m_haveCertificates) return true;
    if (::access(kOpenssl, X_OK) != 0) {
        m_failure = std::string("no ") + kOpenssl + " (install Debian's openssl package)";
        return false;
    }
    const fs::path dir = m_dir.path() / "tls";
    fs::create_directories(dir);
    std::ofstream(dir / "openssl.cnf") << kOpensslConfig;
    auto file = [&](const char* name) { return (dir / name).string(); };
    const std::string serial = std::to_string(static_cast<long long>(std::time(nullptr)) * 1000 + ::getpid() % 1000);
    const std::vector<std::vector<std::string>> steps = {
        {kOpenssl, "req", "-x509", "-config", file("openssl.cnf"), "-extensions", "ca_ext", "-newkey", "ec",
         "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", file("ca.key"), "-out", file("ca.pem"),
         "-days", "2", "-subj", "/CN=qrgate test CA"},
        {kOpenssl, "req", "-new", "-config", file("openssl.cnf"), "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:P-256", "-nodes", "-keyout", file("server.key"), "-out", file("server.csr"), "-subj",
         "/CN=localhost"},
        {kOpenssl, "x509", "-req", "-in", file("server.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"),
         "-set_serial", serial, "-days", "2", "-extfile", file("openssl.cnf"), "-extensions", "server_ext", "-out",
         file("server.pem")},
    };
    for (const auto& argv : steps) {
        auto r = runProcess(argv, "", 30);
        if (r.exitCode != 0) {
            m_failure = "openssl " + argv[1] + " failed (exit " + std::to_string(r.exitCode) + "): " + lastLine(r.err);
            return false;
        }
    }
    m_haveCertificates = true;
    return true;
}

bool SmtpTestServer::start(SmtpServerOptions options) {
    if (m_pid > 0) {
        m_failure = "already running; stop() it first";
        return false;
    }
    m_failure.clear();
    const std::string script = std::string(QRGATE_TEST_SUPPORT_DIR) + "/smtp_test_server.py";
    if (::access(kPython, X_OK) != 0) {
        m_failure = std::string("no ") + kPython + " (install Debian's python3 and python3-aiosmtpd)";
        return false;
    }
    if (::access(script.c_str(), R_OK) != 0) {
        m_failure = "no " + script;
        return false;
    }
    if (options.starttls && options.implicitTls) {
        m_failure = "starttls and implicitTls exclude each other";
        return false;
    }
    if ((options.starttls || options.implicitTls) && !makeCertificates()) return false;

    m_mailDir = m_dir.path() / "mail";
    fs::create_directories(m_mailDir);
    long next = 1;
    if (auto files = messageFiles(m_mailDir); !files.empty()) next = messageNumber(files.back()) + 1;

    std::vector<std::string> argv{kPython, script, "--out", m_mailDir.string(), "--log",
                                  (m_dir.path() / "events.log").string(), "--max-seconds",
                                  std::to_string(options.maxSeconds), "--first-number", std::to_string(next),
                                  "--port", std::to_string(options.port)};
    if (options.tempfail > 0) {
        argv.insert(argv.end(), {"--tempfail", std::to_string(options.tempfail), "--tempfail-at",
                                 options.tempfailAtRcpt ? "rcpt" : "data"});
    }
    for (const auto& address : options.reject) argv.insert(argv.end(), {"--reject", address});
    const std::string cert = (m_dir.path() / "tls/server.pem").string(), key = (m_dir.path() / "tls/server.key").string();
    if (options.starttls) argv.insert(argv.end(), {"--starttls", cert, key});
    if (options.implicitTls) argv.insert(argv.end(), {"--implicit-tls", cert, key});
    if (!options.user.empty()) argv.insert(argv.end(), {"--auth", options.user + ":" + options.password});
    if (options.delayMs > 0) argv.insert(argv.end(), {"--delay-ms", std::to_string(options.delayMs)});
    if (options.neverAnswer) argv.push_back("--never-answer");
    return launch(argv);
}

bool SmtpTestServer::launch(const std::vector<std::string>& argv) {
    // Built before fork: the child only calls async-signal-safe functions.
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const fs::path stderrFile = m_dir.path() / "server.stderr";

    // Both pipes close on exec: no other program this test starts keeps the server's stdin open
    // (the server stops when the last writer is gone).
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0) {
        m_failure = "pipe failed";
        return false;
    }
    if (::pipe2(out, O_CLOEXEC) != 0) {
        ::close(in[0]);
        ::close(in[1]);
        m_failure = "pipe failed";
        return false;
    }
    const int err = ::open(stderrFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    m_pid = ::fork();
    if (m_pid == 0) {
        ::dup2(in[0], 0);
        ::dup2(out[1], 1);
        if (err >= 0) ::dup2(err, 2);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    if (err >= 0) ::close(err);
    if (m_pid < 0) {
        ::close(in[1]);
        ::close(out[0]);
        m_failure = "fork failed";
        return false;
    }
    m_stdin = in[1];

    // "port N\n", at most 15 s.
    std::string said;
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    bool ended = false;
    while (said.find('\n') == std::string::npos && !ended) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{out[0], POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buf[256];
        const ssize_t n = ::read(out[0], buf, sizeof buf);
        if (n <= 0)
            ended = true;
        else
            said.append(buf, static_cast<size_t>(n));
    }
    ::close(out[0]);
    if (said.rfind("port ", 0) == 0 && said.find('\n') != std::string::npos) {
        m_port = std::atoi(said.c_str() + 5);
        if (m_port > 0) return true;
    }
    const std::string why = lastLine(errors());
    if (ended || said.find('\n') != std::string::npos)
        m_failure = "smtp_test_server.py did not start" + (why.empty() ? ", and said nothing" : ": " + why);
    else
        m_failure = "smtp_test_server.py did not listen within 15 s" + (why.empty() ? "" : ": " + why);
    stop();
    return false;
}

std::string SmtpTestServer::url(const std::string& scheme) const {
    return scheme + "://127.0.0.1:" + std::to_string(m_port);
}

std::vector<ReceivedMail> SmtpTestServer::received() const {
    std::vector<ReceivedMail> mails;
    for (const auto& json : messageFiles(m_mailDir)) {
        ReceivedMail mail;
        mail.meta = nlohmann::json::parse(fileText(json), nullptr, /*allow_exceptions=*/false);
        mail.eml = fs::path(json).replace_extension(".eml");
        mail.raw = fileText(mail.eml);
        mails.push_back(std::move(mail));
    }
    return mails;
}

size_t SmtpTestServer::receivedCount() const { return messageFiles(m_mailDir).size(); }

bool SmtpTestServer::waitForCount(size_t n, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (receivedCount() < n) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(20ms);
    }
    return true;
}

std::string SmtpTestServer::log() const { return fileText(m_dir.path() / "events.log"); }

size_t SmtpTestServer::countInLog(const std::string& needle) const {
    if (needle.empty()) return 0;
    const std::string text = log();
    size_t count = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
    return count;
}

std::string SmtpTestServer::errors() const { return fileText(m_dir.path() / "server.stderr"); }

fs::path SmtpTestServer::caFile() const { return m_haveCertificates ? m_dir.path() / "tls/ca.pem" : fs::path(); }

void SmtpTestServer::stop() {
    if (m_stdin >= 0) {
        ::close(m_stdin);
        m_stdin = -1;
    }
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    int status = 0;
    while (::waitpid(m_pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(10ms);
    }
    m_pid = -1;
}

}  // namespace qrgate::testing

#include "support/cups_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "support/file_text.hpp"
#include "support/process.hpp"

namespace qrgate::testing {

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kCupsd = "/usr/sbin/cupsd";
constexpr const char* kCupsPdfBackend = "/usr/lib/cups/backend/cups-pdf";
constexpr const char* kCupsPdfPpd = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd";

// A port nobody listens on right now (the kernel's pick). Another program could take it before
// cupsd binds it; start() then tries again with a new one.
int freeLoopbackPort() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = 0;
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    ::close(s);
    return port;
}

bool accepts(int port) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(s);
    return ok;
}

void writeText(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

std::string lastLine(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (auto nl = text.rfind('\n'); nl != std::string::npos) text = text.substr(nl + 1);
    return text;
}

// cups-pdf's settings as PPD options: each one's default is the value. Relative folders (see
// the header for why); Grp must name a group that exists, or the backend crashes.
std::string cupsPdfPpd(const std::string& outDir) {
    std::string ppd = fileText(kCupsPdfPpd);
    const group* g = ::getgrgid(::getegid());
    const std::string groupName = g ? g->gr_name : "root";
    std::string settings;
    for (auto [key, value] : {std::pair<std::string, std::string>{"Out", outDir},
                              {"AnonDirName", outDir},
                              {"Spool", "cups-pdf-spool"},
                              {"Log", "log"},
                              {"GSTmp", "cups-pdf-spool"},
                              {"Grp", groupName}}) {
        settings += "*OpenUI *" + key + "/" + key + ": PickOne\n*Default" + key + ": " + value + "\n*" + key +
                    " Test/Test: \"\"\n*CloseUI: *" + key + "\n\n";
    }
    const std::string anchor = "*CloseGroup: General";
    auto at = ppd.find(anchor);
    if (at == std::string::npos) return "";
    ppd.insert(at, settings);
    return ppd;
}

}  // namespace

bool PrivateCupsServer::start() {
    if (m_pid > 0) return true;
    if (::access(kCupsd, X_OK) != 0) {
        m_failure = std::string("no ") + kCupsd + " (install Debian's cups package)";
        return false;
    }
    const fs::path root = m_dir.path();
    // cupsd runs filters as the lp user: they must reach the spool inside our folder.
    ::chmod(root.c_str(), 0755);
    for (const char* sub : {"conf", "conf/ppd", "spool", "spool/tmp", "cache", "state", "state/certs", "log",
                            "cups-pdf-spool"})
        fs::create_directories(root / sub);
    ::chmod((root / "spool/tmp").c_str(), 01777);
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (launch()) return true;
        if (m_failure.find("bind") == std::string::npos && m_failure.find("in use") == std::string::npos) return false;
    }
    return false;
}

bool PrivateCupsServer::launch() {
    const fs::path root = m_dir.path();
    m_port = freeLoopbackPort();
    if (m_port == 0) {
        m_failure = "no free port on 127.0.0.1";
        return false;
    }
    // Loopback only; no browsing, sharing or web pages; anyone local may administer it (only
    // this test can reach it). A failing backend aborts the job instead of holding the queue.
    writeText(root / "conf/cupsd.conf",
              "LogLevel debug\n"
              "Listen 127.0.0.1:" + std::to_string(m_port) + "\n"
              "Browsing No\nBrowseLocalProtocols none\nWebInterface No\nDefaultShared No\n"
              "DefaultAuthType None\nErrorPolicy abort-job\nPreserveJobFiles No\n"
              "<Location />\n  Order allow,deny\n  Allow from 127.0.0.1\n</Location>\n"
              "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n");
    writeText(root / "conf/cups-files.conf",
              "ServerRoot " + (root / "conf").string() + "\nRequestRoot " + (root / "spool").string() +
                  "\nTempDir " + (root / "spool/tmp").string() + "\nCacheDir " + (root / "cache").string() +
                  "\nStateDir " + (root / "state").string() + "\nErrorLog " + (root / "log/error_log").string() +
                  "\nAccessLog " + (root / "log/access_log").string() + "\nPageLog " +
                  (root / "log/page_log").string() + "\n");
    const fs::path stderrFile = root / "log/cupsd.stderr";
    const std::string conf = (root / "conf/cupsd.conf").string(), files = (root / "conf/cups-files.conf").string();
    m_pid = ::fork();
    if (m_pid == 0) {
        // Its own process group, so stop() reaches the filters and backends it starts; our
        // folder as its working folder, for cups-pdf's relative paths.
        ::setpgid(0, 0);
        if (::chdir(root.c_str()) != 0) ::_exit(126);
        int out = ::open(stderrFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int null = ::open("/dev/null", O_RDONLY);
        if (out >= 0) {
            ::dup2(out, 1);
            ::dup2(out, 2);
        }
        if (null >= 0) ::dup2(null, 0);
        ::execl(kCupsd, "cupsd", "-f", "-c", conf.c_str(), "-s", files.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    if (m_pid < 0) {
        m_failure = "fork failed";
        return false;
    }
    ::setpgid(m_pid, m_pid);  // also here: stop() may come before the child ran its own
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            std::string why = problems();
            if (why.empty()) why = fileText(stderrFile);
            m_failure = "cupsd exited (" +
                        (WIFEXITED(status) ? "status " + std::to_string(WEXITSTATUS(status))
                                           : "signal " + std::to_string(WTERMSIG(status))) +
                        "): " + (why.empty() ? "it said nothing" : lastLine(why));
            return false;
        }
        if (accepts(m_port)) return true;
        std::this_thread::sleep_for(50ms);
    }
    m_failure = "cupsd did not listen on " + address() + " within 15 s: " + lastLine(problems());
    stop();
    return false;
}

bool PrivateCupsServer::runAdminCommand(const std::vector<std::string>& argv) {
    auto r = runProcess(argv, "", 30, {"CUPS_SERVER=" + address()});
    if (r.exitCode == 0) return true;
    m_failure = argv[0] + " failed (exit " + std::to_string(r.exitCode) + "): " + lastLine(r.err);
    return false;
}

bool PrivateCupsServer::enable(const std::string& name) {
    return runAdminCommand({"/usr/sbin/cupsenable", "-h", address(), name}) &&
           runAdminCommand({"/usr/sbin/cupsaccept", "-h", address(), name});
}

std::string PrivateCupsServer::pdfQueueUnavailable() {
    if (::access(kCupsPdfPpd, R_OK) != 0) return std::string("no ") + kCupsPdfPpd + " (install printer-driver-cups-pdf)";
    if (::access(kCupsPdfBackend, X_OK) != 0)
        return std::string(kCupsPdfBackend) + " cannot run: it runs only as root (mode 0700), and this test is not root" +
               " (or printer-driver-cups-pdf is not installed)";
    return "";
}

fs::path PrivateCupsServer::addPdfQueue(const std::string& name) {
    if (auto why = pdfQueueUnavailable(); !why.empty()) {
        m_failure = why;
        return {};
    }
    const fs::path root = m_dir.path();
    const std::string outName = "out-" + name;
    fs::create_directories(root / outName);
    // cups-pdf writes as the job's user; let anyone write here (our folder only).
    ::chmod((root / outName).c_str(), 0777);
    const std::string ppd = cupsPdfPpd(outName);
    if (ppd.empty()) {
        m_failure = std::string(kCupsPdfPpd) + " has no General group to add the test's settings to";
        return {};
    }
    const fs::path ppdFile = root / (name + ".ppd");
    writeText(ppdFile, ppd);
    // The pdftops renderer keeps text as text (the default turns it into outlines), so a test
    // can read back what it printed.
    if (!runAdminCommand({"/usr/sbin/lpadmin", "-h", address(), "-p", name, "-E", "-v", "cups-pdf:/", "-P",
                          ppdFile.string(), "-o", "pdftops-renderer-default=pdftops"}) ||
        !enable(name))
        return {};
    return root / outName;
}

fs::path PrivateCupsServer::pageLog() const { return m_dir.path() / "log/page_log"; }

std::string PrivateCupsServer::problems() const {
    std::istringstream log(fileText(m_dir.path() / "log/error_log"));
    std::string line, result;
    while (std::getline(log, line))
        if (line.rfind("E ", 0) == 0 || line.rfind("W ", 0) == 0) result += line + "\n";
    return result;
}

void PrivateCupsServer::stop() {
    if (m_pid <= 0) return;
    ::kill(-m_pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    int status = 0;
    while (::waitpid(m_pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(-m_pid, SIGKILL);
            ::waitpid(m_pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(20ms);
    }
    m_pid = -1;
}

fs::path waitForPdf(const fs::path& folder, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    do {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(folder, ec)) {
            const std::string text = fileText(entry.path());
            const auto tail = text.size() > 64 ? text.substr(text.size() - 64) : text;
            if (text.rfind("%PDF-", 0) == 0 && tail.find("%%EOF") != std::string::npos) return entry.path();
        }
        std::this_thread::sleep_for(100ms);
    } while (std::chrono::steady_clock::now() < deadline);
    return {};
}

}  // namespace qrgate::testing

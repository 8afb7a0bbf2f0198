#include "node_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/process.hpp"

namespace qrgate::testing {

NodeProcess::NodeProcess(std::filesystem::path dataDir, std::vector<std::string> extraArgs, int port)
    : m_data(std::move(dataDir)), m_args(std::move(extraArgs)), m_port(port), m_stderr(m_data.string() + ".stderr") {}

NodeProcess::~NodeProcess() {
    if (m_pid > 0) kill(SIGKILL);
}

void NodeProcess::start() {
    if (m_pid > 0) throw std::logic_error("node already running");
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    std::vector<std::string> argv{qrgateBinary(), "--data", m_data.string(), "serve", "--listen",
                                  "127.0.0.1:" + std::to_string(m_port)};
    argv.insert(argv.end(), m_args.begin(), m_args.end());
    argv.insert(argv.begin(), m_wrapper.begin(), m_wrapper.end());
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        int err = ::open(m_stderr.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (err >= 0) dup2(err, 2);
        std::vector<char*> args;
        for (auto& a : argv) args.push_back(a.data());
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    close(out[1]);
    m_pid = pid;
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (line.find('\n') == std::string::npos) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{out[0], POLLIN, 0};
        if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
        char c;
        if (read(out[0], &c, 1) != 1) break;
        line.push_back(c);
    }
    close(out[0]);  // later lines (none expected) would get SIGPIPE-free EPIPE: the node ignores it
    const std::string prefix = "listening on ";
    if (line.rfind(prefix, 0) != 0) {
        kill(SIGKILL);
        throw std::runtime_error("serve did not start: '" + line + "' " + stderrText());
    }
    m_url = line.substr(prefix.size(), line.size() - prefix.size() - 1);
    m_port = std::stoi(m_url.substr(m_url.rfind(':') + 1));
}

void NodeProcess::kill(int signal) {
    if (m_pid <= 0) return;
    ::kill(m_pid, signal);
    waitpid(m_pid, nullptr, 0);
    m_pid = -1;
}

int NodeProcess::terminate() {
    if (m_pid <= 0) return -1;
    ::kill(m_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 200; ++i) {
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(SIGKILL);
    return -1;
}

std::string NodeProcess::stderrText() const {
    std::ifstream in(m_stderr);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

ApiClient::ApiClient(const std::string& url, const std::string& token)
    : m_client(std::make_unique<sync::LeaderClient>(sync::NodeAddress::parse(url).value(), token, "")) {}

namespace {
ApiClient::Answer toAnswer(const sync::HttpAnswer& a) {
    ApiClient::Answer out;
    out.status = a.status;
    out.raw = a.body;
    out.body = nlohmann::json::parse(a.body, nullptr, false);
    return out;
}
}  // namespace

ApiClient::Answer ApiClient::get(const std::string& path, std::chrono::milliseconds timeout) {
    return toAnswer(m_client->get(path, timeout));
}

ApiClient::Answer ApiClient::post(const std::string& path, const nlohmann::json& body, std::chrono::milliseconds timeout) {
    return toAnswer(m_client->post(path, body.dump(), timeout));
}

ApiClient::Answer ApiClient::postRaw(const std::string& path, const std::string& body, std::chrono::milliseconds timeout) {
    return toAnswer(m_client->post(path, body, timeout));
}

std::string qrgateOut(const std::filesystem::path& dataDir, std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", dataDir.string()});
    auto r = runQrgate(args);
    if (r.exitCode != 0) throw std::runtime_error("qrgate failed: " + r.err);
    return r.out;
}

std::string makeEvent(const std::filesystem::path& dataDir, int count, std::vector<std::string>& qrCodes,
                      std::vector<std::string>& ticketIds) {
    auto id = qrgateOut(dataDir, {"event", "create", "--name", "Sync fest"});
    id = id.substr(0, id.find('\n'));
    auto tickets = nlohmann::json::parse(
        qrgateOut(dataDir, {"tickets", "issue", "--event", id, "--count", std::to_string(count), "--json"}));
    for (const auto& t : tickets) {
        qrCodes.push_back(t["qrData"]);
        ticketIds.push_back(t["id"]);
    }
    return id;
}

nlohmann::json scanBody(const std::string& qr, const std::string& gate, const std::string& device) {
    return {{"qrData", qr}, {"gateId", gate}, {"deviceId", device}};
}

}  // namespace qrgate::testing

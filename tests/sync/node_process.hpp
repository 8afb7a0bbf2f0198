#pragma once
// Runs `qrgate serve` as a child process the way an operator (or an outside test) does: reads
// the "listening on URL" line, talks to it over loopback, and stops or kills it.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/leader_client.hpp"

namespace qrgate::testing {

class NodeProcess {
public:
    // `dataDir` is the node's data folder; `extraArgs` follow "serve --listen 127.0.0.1:PORT".
    NodeProcess(std::filesystem::path dataDir, std::vector<std::string> extraArgs, int port = 0);
    ~NodeProcess();

    // Runs the node through another program: `wrapper` comes first on the command line, then
    // qrgate's own arguments (for example `unshare -m sh -c 'mount ...; exec "$@"' sh`).
    void setWrapper(std::vector<std::string> wrapper) { m_wrapper = std::move(wrapper); }
    void start();                  // waits (at most 15 s) for the listening line; throws on failure
    void kill(int signal = 9);     // sends the signal and reaps the process
    int terminate();               // SIGTERM, returns the exit code (-1 when it had to be killed)
    void restart() { start(); }    // same folder, same port
    bool running() const { return m_pid > 0; }
    pid_t pid() const { return m_pid; }

    const std::string& url() const { return m_url; }
    int port() const { return m_port; }
    std::string stderrText() const;
    const std::filesystem::path& dataDir() const { return m_data; }

private:
    std::filesystem::path m_data;
    std::vector<std::string> m_args;
    std::vector<std::string> m_wrapper;
    int m_port;
    pid_t m_pid = -1;
    std::string m_url;
    std::filesystem::path m_stderr;
};

// A JSON client for one node with one token (keep-alive connections, certificate trusted on
// first use, like `curl -k` but pinned after the first contact).
class ApiClient {
public:
    ApiClient(const std::string& url, const std::string& token);
    struct Answer {
        int status = 0;
        nlohmann::json body;
        std::string raw;
    };
    Answer get(const std::string& path, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    Answer post(const std::string& path, const nlohmann::json& body,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));
    Answer postRaw(const std::string& path, const std::string& body,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10));

private:
    std::unique_ptr<sync::LeaderClient> m_client;
};

// Runs the qrgate CLI on a data folder and returns its standard output (asserting exit 0).
std::string qrgateOut(const std::filesystem::path& dataDir, std::vector<std::string> args);

// An event with `count` tickets in `dataDir`; returns the event id and fills qr codes and ids.
std::string makeEvent(const std::filesystem::path& dataDir, int count, std::vector<std::string>& qrCodes,
                      std::vector<std::string>& ticketIds);

nlohmann::json scanBody(const std::string& qr, const std::string& gate, const std::string& device = "test");

}  // namespace qrgate::testing

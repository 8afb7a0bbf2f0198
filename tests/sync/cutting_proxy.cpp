#include "cutting_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace qrgate::testing {

CuttingProxy::CuttingProxy(int targetPort) : m_targetPort(targetPort) {
    if (pipe(m_stopPipe) != 0) throw std::runtime_error("pipe");
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(m_listen, 64) != 0 ||
        getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        throw std::runtime_error("proxy: cannot listen on 127.0.0.1");
    m_port = ntohs(a.sin_port);
    m_acceptThread = std::thread([this] { acceptLoop(); });
}

CuttingProxy::~CuttingProxy() {
    m_stopping = true;
    (void)!write(m_stopPipe[1], "x", 1);
    m_acceptThread.join();
    for (auto& t : m_relays) t.join();
    close(m_listen);
    close(m_stopPipe[0]);
    close(m_stopPipe[1]);
}

void CuttingProxy::cutNextAnswerTo(std::string marker, std::function<void()> onCut) {
    std::lock_guard lock(m_mutex);
    m_marker = std::move(marker);
    m_onCut = std::move(onCut);
}

void CuttingProxy::acceptLoop() {
    while (!m_stopping) {
        pollfd p[2] = {{m_listen, POLLIN, 0}, {m_stopPipe[0], POLLIN, 0}};
        if (poll(p, 2, 1000) <= 0 || (p[1].revents & POLLIN)) continue;
        int client = accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        m_relays.emplace_back([this, client] { relay(client); });
    }
}

void CuttingProxy::relay(int client) {
    int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(m_targetPort));
    if (connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {  // leader down: refuse
        close(server);
        close(client);
        return;
    }
    int one = 1;
    setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    bool cutThisAnswer = false;
    char buf[16384];
    while (!m_stopping) {
        pollfd p[3] = {{client, POLLIN, 0}, {server, POLLIN, 0}, {m_stopPipe[0], POLLIN, 0}};
        if (poll(p, 3, 1000) < 0 || (p[2].revents & POLLIN)) break;
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = read(client, buf, sizeof buf);
            if (n <= 0) break;
            {
                std::lock_guard lock(m_mutex);
                if (!m_marker.empty() && std::string(buf, static_cast<std::size_t>(n)).find(m_marker) != std::string::npos) {
                    cutThisAnswer = true;
                    m_marker.clear();
                }
            }
            if (write(server, buf, static_cast<std::size_t>(n)) != n) break;
        }
        if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = read(server, buf, sizeof buf);
            if (n <= 0) break;
            if (cutThisAnswer) {  // the leader answered: that answer is lost
                std::function<void()> onCut;
                {
                    std::lock_guard lock(m_mutex);
                    onCut = std::move(m_onCut);
                }
                if (onCut) onCut();
                m_cut = true;
                break;
            }
            if (write(client, buf, static_cast<std::size_t>(n)) != n) break;
        }
    }
    close(server);
    close(client);
}

}  // namespace qrgate::testing

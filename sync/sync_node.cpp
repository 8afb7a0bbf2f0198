#include "sync/sync_node.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <httplib.h>

#include "core/checkin/conflict_log.hpp"
#include "core/base/crypto.hpp"
#include "core/store/data_folder.hpp"
#include "sync/guarded_server.hpp"
#include "sync/node_config.hpp"
#include "sync/node_impl.hpp"

namespace qrgate::sync {

namespace {

// The address to print for a wildcard listen: the first LAN IPv4 address, which is what a kiosk
// types; loopback when the machine has none.
std::string displayHost(const std::string& host) {
    if (host != "0.0.0.0" && host != "::" && !host.empty()) return host.find(':') != std::string::npos ? "[" + host + "]" : host;
    std::string found = "127.0.0.1";
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return found;
    for (auto* a = list; a; a = a->ifa_next) {
        if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
        char buf[INET_ADDRSTRLEN];
        auto* in = reinterpret_cast<sockaddr_in*>(a->ifa_addr);
        if (!inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf)) continue;
        if (std::string(buf).rfind("127.", 0) == 0) continue;
        found = buf;
        break;
    }
    freeifaddrs(list);
    return found;
}

// Runs `change` on the node's database (its own connection, from the calling thread).
Status withDatabase(const std::filesystem::path& file, const std::function<void(Database&)>& change) {
    auto db = Database::open(file);
    if (!db) return db.error();
    try {
        change(**db);
    } catch (const std::exception& e) {
        return Error{"database_error", e.what()};
    }
    return success();
}

}  // namespace

std::shared_ptr<FollowerLink> SyncNode::Impl::makeLink(const LeaderSettings& leader) {
    FollowerLink::Hooks hooks;
    hooks.replicaChanged = [this] { notifier->poke(); };
    hooks.log = [this](const std::string& line) { log(line); };
    hooks.pinLearned = [this, url = leader.url](const std::string& fp) {
        log("pinned the leader's certificate " + fp + " (trusted on first use)");
        (void)withDatabase(databaseFile, [&](Database& db) { node_config::pin(db, url, fp); });
    };
    return std::make_shared<FollowerLink>(databaseFile, leader, options.forwardTimeout, std::move(hooks));
}

Status SyncNode::Impl::promote() {
    std::shared_ptr<FollowerLink> old;
    {
        std::lock_guard lock(roleMutex);
        old = std::move(link);
        link.reset();
    }
    if (old) old->stop();
    auto saved = withDatabase(databaseFile, [](Database& db) { node_config::lead(db); });
    log("promoted: this node is now the leader; re-point the other followers to " + url);
    return saved;
}

Status SyncNode::Impl::repoint(const LeaderSettings& leader) {
    auto address = NodeAddress::parse(leader.url);
    if (!address) return address.error();
    LeaderSettings settings = leader;
    settings.url = address->url();
    if (settings.fingerprint.empty())
        (void)withDatabase(databaseFile, [&](Database& db) { settings.fingerprint = node_config::pinnedFingerprint(db, settings.url); });
    auto fresh = makeLink(settings);
    std::shared_ptr<FollowerLink> old;
    {
        std::lock_guard lock(roleMutex);
        old = std::move(link);
        link = fresh;
    }
    if (old) old->stop();
    fresh->start();
    if (!leader.fingerprint.empty())
        (void)withDatabase(databaseFile, [&](Database& db) { node_config::pin(db, settings.url, leader.fingerprint); });
    log("following the leader at " + settings.url);
    return success();
}

SyncNode::SyncNode(std::unique_ptr<Impl> impl) : m(std::move(impl)) {}

SyncNode::~SyncNode() { stop(); }

Result<std::unique_ptr<SyncNode>> SyncNode::start(NodeOptions options) {
    auto impl = std::make_unique<Impl>();
    auto& n = *impl;
    n.options = std::move(options);
    auto folder = DataFolder::prepare(n.options.dataDir);
    if (!folder) return folder.error();
    n.databaseFile = folder->databaseFile();
    {
        auto db = folder->openDatabase();  // migrates before any thread opens it
        if (!db) return db.error();
        n.nodeId = node_config::nodeId(**db);
        if (n.options.leader) {
            auto address = NodeAddress::parse(n.options.leader->url);
            if (!address) return address.error();
            n.options.leader->url = address->url();
            if (n.options.leader->token.empty()) return Error{"no_token", "A follower needs the leader's device token."};
            if (n.options.leader->fingerprint.empty())
                n.options.leader->fingerprint = node_config::pinnedFingerprint(**db, n.options.leader->url);
            else
                node_config::pin(**db, n.options.leader->url, n.options.leader->fingerprint);
        }
    }
    if (!n.options.plainHttp) {
        auto tls = ensureTlsIdentity(n.options.dataDir / "tls", "qrgate node " + n.nodeId);
        if (!tls) return tls.error();
        n.tls = *tls;
    }
    try {
        n.sessions = std::make_unique<SessionPool>(n.databaseFile);
        n.notifier = std::make_unique<FeedNotifier>(n.databaseFile);
        n.admissions = std::make_unique<AdmissionQueue>(n.databaseFile, [&n] { n.notifier->poke(); });
        n.localGate = std::make_unique<NodeGate>(*n.admissions, *n.sessions, [&n] { n.notifier->poke(); });
        n.decider = std::make_unique<GateDecider>(*n.localGate, [&n] { return n.currentLink(); });
    } catch (const std::exception& e) {
        return Error{"database_error", e.what()};
    }

    n.connections = std::make_shared<ConnectionRegistry>(n.options.connectionLimits);
    n.server = makeGuardedServer(n.connections, n.tls ? &*n.tls : nullptr);
    if (!n.server->is_valid())
        return Error{"tls", "Cannot load the TLS certificate from " + n.tls->certFile.parent_path().string()};
    auto& server = *n.server;
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(100000);
    server.set_keep_alive_timeout(2);
    server.set_write_timeout(5, 0);  // reads end at the request deadline instead (guarded_server.hpp)
    server.set_payload_max_length(2 * 1024 * 1024);
    int listenFd = -1;
    server.set_socket_options([&listenFd](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listenFd = sock;
    });
    registerRoutes(server, n);

    int port = n.options.port;
    if (port == 0) {
        port = server.bind_to_any_port(n.options.host);
        if (port <= 0) return Error{"bind", "Cannot listen on " + n.options.host + " (any port)."};
    } else if (!server.bind_to_port(n.options.host, port)) {
        return Error{"bind", "Cannot listen on " + n.options.host + ":" + std::to_string(port) +
                                 " (in use, or not an address of this machine)."};
    }
    // httplib listens with a backlog of 5; twenty gates connecting at once would see drops.
    if (listenFd >= 0) ::listen(listenFd, 512);
    n.listenThread = std::thread([&server] { server.listen_after_bind(); });
    for (int i = 0; i < 400 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    n.url = std::string(n.tls ? "https://" : "http://") + displayHost(n.options.host) + ":" + std::to_string(port);

    if (n.options.leader) {
        n.link = n.makeLink(*n.options.leader);
        n.link->start();
    }
    return std::unique_ptr<SyncNode>(new SyncNode(std::move(impl)));
}

std::shared_ptr<FollowerLink> SyncNode::followerLink() const { return m->currentLink(); }
GateDecider& SyncNode::decider() { return *m->decider; }
const std::string& SyncNode::url() const { return m->url; }

const std::string& SyncNode::fingerprint() const {
    static const std::string none;
    return m->tls ? m->tls->fingerprint : none;
}

const std::string& SyncNode::nodeId() const { return m->nodeId; }

NodeStatus SyncNode::status() {
    NodeStatus s;
    s.url = m->url;
    s.nodeId = m->nodeId;
    s.fingerprint = fingerprint();
    auto link = m->currentLink();
    s.role = link ? "follower" : "leader";
    if (link) s.link = link->status();
    try {
        auto session = m->sessions->acquire();
        s.conflicts = ConflictLog(session.db()).count();
    } catch (const std::exception&) {
    }
    return s;
}

Status SyncNode::promote() { return m->promote(); }

Status SyncNode::repoint(LeaderSettings leader) { return m->repoint(leader); }

Result<PairingInvite> SyncNode::invite(DeviceRole role, std::chrono::minutes validFor) {
    if (m->currentLink()) return Error{"not_leader", "Pair kiosks with the leader."};
    auto session = m->sessions->acquire();
    auto code = DeviceRegistry(session.db()).createPairingCode(role, validFor);
    if (!code) return code.error();
    PairingInvite invite{m->url, code->code, fingerprint()};
    invite.expiresAt = code->expiresAt;
    return invite;
}

PairingCodeState SyncNode::pairingCodeState(const std::string& code) {
    auto session = m->sessions->acquire();
    return DeviceRegistry(session.db()).pairingCodeState(code);
}

void SyncNode::stop() {
    if (!m || m->stopped) return;
    m->stopped = true;
    if (auto link = m->currentLink()) link->stop();
    m->notifier->stop();         // wakes long polls so their workers can finish
    m->connections->closeAll();  // wakes every connection's worker; new ones are refused
    m->server->stop();
    if (m->listenThread.joinable()) m->listenThread.join();
    m->admissions->stop();
}

}  // namespace qrgate::sync

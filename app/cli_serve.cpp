// qrgate serve: a headless node (leader, or follower of --leader).
#include <signal.h>

#include <cstdio>
#include <iostream>

#include "app/cli_context.hpp"
#include "sync/sync_node.hpp"
#include "sync/tls_identity.hpp"

namespace qrgate::cli {

namespace {
constexpr const char* kHelp = R"(usage:
  qrgate [--data DIR] serve [--listen HOST:PORT] [--leader URL --token T] [--fingerprint F]
                            [--plain-http] [--forward-timeout MS]
        runs a headless node until SIGINT or SIGTERM. The first line on standard output is
        "listening on URL" once it accepts requests; log lines go to standard error.
        --listen      address and port (default 0.0.0.0:8443; port 0 picks a free one)
        --leader URL  follow this leader with the device token T (from 'qrgate device add' on
                      the leader); without --leader a data folder joined with 'qrgate device
                      join' follows its leader, any other runs as the leader
        --fingerprint the leader's certificate SHA-256 fingerprint, pinned up front; without it
                      the first certificate seen is trusted and pinned in the data folder
        --plain-http  serve (and talk to the leader) without TLS; only on a trusted network
        --forward-timeout  how long a follower waits for the leader before deciding a scan from
                      its replica (default 300 ms)
)";

bool parseListen(const std::string& text, std::string& host, int& port) {
    std::string h = text, p;
    if (!text.empty() && text[0] == '[') {
        auto close = text.find(']');
        if (close == std::string::npos) return false;
        h = text.substr(1, close - 1);
        if (close + 1 < text.size()) {
            if (text[close + 1] != ':') return false;
            p = text.substr(close + 2);
        }
    } else if (auto colon = text.rfind(':'); colon != std::string::npos) {
        h = text.substr(0, colon);
        p = text.substr(colon + 1);
    } else if (text.find_first_not_of("0123456789") == std::string::npos) {
        h = "";
        p = text;
    }
    if (h.empty()) h = "0.0.0.0";
    if (p.empty()) return false;
    try {
        std::size_t used = 0;
        port = std::stoi(p, &used);
        if (used != p.size() || port < 0 || port > 65535) return false;
    } catch (const std::exception&) {
        return false;
    }
    host = h;
    return true;
}
}  // namespace

int runServeCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    Args args(tokens, {{"--listen", "--leader", "--token", "--fingerprint", "--forward-timeout"}, {"--plain-http"}});
    if (args.flag("--help")) {
        std::cout << kHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "serve");
    if (!args.positionals().empty()) return usage("serve takes no arguments", "serve");

    sync::NodeOptions options;
    options.dataDir = ctx.dataDir;
    options.plainHttp = args.flag("--plain-http");
    if (auto listen = args.value("--listen"); listen && !parseListen(*listen, options.host, options.port))
        return usage("--listen takes HOST:PORT, e.g. 127.0.0.1:8443 or 0.0.0.0:0", "serve");
    if (auto ms = args.value("--forward-timeout")) {
        try {
            std::size_t used = 0;
            int v = std::stoi(*ms, &used);
            if (used != ms->size() || v < 1 || v > 60000) throw std::out_of_range("ms");
            options.forwardTimeout = std::chrono::milliseconds(v);
        } catch (const std::exception&) {
            return usage("--forward-timeout takes milliseconds from 1 to 60000", "serve");
        }
    }
    std::string fingerprint;
    if (auto fp = args.value("--fingerprint")) {
        auto normalized = sync::normalizeFingerprint(*fp);
        if (!normalized) return usage("--fingerprint takes the 64 hex digits of a SHA-256 fingerprint", "serve");
        fingerprint = *normalized;
    }
    if (args.has("--token") && !args.has("--leader")) return usage("--token goes with --leader URL", "serve");

    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    if (auto leader = args.value("--leader")) {
        auto token = args.value("--token");
        if (!token && db->setting(sync::node_settings::kLeaderUrl) == *leader)
            token = db->setting(sync::node_settings::kLeaderToken);
        if (!token || token->empty()) return usage("--leader needs --token T (a device token of the leader)", "serve");
        options.leader = sync::LeaderSettings{*leader, *token, fingerprint};
    } else if (db->setting(sync::node_settings::kRole) == "follower" &&
               !db->setting(sync::node_settings::kLeaderUrl).empty()) {
        options.leader = sync::LeaderSettings{db->setting(sync::node_settings::kLeaderUrl),
                                              db->setting(sync::node_settings::kLeaderToken), fingerprint};
    } else if (!fingerprint.empty()) {
        return usage("--fingerprint pins a leader's certificate; it goes with --leader URL", "serve");
    }
    db.reset();

    // Signals are taken by sigwait below: block them before any thread starts, so every thread
    // inherits the mask. A peer closing its socket must not kill the node.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    options.log = [](const std::string& line) { std::cerr << "qrgate: " + line + "\n" << std::flush; };
    auto node = sync::SyncNode::start(options);
    if (!node) return fail(node.error().message);
    std::cout << "listening on " << (*node)->url() << std::endl;  // the contract's first line, flushed
    const auto status = (*node)->status();
    std::cerr << "qrgate: " << status.role << " node " << status.nodeId
              << ((*node)->fingerprint().empty() ? std::string(" (plain http)")
                                                 : "; certificate SHA-256 fingerprint " + (*node)->fingerprint())
              << (options.leader ? "; following " + options.leader->url : "") << "\n";

    int signal = 0;
    sigwait(&stopSignals, &signal);
    std::cerr << "qrgate: stopping (" << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ")\n";
    (*node)->stop();
    return kExitOk;
}

}  // namespace qrgate::cli

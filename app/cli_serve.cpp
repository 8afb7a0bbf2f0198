// qrgate serve: a headless node (leader, or follower of --leader).
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <optional>

#include "app/cli_context.hpp"
#include "sync/node_config.hpp"
#include "sync/sync_node.hpp"
#include "sync/tls_identity.hpp"

namespace qrgate::cli {

namespace {
constexpr const char* kHelp = R"(usage:
  qrgate [--data DIR] serve [--listen HOST:PORT] [--leader URL --token T] [--fingerprint F]
                            [--plain-http] [--forward-timeout MS] [--max-connections N]
                            [--max-pending-per-address N] [--request-deadline-ms MS]
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
        Against slow or idle connections (see docs/sync.md):
        --max-connections N   open connections in all (default 512); beyond it the oldest
                      connection that has not authenticated is closed, or the new one refused
        --max-pending-per-address N   connections of one address that have not authenticated
                      with a device token (default 32); beyond it the oldest of them is closed
        --request-deadline-ms MS   time a connection has for its TLS handshake and each whole
                      request (default 10000)
)";

// A whole number from `min` to `max`, or nothing.
std::optional<long> parseBounded(const std::string& text, long min, long max) {
    try {
        std::size_t used = 0;
        const long v = std::stol(text, &used);
        if (used == text.size() && v >= min && v <= max) return v;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

}  // namespace

int runServeCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    Args args(tokens, {{"--listen", "--leader", "--token", "--fingerprint", "--forward-timeout", "--max-connections",
                        "--max-pending-per-address", "--request-deadline-ms"},
                       {"--plain-http"}});
    if (args.flag("--help")) {
        std::cout << kHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "serve");
    if (!args.positionals().empty()) return usage("serve takes no arguments", "serve");

    sync::NodeOptions options;
    options.dataDir = ctx.dataDir;
    options.plainHttp = args.flag("--plain-http");
    if (auto listen = args.value("--listen")) {
        auto address = sync::ListenAddress::parse(*listen);
        if (!address) return usage("--listen: " + address.error().message, "serve");
        options.host = address->host;
        options.port = address->port;
    }
    if (auto ms = args.value("--forward-timeout")) {
        auto v = parseBounded(*ms, 1, 60000);
        if (!v) return usage("--forward-timeout takes milliseconds from 1 to 60000", "serve");
        options.forwardTimeout = std::chrono::milliseconds(*v);
    }
    auto& limits = options.connectionLimits;
    if (auto n = args.value("--max-connections")) {
        auto v = parseBounded(*n, 16, 65536);
        if (!v) return usage("--max-connections takes a number from 16 to 65536", "serve");
        limits.maxConnections = static_cast<std::size_t>(*v);
    }
    if (auto n = args.value("--max-pending-per-address")) {
        auto v = parseBounded(*n, 1, 65536);
        if (!v) return usage("--max-pending-per-address takes a number from 1 to 65536", "serve");
        limits.maxPendingPerAddress = static_cast<std::size_t>(*v);
    }
    if (auto ms = args.value("--request-deadline-ms")) {
        auto v = parseBounded(*ms, 100, 600000);
        if (!v) return usage("--request-deadline-ms takes milliseconds from 100 to 600000", "serve");
        limits.requestDeadline = std::chrono::milliseconds(*v);
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
    const auto leader = sync::node_config::chooseLeader(*db, args.value("--leader").value_or(""),
                                                        args.value("--token").value_or(""), fingerprint, false);
    if (args.has("--leader") && !leader.settings)
        return usage("--leader needs --token T (a device token of the leader)", "serve");
    options.leader = leader.settings;
    if (!options.leader && !fingerprint.empty()) {
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

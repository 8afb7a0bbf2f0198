// qrgate device add|list|revoke|pair|join|promote|fingerprint
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli_context.hpp"
#include "core/replica/device_registry.hpp"
#include "core/base/time_format.hpp"
#include "sync/node_config.hpp"
#include "sync/pairing.hpp"
#include "sync/sync_node.hpp"
#include "sync/tls_identity.hpp"

namespace qrgate::cli {

namespace {
constexpr const char* kHelp = R"(usage:
  qrgate [--data DIR] device add --name N [--role gate|admin] [--json]
        provisions a device headlessly and prints its token (shown once). A gate token may check
        in, validate, read tickets, stats and the change feed; an admin token may also issue
        tickets and manage devices (POST /api/events/ID/tickets needs one).
  qrgate [--data DIR] device list [--json]
  qrgate [--data DIR] device revoke ID|NAME        the device's token stops working at once
  qrgate [--data DIR] device pair [--role gate|admin] [--minutes M] [--url URL]
        prints a one-time pairing code (valid M minutes, default 10) and, with the URL the
        leader serves on, the invitation a kiosk scans or types
  qrgate [--data DIR] device join INVITE --name N
  qrgate [--data DIR] device join --leader URL --code CODE --name N [--fingerprint F]
        pairs this data folder with a leader; 'qrgate serve' then follows it
  qrgate [--data DIR] device promote
        makes this (follower's) data folder the leader: 'qrgate serve' then leads with its
        replica. Re-point the other followers with 'serve --leader NEW_URL --token T'
  qrgate [--data DIR] device fingerprint           this node's certificate fingerprint
)";

nlohmann::json deviceJson(const Device& d) {
    return {{"id", d.id},
            {"name", d.name},
            {"role", toString(d.role)},
            {"createdAt", formatIsoUtc(d.createdAt)},
            {"lastSeen", d.lastSeen ? nlohmann::json(formatIsoUtc(*d.lastSeen)) : nlohmann::json(nullptr)},
            {"revoked", d.revokedAt.has_value()}};
}

int add(const Context& ctx, const Args& args) {
    auto name = args.value("--name");
    if (!name || name->empty()) return usage("device add needs --name N", "device");
    auto role = parseDeviceRole(args.value("--role").value_or("gate"));
    if (!role) return usage("--role is gate or admin", "device");
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    auto added = DeviceRegistry(*db).add(*name, *role);
    if (!added) return fail(added.error().message);
    if (args.flag("--json")) {
        auto j = deviceJson(added->device);
        j["token"] = added->token;
        std::cout << j.dump() << "\n";
    } else {
        std::cout << added->token << "\n";
        std::cerr << "Device " << added->device.id << " (" << *name << ", " << toString(*role)
                  << "). Keep the token secret; it is not shown again.\n";
    }
    return kExitOk;
}

int list(const Context& ctx, const Args& args) {
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    auto devices = DeviceRegistry(*db).list();
    if (args.flag("--json")) {
        auto arr = nlohmann::json::array();
        for (const auto& d : devices) arr.push_back(deviceJson(d));
        std::cout << arr.dump() << "\n";
        return kExitOk;
    }
    for (const auto& d : devices)
        std::cout << d.id << "\t" << toString(d.role) << "\t" << (d.revokedAt ? "revoked" : "active") << "\t"
                  << (d.lastSeen ? formatIsoUtc(*d.lastSeen) : "never") << "\t" << d.name << "\n";
    return kExitOk;
}

int revoke(const Context& ctx, const Args& args) {
    if (args.positionals().size() != 1) return usage("device revoke needs one device id or name", "device");
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    auto done = DeviceRegistry(*db).revoke(args.positionals()[0], "cli");
    if (!done) return fail(done.error().message);
    std::cerr << "Revoked " << done->id << " (" << done->name << ").\n";
    return kExitOk;
}

int pair(const Context& ctx, const Args& args) {
    auto role = parseDeviceRole(args.value("--role").value_or("gate"));
    if (!role) return usage("--role is gate or admin", "device");
    int minutes = 10;
    if (auto m = args.value("--minutes")) {
        const auto n = parseWholeNumber(*m);
        if (!n || *n < 1 || *n > 1440) return usage("--minutes is from 1 to 1440", "device");
        minutes = static_cast<int>(*n);
    }
    auto opened = ctx.open();
    if (!opened) return kExitFailed;
    auto& [folder, db] = *opened;
    auto code = DeviceRegistry(*db).createPairingCode(*role, std::chrono::minutes(minutes));
    if (!code) return fail(code.error().message);
    std::cout << code->code << "\n";
    if (auto url = args.value("--url")) {
        std::string fp;
        if (url->rfind("https://", 0) == 0) {
            auto tls = sync::ensureTlsIdentity(folder.root() / "tls", "qrgate node");
            if (!tls) return fail(tls.error().message);
            fp = tls->fingerprint;
        }
        std::cout << sync::PairingInvite{*url, code->code, fp}.text() << "\n";
    }
    std::cerr << "Single use, valid until " << formatIsoUtc(code->expiresAt) << ".\n";
    return kExitOk;
}

int join(const Context& ctx, const Args& args) {
    auto name = args.value("--name");
    if (!name || name->empty()) return usage("device join needs --name N (how the leader lists this kiosk)", "device");
    sync::PairingInvite invite;
    if (args.positionals().size() == 1) {
        auto parsed = sync::PairingInvite::parse(args.positionals()[0]);
        if (!parsed) return fail(parsed.error().message);
        invite = *parsed;
    } else if (auto leader = args.value("--leader"); leader && args.has("--code")) {
        invite.url = *leader;
        invite.code = *args.value("--code");
        if (auto fp = args.value("--fingerprint")) {
            auto normalized = sync::normalizeFingerprint(*fp);
            if (!normalized) return usage("--fingerprint takes 64 hex digits", "device");
            invite.fingerprint = *normalized;
        }
    } else {
        return usage("device join needs an INVITE or --leader URL --code CODE", "device");
    }
    auto paired = sync::pairWithLeader(invite, *name);
    if (!paired) return fail(paired.error().message);
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    sync::node_config::follow(*db, {paired->leaderUrl, paired->token, paired->leaderFingerprint});
    std::cerr << "Paired with " << paired->leaderUrl << " as device " << paired->deviceId << " (" << paired->role
              << "). 'qrgate serve' now follows it.\n";
    return kExitOk;
}

int promote(const Context& ctx) {
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    const auto stored = sync::node_config::load(*db);
    const std::string was = stored.leader ? stored.leader->url : "";
    sync::node_config::lead(*db);
    std::cerr << "This data folder is now the leader" << (was.empty() ? "" : " (it followed " + was + ")")
              << ". Start it with 'qrgate serve' and re-point the other followers to it.\n";
    return kExitOk;
}

int fingerprint(const Context& ctx) {
    auto folder = ctx.folder();
    if (!folder) return kExitFailed;
    // The database first: a node certificate is a sign that the folder held data, so it must
    // never exist without one (see DataFolder::openDatabase).
    if (!ctx.openDatabase()) return kExitFailed;
    auto tls = sync::ensureTlsIdentity(folder->root() / "tls", "qrgate node");
    if (!tls) return fail(tls.error().message);
    std::cout << tls->fingerprint << "\n";
    return kExitOk;
}
}  // namespace

int runDeviceCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    if (tokens.empty() || tokens[0] == "--help" || tokens[0] == "-h") {
        std::cout << kHelp;
        return tokens.empty() ? kExitUsage : kExitOk;
    }
    const std::string what = tokens[0];
    Args args({tokens.begin() + 1, tokens.end()},
              {{"--name", "--role", "--minutes", "--url", "--leader", "--code", "--fingerprint"}, {"--json"}});
    if (args.flag("--help")) {
        std::cout << kHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "device");
    if (what != "revoke" && what != "join" && !args.positionals().empty())
        return usage("unexpected argument '" + args.positionals()[0] + "'", "device");
    if (what == "add") return add(ctx, args);
    if (what == "list") return list(ctx, args);
    if (what == "revoke") return revoke(ctx, args);
    if (what == "pair") return pair(ctx, args);
    if (what == "join") return join(ctx, args);
    if (what == "promote") return promote(ctx);
    if (what == "fingerprint") return fingerprint(ctx);
    return usage("unknown device command '" + what + "'", "device");
}

}  // namespace qrgate::cli

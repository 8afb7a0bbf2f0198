// qrgate checkin, qrgate export checkins
#include <unistd.h>

#include <iostream>
#include <iterator>

#include "app/cli_context.hpp"
#include "core/checkin/checkin_engine.hpp"
#include "core/io/checkin_export.hpp"
#include "core/io/json_views.hpp"

namespace qrgate::cli {

namespace {
constexpr const char* kCheckinHelp = R"(usage:
  qrgate [--data DIR] checkin --event ID --gate G [--device D] [--exit] [--dry-run] QRDATA
        decides one scan and prints the verdict as JSON; exit code 0 admitted, 1 refused.
        --dry-run validates without recording. QRDATA "-" reads the code from standard input.
)";

constexpr const char* kExportHelp = R"(usage:
  qrgate [--data DIR] export checkins --event ID --out FILE.csv
        one row per scan (admitted, refused, undone) with ISO 8601 times in the event's zone.
        A file appears whole or not at all; /dev/stdout, a FIFO or a device is written in place.
)";

std::string defaultDevice() {
    char host[256] = {0};
    if (::gethostname(host, sizeof host - 1) == 0 && host[0]) return std::string("cli@") + host;
    return "cli";
}
}  // namespace

int runCheckinCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    Args args(tokens, {{"--event", "--gate", "--device", "--nonce"}, {"--exit", "--dry-run", "--json"}});
    if (args.flag("--help")) {
        std::cout << kCheckinHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "checkin");
    if (args.positionals().size() != 1) return usage("checkin needs exactly one QRDATA argument", "checkin");
    auto gate = args.value("--gate");
    if (!gate || gate->empty()) return usage("checkin needs --gate G", "checkin");
    if (auto nonce = args.value("--nonce"); nonce && !CheckinEngine::isValidNonce(*nonce))
        return usage("--nonce must be 1-128 printable characters without spaces", "checkin");

    ScanRequest request;
    request.qrData = args.positionals()[0];
    if (request.qrData == "-") {
        request.qrData.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    }
    request.gateId = *gate;
    request.deviceId = args.value("--device").value_or(defaultDevice());
    request.direction = args.flag("--exit") ? Direction::Exit : Direction::Entry;
    request.nonce = args.value("--nonce").value_or("");

    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    auto eventId = resolveEvent(args, *db);
    if (!eventId) return kExitFailed;
    request.eventId = *eventId;

    CheckinEngine engine(*db);
    Verdict verdict;
    try {
        verdict = args.flag("--dry-run") ? engine.validate(request) : engine.admit(request);
    } catch (const std::exception& e) {
        return fail(std::string("the scan could not be recorded: ") + e.what());
    }
    std::cout << toJson(verdict).dump() << "\n";
    return verdict.admitted ? kExitOk : kExitFailed;
}

int runExportCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    if (tokens.empty()) return usage("export needs what to export: checkins", "export");
    const std::string what = tokens[0];
    Args args({tokens.begin() + 1, tokens.end()}, {{"--event", "--out"}, {"--json"}});
    if (what == "--help" || args.flag("--help")) {
        std::cout << kExportHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "export");
    if (what != "checkins") return usage("unknown export '" + what + "'", "export");
    auto out = args.value("--out");
    if (!out || out->empty()) return usage("export checkins needs --out FILE.csv", "export");
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    auto eventId = resolveEvent(args, *db);
    if (!eventId) return kExitFailed;
    auto summary = exportCheckinsCsv(*db, *eventId, *out);
    if (!summary) return fail(summary.error().message);
    std::cerr << "Wrote " << counted(static_cast<long long>(summary->rows), "scan", "scans") << " to " << *out << "\n";
    return kExitOk;
}

}  // namespace qrgate::cli

// qrgate doctor: what this machine needs to work as a gate or as the organizer's laptop, checked,
// with what is wrong and how to fix it in plain words. Exit 0 when nothing is a problem (warnings
// alone leave the machine usable), 1 when something is.
#include <iostream>

#include "app/cli_context.hpp"
#include "app/doctor_checks.hpp"
#include "core/health/health_check.hpp"

namespace qrgate::cli {

namespace {

constexpr const char* kDoctorHelp = R"(usage: qrgate [--data DIR] doctor [--json]

Checks what a gate or the organizer's laptop needs, and says what is wrong and how to fix it:
the data folder and its key files (readable by this user alone), free disk space, the
database (SQLite's integrity check), fonts for the scripts in the attendees' names, the leader
(when this machine follows one) and the clock difference to it, the email server (when email is
set up: connects and logs in, sends nothing), printers and cameras.

  --json   {"ok": bool, "checks": [{"id","status":"ok"/"warning"/"problem","title","detail","fix"}]}

With --start-afresh (before the command) a database refused as damaged is first moved aside
(kept) and a new, empty one begun, as for every other command.
Exit codes: 0 no problem (warnings allowed), 1 a problem found, 2 usage error.
)";

}  // namespace

int runDoctorCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    Args args(tokens, {{}, {"--json"}});
    if (args.flag("--help")) {
        std::cout << kDoctorHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "doctor");
    if (!args.positionals().empty()) return usage("doctor takes no arguments", "doctor");
    if (ctx.startAfresh) {
        auto folder = DataFolder::prepare(ctx.dataDir);
        if (!folder) return fail(folder.error().message);
        auto moved = folder->startAfresh();
        if (!moved) return fail(moved.error().message);
        if (!moved->empty()) std::cerr << "qrgate: " << *moved << "\n";
    }
    const HealthReport report = app::runHealthChecks(ctx.dataDir);
    if (args.flag("--json"))
        std::cout << toJson(report).dump(2) << "\n";
    else
        std::cout << toText(report);
    return report.ok() ? kExitOk : kExitFailed;
}

}  // namespace qrgate::cli

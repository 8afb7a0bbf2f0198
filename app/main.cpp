// qrgate: one program, many faces. main() only finds the data folder and hands the command
// line to the command that owns it.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli_context.hpp"
#include "core/store/data_folder.hpp"
#include "core/version.hpp"

namespace {

// Laid out the way help2man reads it (the package's man page is made from this text): a
// "Usage:" line, then "Heading:" lines and items with two spaces between term and description.
constexpr const char* kHelp = R"(Usage: qrgate [--data DIR] [--start-afresh] [COMMAND ...]
Offline QR ticket check-in: the organizer's admin console, the gate kiosk and a LAN node in one
program, and a command line for every task.

Commands:
  (no command)       admin console (GUI)
  kiosk              gate kiosk (GUI), full screen
  event create|list|use
                     events
  type add|list      ticket types and their rules
  tickets issue|list|void|restore|reissue|render
                     tickets: issue (a count or a CSV of attendees), list, void, render one
  sheet              tickets with their QR codes as a PDF to print (plain paper or labels)
  doorlist           every valid ticket sorted by name, a PDF for a gate without a PC
  card               the volunteer card: what the gate's colours mean and what to do (PDF)
  checkin            decide one scan, print the verdict as JSON
  export checkins    the scan log as CSV
  export attendees   the attendee list as CSV (re-imports with tickets issue --csv)
  mail send|status|resend
                     email each attendee their ticket; the outbox
  decode IMAGE...    read the QR codes in images
  serve              run a LAN node (leader, or follower with --leader URL --token T)
  device add|list|revoke|pair|join|promote|fingerprint
                     devices, tokens and pairing
  printers [calibrate P]
                     the print server's (CUPS) printers; a printer's calibration
  print --printer P FILE.pdf
                     send a PDF to a printer as it is (no scaling)
  demo               create a demo event with a few tickets
  doctor [--json]    check this machine: data folder, keys, disk, database, fonts, leader and
                     clock, email, printers, cameras; says how to fix what is wrong
  backup --out FILE  an encrypted copy of the data folder, taken while it is in use
  restore FILE [--replace]
                     put a backup into the data folder (--replace moves the data there aside)

Options:
  --data DIR         the data folder (default: $XDG_DATA_HOME/qrgate or ~/.local/share/qrgate)
  --start-afresh     when the data folder's database is refused as damaged (missing, emptied or
                     cut short beside the keys of an event it held), move it aside as
                     qrgate.db.damaged-TIME (never deleted) and begin with a new, empty database.
                     Restoring a backup instead keeps the tickets and scans.
  --json             print JSON (the commands that have it)
  --version          print the version and exit
  --help             print this help and exit

Every command has --help. Exit codes: 0 done / admitted, 1 refused or failed, 2 usage error.
)";

struct Command {
    const char* name;
    qrgate::cli::CommandFn run;
};

constexpr Command kCommands[] = {
    {"event", qrgate::cli::runEventCommand},     {"type", qrgate::cli::runTypeCommand},
    {"tickets", qrgate::cli::runTicketsCommand}, {"checkin", qrgate::cli::runCheckinCommand},
    {"export", qrgate::cli::runExportCommand},   {"demo", qrgate::cli::runDemoCommand},
    {"decode", qrgate::cli::runDecodeCommand},   {"kiosk", qrgate::cli::runKioskCommand},
    {"serve", qrgate::cli::runServeCommand},     {"device", qrgate::cli::runDeviceCommand},
    {"sheet", qrgate::cli::runSheetCommand},     {"doorlist", qrgate::cli::runDoorListCommand},
    {"printers", qrgate::cli::runPrintersCommand}, {"print", qrgate::cli::runPrintCommand},
    {"mail", qrgate::cli::runMailCommand},
    {"doctor", qrgate::cli::runDoctorCommand},
    {"card", qrgate::cli::runCardCommand},
    {"backup", qrgate::cli::runBackupCommand},   {"restore", qrgate::cli::runRestoreCommand},
};

}  // namespace

int main(int argc, char** argv) {
    using namespace qrgate::cli;
    std::vector<std::string> rest;
    Context ctx{qrgate::DataFolder::defaultPath()};
    bool globalJson = false;
    bool optionsEnded = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (!optionsEnded && a == "--") {
            optionsEnded = true;
            rest.push_back(a);
        } else if (!optionsEnded && a == "--data") {
            if (i + 1 >= argc) return usage("--data needs a folder", "--help");
            ctx.dataDir = argv[++i];
        } else if (!optionsEnded && a.rfind("--data=", 0) == 0) {
            ctx.dataDir = a.substr(7);
        } else if (!optionsEnded && rest.empty() && a == "--start-afresh") {
            ctx.startAfresh = true;
        } else if (rest.empty() && a == "--json") {
            globalJson = true;
        } else {
            rest.push_back(a);
        }
    }
    if (ctx.dataDir.empty()) return usage("--data needs a folder", "--help");
    if (rest.empty()) return runAdminConsole(ctx, {});
    const std::string command = rest.front();
    if (command == "--version" || command == "version") {
        std::cout << "qrgate " << qrgate::kVersion << "\n";
        return kExitOk;
    }
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << kHelp;
        return kExitOk;
    }
    std::vector<std::string> args(rest.begin() + 1, rest.end());
    if (globalJson) args.push_back("--json");
    for (const auto& c : kCommands) {
        if (command == c.name) {
            try {
                return c.run(ctx, args);
            } catch (const std::exception& e) {
                return fail(std::string("unexpected error: ") + e.what());
            }
        }
    }
    return usage("unknown command '" + command + "'", "--help");
}

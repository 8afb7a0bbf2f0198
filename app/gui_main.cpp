// The desktop program's entry points: `qrgate` (admin console) and `qrgate kiosk` (gate kiosk).
#include <iostream>

#include "app/cli_context.hpp"
#include "app/gui_apps.hpp"
#include "sync/tls_identity.hpp"

namespace qrgate::gui {
namespace {
const auto kProcessStart = std::chrono::steady_clock::now();
}
std::chrono::steady_clock::time_point processStart() { return kProcessStart; }
}  // namespace qrgate::gui

namespace qrgate::cli {

namespace {
constexpr const char* kKioskHelp = R"(usage: qrgate [--data DIR] kiosk [--event ID] [--camera SRC] [--gate G] [--mode auto|confirm] [--leader URL [--token T] [--fingerprint F]] [--windowed]
  The gate kiosk, fullscreen. Without options it uses what was set last on this machine.
  --event ID       the event to admit to (default: the data folder's current event)
  --camera SRC     camera index (0, 1, ...), a video file (played at its own frame rate),
                   an image folder, or a stream URL; "none" for a keyboard-wedge scanner only
  --gate G         this gate's name, shown in the log and checked against ticket types' gates
  --mode M         auto: admit on scan; confirm: show the ticket, admit on Confirm or Enter
  --leader URL     follow this leader node: scans go through it, and the kiosk decides from its
                   own replica while it is unreachable. Needs --token T (a device token made on
                   the leader) unless this data folder was paired with it; remembered for the next
                   start. Pairing instead: F2, "Pair with leader", or show the console's pairing QR
  --fingerprint F  the leader's certificate SHA-256 fingerprint, pinned up front
  --windowed       a normal window instead of fullscreen (for trying it out)
  In the kiosk: F1 manual search, F2 settings, F3 debug overlay, F11 fullscreen, Ctrl+Z undo the last admission,
  Tab switch entry / exit. A locked kiosk asks for its PIN before settings, leaving fullscreen or quitting.
)";
}

int runAdminConsole(const Context& ctx, const std::vector<std::string>&) {
    auto folder = DataFolder::prepare(ctx.dataDir);
    if (!folder) return fail(folder.error().message);
    // Refuse a database we cannot use (newer schema, not a database) before opening a window.
    if (!ctx.openDatabase()) return kExitFailed;
    return gui::runConsoleApp(*folder);
}

int runKioskCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    Args args(tokens, {{"--event", "--camera", "--gate", "--mode", "--leader", "--token", "--fingerprint"}, {"--windowed", "--help"}});
    if (args.flag("--help")) {
        std::cout << kKioskHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "kiosk --help");
    if (!args.positionals().empty()) return usage("kiosk takes no arguments, only options", "kiosk --help");
    gui::KioskOptions o;
    o.eventId = args.value("--event").value_or("");
    o.camera = args.value("--camera").value_or("");
    o.gate = args.value("--gate").value_or("");
    o.mode = args.value("--mode").value_or("");
    o.leader = args.value("--leader").value_or("");
    o.token = args.value("--token").value_or("");
    if (auto fp = args.value("--fingerprint")) {
        auto normalized = sync::normalizeFingerprint(*fp);
        if (!normalized) return usage("--fingerprint takes the 64 hex digits of a SHA-256 fingerprint", "kiosk --help");
        o.fingerprint = *normalized;
    }
    if ((!o.token.empty() || !o.fingerprint.empty()) && o.leader.empty())
        return usage("--token and --fingerprint go with --leader URL", "kiosk --help");
    o.windowed = args.flag("--windowed");
    if (!o.mode.empty() && o.mode != "auto" && o.mode != "confirm")
        return usage("--mode is auto or confirm", "kiosk --help");
    if (args.has("--gate") && o.gate.empty()) return usage("--gate needs a name", "kiosk --help");
    auto folder = DataFolder::prepare(ctx.dataDir);
    if (!folder) return fail(folder.error().message);
    if (!ctx.openDatabase()) return kExitFailed;
    return gui::runKioskApp(*folder, o);
}

}  // namespace qrgate::cli

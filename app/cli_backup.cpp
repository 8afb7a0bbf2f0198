// qrgate backup / restore: an encrypted copy of a data folder, taken while it is in use, and
// restored on another machine (docs/backup.md).
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <optional>

#include "app/cli_context.hpp"
#include "core/backup/backup_container.hpp"
#include "core/backup/backup_maker.hpp"
#include "core/backup/backup_restorer.hpp"
#include "core/base/model.hpp"

namespace qrgate::cli {

namespace {

constexpr const char* kBackupHelp = R"(usage:
  qrgate [--data DIR] backup --out FILE
        writes an encrypted copy of the data folder to FILE (mode 0600): the database as one
        consistent snapshot (also while the console or 'qrgate serve' admits people), the event
        key files (needed to re-print or re-send tickets), the mail settings and SMTP password,
        printer calibrations, label layouts and the node's TLS certificate.
        The passphrase (at least 8 characters) comes from $QRGATE_BACKUP_PASSPHRASE, or is asked
        twice on the terminal. Without it the file reveals nothing; keep it apart from the file.
)";

constexpr const char* kRestoreHelp = R"(usage:
  qrgate [--data DIR] restore FILE [--replace]
        restores a backup into the data folder, after checking every file in it and the
        database (integrity check); prints what came back. The passphrase comes from
        $QRGATE_BACKUP_PASSPHRASE, or is asked on the terminal.
        A data folder that already holds data (events or key files) is left alone unless
        --replace moves it aside to DIR.before-restore-TIME (kept, never deleted).
        Stop the console, kiosks and 'qrgate serve' on that folder first.
)";

// One line typed on the terminal without echo, or nullopt when there is no terminal.
std::optional<std::string> askHidden(const std::string& prompt) {
    const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0) return std::nullopt;
    termios saved{};
    const bool isTerminal = ::tcgetattr(tty, &saved) == 0;
    if (!isTerminal) {
        ::close(tty);
        return std::nullopt;
    }
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    ::tcsetattr(tty, TCSAFLUSH, &quiet);
    [[maybe_unused]] auto shown = ::write(tty, prompt.data(), prompt.size());
    std::string line;
    char c = 0;
    while (::read(tty, &c, 1) == 1 && c != '\n') line.push_back(c);
    ::tcsetattr(tty, TCSAFLUSH, &saved);
    ::close(tty);
    return line;
}

// $QRGATE_BACKUP_PASSPHRASE, else asked (twice when `confirm`). nullopt after printing the error.
std::optional<std::string> passphrase(bool confirm, int& exitCode) {
    if (const char* env = std::getenv("QRGATE_BACKUP_PASSPHRASE"); env && *env) return std::string(env);
    auto first = askHidden("Backup passphrase: ");
    if (!first) {
        exitCode = usage("no passphrase: set $QRGATE_BACKUP_PASSPHRASE or run on a terminal",
                         confirm ? "backup" : "restore");
        return std::nullopt;
    }
    if (confirm) {
        if (first->size() < kMinBackupPassphraseLength) {
            exitCode = fail("the backup passphrase must have at least " + std::to_string(kMinBackupPassphraseLength) +
                            " characters");
            return std::nullopt;
        }
        auto again = askHidden("The same passphrase again: ");
        if (!again || *again != *first) {
            exitCode = fail("the two passphrases differ; nothing was written");
            return std::nullopt;
        }
    }
    return first;
}

}  // namespace

int runBackupCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    Args args(tokens, {{"--out"}, {}});
    if (args.flag("--help")) {
        std::cout << kBackupHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "backup");
    if (!args.positionals().empty()) return usage("unexpected argument '" + args.positionals().front() + "'", "backup");
    const auto out = args.value("--out");
    if (!out || out->empty()) return usage("backup needs --out FILE", "backup");
    std::error_code ec;
    if (!std::filesystem::is_directory(ctx.dataDir, ec))
        return fail("there is nothing to back up: no data folder " + ctx.dataDir.string());
    auto folder = ctx.folder();
    if (!folder) return kExitFailed;
    int exitCode = kExitFailed;
    const auto secret = passphrase(true, exitCode);
    if (!secret) return exitCode;
    auto report = writeBackup(*folder, *out, *secret);
    if (!report) return fail(report.error().message);
    std::cout << "backed up " << folder->root().string() << " to " << report->file.string() << " ("
              << withThousands(static_cast<long long>(report->bytes)) << " bytes; "
              << counted(report->keyFiles, "key file", "key files") << ")\n";
    return kExitOk;
}

int runRestoreCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    Args args(tokens, {{}, {"--replace"}});
    if (args.flag("--help")) {
        std::cout << kRestoreHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "restore");
    if (args.positionals().size() != 1) return usage("restore needs one backup FILE", "restore");
    const std::filesystem::path file = args.positionals().front();
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return fail("no backup file " + file.string());
    int exitCode = kExitFailed;
    const auto secret = passphrase(false, exitCode);
    if (!secret) return exitCode;
    auto report = restoreBackup(file, *secret, ctx.dataDir, args.flag("--replace"));
    if (!report) return fail(report.error().message);
    std::cout << "restored " << file.filename().string() << " into " << report->folder.string() << ": "
              << report->contents.summary() << "; integrity check ok\n";
    if (!report->movedAside.empty())
        std::cout << "the data that was there is kept in " << report->movedAside.string() << "\n";
    return kExitOk;
}

}  // namespace qrgate::cli

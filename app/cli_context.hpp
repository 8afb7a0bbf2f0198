#pragma once
// What every command needs: the data folder and its database, and one way to report errors
// (one line on stderr) so that all commands fail alike.
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "app/cli_args.hpp"
#include "core/store/data_folder.hpp"
#include "core/store/database.hpp"
#include "core/base/result.hpp"

namespace qrgate::cli {

// A prepared data folder with its database open.
struct OpenedFolder {
    DataFolder folder;
    std::unique_ptr<Database> db;
};

struct Context {
    std::filesystem::path dataDir;
    // --start-afresh: a database that DataFolder refuses as damaged is moved aside and replaced
    // by a new, empty one (see DataFolder::startAfresh).
    bool startAfresh = false;

    // Prepares the folder and opens the database; on failure prints the error and returns null.
    std::unique_ptr<Database> openDatabase() const;
    // The same, keeping the folder (keys, settings files) the database was opened from.
    std::optional<OpenedFolder> open() const;
    std::optional<DataFolder> folder() const;
};

inline int fail(const std::string& message, int code = kExitFailed) {
    std::cerr << "qrgate: " << message << "\n";
    return code;
}
inline int usage(const std::string& message, const std::string& command) {
    std::cerr << "qrgate: " << message << " (see 'qrgate " << command << " --help')\n";
    return kExitUsage;
}

// The event a command works on: --event, else the data folder's current event. When there is
// none (an unknown --event, or no event yet) it prints the one-line error and returns nullopt.
std::optional<std::string> resolveEvent(const Args& args, Database& db);

// What most event commands start with: the folder, its database and the event (resolveEvent);
// nullopt after printing the one-line error.
struct EventScope {
    DataFolder folder;
    std::unique_ptr<Database> db;
    std::string eventId;
};
std::optional<EventScope> openEvent(const Context& ctx, const Args& args);

using CommandFn = int (*)(const Context&, const std::vector<std::string>& args);

int runEventCommand(const Context& ctx, const std::vector<std::string>& args);
int runTypeCommand(const Context& ctx, const std::vector<std::string>& args);
int runTicketsCommand(const Context& ctx, const std::vector<std::string>& args);
int runCheckinCommand(const Context& ctx, const std::vector<std::string>& args);
int runExportCommand(const Context& ctx, const std::vector<std::string>& args);
int runDemoCommand(const Context& ctx, const std::vector<std::string>& args);
int runSheetCommand(const Context& ctx, const std::vector<std::string>& args);     // paper (PDF)
int runDoorListCommand(const Context& ctx, const std::vector<std::string>& args);
int runCardCommand(const Context& ctx, const std::vector<std::string>& args);     // the volunteer card
int runDecodeCommand(const Context& ctx, const std::vector<std::string>& args);
int runServeCommand(const Context& ctx, const std::vector<std::string>& args);    // LAN node (sync/)
int runDeviceCommand(const Context& ctx, const std::vector<std::string>& args);   // tokens, pairing
int runPrintersCommand(const Context& ctx, const std::vector<std::string>& args); // CUPS, calibration
int runPrintCommand(const Context& ctx, const std::vector<std::string>& args);    // a PDF to a printer
int runMailCommand(const Context& ctx, const std::vector<std::string>& args);     // the email outbox
int runDoctorCommand(const Context& ctx, const std::vector<std::string>& args);   // health checks
int runBackupCommand(const Context& ctx, const std::vector<std::string>& args);   // encrypted backups
int runRestoreCommand(const Context& ctx, const std::vector<std::string>& args);
int runAdminConsole(const Context& ctx, const std::vector<std::string>& args);   // GUI
int runKioskCommand(const Context& ctx, const std::vector<std::string>& args);   // GUI

}  // namespace qrgate::cli

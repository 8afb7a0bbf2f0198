#include "app/doctor_checks.hpp"

#include <future>
#include <optional>

#include "core/health/device_checks.hpp"
#include "core/health/folder_checks.hpp"
#include "core/health/mail_check.hpp"
#include "core/health/name_fonts_check.hpp"
#include "core/scan/camera_list.hpp"
#include "sync/leader_probe.hpp"
#include "sync/node_config.hpp"

namespace qrgate::app {

namespace {

// A check that throws (a broken invariant, not an expected failure) is reported, not fatal.
template <class Fn>
std::vector<HealthCheck> guarded(const std::string& id, const std::string& title, Fn&& run) {
    try {
        return run();
    } catch (const std::exception& e) {
        return {HealthCheck::problem(id, title, "The check could not run: " + std::string(e.what()) + ".",
                                     "Run 'qrgate doctor' again; report it if it stays.")};
    }
}

template <class Fn>
std::future<std::vector<HealthCheck>> inParallel(const std::string& id, const std::string& title, Fn run) {
    return std::async(std::launch::async, [id, title, run = std::move(run)] { return guarded(id, title, run); });
}

}  // namespace

HealthReport runHealthChecks(const std::filesystem::path& folder) {
    // Absolute, so that every finding and fix names the folder wherever it is read.
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(folder, ec);
    const std::filesystem::path dataDir = ec ? folder : absolute.lexically_normal();
    auto cameras = inParallel("cameras", "Cameras", [] { return std::vector{judgeCameras(listCameras())}; });
    auto printers = inParallel("printers", "Printers", [] { return std::vector{checkPrinters()}; });
    auto mail = inParallel("mail", "Email", [dataDir] { return std::vector{checkMail(dataDir)}; });

    HealthReport report;
    auto add = [&report](std::vector<HealthCheck> checks) {
        for (auto& c : checks) report.checks.push_back(std::move(c));
    };
    add(guarded("data_folder", "Data folder", [&] { return std::vector{checkDataFolder(dataDir)}; }));
    add(guarded("private_files", "Key files", [&] { return std::vector{checkPrivateFiles(dataDir)}; }));
    add(guarded("disk_space", "Disk space", [&] { return std::vector{checkDiskSpace(dataDir)}; }));

    DatabaseCheck database = checkDatabase(dataDir);
    report.checks.push_back(database.check);
    std::optional<std::future<std::vector<HealthCheck>>> leader;
    if (database.db) {
        auto node = sync::node_config::load(*database.db);
        leader = inParallel("leader", "Leader", [node] { return sync::probeLeader(node); });
        add(guarded("name_fonts", "Fonts for names", [&] { return std::vector{checkNameFonts(*database.db)}; }));
    }
    if (leader) add(leader->get());
    add(mail.get());
    add(printers.get());
    add(cameras.get());
    return report;
}

}  // namespace qrgate::app

#include "core/backup/backup_rotation.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>

namespace qrgate {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kPrefix = "qrgate-backup-";
constexpr std::string_view kSuffix = ".qrgb";
constexpr std::size_t kStampSize = 15;  // YYYYMMDD-HHMMSS
}  // namespace

std::string automaticBackupName(std::time_t when) {
    std::tm tm{};
    localtime_r(&when, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    return std::string(kPrefix) + stamp + std::string(kSuffix);
}

bool isAutomaticBackupName(const std::string& name) {
    if (name.size() != kPrefix.size() + kStampSize + kSuffix.size()) return false;
    if (name.rfind(kPrefix, 0) != 0 || name.substr(name.size() - kSuffix.size()) != kSuffix) return false;
    const std::string stamp = name.substr(kPrefix.size(), kStampSize);
    for (std::size_t i = 0; i < stamp.size(); ++i)
        if (i == 8 ? stamp[i] != '-' : !std::isdigit(static_cast<unsigned char>(stamp[i]))) return false;
    return true;
}

Status checkBackupFolder(const fs::path& folder) {
    std::error_code ec;
    if (folder.empty()) return Error{"backup_folder", "choose a folder for the automatic backups"};
    if (!fs::exists(folder, ec))
        return Error{"backup_folder", "the backup folder " + folder.string() + " is not there (was the stick pulled out?)"};
    if (!fs::is_directory(folder, ec)) return Error{"backup_folder", folder.string() + " is not a folder"};
    if (::access(folder.c_str(), W_OK) != 0)
        return Error{"backup_folder", "the backup folder " + folder.string() + " cannot be written (read-only?)"};
    return success();
}

std::vector<fs::path> pruneAutomaticBackups(const fs::path& folder, int keep) {
    std::vector<fs::path> ours;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        if (isAutomaticBackupName(it->path().filename().string()) && it->is_regular_file(ec)) ours.push_back(it->path());
    std::sort(ours.begin(), ours.end());  // the names sort by time
    std::vector<fs::path> removed;
    const std::size_t kept = static_cast<std::size_t>(std::max(keep, 1));
    for (std::size_t i = 0; i + kept < ours.size(); ++i)
        if (fs::remove(ours[i], ec)) removed.push_back(ours[i]);
    return removed;
}

}  // namespace qrgate

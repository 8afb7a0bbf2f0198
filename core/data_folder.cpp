#include "core/data_folder.hpp"

#include <sys/stat.h>

#include <cstdlib>

namespace qrgate {

std::filesystem::path DataFolder::defaultPath() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "qrgate";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "share" / "qrgate";
    return std::filesystem::current_path() / "qrgate-data";
}

Result<DataFolder> DataFolder::prepare(const std::filesystem::path& root) {
    std::error_code ec;
    if (!std::filesystem::exists(root, ec)) {
        std::filesystem::create_directories(root, ec);
        if (ec) return Error{"data_folder", "Cannot create the data folder " + root.string() + ": " + ec.message()};
        ::chmod(root.c_str(), 0700);
    } else if (!std::filesystem::is_directory(root, ec)) {
        return Error{"data_folder", "The data path " + root.string() + " is not a folder."};
    }
    return DataFolder(root);
}

}  // namespace qrgate

#pragma once
// A whole file as bytes, for comparing what was written (empty when it cannot be read).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace qrgate::testing {

inline std::string fileText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace qrgate::testing

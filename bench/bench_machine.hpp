#pragma once
// What machine a benchmark ran on, for the figures it prints.
#include <fstream>
#include <string>

namespace qrgate::bench {

inline std::string cpuName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

}  // namespace qrgate::bench

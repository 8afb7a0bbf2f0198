#pragma once
// Shared by the core benchmarks: a fresh data folder with one event, holder names, percentile
// helpers, and the process's peak memory.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/store/data_folder.hpp"
#include "core/events/event_catalog.hpp"

namespace qrgate::bench {

inline double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    auto idx = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(idx, v.size() - 1)];
}

struct BenchFolder {
    std::filesystem::path root;
    explicit BenchFolder(const std::string& name) {
        root = std::filesystem::temp_directory_path() / ("qrgate-bench-" + name);
        std::filesystem::remove_all(root);
    }
    ~BenchFolder() { std::filesystem::remove_all(root); }
};

inline Event createEvent(Database& db, KeyStore& keys) {
    return EventCatalog(db).create(EventDraft{"Benchmark", "", {}, {}, "UTC"}, keys).value();
}

// The i-th of 196 holder names in many scripts (Latin with diacritics, Greek, Cyrillic,
// Devanagari, Arabic): what the fonts have to draw on paper and in a mail.
inline std::string mixedScriptName(std::size_t i) {
    static const char* const kFirst[] = {"Émile", "Priya", "Łukasz", "Anna", "Mohammed", "Sofía", "Jürgen", "Chen",
                                         "Olumide", "Zoë", "Αλέξανδρος", "Дмитрий", "प्रिया", "محمد"};
    static const char* const kLast[] = {"Zola", "Sharma", "Wiśniewski", "Karenina", "Al-Farsi", "García López",
                                        "Groß", "Wei", "Adeyemi", "Ångström", "Παπαδόπουλος", "Иванов", "शर्मा", "عبد الله"};
    return std::string(kFirst[i % 14]) + " " + kLast[(i / 14) % 14];
}

// The kernel's high-water mark of this process's resident memory (VmHWM), in kB.
inline long peakRssKb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// Sets the high-water mark back to the resident memory of now.
inline void resetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

}  // namespace qrgate::bench

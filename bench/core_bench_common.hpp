#pragma once
// Shared by the core benchmarks: a fresh data folder with one event, and percentile helpers.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
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

}  // namespace qrgate::bench

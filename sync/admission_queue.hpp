#pragma once
// Group commit for admissions. Every request thread hands its scan to one writer thread, which
// admits whatever has queued up in one transaction (CheckinEngine::admitAll) and one durable
// commit. With one gate this is exactly admit(); with many it turns N fsyncs into one, which is
// what lets one leader keep up with 30 gates on a slow disk. Decisions stay sequential, so of
// simultaneous scans of one ticket exactly one is admitted.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "core/checkin/checkin_engine.hpp"

namespace qrgate::sync {

class AdmissionQueue {
public:
    // `committed` runs on the writer thread after each commit (to wake the change feed).
    AdmissionQueue(std::filesystem::path databaseFile, std::function<void()> committed);
    ~AdmissionQueue();

    // Blocks until the scan is decided and on disk. Requests marked offline (a follower deciding
    // without its leader) may be admitted on the signature alone when the ticket is not yet known.
    // Throws when the database fails.
    Verdict admit(const ScanRequest& request);
    void stop();

private:
    struct Item {
        ScanRequest request;
        std::promise<Verdict> answer;
    };
    void run();
    void process(std::vector<Item>& batch, CheckinEngine& online, CheckinEngine& offline);

    std::filesystem::path m_file;
    std::function<void()> m_committed;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Item> m_queue;
    bool m_stopping = false;
    std::promise<void> m_ready;
    std::thread m_thread;
};

}  // namespace qrgate::sync

#include "core/scan/scan_deduplicator.hpp"

namespace qrgate {

ScanDeduplicator::ScanDeduplicator(DedupOptions options) : m_options(options) {}

void ScanDeduplicator::reset() {
    m_seen.clear();
    m_frame = 0;
}

void ScanDeduplicator::forgetGone(ScanTime at) {
    for (auto it = m_seen.begin(); it != m_seen.end();) {
        const bool framesGone = m_frame - it->second.lastFrame > m_options.absentFrames;
        const bool timeGone = at - it->second.lastAt >= m_options.absentTime;
        if (framesGone && timeGone)
            it = m_seen.erase(it);
        else
            ++it;
    }
}

bool ScanDeduplicator::isNew(const std::string& code, ScanTime at, bool framed) {
    auto it = m_seen.find(code);
    if (it == m_seen.end()) {
        m_seen.emplace(code, Seen{m_frame, at, at});
        return true;
    }
    Seen& seen = it->second;
    bool fresh = false;
    if (!framed && at - seen.lastAt >= m_options.absentTime) fresh = true;
    if (m_options.repeatAfter && at - seen.countedAt >= *m_options.repeatAfter) fresh = true;
    seen.lastFrame = m_frame;
    seen.lastAt = at;
    if (fresh) seen.countedAt = at;
    return fresh;
}

std::vector<std::string> ScanDeduplicator::onFrame(const std::vector<std::string>& codes, ScanTime at) {
    ++m_frame;
    // A code missing from this frame may have left the view (counted before looking at this
    // frame's codes, so a code that is back after its absence is new again).
    forgetGone(at);
    std::vector<std::string> fresh;
    for (const std::string& code : codes) {
        if (isNew(code, at, true)) fresh.push_back(code);
    }
    return fresh;
}

bool ScanDeduplicator::onRead(const std::string& code, ScanTime at) {
    // Wedge reads have no frame count: only the time rule applies.
    for (auto it = m_seen.begin(); it != m_seen.end();) {
        if (at - it->second.lastAt >= m_options.absentTime * 4)
            it = m_seen.erase(it);
        else
            ++it;
    }
    return isNew(code, at, false);
}

}  // namespace qrgate

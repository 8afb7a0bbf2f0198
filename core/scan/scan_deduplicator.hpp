#pragma once
// Turns "the code is in this frame" into "the code was scanned": a code that stays in front of
// the camera is one scan, not one per frame, so a person's second frame cannot turn their green
// "admitted" into a red "already used". The same code is a new scan once it has left the view
// (missing for `absentFrames` frames in a row *and* for `absentTime`: one blurred frame is not
// leaving) or, if `repeatAfter` is set, when it has stayed in view that long.
//
// Reads without frames (a keyboard-wedge scanner) use the same rule by time alone: a read is new
// unless the same code was read less than `absentTime` before (a scanner in presentation mode
// re-reads a code held under it every few hundred milliseconds).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/scan/scan_event.hpp"

namespace qrgate {

struct DedupOptions {
    int absentFrames = 8;
    std::chrono::milliseconds absentTime{700};
    std::optional<std::chrono::milliseconds> repeatAfter;  // off: once per appearance
};

class ScanDeduplicator {
public:
    explicit ScanDeduplicator(DedupOptions options = {});

    // One decoded frame and every code in it. Returns the codes that are new scans, in the
    // order given. Frames without any code count too: they are how codes leave the view.
    std::vector<std::string> onFrame(const std::vector<std::string>& codes, ScanTime at);
    // One read from an input without frames. True when it is a new scan.
    bool onRead(const std::string& code, ScanTime at);

    bool inView(const std::string& code) const { return m_seen.count(code) > 0; }
    std::size_t trackedCodes() const { return m_seen.size(); }
    void reset();

private:
    struct Seen {
        std::int64_t lastFrame = 0;
        ScanTime lastAt{};
        ScanTime countedAt{};
    };
    bool isNew(const std::string& code, ScanTime at, bool framed);
    void forgetGone(ScanTime at);

    DedupOptions m_options;
    std::int64_t m_frame = 0;
    std::unordered_map<std::string, Seen> m_seen;
};

}  // namespace qrgate

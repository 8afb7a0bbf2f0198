#pragma once
// The camera half of the gate: frame source -> decoder (on its own worker thread) ->
// de-duplication -> one ScanEvent per code shown. The kiosk decides each event (CheckinEngine),
// stamps timings.verdict, and shows it.
//
// Results leave the worker through callbacks, by move. They run on the worker thread, so they
// must only hand the value over (push it onto the UI's queue, a HandoverQueue, ...) and return.
// When several codes are in view, our tickets are reported first and other codes in that frame
// are not reported at all (a poster on the wall behind the person must not turn into a "not a
// ticket" verdict); they count as in view all the same, so they don't pop up when the ticket goes.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/scan/frame_source.hpp"
#include "core/scan/qr_decoder.hpp"
#include "core/scan/scan_deduplicator.hpp"
#include "core/scan/scan_event.hpp"

namespace qrgate {

// Every decoded frame, for the preview and the debug overlay.
struct FrameReport {
    cv::Mat image;  // the frame itself (shared, read-only)
    std::int64_t sequence = 0;
    std::string name;
    std::vector<DecodedCode> codes;  // everything seen in it, new or not
    ScanTime capturedAt{};
    ScanTime decodedAt{};
    double decodeMs = 0;
    std::int64_t droppedFrames = 0;  // by the source so far: frames that came while decoding
};

struct PipelineOptions {
    DecodeOptions decode;
    DedupOptions dedup;
    // A code that was seen in one of this many recent frames is looked for first at its spot.
    int trackFrames = 15;
    // Hold back other codes in a frame that also shows one of our tickets.
    bool preferTickets = true;
};

struct PipelineCallbacks {
    std::function<void(ScanEvent&&)> onScan;
    std::function<void(const SourceStatus&)> onStatus;
    std::function<void(FrameReport&&)> onFrame;  // optional; skip the copy when unset
};

struct PipelineStats {
    std::int64_t framesDecoded = 0;
    std::int64_t framesDropped = 0;
    std::int64_t scans = 0;
    double lastDecodeMs = 0;
};

class ScanPipeline {
public:
    ScanPipeline(const SourceSpec& source, PipelineOptions options, PipelineCallbacks callbacks);
    // With a device made by the caller (tests, synthetic cameras).
    ScanPipeline(std::unique_ptr<FrameDevice> device, const SourceSpec& source, PipelineOptions options,
                 PipelineCallbacks callbacks);
    ~ScanPipeline();
    ScanPipeline(const ScanPipeline&) = delete;
    ScanPipeline& operator=(const ScanPipeline&) = delete;

    // Starts the source and the worker. A pipeline runs once: after stop(), make a new one.
    void start();
    // Stops the source and the worker and joins them; no callback runs after it returns.
    // Call it from the owning thread, never from inside a callback.
    void stop();

    SourceStatus sourceStatus() const { return m_source.status(); }
    // The source has ended (a file played to its end) and every frame it gave has been decoded.
    bool finished() const { return m_finished.load(); }
    PipelineStats stats() const;
    std::string describeSource() const { return m_source.describe(); }

private:
    void work();
    void handle(CapturedFrame&& frame);

    PipelineOptions m_options;
    PipelineCallbacks m_callbacks;
    FrameSource m_source;
    ScanDeduplicator m_dedup;
    std::optional<cv::Rect> m_lastSeen;
    std::int64_t m_lastSeenFrame = 0;

    std::mutex m_runMutex;
    std::condition_variable m_runChanged;
    bool m_running = false;
    std::atomic<bool> m_finished{false};
    std::thread m_worker;
    mutable std::mutex m_statsMutex;
    PipelineStats m_stats;
};

}  // namespace qrgate

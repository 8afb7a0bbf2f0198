#include "core/scan/scan_pipeline.hpp"

#include <algorithm>

namespace qrgate {

const char* toString(ScanInput input) {
    switch (input) {
    case ScanInput::Camera: return "camera";
    case ScanInput::KeyboardWedge: return "keyboard";
    }
    return "?";
}

ScanPipeline::ScanPipeline(const SourceSpec& source, PipelineOptions options, PipelineCallbacks callbacks)
    : ScanPipeline(makeFrameDevice(source), source, std::move(options), std::move(callbacks)) {}

ScanPipeline::ScanPipeline(std::unique_ptr<FrameDevice> device, const SourceSpec& source, PipelineOptions options,
                           PipelineCallbacks callbacks)
    : m_options(std::move(options)),
      m_callbacks(std::move(callbacks)),
      m_source(std::move(device), source, m_callbacks.onStatus),
      m_dedup(m_options.dedup) {}

ScanPipeline::~ScanPipeline() { stop(); }

void ScanPipeline::start() {
    std::lock_guard lock(m_runMutex);
    if (m_worker.joinable()) return;
    m_running = true;
    m_source.start();
    m_worker = std::thread([this] { work(); });
}

void ScanPipeline::stop() {
    {
        std::lock_guard lock(m_runMutex);
        m_running = false;
    }
    m_runChanged.notify_all();
    m_source.stop();  // also wakes a worker waiting for a frame
    if (m_worker.joinable()) m_worker.join();
}

PipelineStats ScanPipeline::stats() const {
    std::lock_guard lock(m_statsMutex);
    return m_stats;
}

void ScanPipeline::work() {
    while (true) {
        {
            std::lock_guard lock(m_runMutex);
            if (!m_running) return;
        }
        std::optional<CapturedFrame> frame = m_source.next(std::chrono::milliseconds(100));
        if (frame) {
            handle(std::move(*frame));
        } else if (m_source.status().state == SourceState::Ended) {
            // nothing more will come; idle until stopped
            m_finished = true;
            std::unique_lock lock(m_runMutex);
            m_runChanged.wait(lock, [&] { return !m_running; });
            return;
        }
    }
}

void ScanPipeline::handle(CapturedFrame&& frame) {
    FrameHint hint;
    if (m_lastSeen && frame.sequence - m_lastSeenFrame <= m_options.trackFrames) hint.lastSeen = m_lastSeen;
    DecodeResult result = decodeFrame(frame.image, m_options.decode, hint);
    const ScanTime decodedAt = ScanClock::now();

    std::vector<std::string> texts;
    texts.reserve(result.codes.size());
    for (const auto& code : result.codes) texts.push_back(code.text);
    // Presence is judged at capture time: that is when the code was in front of the camera.
    const std::vector<std::string> fresh = m_dedup.onFrame(texts, frame.capturedAt);

    if (!result.codes.empty()) {
        m_lastSeen = result.codes.front().boundingBox();
        m_lastSeenFrame = frame.sequence;
    }

    const bool ticketInView = result.hasTicket();
    std::int64_t emitted = 0;
    for (const auto& code : result.codes) {
        if (std::find(fresh.begin(), fresh.end(), code.text) == fresh.end()) continue;
        if (m_options.preferTickets && ticketInView && !code.isTicket) continue;
        ScanEvent event;
        event.text = code.text;
        event.isTicket = code.isTicket;
        event.input = ScanInput::Camera;
        event.sourceName = frame.name;
        event.corners = code.corners;
        event.frameSequence = frame.sequence;
        event.timings.captured = frame.capturedAt;
        event.timings.decoded = decodedAt;
        event.timings.decodeMs = result.totalMs;
        ++emitted;
        if (m_callbacks.onScan) m_callbacks.onScan(std::move(event));
    }

    const std::int64_t dropped = m_source.droppedFrames();
    {
        std::lock_guard lock(m_statsMutex);
        ++m_stats.framesDecoded;
        m_stats.framesDropped = dropped;
        m_stats.scans += emitted;
        m_stats.lastDecodeMs = result.totalMs;
    }
    if (m_callbacks.onFrame) {
        FrameReport report;
        report.image = std::move(frame.image);
        report.sequence = frame.sequence;
        report.name = std::move(frame.name);
        report.codes = std::move(result.codes);
        report.capturedAt = frame.capturedAt;
        report.decodedAt = decodedAt;
        report.decodeMs = result.totalMs;
        report.droppedFrames = dropped;
        m_callbacks.onFrame(std::move(report));
    }
}

}  // namespace qrgate

// scan_latency_bench: frame captured -> verdict ready, through the real pipeline (a 30 fps camera
// with newest-frame-only grabbing, the decoder on its worker thread, de-duplication) and the
// check-in engine admitting against a local database of 100,000 tickets.
//
// usage: scan_latency_bench [TICKETS_IN_DATABASE=100000] [SCANS=150]
// The camera is synthetic: it delivers pre-rendered 1280x720 frames (shifted by a few pixels
// from frame to frame, as held by hand) at 30 fps, each ticket in view for 0.3 s with 0.4 s of
// empty hall between people. The time a real camera needs to expose and transfer a frame
// (typically 30-60 ms before "captured") is not included.
#include "bench_machine.hpp"
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "core/checkin/checkin_engine.hpp"
#include "core/store/data_folder.hpp"
#include "core/events/event_catalog.hpp"
#include "core/scan/scan_pipeline.hpp"
#include "core/scan/testing/test_frames.hpp"
#include "core/tickets/ticket_issuer.hpp"

namespace {

using namespace qrgate;
using BenchClock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * (v.size() - 1) + 0.5))];
}

double msSince(BenchClock::time_point t0) { return std::chrono::duration<double, std::milli>(BenchClock::now() - t0).count(); }

// A webcam in front of a queue of people: each shows a ticket for `showFrames` frames, then the
// camera sees the hall for `gapFrames` frames. Live: frames come at 30 fps whether or not
// anybody takes them, as from a real camera.
class QueueCamera final : public FrameDevice {
public:
    QueueCamera(std::vector<cv::Mat> tickets, std::vector<cv::Mat> hall, int showFrames, int gapFrames)
        : m_tickets(std::move(tickets)), m_hall(std::move(hall)), m_show(showFrames), m_gap(gapFrames) {}

    std::string open() override {
        m_next = BenchClock::now();
        return {};
    }
    ReadResult read(cv::Mat& frame, std::string& name) override {
        const int period = m_show + m_gap;
        const std::size_t person = static_cast<std::size_t>(m_frame / period);
        if (person >= m_tickets.size()) {
            m_done = true;
            return ReadResult::Failed;
        }
        m_next += std::chrono::microseconds(33333);
        std::this_thread::sleep_until(m_next);
        const int phase = static_cast<int>(m_frame % period);
        const cv::Mat& scene = phase < m_show ? m_tickets[person] : m_hall[person % m_hall.size()];
        // a hand is never still: every frame is shifted by a few pixels
        const double i = static_cast<double>(m_frame);
        const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, 4 * std::sin(i / 5), 0, 1, 3 * std::cos(i / 4));
        cv::warpAffine(scene, frame, shift, scene.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        name = "queue camera";
        ++m_frame;
        return ReadResult::Frame;
    }
    void close() override {}
    double frameRate() const override { return 30; }
    bool live() const override { return true; }
    std::string describe() const override { return "queue camera"; }
    bool done() const { return m_done.load(); }

private:
    std::vector<cv::Mat> m_tickets, m_hall;
    int m_show, m_gap;
    std::int64_t m_frame = 0;
    BenchClock::time_point m_next;
    std::atomic<bool> m_done{false};
};

}  // namespace

int main(int argc, char** argv) {
    const std::size_t ticketCount = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
    const std::size_t scans = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 150;
    std::printf("scan_latency_bench: %zu tickets in the database, %zu people at the gate\n", ticketCount, scans);
    std::printf("machine: %s, %u hardware threads\n", bench::cpuName().c_str(), std::thread::hardware_concurrency());

    const fs::path root = fs::temp_directory_path() / ("qrgate-latency-bench-" + std::to_string(::getpid()));
    fs::remove_all(root);
    auto folder = DataFolder::prepare(root);
    if (!folder) {
        std::fprintf(stderr, "%s\n", folder.error().message.c_str());
        return 1;
    }
    std::string eventId;
    std::vector<std::string> qrData;
    {
        auto db = folder->openDatabase();
        if (!db) {
            std::fprintf(stderr, "%s\n", db.error().message.c_str());
            return 1;
        }
        KeyStore keys = folder->keyStore();
        auto event = EventCatalog(**db).create(EventDraft{"Latency bench festival", "Hall 1", {}, {}, "UTC"}, keys);
        if (!event) {
            std::fprintf(stderr, "%s\n", event.error().message.c_str());
            return 1;
        }
        eventId = event->id;
        const auto t0 = BenchClock::now();
        auto issued = TicketIssuer(**db, keys).issueCount(eventId, ticketCount);
        if (!issued) {
            std::fprintf(stderr, "%s\n", issued.error().message.c_str());
            return 1;
        }
        std::printf("issued %zu tickets in %.1f s\n", issued->size(), msSince(t0) / 1000);
        const std::size_t step = std::max<std::size_t>(1, issued->size() / scans);
        for (std::size_t i = 0; i < issued->size() && qrData.size() < scans; i += step)
            qrData.push_back((*issued)[i].qrData);
    }

    // What the camera will see: every person's ticket under one of the conditions a gate meets.
    using testframes::Condition;
    const std::vector<Condition> mix{Condition::Plain,    Condition::Perspective, Condition::Small,
                                     Condition::Inverted, Condition::Mirrored,    Condition::Dim,
                                     Condition::Noise,    Condition::Glare};
    std::vector<cv::Mat> ticketFrames, hall;
    for (std::size_t i = 0; i < qrData.size(); ++i)
        ticketFrames.push_back(testframes::makeFrame(qrData[i], mix[i % mix.size()], static_cast<std::uint32_t>(i)));
    for (int i = 0; i < 4; ++i) hall.push_back(testframes::makeEmptyScene(static_cast<std::uint32_t>(100 + i)));

    struct Sample {
        double toDecoded, decode, verdict, toVerdict;
        bool admitted;
    };
    std::map<std::string, const char*> conditionOf;
    for (std::size_t i = 0; i < qrData.size(); ++i) conditionOf[qrData[i]] = testframes::toString(mix[i % mix.size()]);
    std::vector<std::string> scanned;  // written by the pipeline's worker only, read after stop()
    std::vector<Sample> samples;
    std::unique_ptr<Database> workerDb;
    std::unique_ptr<CheckinEngine> engine;

    auto camera = std::make_unique<QueueCamera>(ticketFrames, hall, 9, 12);
    auto* cam = camera.get();
    PipelineCallbacks callbacks;
    callbacks.onScan = [&](ScanEvent&& e) {
        // The kiosk decides on a database connection of its own thread; here that is the worker.
        if (!engine) {
            workerDb = std::move(Database::open(folder->databaseFile()).value());
            engine = std::make_unique<CheckinEngine>(*workerDb);
        }
        const auto t0 = ScanClock::now();
        ScanRequest request;
        request.qrData = e.text;
        request.eventId = eventId;
        request.gateId = "north";
        request.deviceId = "bench-kiosk";
        const Verdict verdict = engine->admit(request);
        scanned.push_back(e.text);
        e.timings.verdict = ScanClock::now();
        samples.push_back({e.timings.captureToDecodedMs(), e.timings.decodeMs,
                           millisecondsBetween(t0, *e.timings.verdict), *e.timings.captureToVerdictMs(),
                           verdict.admitted});
    };
    SourceSpec spec;
    spec.retryMin = std::chrono::milliseconds(60000);  // the queue is over when the camera "fails"
    ScanPipeline pipeline(std::move(camera), spec, PipelineOptions{}, std::move(callbacks));
    const auto start = BenchClock::now();
    pipeline.start();
    while (!cam->done()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    pipeline.stop();
    const auto stats = pipeline.stats();
    engine.reset();
    workerDb.reset();
    fs::remove_all(root);

    std::vector<double> toDecoded, decode, verdict, toVerdict;
    std::size_t admitted = 0;
    for (const auto& s : samples) {
        toDecoded.push_back(s.toDecoded);
        decode.push_back(s.decode);
        verdict.push_back(s.verdict);
        toVerdict.push_back(s.toVerdict);
        admitted += s.admitted;
    }
    std::printf("ran %.1f s: %lld frames decoded, %lld dropped, %zu scans of %zu tickets shown, %zu admitted\n",
                msSince(start) / 1000, static_cast<long long>(stats.framesDecoded),
                static_cast<long long>(stats.framesDropped), samples.size(), qrData.size(), admitted);
    for (const auto& text : scanned) conditionOf.erase(text);
    for (const auto& [text, condition] : conditionOf) std::printf("not scanned: a %s ticket\n", condition);
    std::printf("\n%-34s %9s %9s %9s\n", "per scan", "median", "p99", "max");
    auto row = [](const char* name, const std::vector<double>& v) {
        std::printf("%-34s %6.1f ms %6.1f ms %6.1f ms\n", name, percentile(v, 50), percentile(v, 99),
                    percentile(v, 100));
    };
    row("decode (the frame with the code)", decode);
    row("captured -> decoded", toDecoded);
    row("verdict (admit, 100k-ticket db)", verdict);
    row("captured -> verdict ready", toVerdict);
    return samples.size() == qrData.size() && admitted == qrData.size() ? 0 : 1;
}

// ScanPipeline end to end: video files and folders in, one ScanEvent per ticket shown out,
// with the source's ups and downs reported along the way.
#include "core/scan/scan_pipeline.hpp"

#include <gtest/gtest.h>

#include <iomanip>
#include <iostream>
#include <map>

#include <opencv2/imgproc.hpp>

#include "core/scan/handover_queue.hpp"
#include "core/scan/testing/test_frames.hpp"
#include "scan/scan_test_support.hpp"

namespace qrgate {
namespace {

using namespace std::chrono_literals;
using testframes::Condition;
using testing::TempDir;

// A person holding a card is never still: the frame drifts by a few pixels, the sensor is noisy.
cv::Mat handHeld(const cv::Mat& base, int i) {
    const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, 5 * std::sin(i / 9.0), 0, 1, 3 * std::cos(i / 7.0));
    cv::Mat out;
    cv::warpAffine(base, out, shift, base.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::Mat noise(out.size(), CV_8UC3);
    cv::randu(noise, 0, 6);
    out += noise;
    return out;
}

void append(std::vector<cv::Mat>& frames, const cv::Mat& base, int count) {
    for (int i = 0; i < count; ++i) frames.push_back(handHeld(base, static_cast<int>(frames.size())));
}

// Everything a pipeline reports, collected from its worker threads.
struct Collected {
    HandoverQueue<ScanEvent> scans;
    std::mutex mutex;
    std::vector<SourceStatus> statuses;
    std::vector<FrameReport> frames;

    PipelineCallbacks callbacks(bool keepFrames = false) {
        PipelineCallbacks cb;
        cb.onScan = [this](ScanEvent&& e) { scans.push(std::move(e)); };
        cb.onStatus = [this](const SourceStatus& s) {
            std::lock_guard lock(mutex);
            statuses.push_back(s);
        };
        if (keepFrames) {
            cb.onFrame = [this](FrameReport&& r) {
                r.image.release();  // the test needs the codes, not the pixels
                std::lock_guard lock(mutex);
                frames.push_back(std::move(r));
            };
        }
        return cb;
    }
    SourceState lastState() {
        std::lock_guard lock(mutex);
        return statuses.empty() ? SourceState::Opening : statuses.back().state;
    }
    bool sawState(SourceState s) {
        std::lock_guard lock(mutex);
        return std::any_of(statuses.begin(), statuses.end(), [&](const SourceStatus& x) { return x.state == s; });
    }
};

// Runs a pipeline over its whole recording; false when it has not ended within `limit`.
bool playToTheEnd(ScanPipeline& pipeline, std::chrono::seconds limit) {
    pipeline.start();
    const bool ended = testing::waitUntil([&] { return pipeline.finished(); }, limit);
    pipeline.stop();
    return ended;
}

std::vector<std::string> texts(const std::vector<ScanEvent>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.text);
    return out;
}

TEST(ScanPipeline, AClipWithOneTicketFor3SecondsThenASecondGivesExactlyTwoScans) {
    const std::string first = testframes::makeTicketText(21), second = testframes::makeTicketText(22);
    const cv::Mat empty = testframes::makeEmptyScene(5);
    const cv::Mat showingFirst = testframes::makeFrame(first, Condition::Plain, 5);
    const cv::Mat showingSecond = testframes::makeFrame(second, Condition::Perspective, 6);
    cv::Mat swiped;  // the card moved so fast that five frames are a smear
    cv::blur(showingFirst, swiped, cv::Size(41, 3));

    std::vector<cv::Mat> frames;
    append(frames, empty, 30);         // 0-1 s: nobody
    append(frames, showingFirst, 40);  // 1-4 s: the first ticket, held up...
    append(frames, swiped, 5);         // ...moved...
    append(frames, showingFirst, 45);  // ...and held still again
    append(frames, showingSecond, 60); // 4-6 s: the second ticket replaces it
    append(frames, empty, 15);
    TempDir dir;
    ASSERT_TRUE(testing::writeVideo(dir / "gate.avi", frames, 30));

    SourceSpec spec = SourceSpec::parse((dir / "gate.avi").string());  // played at its own 30 fps
    Collected got;
    ScanPipeline pipeline(spec, PipelineOptions{}, got.callbacks());
    ASSERT_TRUE(playToTheEnd(pipeline, 20s));

    const std::vector<ScanEvent> scans = got.scans.drain();
    ASSERT_EQ(texts(scans), (std::vector<std::string>{first, second}));
    EXPECT_TRUE(scans[0].isTicket);
    EXPECT_EQ(scans[0].input, ScanInput::Camera);
    EXPECT_EQ(scans[0].sourceName, spec.describe());
    EXPECT_GE(scans[0].frameSequence, 31);  // seen within a few frames of appearing
    EXPECT_LE(scans[0].frameSequence, 40);
    EXPECT_GE(scans[1].frameSequence, 121);
    EXPECT_LE(scans[1].frameSequence, 130);
    for (const auto& s : scans) {
        EXPECT_LE(s.timings.captured, s.timings.decoded);
        EXPECT_LT(s.timings.captureToDecodedMs(), 200.0);
        EXPECT_GT(s.timings.decodeMs, 0.0);
        EXPECT_FALSE(s.timings.verdict) << "the verdict time is the caller's to fill in";
    }
    EXPECT_EQ(pipeline.stats().scans, 2);
    EXPECT_GT(pipeline.stats().framesDecoded, 150);
}

TEST(ScanPipeline, TheSameTicketShownAgainAfterLeavingIsANewScan) {
    const std::string ticket = testframes::makeTicketText(23);
    std::vector<cv::Mat> frames;
    append(frames, testframes::makeFrame(ticket, Condition::Plain, 7), 15);
    append(frames, testframes::makeEmptyScene(7), 30);
    append(frames, testframes::makeFrame(ticket, Condition::Plain, 8), 15);
    SourceSpec spec;  // a scripted recording played in real time at 30 fps
    Collected got;
    ScanPipeline pipeline(std::make_unique<testing::ScriptedDevice>(frames, 30), spec, PipelineOptions{},
                          got.callbacks());
    ASSERT_TRUE(playToTheEnd(pipeline, 10s));
    EXPECT_EQ(texts(got.scans.drain()), (std::vector<std::string>{ticket, ticket}));
}

TEST(ScanPipeline, APosterInViewDoesNotTurnIntoScansWhileATicketIsShown) {
    const std::string poster = "https://example.org/festival-programme", ticket = testframes::makeTicketText(24);
    std::vector<cv::Mat> frames;
    append(frames, testframes::makeMultiFrame({poster, ticket}, 1), 20);  // both in view
    append(frames, testframes::makeMultiFrame({poster}, 2), 20);          // the person moves on
    append(frames, testframes::makeEmptyScene(3), 30);
    append(frames, testframes::makeMultiFrame({poster}, 2), 10);          // someone holds up a flyer
    SourceSpec spec;
    Collected got;
    ScanPipeline pipeline(std::make_unique<testing::ScriptedDevice>(frames, 30), spec, PipelineOptions{},
                          got.callbacks());
    ASSERT_TRUE(playToTheEnd(pipeline, 10s));
    const auto scans = got.scans.drain();
    ASSERT_EQ(texts(scans), (std::vector<std::string>{ticket, poster}));
    EXPECT_TRUE(scans[0].isTicket);
    EXPECT_FALSE(scans[1].isTicket) << "a code on its own is reported, for a 'not a ticket' answer";
}

TEST(ScanPipeline, FrameReportsCarryWhatThePreviewDraws) {
    const std::string ticket = testframes::makeTicketText(25);
    std::vector<cv::Mat> frames;
    append(frames, testframes::makeFrame(ticket, Condition::Plain, 9), 10);
    append(frames, testframes::makeEmptyScene(9), 5);
    SourceSpec spec;
    spec.realTime = false;
    Collected got;
    ScanPipeline pipeline(std::make_unique<testing::ScriptedDevice>(frames, 30), spec, PipelineOptions{},
                          got.callbacks(true));
    ASSERT_TRUE(playToTheEnd(pipeline, 10s));
    std::lock_guard lock(got.mutex);
    ASSERT_EQ(got.frames.size(), 15u);
    for (std::size_t i = 0; i < got.frames.size(); ++i) {
        const FrameReport& r = got.frames[i];
        EXPECT_EQ(r.sequence, static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(r.codes.size(), i < 10 ? 1u : 0u) << i;
        EXPECT_GT(r.decodeMs, 0.0);
        EXPECT_LE(r.capturedAt, r.decodedAt);
    }
    EXPECT_EQ(got.frames[3].codes[0].text, ticket);  // still in view: reported in every frame
    EXPECT_GT(got.frames[3].codes[0].boundingBox().area(), 150 * 150);
}

TEST(ScanPipeline, GeneratedConditionsReadBackFromAVideoFile) {
    // Every condition, ten frames each, through Motion-JPEG compression and back.
    constexpr int kSeeds = 10;
    std::vector<cv::Mat> frames;
    std::map<std::string, Condition> conditionOf;
    for (Condition c : testframes::allConditions()) {
        for (int seed = 0; seed < kSeeds; ++seed) {
            const std::string text = testframes::makeTicketText(500 + 37 * static_cast<int>(c) + seed);
            conditionOf[text] = c;
            frames.push_back(testframes::makeFrame(text, c, 100 + seed));
        }
    }
    TempDir dir;
    ASSERT_TRUE(testing::writeVideo(dir / "conditions.avi", frames, 30));
    SourceSpec spec = SourceSpec::parse((dir / "conditions.avi").string());
    spec.realTime = false;  // every frame: each shows another ticket
    PipelineOptions options;
    options.decode.budget = 250ms;  // the ladder's reach, not the test machine's load
    Collected got;
    ScanPipeline pipeline(spec, options, got.callbacks());
    ASSERT_TRUE(playToTheEnd(pipeline, 60s));

    std::map<Condition, int> decoded;
    for (const auto& scan : got.scans.drain()) {
        ASSERT_TRUE(conditionOf.count(scan.text)) << "read a code that was not shown: " << scan.text;
        ++decoded[conditionOf[scan.text]];
    }
    std::cout << "decode rate per condition after a Motion-JPEG video round trip (" << kSeeds << " frames each):\n";
    for (Condition c : testframes::allConditions())
        std::cout << "  " << std::left << std::setw(12) << testframes::toString(c) << std::right << std::setw(3)
                  << decoded[c] << "/" << kSeeds << "\n";
    EXPECT_EQ(decoded[Condition::Plain], kSeeds);
    EXPECT_EQ(decoded[Condition::Perspective], kSeeds);
    EXPECT_EQ(decoded[Condition::Small], kSeeds);
    EXPECT_EQ(pipeline.stats().framesDecoded, static_cast<std::int64_t>(frames.size()));
}

TEST(ScanPipeline, NoScansFromFramesWithoutCodes) {
    std::vector<cv::Mat> frames;
    for (auto kind : testframes::allDistractors())
        for (int seed = 0; seed < 6; ++seed) frames.push_back(testframes::makeNonCodeFrame(kind, 50 + seed));
    SourceSpec spec;
    spec.realTime = false;
    Collected got;
    ScanPipeline pipeline(std::make_unique<testing::ScriptedDevice>(frames, 30), spec, PipelineOptions{},
                          got.callbacks());
    ASSERT_TRUE(playToTheEnd(pipeline, 20s));
    EXPECT_EQ(got.scans.size(), 0u);
    EXPECT_EQ(pipeline.stats().framesDecoded, static_cast<std::int64_t>(frames.size()));
}

TEST(ScanPipeline, AMissingSourceIsReportedAndScanningStartsWhenItAppears) {
    TempDir dir;
    const auto folder = dir / "gate-camera";
    SourceSpec spec = SourceSpec::parse(folder.string());  // not there yet: taken for a video file
    spec.kind = SourceKind::ImageFolder;
    spec.loop = true;
    spec.imageHold = 300ms;
    spec.retryMin = 50ms;
    spec.retryMax = 200ms;
    Collected got;
    ScanPipeline pipeline(spec, PipelineOptions{}, got.callbacks());
    pipeline.start();
    ASSERT_TRUE(testing::waitUntil([&] { return got.lastState() == SourceState::Lost; }, 3s));
    {
        std::lock_guard lock(got.mutex);
        EXPECT_NE(got.statuses.back().message.find("gate-camera"), std::string::npos);
    }

    const std::string first = testframes::makeTicketText(31);
    std::filesystem::create_directory(dir / "staging");
    cv::imwrite((dir / "staging" / "a.png").string(), testframes::makeFrame(first, Condition::Plain, 1));
    std::filesystem::rename(dir / "staging", folder);
    auto scan = got.scans.waitPop(5s);
    ASSERT_TRUE(scan);
    EXPECT_EQ(scan->text, first);
    EXPECT_EQ(scan->sourceName, "a.png");

    // unplugged...
    std::filesystem::remove_all(folder);
    ASSERT_TRUE(testing::waitUntil([&] { return got.lastState() == SourceState::Lost; }, 3s));
    // ...and back, showing another ticket
    const std::string second = testframes::makeTicketText(32);
    std::filesystem::create_directory(dir / "staging");
    cv::imwrite((dir / "staging" / "b.png").string(), testframes::makeFrame(second, Condition::Plain, 2));
    std::filesystem::rename(dir / "staging", folder);
    scan = got.scans.waitPop(5s);
    ASSERT_TRUE(scan);
    EXPECT_EQ(scan->text, second);
    EXPECT_EQ(pipeline.sourceStatus().state, SourceState::Running);
    EXPECT_EQ(pipeline.sourceStatus().reconnects, 1);
    pipeline.stop();
}

TEST(ScanPipeline, StopsPromptlyAndCallsNothingAfterwards) {
    std::vector<cv::Mat> frames;
    append(frames, testframes::makeFrame(testframes::makeTicketText(40), Condition::Small, 3), 150);  // 5 s
    std::atomic<bool> stopped{false};
    std::atomic<int> lateCalls{0};
    std::atomic<int> reports{0};
    PipelineCallbacks cb;
    cb.onScan = [&](ScanEvent&&) { lateCalls += stopped ? 1 : 0; };
    cb.onFrame = [&](FrameReport&&) {
        lateCalls += stopped ? 1 : 0;
        ++reports;
    };
    ScanPipeline pipeline(std::make_unique<testing::ScriptedDevice>(frames, 30), SourceSpec{}, PipelineOptions{}, cb);
    pipeline.start();
    ASSERT_TRUE(testing::waitUntil([&] { return reports > 5; }, 5s));
    const auto t0 = std::chrono::steady_clock::now();
    pipeline.stop();
    stopped = true;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 300ms);
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(lateCalls, 0);
    EXPECT_EQ(pipeline.sourceStatus().state, SourceState::Ended);
}

}  // namespace
}  // namespace qrgate

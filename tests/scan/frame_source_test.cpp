// FrameSource delivers frames from video files, image folders and network streams, keeps only
// the newest when the consumer is slow, and reports a source that vanishes and comes back as a
// state instead of failing.
#include "core/scan/frame_source.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "core/scan/testing/test_frames.hpp"
#include "scan/scan_test_support.hpp"

namespace qrgate {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

// Frames that say which one they are: frame i is filled with gray level 8*i (survives JPEG).
std::vector<cv::Mat> numberedFrames(int n, cv::Size size = {320, 240}) {
    std::vector<cv::Mat> frames;
    for (int i = 0; i < n; ++i) frames.emplace_back(size, CV_8UC3, cv::Scalar::all(8 * i));
    return frames;
}
int frameNumber(const cv::Mat& m) { return static_cast<int>(std::lround(cv::mean(m)[0] / 8)); }

// Collects every status the source reports, from its thread.
struct StatusLog {
    std::mutex mutex;
    std::vector<SourceStatus> all;
    FrameSource::StatusCallback callback() {
        return [this](const SourceStatus& s) {
            std::lock_guard lock(mutex);
            all.push_back(s);
        };
    }
    std::vector<SourceState> states() {
        std::lock_guard lock(mutex);
        std::vector<SourceState> out;
        for (const auto& s : all) out.push_back(s.state);
        return out;
    }
};

SourceSpec fileSpec(const std::filesystem::path& p) {
    SourceSpec spec = SourceSpec::parse(p.string());
    spec.retryMin = 50ms;
    spec.retryMax = 200ms;
    return spec;
}

TEST(SourceSpec, ParsesTheKiosksCameraArgument) {
    TempDir dir;
    EXPECT_EQ(SourceSpec::parse("0").kind, SourceKind::Camera);
    EXPECT_EQ(SourceSpec::parse("2").cameraIndex, 2);
    EXPECT_EQ(SourceSpec::parse("/dev/video1").kind, SourceKind::Camera);
    EXPECT_EQ(SourceSpec::parse("/dev/video1").cameraIndex, 1);
    EXPECT_EQ(SourceSpec::parse("rtsp://10.0.0.5:554/live").kind, SourceKind::Stream);
    EXPECT_EQ(SourceSpec::parse("http://192.168.1.20:8080/video").kind, SourceKind::Stream);
    EXPECT_EQ(SourceSpec::parse(dir.path().string()).kind, SourceKind::ImageFolder);
    EXPECT_EQ(SourceSpec::parse("gate-recording.mp4").kind, SourceKind::VideoFile);
    const SourceSpec fileUrl = SourceSpec::parse("file:///tmp/x.avi");
    EXPECT_EQ(fileUrl.kind, SourceKind::VideoFile);
    EXPECT_EQ(fileUrl.location, "/tmp/x.avi");
    EXPECT_EQ(SourceSpec::parse("0").describe(), "camera 0");
}

TEST(FrameSource, PlaysEveryFrameOfAVideoThenEnds) {
    TempDir dir;
    ASSERT_TRUE(testing::writeVideo(dir / "clip.avi", numberedFrames(20), 30));
    SourceSpec spec = fileSpec(dir / "clip.avi");
    spec.realTime = false;
    StatusLog log;
    FrameSource source(spec, log.callback());
    source.start();
    std::vector<int> numbers;
    std::vector<std::int64_t> sequences;
    while (auto frame = source.next(2s)) {
        numbers.push_back(frameNumber(frame->image));
        sequences.push_back(frame->sequence);
        EXPECT_EQ(frame->image.size(), cv::Size(320, 240));
    }
    ASSERT_EQ(numbers.size(), 20u);
    for (int i = 0; i < 20; ++i) {
        EXPECT_EQ(numbers[i], i);
        EXPECT_EQ(sequences[i], i + 1);
    }
    EXPECT_EQ(source.status().state, SourceState::Ended);
    testing::waitUntil([&] { return log.states().size() >= 2; }, 1s);
    EXPECT_EQ(log.states(), (std::vector<SourceState>{SourceState::Running, SourceState::Ended}));
}

TEST(FrameSource, PlaysAVideoAtItsOwnFrameRateAndDropsWhatASlowConsumerMisses) {
    TempDir dir;
    ASSERT_TRUE(testing::writeVideo(dir / "clip.avi", numberedFrames(30), 30));  // one second
    FrameSource source(fileSpec(dir / "clip.avi"));
    const auto start = std::chrono::steady_clock::now();
    source.start();
    std::vector<int> got;
    std::vector<double> waitedMs;  // how old each frame is when the consumer gets it
    while (auto frame = source.next(2s)) {
        got.push_back(frameNumber(frame->image));
        waitedMs.push_back(millisecondsBetween(frame->capturedAt, ScanClock::now()));
        std::this_thread::sleep_for(100ms);  // a decoder far slower than the camera
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_GT(seconds, 0.85);  // real time, not as fast as the disk reads
    EXPECT_LT(seconds, 2.0);
    // ~10 frames taken, the rest dropped, never a backlog: each taken frame is the newest one
    EXPECT_GE(got.size(), 5u);
    EXPECT_LE(got.size(), 15u);
    EXPECT_GE(got.back(), 27);
    EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
    EXPECT_GT(source.droppedFrames(), 10);
    // (the last frame waits for the consumer's nap: nothing newer came to replace it)
    // (a backlog would make them seconds old; 33 ms plus scheduling is expected, more on a busy machine)
    for (std::size_t i = 0; i + 1 < waitedMs.size(); ++i) EXPECT_LT(waitedMs[i], 250.0) << i;
}

TEST(FrameSource, ShowsAFoldersImagesInNameOrderEachForItsHoldTime) {
    TempDir dir;
    const auto frames = numberedFrames(3);
    cv::imwrite((dir / "b.png").string(), frames[1]);
    cv::imwrite((dir / "a.png").string(), frames[0]);
    cv::imwrite((dir / "c.jpg").string(), frames[2]);
    std::ofstream(dir / "notes.txt") << "not an image";
    std::ofstream(dir / "broken.png") << "half-written";
    SourceSpec spec = fileSpec(dir.path());
    ASSERT_EQ(spec.kind, SourceKind::ImageFolder);
    spec.realTime = false;
    spec.imageHold = 300ms;
    spec.folderFps = 10;  // three frames per image
    FrameSource source(spec);
    source.start();
    std::vector<std::pair<std::string, int>> got;
    while (auto frame = source.next(2s)) got.emplace_back(frame->name, frameNumber(frame->image));
    const std::vector<std::pair<std::string, int>> expected{{"a.png", 0}, {"a.png", 0}, {"a.png", 0},
                                                            {"b.png", 1}, {"b.png", 1}, {"b.png", 1},
                                                            {"c.jpg", 2}, {"c.jpg", 2}, {"c.jpg", 2}};
    EXPECT_EQ(got, expected);
    EXPECT_EQ(source.status().state, SourceState::Ended);
}

TEST(FrameSource, AMissingFileIsLostNotAnErrorAndStartsWhenItAppears) {
    TempDir dir;
    StatusLog log;
    SourceSpec spec = fileSpec(dir / "later.avi");
    spec.realTime = false;
    FrameSource source(spec, log.callback());
    source.start();
    ASSERT_TRUE(testing::waitUntil([&] { return source.status().state == SourceState::Lost; }, 2s));
    EXPECT_NE(source.status().message.find("later.avi"), std::string::npos) << source.status().message;
    EXPECT_FALSE(source.next(100ms));

    ASSERT_TRUE(testing::writeVideo(dir / "tmp.avi", numberedFrames(5), 30));
    std::filesystem::rename(dir / "tmp.avi", dir / "later.avi");
    int frames = 0;
    while (source.next(2s)) ++frames;
    EXPECT_EQ(frames, 5);
    testing::waitUntil([&] { return log.states().size() >= 3; }, 1s);  // the callback runs just after
    EXPECT_EQ(log.states(), (std::vector<SourceState>{SourceState::Lost, SourceState::Running, SourceState::Ended}));
}

TEST(FrameSource, AFolderThatIsRemovedAndPutBackReconnects) {
    TempDir dir;
    const auto folder = dir / "tickets";
    std::filesystem::create_directory(folder);
    const auto frames = numberedFrames(2);
    cv::imwrite((folder / "1.png").string(), frames[0]);
    SourceSpec spec = fileSpec(folder);
    spec.loop = true;
    spec.imageHold = 100ms;
    StatusLog log;
    FrameSource source(spec, log.callback());
    source.start();
    ASSERT_TRUE(source.next(2s));
    EXPECT_EQ(source.status().state, SourceState::Running);

    std::filesystem::remove_all(folder);
    ASSERT_TRUE(testing::waitUntil([&] { return source.status().state == SourceState::Lost; }, 3s));
    while (source.next(0ms)) {
    }
    EXPECT_FALSE(source.next(300ms)) << "no frames while the folder is gone";

    std::filesystem::create_directory(dir / "staging");
    cv::imwrite((dir / "staging" / "2.png").string(), frames[1]);
    std::filesystem::rename(dir / "staging", folder);
    std::optional<CapturedFrame> frame;
    ASSERT_TRUE(testing::waitUntil([&] { return (frame = source.next(50ms)).has_value(); }, 3s));
    EXPECT_EQ(frameNumber(frame->image), 1);
    EXPECT_EQ(frame->name, "2.png");
    EXPECT_EQ(source.status().state, SourceState::Running);
    EXPECT_EQ(source.status().reconnects, 1);
}

TEST(FrameSource, ALoopingVideoThatIsRemovedAndPutBackReconnects) {
    TempDir dir;
    ASSERT_TRUE(testing::writeVideo(dir / "gate.avi", numberedFrames(6), 30));
    std::filesystem::copy_file(dir / "gate.avi", dir / "backup.avi");
    SourceSpec spec = fileSpec(dir / "gate.avi");
    spec.loop = true;
    FrameSource source(spec);
    source.start();
    ASSERT_TRUE(source.next(2s));
    std::filesystem::remove(dir / "gate.avi");  // the open file plays on; the next loop fails
    ASSERT_TRUE(testing::waitUntil([&] {
        source.next(0ms);
        return source.status().state == SourceState::Lost;
    }, 3s));
    std::filesystem::rename(dir / "backup.avi", dir / "gate.avi");
    ASSERT_TRUE(testing::waitUntil([&] { return source.status().state == SourceState::Running; }, 3s));
    EXPECT_TRUE(source.next(2s));
    EXPECT_EQ(source.status().reconnects, 1);
}

TEST(FrameSource, ACameraThatStopsDeliveringIsLostAndReopened) {
    // A live device whose reads start failing after 5 frames: unplugged, then plugged back.
    auto device = std::make_unique<testing::ScriptedDevice>(numberedFrames(5), 100, true);
    auto* camera = device.get();
    SourceSpec spec;
    spec.retryMin = 20ms;
    StatusLog log;
    FrameSource source(std::move(device), spec, log.callback());
    source.start();
    ASSERT_TRUE(testing::waitUntil([&] { return source.status().reconnects >= 2; }, 3s));
    EXPECT_GE(camera->opens(), 3);
    const auto states = log.states();
    ASSERT_GE(states.size(), 4u);
    EXPECT_EQ(states[0], SourceState::Running);
    EXPECT_EQ(states[1], SourceState::Lost);
    EXPECT_EQ(states[2], SourceState::Running);
    source.stop();
    EXPECT_EQ(source.status().state, SourceState::Ended);
}

TEST(FrameSource, AStreamThatDropsIsLostAndComesBackWhenTheCameraDoes) {
    const auto frames = numberedFrames(10, {640, 360});
    auto camera = std::make_unique<testing::MjpegServer>(frames, 40, 30);
    const int port = camera->start();
    ASSERT_GT(port, 0);
    SourceSpec spec = SourceSpec::parse("http://127.0.0.1:" + std::to_string(port) + "/video");
    ASSERT_EQ(spec.kind, SourceKind::Stream);
    spec.retryMin = 100ms;
    spec.retryMax = 300ms;
    StatusLog log;
    FrameSource source(spec, log.callback());
    source.start();

    auto frame = source.next(10s);
    ASSERT_TRUE(frame) << source.status().message;
    EXPECT_EQ(frame->image.size(), cv::Size(640, 360));
    // the camera hangs up after 40 frames and is switched off
    ASSERT_TRUE(testing::waitUntil([&] {
        source.next(0ms);
        return source.status().state == SourceState::Lost;
    }, 10s));
    camera->stop();
    std::this_thread::sleep_for(400ms);  // reconnection attempts fail meanwhile
    EXPECT_EQ(source.status().state, SourceState::Lost);

    camera = std::make_unique<testing::MjpegServer>(frames, 1000, 30);
    ASSERT_EQ(camera->start(port), port);
    ASSERT_TRUE(testing::waitUntil([&] { return source.status().state == SourceState::Running; }, 10s))
        << source.status().message;
    EXPECT_TRUE(source.next(5s));
    EXPECT_EQ(source.status().reconnects, 1);
    source.stop();
    EXPECT_EQ(source.status().state, SourceState::Ended);
}

TEST(FrameSource, StopsPromptlyWhileWaitingToReconnect) {
    SourceSpec spec = SourceSpec::parse("/nonexistent/gate.avi");
    spec.retryMin = 5s;
    FrameSource source(spec);
    source.start();
    ASSERT_TRUE(testing::waitUntil([&] { return source.status().state == SourceState::Lost; }, 2s));
    const auto t0 = std::chrono::steady_clock::now();
    source.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms);
    EXPECT_EQ(source.status().state, SourceState::Ended);
}

TEST(FrameSource, WithoutReconnectTheFirstFailureEndsIt) {
    SourceSpec spec = SourceSpec::parse("/nonexistent/gate.avi");
    spec.reconnect = false;
    FrameSource source(spec);
    source.start();
    EXPECT_FALSE(source.next(2s));
    EXPECT_EQ(source.status().state, SourceState::Ended);
    EXPECT_NE(source.status().message.find("not found"), std::string::npos);
}

}  // namespace
}  // namespace qrgate

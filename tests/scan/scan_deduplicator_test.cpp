// ScanDeduplicator: a code held in front of the camera is one scan; it is a new scan only after
// it has left the view (or after the optional repeat time).
#include "core/scan/scan_deduplicator.hpp"

#include <gtest/gtest.h>

namespace qrgate {
namespace {

using namespace std::chrono_literals;
using Codes = std::vector<std::string>;

// Feeds frames at 30 fps on a simulated clock.
class Camera {
public:
    explicit Camera(DedupOptions options = {}) : m_dedup(options) {}
    // `frames` frames showing `codes`; returns every new scan, in order
    Codes show(const Codes& codes, int frames) {
        Codes scans;
        for (int i = 0; i < frames; ++i) {
            m_now += 33ms;
            for (auto& s : m_dedup.onFrame(codes, m_now)) scans.push_back(s);
        }
        return scans;
    }
    Codes nothing(int frames) { return show({}, frames); }
    ScanDeduplicator& dedup() { return m_dedup; }

private:
    ScanDeduplicator m_dedup;
    ScanTime m_now{};
};

TEST(ScanDeduplicator, ACodeHeldUpForSecondsIsOneScan) {
    Camera camera;
    EXPECT_EQ(camera.show({"A"}, 1), Codes{"A"});
    EXPECT_EQ(camera.show({"A"}, 150), Codes{});
}

TEST(ScanDeduplicator, AFewMissedFramesAreNotLeavingTheView) {
    Camera camera;
    EXPECT_EQ(camera.show({"A"}, 10), Codes{"A"});
    // motion blur: the decoder misses the code now and then, even for 7 frames in a row
    for (int round = 0; round < 5; ++round) {
        EXPECT_EQ(camera.nothing(7), Codes{});
        EXPECT_EQ(camera.show({"A"}, 3), Codes{});
    }
}

TEST(ScanDeduplicator, ManyFramesInAShortTimeAreNotLeavingTheViewEither) {
    // a 120 fps camera: 8 frames are only 67 ms, less than the absence time
    ScanDeduplicator dedup;
    ScanTime t{};
    EXPECT_EQ(dedup.onFrame({"A"}, t), Codes{"A"});
    for (int i = 0; i < 20; ++i) dedup.onFrame({}, t += 8ms);
    EXPECT_EQ(dedup.onFrame({"A"}, t += 8ms), Codes{});
}

TEST(ScanDeduplicator, TheSameCodeAfterLeavingTheViewIsANewScan) {
    Camera camera;
    EXPECT_EQ(camera.show({"A"}, 30), Codes{"A"});
    EXPECT_EQ(camera.nothing(30), Codes{});  // one second away
    EXPECT_FALSE(camera.dedup().inView("A"));
    EXPECT_EQ(camera.show({"A"}, 30), Codes{"A"});
}

TEST(ScanDeduplicator, WithARepeatTimeACodeStillInViewCountsAgain) {
    DedupOptions options;
    options.repeatAfter = 1s;
    Camera camera(options);
    EXPECT_EQ(camera.show({"A"}, 1), Codes{"A"});
    EXPECT_EQ(camera.show({"A"}, 30), Codes{});    // 30 frames: 990 ms later
    EXPECT_EQ(camera.show({"A"}, 1), Codes{"A"});  // 1023 ms after the first scan
    EXPECT_EQ(camera.show({"A"}, 30), Codes{});
    EXPECT_EQ(camera.show({"A"}, 1), Codes{"A"});
}

TEST(ScanDeduplicator, EachCodeInViewIsTrackedOnItsOwn) {
    Camera camera;
    EXPECT_EQ(camera.show({"A", "B"}, 1), (Codes{"A", "B"}));
    EXPECT_EQ(camera.show({"A", "B"}, 10), Codes{});
    EXPECT_EQ(camera.show({"B"}, 30), Codes{});        // A leaves, B stays
    EXPECT_EQ(camera.show({"A", "B", "C"}, 1), (Codes{"A", "C"}));
}

TEST(ScanDeduplicator, CodesThatLeftAreForgotten) {
    Camera camera;
    for (int i = 0; i < 100; ++i) camera.show({"code " + std::to_string(i)}, 2);
    camera.nothing(30);
    EXPECT_EQ(camera.dedup().trackedCodes(), 0u);
}

TEST(ScanDeduplicator, ReadsWithoutFramesUseTheAbsenceTime) {
    ScanDeduplicator dedup;  // 700 ms
    ScanTime t{};
    EXPECT_TRUE(dedup.onRead("A", t));
    EXPECT_FALSE(dedup.onRead("A", t += 300ms));
    // a presentation-mode scanner re-reading the code every 500 ms keeps it "in view"
    for (int i = 0; i < 10; ++i) EXPECT_FALSE(dedup.onRead("A", t += 500ms));
    EXPECT_TRUE(dedup.onRead("B", t += 10ms));
    EXPECT_TRUE(dedup.onRead("A", t += 800ms));
}

}  // namespace
}  // namespace qrgate

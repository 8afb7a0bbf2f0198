// decodeFrame reads qrgate tickets off camera frames under the conditions a gate sees (tilted,
// far, blurred, dim, glare, dark-mode screens, mirrored), never reads a code that isn't there,
// and tells our tickets from other codes.
#include "core/scan/qr_decoder.hpp"

#include <gtest/gtest.h>

#include <iomanip>
#include <iostream>
#include <map>

#include <opencv2/imgproc.hpp>

#include "core/scan/testing/test_frames.hpp"

namespace qrgate {
namespace {

using testframes::Condition;

constexpr int kFramesPerCondition = 20;

bool reads(const DecodeResult& r, const std::string& text) {
    return std::any_of(r.codes.begin(), r.codes.end(), [&](const DecodedCode& c) { return c.text == text; });
}

struct ConditionRate {
    int decoded = 0;
    int wrong = 0;  // a code with another text: a misread
    int frames = 0;
    double rate() const { return frames ? static_cast<double>(decoded) / frames : 0; }
};

// Each condition is decoded once per test program and remembered: ctest runs every test in a
// process of its own, and one condition takes about a second.
const ConditionRate& rateOf(Condition c) {
    static std::map<Condition, ConditionRate> rates;
    if (auto it = rates.find(c); it != rates.end()) return it->second;
    // What the ladder can read, independent of how busy the machine running the tests is:
    // the kiosk's 30 ms budget is the benchmark's business (bench/scan_decode_bench).
    DecodeOptions options;
    options.budget = std::chrono::milliseconds(250);
    ConditionRate& rate = rates[c];
    for (int seed = 0; seed < kFramesPerCondition; ++seed) {
        const std::string text = testframes::makeTicketText(1000 + seed);
        const DecodeResult r = decodeFrame(testframes::makeFrame(text, c, seed), options);
        ++rate.frames;
        if (reads(r, text)) ++rate.decoded;
        for (const auto& code : r.codes)
            if (code.text != text) ++rate.wrong;
    }
    return rate;
}

TEST(DecodeFrame, EveryFrontalTicketIsRead) {
    EXPECT_EQ(rateOf(Condition::Plain).rate(), 1.0);
}

TEST(DecodeFrame, EveryTicketTiltedUpTo45DegreesIsRead) {
    EXPECT_EQ(rateOf(Condition::Perspective).rate(), 1.0);
}

TEST(DecodeFrame, EveryTicket80PixelsWideIn720pIsRead) {
    EXPECT_EQ(rateOf(Condition::Small).rate(), 1.0);
}

TEST(DecodeFrame, DarkModeAndMirroredScreensAreRead) {
    EXPECT_GE(rateOf(Condition::Inverted).rate(), 0.95);
    EXPECT_GE(rateOf(Condition::Mirrored).rate(), 0.95);
}

TEST(DecodeFrame, MostDegradedFramesAreRead) {
    // Floors below what the generated set reaches today; a drop below them is a regression.
    EXPECT_GE(rateOf(Condition::Noise).rate(), 0.9);
    EXPECT_GE(rateOf(Condition::Dim).rate(), 0.9);
    EXPECT_GE(rateOf(Condition::Glare).rate(), 0.85);
    EXPECT_GE(rateOf(Condition::Blur).rate(), 0.7);
    EXPECT_GE(rateOf(Condition::Crumpled).rate(), 0.4);
}

TEST(DecodeFrame, NeverReadsAnotherTextAndReportsTheRatePerCondition) {
    std::cout << "decode rate per condition (" << kFramesPerCondition << " generated 1280x720 frames each):\n";
    for (Condition c : testframes::allConditions()) {
        const ConditionRate& r = rateOf(c);
        std::cout << "  " << std::left << std::setw(12) << testframes::toString(c) << std::right << std::setw(3)
                  << r.decoded << "/" << r.frames << "  " << std::setw(5) << std::fixed << std::setprecision(0)
                  << 100 * r.rate() << " %\n";
        EXPECT_EQ(r.wrong, 0) << testframes::toString(c);
    }
}

TEST(DecodeFrame, FramesWithoutACodeGiveNoCode) {
    const DecodeOptions options;
    for (auto kind : testframes::allDistractors()) {
        for (int seed = 0; seed < 12; ++seed) {
            const DecodeResult r = decodeFrame(testframes::makeNonCodeFrame(kind, seed), options);
            EXPECT_TRUE(r.codes.empty()) << testframes::toString(kind) << " seed " << seed << " read "
                                         << r.codes.front().text;
        }
    }
}

TEST(DecodeFrame, OurTicketComesFirstWhenOtherCodesAreInView) {
    const std::string ticket = testframes::makeTicketText(7);
    const std::vector<std::string> texts{"https://example.org/poster", ticket, "WIFI:S:venue;T:WPA;P:secret;;"};
    const cv::Mat frame = testframes::makeMultiFrame(texts, 3);

    DecodeOptions all;
    all.findAll = true;
    const DecodeResult every = decodeFrame(frame, all);
    ASSERT_EQ(every.codes.size(), 3u);
    EXPECT_EQ(every.codes[0].text, ticket);
    EXPECT_TRUE(every.codes[0].isTicket);
    EXPECT_FALSE(every.codes[1].isTicket);
    EXPECT_FALSE(every.codes[2].isTicket);
    EXPECT_TRUE(every.hasTicket());

    const DecodeResult live = decodeFrame(frame, DecodeOptions{});
    ASSERT_FALSE(live.codes.empty());
    EXPECT_EQ(live.codes.front().text, ticket);
}

TEST(DecodeFrame, ReportsWhereEachCodeIs) {
    const std::string left = testframes::makeTicketText(1), right = testframes::makeTicketText(2);
    DecodeOptions all;
    all.findAll = true;
    const DecodeResult r = decodeFrame(testframes::makeMultiFrame({left, right}, 5), all);
    ASSERT_EQ(r.codes.size(), 2u);
    std::map<std::string, cv::Rect> where;
    for (const auto& c : r.codes) where[c.text] = c.boundingBox();
    // makeMultiFrame puts each card in its own half of the 1280-pixel frame, 200 px wide
    EXPECT_LT(where[left].br().x, 640);
    EXPECT_GT(where[right].x, 640);
    for (const auto& [text, box] : where) {
        EXPECT_NEAR(box.width, 200, 30) << text;
        EXPECT_NEAR(box.y + box.height / 2, 360, 100) << text;
    }
}

TEST(DecodeFrame, CornersOfAMirroredOrDownscaledReadAreInFrameCoordinates) {
    const std::string text = testframes::makeTicketText(11);
    const cv::Mat frame = testframes::makeFrame(text, Condition::Mirrored, 4);
    const DecodeResult r = decodeFrame(frame, DecodeOptions{});
    ASSERT_TRUE(reads(r, text));
    const cv::Rect box = r.codes.front().boundingBox();
    EXPECT_TRUE((cv::Rect(0, 0, frame.cols, frame.rows) & box) == box) << box;
    EXPECT_GT(box.width, 150);  // the Mirrored condition shows the code 180-300 px wide
    EXPECT_LT(box.width, 400);
}

TEST(DecodeFrame, GrayBgrAndBgraFramesGiveTheSameCodes) {
    const std::string text = testframes::makeTicketText(3);
    const cv::Mat bgr = testframes::makeFrame(text, Condition::Plain, 9);
    cv::Mat gray, bgra;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);
    for (const cv::Mat& m : std::vector<cv::Mat>{bgr, gray, bgra}) EXPECT_TRUE(reads(decodeFrame(m), text)) << m.channels();
}

TEST(DecodeFrame, LeavesTheCallersFrameUntouched) {
    // The inverted and mirrored attempts must work on copies, also when the frame is small
    // enough to be used without downscaling.
    const cv::Mat frame = testframes::makeFrame(testframes::makeTicketText(5), Condition::Inverted, 2, {640, 360});
    cv::Mat gray;
    cv::cvtColor(frame, gray, cv::COLOR_BGR2GRAY);
    const cv::Mat before = gray.clone();
    DecodeOptions all;
    all.findAll = true;
    decodeFrame(gray, all);
    EXPECT_EQ(cv::norm(gray, before, cv::NORM_INF), 0.0);
}

TEST(DecodeFrame, StopsAtTheFirstAttemptThatFindsATicket) {
    const std::string text = testframes::makeTicketText(8);
    const DecodeResult r = decodeFrame(testframes::makeFrame(text, Condition::Plain, 1));
    ASSERT_TRUE(reads(r, text));
    ASSERT_EQ(r.attempts.size(), 1u);
    EXPECT_EQ(r.attempts[0].attempt, DecodeAttempt::Downscaled);
    EXPECT_EQ(r.attempts[0].found, 1);
}

TEST(DecodeFrame, KeepsToItsTimeBudgetOnFramesWithoutCodes) {
    // A budget smaller than the ladder on any machine: the crops alone are predicted at 2 ms.
    // (8 ms used to cut the ladder short here; on 2026-11-24 the whole ladder ran in less than
    // that on a scene without codes, every time, and the test failed.)
    DecodeOptions tight;
    tight.budget = std::chrono::milliseconds(1);
    for (int seed = 0; seed < 5; ++seed) {
        const DecodeResult r = decodeFrame(testframes::makeNonCodeFrame(testframes::Distractor::Scene, seed), tight);
        EXPECT_TRUE(r.budgetSpent);
        // The budget stops the ladder early; how long that takes in milliseconds is for the
        // benchmark (bench/scan_decode_bench), not for a test sharing the cores with others.
        EXPECT_LT(r.attempts.size(), tight.ladder.size());
    }
}

TEST(DecodeFrame, TheCropAroundTheLastSeenSpotReadsAFarCode) {
    const std::string text = testframes::makeTicketText(12);
    const cv::Mat frame = testframes::makeFrame(text, Condition::Small, 6);
    DecodeOptions patient;
    patient.budget = std::chrono::milliseconds(250);
    const DecodeResult first = decodeFrame(frame, patient);
    ASSERT_TRUE(reads(first, text));
    DecodeOptions cropsOnly;
    cropsOnly.ladder = {DecodeAttempt::Crops};
    FrameHint hint;
    hint.lastSeen = first.codes.front().boundingBox();
    const DecodeResult next = decodeFrame(frame, cropsOnly, hint);
    ASSERT_TRUE(reads(next, text));
    // the next frame needs one attempt where the first needed the ladder up to the crops
    EXPECT_EQ(next.attempts.size(), 1u);
    EXPECT_GT(first.attempts.size(), 1u);
}

TEST(DecodeFrame, ReadsAnyQrTextExactly) {
    for (const std::string& text : {std::string("hello"), std::string("https://example.org/t?id=42&x=y"),
                                   std::string("Grüße, 你好 ✓"), std::string(300, 'A')}) {
        cv::Mat qr = testframes::renderQr(text, 6);
        ASSERT_FALSE(qr.empty());
        const DecodeResult r = decodeFrame(qr);
        ASSERT_EQ(r.codes.size(), 1u) << text;
        EXPECT_EQ(r.codes[0].text, text);
        EXPECT_FALSE(r.codes[0].isTicket);
    }
}

TEST(DecodeFrame, AnEmptyFrameHasNoCodes) {
    EXPECT_TRUE(decodeFrame(cv::Mat()).codes.empty());
    EXPECT_TRUE(decodeFrame(cv::Mat(720, 1280, CV_8UC3, cv::Scalar(255, 255, 255))).codes.empty());
}

}  // namespace
}  // namespace qrgate

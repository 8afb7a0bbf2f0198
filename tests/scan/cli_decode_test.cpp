// qrgate decode [--json] IMAGE...: the codes in image files, driven as a user would, through
// the real binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/scan/testing/test_frames.hpp"
#include "scan/scan_test_support.hpp"

namespace qrgate {
namespace {

using testframes::Condition;
using testing::TempDir;

class DecodeCommand : public ::testing::Test {
protected:
    void SetUp() override {
        ticket = testframes::makeTicketText(61);
        darkTicket = testframes::makeTicketText(62);
        cv::imwrite((dir / "ticket.png").string(), testframes::makeFrame(ticket, Condition::Perspective, 1));
        cv::imwrite((dir / "dark mode.jpg").string(), testframes::makeFrame(darkTicket, Condition::Inverted, 2),
                    {cv::IMWRITE_JPEG_QUALITY, 85});
        cv::imwrite((dir / "crowd.png").string(), testframes::makeNonCodeFrame(testframes::Distractor::Faces, 3));
    }
    testing::ProcessResult decode(std::vector<std::string> args) {
        args.insert(args.begin(), "decode");
        return testing::runQrgate(args, dir.path());
    }

    TempDir dir;
    std::string ticket, darkTicket;
};

TEST_F(DecodeCommand, PrintsOneJsonLinePerImage) {
    const auto r = decode({"--json", "ticket.png", "dark mode.jpg", "crowd.png"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const auto out = testing::lines(r.out);
    ASSERT_EQ(out.size(), 3u) << r.out;
    const auto first = nlohmann::json::parse(out[0]);
    EXPECT_EQ(first["file"], "ticket.png");
    EXPECT_EQ(first["codes"], nlohmann::json::array({ticket}));
    EXPECT_TRUE(first["ms"].is_number());
    EXPECT_GE(first["ms"].get<double>(), 0.0);
    const auto second = nlohmann::json::parse(out[1]);
    EXPECT_EQ(second["file"], "dark mode.jpg");
    EXPECT_EQ(second["codes"], nlohmann::json::array({darkTicket}));
    const auto third = nlohmann::json::parse(out[2]);
    EXPECT_EQ(third["file"], "crowd.png");
    EXPECT_EQ(third["codes"], nlohmann::json::array());
}

TEST_F(DecodeCommand, FindsEveryCodeInAnImage) {
    const std::string other = testframes::makeTicketText(63);
    cv::imwrite((dir / "two.png").string(),
                testframes::makeMultiFrame({"https://example.org", ticket, other}, 4));
    const auto r = decode({"--json", "two.png"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto line = nlohmann::json::parse(testing::lines(r.out).at(0));
    auto codes = line["codes"].get<std::vector<std::string>>();
    std::sort(codes.begin(), codes.end());
    std::vector<std::string> expected{"https://example.org", ticket, other};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(codes, expected);
    EXPECT_EQ(line["codes"][2], "https://example.org") << "our tickets come first";
}

TEST_F(DecodeCommand, WithoutJsonPrintsAReadableLinePerImage) {
    const auto r = decode({"ticket.png", "crowd.png"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    const auto out = testing::lines(r.out);
    ASSERT_EQ(out.size(), 2u) << r.out;
    EXPECT_EQ(out[0].rfind("ticket.png: " + ticket + " (", 0), 0u) << out[0];
    EXPECT_EQ(out[0].substr(out[0].size() - 4), " ms)") << out[0];
    EXPECT_EQ(out[1].rfind("crowd.png: no code (", 0), 0u) << out[1];
}

TEST_F(DecodeCommand, AnUnreadableFileIsReportedAndTheOthersStillDecoded) {
    std::ofstream(dir / "notes.png") << "this is not a picture";
    const auto r = decode({"--json", "ticket.png", "missing.png", "notes.png", "dark mode.jpg"});
    EXPECT_EQ(r.exitCode, 1);
    const auto out = testing::lines(r.out);
    ASSERT_EQ(out.size(), 2u) << r.out;
    EXPECT_EQ(nlohmann::json::parse(out[0])["file"], "ticket.png");
    EXPECT_EQ(nlohmann::json::parse(out[1])["file"], "dark mode.jpg");
    const auto err = testing::lines(r.err);
    ASSERT_EQ(err.size(), 2u) << r.err;
    EXPECT_NE(err[0].find("missing.png"), std::string::npos) << err[0];
    EXPECT_NE(err[0].find("no such file"), std::string::npos) << err[0];
    EXPECT_NE(err[1].find("notes.png"), std::string::npos) << err[1];
    EXPECT_NE(err[1].find("not an image"), std::string::npos) << err[1];
}

TEST_F(DecodeCommand, ReadsOtherFormatsAndTransparentImages) {
    // a code drawn black on a transparent background, as design tools export it
    cv::Mat qr = testframes::renderQr(ticket, 6);
    std::vector<cv::Mat> bgra(4);
    bgra[0] = bgra[1] = bgra[2] = cv::Mat::zeros(qr.size(), CV_8U);
    bgra[3] = 255 - qr;
    cv::Mat transparent;
    cv::merge(bgra, transparent);
    cv::imwrite((dir / "logo.png").string(), transparent);
    cv::Mat frame = testframes::makeFrame(ticket, Condition::Plain, 5), gray16;
    cv::cvtColor(frame, gray16, cv::COLOR_BGR2GRAY);
    gray16.convertTo(gray16, CV_16U, 257);
    cv::imwrite((dir / "scan.tiff").string(), gray16);
    cv::imwrite((dir / "photo.bmp").string(), frame);
    cv::imwrite((dir / "photo.webp").string(), frame);

    const auto r = decode({"--json", "logo.png", "scan.tiff", "photo.bmp", "photo.webp"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto out = testing::lines(r.out);
    ASSERT_EQ(out.size(), 4u);
    for (const auto& line : out)
        EXPECT_EQ(nlohmann::json::parse(line)["codes"], nlohmann::json::array({ticket})) << line;
}

TEST_F(DecodeCommand, WithoutImagesIsAUsageError) {
    const auto r = decode({});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("IMAGE"), std::string::npos) << r.err;
    EXPECT_EQ(decode({"--bogus", "ticket.png"}).exitCode, 2);
}

TEST_F(DecodeCommand, HelpSaysHowToUseIt) {
    const auto r = decode({"--help"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.out.find("qrgate decode [--json] IMAGE..."), std::string::npos) << r.out;
}

}  // namespace
}  // namespace qrgate

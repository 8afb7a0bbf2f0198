// The volunteer card (qrgate card): one landscape page that says in the kiosk's own words and
// colours what each verdict means and what to do, checked as a volunteer would read it: the PDF
// rasterised (poppler) for its swatches, its text extracted for its words.
#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/imgcodecs.hpp>

#include "core/checkin/verdict_signals.hpp"
#include "paper/paper_test_support.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {
namespace {

namespace fs = std::filesystem;

struct CardCli {
    TempDir dir;
    std::string data = (dir / "data").string();

    ProcessResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--data", data});
        return runQrgate(args);
    }
    std::string createEvent(const std::string& name) {
        auto r = run({"event", "create", "--name", name, "--venue", "Riverside Park", "--starts", "2026-07-11 14:00"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return r.out.substr(0, r.out.find('\n'));
    }
    std::string path(const std::string& name) const { return (dir / name).string(); }
};

// Pixels of the page (BGR, as OpenCV reads it) within `tolerance` of the colour on each channel.
int pixelsOf(const cv::Mat& page, SignalColour c, int tolerance = 6) {
    int n = 0;
    for (int y = 0; y < page.rows; ++y)
        for (int x = 0; x < page.cols; ++x) {
            const auto p = page.at<cv::Vec3b>(y, x);
            if (std::abs(p[2] - c.r) <= tolerance && std::abs(p[1] - c.g) <= tolerance && std::abs(p[0] - c.b) <= tolerance)
                ++n;
        }
    return n;
}

TEST(VolunteerCard, IsOneLandscapePageWithEveryColourItsWordAndWhatToDo) {
    CardCli cli;
    cli.createEvent("Riverside Summer Festival");
    auto r = cli.run({"card", "--out", cli.path("card.pdf")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("Riverside Summer Festival"), std::string::npos) << r.out;
    EXPECT_EQ(pdfPageCount(cli.path("card.pdf")), 1);

    const std::string text = pdfText(cli.path("card.pdf"));
    EXPECT_NE(text.find("Riverside Summer Festival"), std::string::npos) << "the event's name";
    for (const auto& signal : kVerdictSignals) {
        EXPECT_NE(text.find(signal.headline), std::string::npos) << "the screen's word " << signal.headline;
        EXPECT_NE(text.find(signal.colourName), std::string::npos) << "the colour's name " << signal.colourName;
    }
    EXPECT_NE(text.find("Let them in."), std::string::npos);
    for (const char* how : {"Search by name", "F1", "Ctrl+Z", "Record an exit", "OFFLINE", "Keep scanning",
                            "Whom to call", "Phone"})
        EXPECT_NE(text.find(how), std::string::npos) << how;

    // The page as printed (colour, 50 dpi): landscape, and every colour's swatch on it, each a
    // block of at least 1,500 pixels of exactly the kiosk's colour (a 50 x 22 mm swatch is ~2,100).
    const fs::path pages = cli.dir / "pages";
    fs::create_directories(pages);
    ASSERT_EQ(runProcess({"/usr/bin/pdftoppm", "-png", "-r", "50", cli.path("card.pdf"), (pages / "card").string()}).exitCode, 0);
    cv::Mat page = cv::imread((pages / "card-1.png").string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(page.empty());
    EXPECT_GT(page.cols, page.rows) << "landscape";
    for (const auto& signal : kVerdictSignals)
        EXPECT_GT(pixelsOf(page, signal.colour), 1500) << "the " << signal.colourName << " swatch";
}

TEST(VolunteerCard, TakesTheEventGivenOverTheCurrentOne) {
    CardCli cli;
    const std::string first = cli.createEvent("Spring Gala");
    cli.createEvent("Autumn Fair");  // now the current event
    auto r = cli.run({"card", "--event", first, "--out", cli.path("card.pdf")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string text = pdfText(cli.path("card.pdf"));
    EXPECT_NE(text.find("Spring Gala"), std::string::npos);
    EXPECT_EQ(text.find("Autumn Fair"), std::string::npos);
}

TEST(VolunteerCard, SaysInOneLineWhatIsWrongAndWritesNothing) {
    CardCli cli;
    // No event yet.
    auto none = cli.run({"card", "--out", cli.path("card.pdf")});
    EXPECT_EQ(none.exitCode, 1);
    EXPECT_NE(none.err.find("no event yet"), std::string::npos) << none.err;
    EXPECT_FALSE(fs::exists(cli.path("card.pdf")));

    cli.createEvent("Riverside Summer Festival");
    auto unknown = cli.run({"card", "--event", "EV999999", "--out", cli.path("card.pdf")});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.err.find("no event EV999999"), std::string::npos) << unknown.err;

    // A folder that does not exist, and a folder in place of a file.
    auto missing = cli.run({"card", "--out", cli.path("no-such-folder/card.pdf")});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("Cannot write"), std::string::npos) << missing.err;
    auto folder = cli.run({"card", "--out", cli.dir.path().string()});
    EXPECT_EQ(folder.exitCode, 1);
    EXPECT_NE(folder.err.find("Cannot write"), std::string::npos) << folder.err;
    for (const auto* r : {&none, &unknown, &missing, &folder})
        EXPECT_EQ(std::count(r->err.begin(), r->err.end(), '\n'), 1) << "one line: " << r->err;
    EXPECT_FALSE(fs::exists(cli.path("card.pdf")));

    // Usage errors: exit code 2.
    EXPECT_EQ(cli.run({"card"}).exitCode, 2);
    EXPECT_EQ(cli.run({"card", "--out", cli.path("card.pdf"), "--colour", "red"}).exitCode, 2);
    auto help = cli.run({"card", "--help"});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.out.find("card --out FILE.pdf"), std::string::npos);
    EXPECT_NE(runQrgate({"--help"}).out.find("card "), std::string::npos) << "listed in qrgate --help";
}

}  // namespace
}  // namespace qrgate::testing

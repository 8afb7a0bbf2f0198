// Paper that went through a real print queue, and printer calibration applied to what is drawn.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include <opencv2/imgcodecs.hpp>

#include "core/paper/sheet_layouts.hpp"
#include "paper/paper_test_support.hpp"
#include "support/cups_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {
namespace {

using nlohmann::json;

struct Folder {
    TempDir dir;
    std::string data = (dir / "data").string();
    std::vector<std::string> env;
    ProcessResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--data", data});
        return runQrgate(args, env);
    }
};

// A sheet rendered, sent to a cups-pdf queue of a private cupsd (through the real filter chain:
// pdftopdf, pdftops, Ghostscript), and every code read back from the file the queue wrote.
TEST(PaperPrint, ASheetPrintedThroughACupsQueueComesOutWithEveryCodeReadable) {
    PrivateCupsServer cups;
    if (!cups.start()) GTEST_SKIP() << "no private CUPS server: " << cups.failure();
    if (auto why = PrivateCupsServer::pdfQueueUnavailable(); !why.empty()) GTEST_SKIP() << "no PDF queue: " << why;
    const auto outDir = cups.addPdfQueue("sheets");
    ASSERT_FALSE(outDir.empty()) << cups.failure();

    Folder f;
    f.env = cups.env();
    auto event = f.run({"event", "create", "--name", "Printed Fest"});
    ASSERT_EQ(event.exitCode, 0) << event.err;
    const std::string id = event.out.substr(0, event.out.find('\n'));
    auto issued = f.run({"tickets", "issue", "--event", id, "--count", "12", "--json"});
    ASSERT_EQ(issued.exitCode, 0) << issued.err;
    const auto tickets = json::parse(issued.out);
    const auto pdf = (f.dir / "sheet.pdf").string();
    ASSERT_EQ(f.run({"sheet", "--event", id, "--out", pdf, "--per-page", "6"}).exitCode, 0);
    auto printed = f.run({"print", "--printer", "sheets", pdf});
    ASSERT_EQ(printed.exitCode, 0) << printed.err << cups.problems();

    const auto out = waitForPdf(outDir, std::chrono::seconds(60));
    ASSERT_FALSE(out.empty()) << "the queue wrote no PDF; " << cups.problems();
    ASSERT_EQ(pdfPageCount(out), 2);
    const auto layout = *LayoutCatalog::builtIn().gridFor(6);
    const auto cells = resolveGeometry(layout, *findPaperSize("a4"))->cells;
    std::vector<std::string> decoded;
    for (const auto& page : rasterise(out, 150, f.dir / "printed"))
        for (const auto& codes : decodeQrCodesIn(page, 150, cells)) decoded.insert(decoded.end(), codes.begin(), codes.end());
    ASSERT_EQ(decoded.size(), 12u);
    for (std::size_t i = 0; i < decoded.size(); ++i) EXPECT_EQ(decoded[i], tickets[i]["qrData"]) << "cell " << i + 1;
}

// Where the darkest pixels of a row (or column) begin and end, in mm.
std::pair<double, double> darkExtent(const cv::Mat& gray, bool row, double atMm, double pxPerMm) {
    const int at = static_cast<int>(atMm * pxPerMm);
    int first = -1, last = -1;
    const int n = row ? gray.cols : gray.rows;
    for (int i = 0; i < n; ++i) {
        const unsigned char v = row ? gray.at<unsigned char>(at, i) : gray.at<unsigned char>(i, at);
        if (v < 100) {
            if (first < 0) first = i;
            last = i;
        }
    }
    return {first / pxPerMm, (last + 1) / pxPerMm};
}

// The calibration the organizer enters from the measurements is undone on the next page: drawn
// shrunk and shifted so that the printer's stretch and shift land it where it belongs.
TEST(PaperPrint, ACalibrationFromMeasurementsIsAppliedToWhatIsDrawnForThatPrinter) {
    Folder f;
    f.env = {"CUPS_SERVER=127.0.0.1:9"};  // no print server: the calibration is saved anyway
    ASSERT_EQ(f.run({"printers", "calibration-page", "--out", (f.dir / "plain.pdf").string()}).exitCode, 0);
    // The printer stretches by 2 % across and 1 % down, and shifts 1.5 mm right, 1 mm down: the
    // cross meant for 20 mm lands at 21.9 / 21.2 mm, the rulers measure 102 and 101 mm.
    auto saved = f.run({"printers", "calibrate", "office", "--measured-left", "21.9", "--measured-top", "21.2",
                        "--measured-across", "102", "--measured-down", "101"});
    ASSERT_EQ(saved.exitCode, 0) << saved.err;
    auto page = f.run({"printers", "calibration-page", "--out", (f.dir / "corrected.pdf").string(), "--printer", "office"});
    ASSERT_EQ(page.exitCode, 0) << page.err;

    const double pxPerMm = 600 / 25.4;
    cv::Mat plain = cv::imread(rasterise(f.dir / "plain.pdf", 600, f.dir / "p").at(0).string(), cv::IMREAD_GRAYSCALE);
    cv::Mat corrected = cv::imread(rasterise(f.dir / "corrected.pdf", 600, f.dir / "c").at(0).string(), cv::IMREAD_GRAYSCALE);
    // The ruler across the page (its base line 40 mm from the top) runs from 60 to 160 mm.
    auto [from, to] = darkExtent(plain, true, 40.05, pxPerMm);
    EXPECT_NEAR(from, 60, 0.15);
    EXPECT_NEAR(to - from, 100, 0.15);
    // Corrected: drawn at (p - o) / s, so that s * p' + o = p on paper.
    const double sx = 1.02, ox = 21.9 - 1.02 * 20, sy = 1.01, oy = 21.2 - 1.01 * 20;
    auto [cfrom, cto] = darkExtent(corrected, true, (40.05 - oy) / sy, pxPerMm);
    EXPECT_NEAR(cfrom, (60 - ox) / sx, 0.15);
    EXPECT_NEAR(cto - cfrom, 100 / sx, 0.15);
    // And down the page: the vertical ruler's base line 40 mm from the left, from 60 to 160 mm.
    auto [vfrom, vto] = darkExtent(corrected, false, (40.05 - ox) / sx, pxPerMm);
    EXPECT_NEAR(vfrom, (60 - oy) / sy, 0.15);
    EXPECT_NEAR(vto - vfrom, 100 / sy, 0.15);

    // A sheet rendered for that printer is corrected the same way: its first cell's QR moves.
    auto event = f.run({"event", "create", "--name", "Cal"});
    const std::string id = event.out.substr(0, event.out.find('\n'));
    ASSERT_EQ(f.run({"tickets", "issue", "--event", id, "--count", "1"}).exitCode, 0);
    ASSERT_EQ(f.run({"sheet", "--event", id, "--out", (f.dir / "s0.pdf").string(), "--per-page", "1"}).exitCode, 0);
    ASSERT_EQ(f.run({"sheet", "--event", id, "--out", (f.dir / "s1.pdf").string(), "--per-page", "1", "--printer", "office"})
                  .exitCode, 0);
    const double scale = 150 / 25.4;
    cv::Mat s0 = cv::imread(rasterise(f.dir / "s0.pdf", 150, f.dir / "s0").at(0).string(), cv::IMREAD_GRAYSCALE);
    cv::Mat s1 = cv::imread(rasterise(f.dir / "s1.pdf", 150, f.dir / "s1").at(0).string(), cv::IMREAD_GRAYSCALE);
    // The QR's top edge, down the middle of the page.
    auto [top0, bottom0] = darkExtent(s0, false, 105, scale);
    auto [top1, bottom1] = darkExtent(s1, false, (105 - ox) / sx, scale);
    EXPECT_NEAR(top1, (top0 - oy) / sy, 0.4);
}

}  // namespace
}  // namespace qrgate::testing

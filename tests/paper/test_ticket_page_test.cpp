// The first-run guide's test ticket on paper: its code is the ticket's and is admitted, the
// ruler under it is 100 mm long at a known resolution, and the page says TEST and what the ruler is
// for (rasterised with poppler, read with ZXing-C++, measured in pixels).
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "core/checkin/checkin_engine.hpp"
#include "core/paper/test_ticket_page.hpp"
#include "core/tickets/ticket_store.hpp"
#include "paper/paper_test_support.hpp"

namespace qrgate::testing {
namespace {

// The longest run of dark pixels along row `y` (the ruler's line, at this resolution).
int longestDarkRun(const cv::Mat& grey, int y) {
    int best = 0, run = 0;
    for (int x = 0; x < grey.cols; ++x) {
        if (grey.at<unsigned char>(y, x) < 128) best = std::max(best, ++run);
        else run = 0;
    }
    return best;
}

struct TestTicket : PaperFixture {
    IssuedTicket ticket;
    TestTicket() {
        ticket = TicketIssuer(*db, keys, clock).issueFor(event.id, {{kTestTicketHolder, "", ""}}).value().front();
    }
    PaperJob testJob() { return job(TicketSelection::byIds({ticket.ticket.id})); }
};

TEST(TestTicketPage, ItsRulerMeasures100MmAndItsCodeIsTheTicketsAndIsAdmitted) {
    TestTicket f;
    const PaperSize a4 = *findPaperSize("a4");
    const auto pdf = f.dir / "test-ticket.pdf";
    ASSERT_TRUE(writeTestTicketPdf(f.testJob(), a4, pdf));
    ASSERT_EQ(pdfPageCount(pdf), 1);

    constexpr int kDpi = 300;
    const auto pages = rasterise(pdf, kDpi, f.dir / "raster");
    ASSERT_EQ(pages.size(), 1u);
    const auto codes = decodeQrCodes(pages.front());
    ASSERT_EQ(codes.size(), 1u) << "exactly one code on the page";
    EXPECT_EQ(codes.front(), f.ticket.qrData);
    CheckinEngine engine(*f.db, f.clock);
    EXPECT_TRUE(engine.admit(f.scan(codes.front())).admitted);

    // The ruler's line: the longest dark run in the rows around where it is drawn.
    cv::Mat grey = cv::imread(pages.front().string(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(grey.empty());
    const auto ruler = testTicketRuler(a4);
    const int rulerRow = static_cast<int>(ruler.yMm / 25.4 * kDpi);
    int longest = 0;
    for (int y = rulerRow - 6; y <= rulerRow + 6; ++y) longest = std::max(longest, longestDarkRun(grey, y));
    const double measuredMm = longest * 25.4 / kDpi;
    // 100 mm plus the end ticks' width (0.15 mm); a pixel either side for rasterising.
    EXPECT_NEAR(measuredMm, 100.15, 0.25) << longest << " pixels at " << kDpi << " dpi";

    const std::string text = pdfText(pdf);
    EXPECT_NE(text.find("TEST"), std::string::npos);
    EXPECT_NE(text.find("Test ticket"), std::string::npos) << "the holder's name";
    EXPECT_NE(text.find("should measure 100 mm"), std::string::npos) << text;
    EXPECT_NE(text.find("calibrate the printer"), std::string::npos);
}

TEST(TestTicketPage, ThePictureForAKioskCameraHoldsTheSameCode) {
    TestTicket f;
    const auto png = f.dir / "test-ticket.png";
    ASSERT_TRUE(writeTestTicketPng(f.testJob(), *findPaperSize("a4"), 1000, png));
    const auto codes = decodeQrCodes(png);
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes.front(), f.ticket.qrData);
}

TEST(TestTicketPage, AVoidTicketGetsNoPage) {
    TestTicket f;
    ASSERT_TRUE(TicketStore(*f.db).setState(f.ticket.ticket.id, TicketState::Void, "test"));
    auto job = loadPaperJob(*f.db, f.keys, f.event.id, TicketSelection::byIds({f.ticket.ticket.id}));
    EXPECT_FALSE(job) << "a voided test ticket cannot be printed again";
}

}  // namespace
}  // namespace qrgate::testing

// Tickets on paper and back: every layout preset, the one-page ticket and the PNG are rendered,
// rasterised with poppler, read with ZXing-C++, and each code read is admitted by the engine.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include <opencv2/imgcodecs.hpp>

#include "core/checkin/checkin_engine.hpp"
#include "core/paper/sheet_layouts.hpp"
#include "core/paper/ticket_document.hpp"
#include "core/paper/ticket_sheet.hpp"
#include "paper/paper_test_support.hpp"

namespace qrgate::testing {
namespace {

// Each code read must be one of the issued payloads, each payload read exactly once, and each
// admitted at a gate.
void expectEveryTicketOnceAndAdmitted(PaperFixture& f, const std::vector<std::string>& decoded,
                                      const std::vector<IssuedTicket>& expected) {
    std::map<std::string, int> seen;
    for (const auto& text : decoded) ++seen[text];
    for (const auto& t : expected) {
        EXPECT_EQ(seen[t.qrData], 1) << "ticket " << t.ticket.number << " (" << t.ticket.holderName << ") read "
                                     << seen[t.qrData] << " times";
    }
    EXPECT_EQ(decoded.size(), expected.size()) << "codes read that were not issued, or read twice";
    CheckinEngine engine(*f.db, f.clock);
    for (const auto& t : expected) {
        if (seen[t.qrData] == 0) continue;
        const Verdict v = engine.admit(f.scan(t.qrData));
        EXPECT_TRUE(v.admitted) << "ticket " << t.ticket.number << ": " << v.message;
    }
}

struct LayoutCase {
    std::string layout;
    std::string paper;
};

class SheetRoundTrip : public ::testing::TestWithParam<LayoutCase> {};

TEST_P(SheetRoundTrip, EveryIssuedCodeIsReadExactlyOnceAndAdmitted) {
    PaperFixture f;
    f.issueDiverse(25);
    SheetOptions options;
    options.layout = *LayoutCatalog::builtIn().find(GetParam().layout);
    options.paper = *findPaperSize(GetParam().paper);
    const auto pdf = f.dir / "sheet.pdf";
    auto summary = renderSheet(f.job(), options, pdf);
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary->tickets, 25u);
    EXPECT_EQ(summary->pages, sheetPageCount(25, options.layout));
    EXPECT_EQ(pdfPageCount(pdf), static_cast<int>(summary->pages));

    // Label stock is read at 300 dpi (its codes are small), plain paper at 150 dpi; each cell as a
    // camera at a gate would see it, and each must hold its own ticket, in sequence.
    const int dpi = options.layout.labels ? 300 : 150;
    const auto geometry = resolveGeometry(options.layout, options.paper).value();
    std::vector<std::string> decoded;
    std::size_t sequence = 0;
    for (const auto& page : rasterise(pdf, dpi, f.dir / "pages")) {
        for (const auto& codes : decodeQrCodesIn(page, dpi, geometry.cells)) {
            if (sequence < f.tickets.size()) {
                EXPECT_EQ(codes.size(), 1u) << "cell " << sequence + 1 << " (" << f.tickets[sequence].ticket.holderName << ")";
                if (codes.size() == 1) EXPECT_EQ(codes[0], f.tickets[sequence].qrData) << "cell " << sequence + 1;
            } else {
                EXPECT_TRUE(codes.empty()) << "an empty cell after the last ticket holds a code";
            }
            decoded.insert(decoded.end(), codes.begin(), codes.end());
            ++sequence;
        }
    }
    expectEveryTicketOnceAndAdmitted(f, decoded, f.tickets);
}

std::vector<LayoutCase> everyPreset() {
    std::vector<LayoutCase> cases;
    for (const auto& l : LayoutCatalog::builtIn().all()) {
        if (l.labels) {
            cases.push_back({l.name, l.paper});
        } else {
            cases.push_back({l.name, "a4"});
            cases.push_back({l.name, "letter"});
        }
    }
    return cases;
}

INSTANTIATE_TEST_SUITE_P(EveryPreset, SheetRoundTrip, ::testing::ValuesIn(everyPreset()),
                         [](const auto& info) {
                             std::string name = info.param.layout + "_" + info.param.paper;
                             for (auto& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

TEST(TicketDocument, OnePagePdfOfEachTicketReadsAsItsOwnCodeAndIsAdmitted) {
    PaperFixture f;
    f.issueDiverse(10);
    std::vector<std::string> decoded;
    for (const auto& t : f.tickets) {
        const auto pdf = f.dir / ("ticket-" + t.ticket.id + ".pdf");
        auto written = writeTicketPdf(f.job(TicketSelection::byIds({t.ticket.id})), *findPaperSize("a4"), pdf);
        ASSERT_TRUE(written) << written.error().message;
        ASSERT_EQ(pdfPageCount(pdf), 1);
        auto pages = rasterise(pdf, 150, f.dir / ("pages-" + t.ticket.id));
        auto codes = decodeQrCodes(pages.at(0));
        ASSERT_EQ(codes.size(), 1u) << t.ticket.holderName;
        EXPECT_EQ(codes[0], t.qrData);
        decoded.push_back(codes[0]);
    }
    expectEveryTicketOnceAndAdmitted(f, decoded, f.tickets);
}

TEST(TicketDocument, OnePagePdfShowsEventVenueStartInItsZoneNameTypeAndNumber) {
    PaperFixture f;
    f.issueDiverse(1);
    const auto pdf = f.dir / "ticket.pdf";
    ASSERT_TRUE(writeTicketPdf(f.job(), *findPaperSize("letter"), pdf));
    const std::string text = pdfText(pdf);
    EXPECT_NE(text.find("Grand Hall"), std::string::npos) << text;
    EXPECT_NE(text.find("Salle Pleyel, Paris"), std::string::npos) << text;
    // 1,781,980,200,000 ms is 2026-06-20 18:30 UTC: 20:30 in Paris (summer time).
    EXPECT_NE(text.find("Saturday 20 June 2026, 20:30"), std::string::npos) << text;
    EXPECT_NE(text.find("Europe/Paris"), std::string::npos) << text;
    EXPECT_NE(text.find("mile Zola"), std::string::npos) << text;
    EXPECT_NE(text.find("General"), std::string::npos) << text;
    EXPECT_NE(text.find("No. 000001"), std::string::npos) << text;
    EXPECT_NE(text.find("Show this code at the entrance"), std::string::npos) << text;
}

TEST(TicketDocument, PngAtTheChosenSizeReadsAsTheTicketsCode) {
    PaperFixture f;
    f.issueDiverse(3);
    for (int pixels : {120, 400, 1000}) {
        const auto png = f.dir / ("qr-" + std::to_string(pixels) + ".png");
        ASSERT_TRUE(writeTicketQrPng(f.job(TicketSelection::byIds({f.tickets[1].ticket.id})), pixels, png));
        cv::Mat image = cv::imread(png.string(), cv::IMREAD_UNCHANGED);
        EXPECT_EQ(image.cols, pixels);
        EXPECT_EQ(image.rows, pixels);
        auto codes = decodeQrCodes(png);
        ASSERT_EQ(codes.size(), 1u) << pixels << " px";
        EXPECT_EQ(codes[0], f.tickets[1].qrData);
    }
    CheckinEngine engine(*f.db, f.clock);
    EXPECT_TRUE(engine.admit(f.scan(f.tickets[1].qrData)).admitted);
}

}  // namespace
}  // namespace qrgate::testing

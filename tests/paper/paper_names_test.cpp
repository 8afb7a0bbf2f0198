// Names in every script: shaped and extractable where a font can draw them, reported and replaced
// where none can, and never drawn outside their cell.
#include <gtest/gtest.h>

#include <glib.h>

#include <opencv2/imgcodecs.hpp>

#include "core/checkin/checkin_engine.hpp"
#include "core/paper/door_list.hpp"
#include "core/paper/ticket_sheet.hpp"
#include "paper/paper_test_support.hpp"

namespace qrgate::testing {
namespace {

std::string withoutSpaces(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\n' && c != '\t') out.push_back(c);
    return out;
}

// NFC, so that "Zoë" typed with a combining diaeresis and the same name extracted from the PDF
// compare equal.
std::string nfc(const std::string& s) {
    gchar* n = g_utf8_normalize(s.c_str(), -1, G_NORMALIZE_NFC);
    std::string out = n ? n : s;
    g_free(n);
    return out;
}

TEST(PaperNames, TheGlyphCheckReportsExactlyTheNamesNoFontCanDrawInFull) {
    PaperFixture f;
    f.issueDiverse(diverseNames().size());
    auto incomplete = namesFontsCannotDraw(f.job().batch.tickets);
    std::set<std::string> names;
    for (const auto& t : incomplete) names.insert(t.holderName);
    EXPECT_EQ(names, (std::set<std::string>{kEmojiName, kCuneiformName}));
}

TEST(PaperNames, DrawableNamesAreInThePdfsTextAndUndrawableOnesGetTheirTicketNumber) {
    PaperFixture f;
    f.issueDiverse(diverseNames().size());
    for (const std::string layout : {"grid-8", "grid-12", "labels-l7160"}) {
        SCOPED_TRACE(layout);
        SheetOptions options;
        options.layout = *LayoutCatalog::builtIn().find(layout);
        const auto pdf = f.dir / (layout + ".pdf");
        auto summary = renderSheet(f.job(), options, pdf);
        ASSERT_TRUE(summary) << summary.error().message;
        EXPECT_EQ(summary->incompleteNames.size(), 2u);
        const std::string text = nfc(pdfText(pdf));
        const std::string compact = withoutSpaces(text);
        // Latin with accents, Greek, Cyrillic and Devanagari come out as typed (spaces aside:
        // pdftotext may break a long name across lines).
        for (std::size_t i : {0u, 1u, 3u, 4u, 6u, 9u}) {
            const std::string& name = diverseNames()[i];
            if (layout != "labels-l7160" || i != 5)
                EXPECT_NE(compact.find(withoutSpaces(nfc(name))), std::string::npos) << name << "\n" << text;
        }
        // Arabic: each word is there (poppler may order right-to-left words either way).
        for (const std::string word : {"\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF", "\xD8\xB9\xD8\xA8\xD8\xAF"})
            EXPECT_NE(text.find(word), std::string::npos) << "Arabic word " << word << "\n" << text;
        // The long name starts as written (it may be wrapped or ellipsised at the end).
        EXPECT_NE(compact.find("HubertBlaine"), std::string::npos) << text;
        // The emoji is left out of the name it was in; the cuneiform name became its number.
        EXPECT_NE(text.find("Priya Nair"), std::string::npos) << text;
        EXPECT_NE(text.find("Ticket 000009"), std::string::npos) << text;
    }
}

// Dark pixels only inside the cells' content boxes: the padding between cells holds only the
// light cut marks, and the margins only the light footer.
TEST(PaperNames, NothingIsDrawnOutsideItsCell) {
    PaperFixture f;
    f.issueDiverse(diverseNames().size() * 2);
    for (const auto& layout : LayoutCatalog::builtIn().all()) {
        SCOPED_TRACE(layout.name);
        SheetOptions options;
        options.layout = layout;
        const auto pdf = f.dir / (layout.name + ".pdf");
        ASSERT_TRUE(renderSheet(f.job(), options, pdf));
        const int dpi = 100;
        const double px = dpi / 25.4;
        const auto geometry = resolveGeometry(layout, options.paper).value();
        std::vector<RectMm> boxes;
        for (const auto& cell : geometry.cells) boxes.push_back(cellContentBox(layout, cell));
        for (const auto& page : rasterise(pdf, dpi, f.dir / ("pages-" + layout.name))) {
            cv::Mat gray = cv::imread(page.string(), cv::IMREAD_GRAYSCALE);
            ASSERT_FALSE(gray.empty());
            int strays = 0;
            std::string where;
            for (int y = 0; y < gray.rows; ++y)
                for (int x = 0; x < gray.cols; ++x) {
                    if (gray.at<unsigned char>(y, x) >= 128) continue;
                    const double mx = (x + 0.5) / px, my = (y + 0.5) / px;
                    bool inside = false;
                    for (const auto& b : boxes)
                        // One pixel of slack: antialiasing at the clip's edge.
                        if (mx >= b.x - 1 / px && mx <= b.x + b.width + 1 / px && my >= b.y - 1 / px &&
                            my <= b.y + b.height + 1 / px)
                            inside = true;
                    if (!inside && strays++ == 0) where = std::to_string(mx) + " mm, " + std::to_string(my) + " mm";
                }
            EXPECT_EQ(strays, 0) << page << ": dark pixels outside every cell, the first at " << where;
        }
    }
}

TEST(PaperNames, TheDoorListIsSortedByNameIgnoringAccentsAndCaseAndMarksWhoIsIn) {
    PaperFixture f;
    std::vector<TicketHolder> holders{{"zoe Martin", "", ""}, {"\xC3\x89mile Zola", "", ""}, {"adam Smith", "", ""},
                                      {"Emma Stone", "", ""},  {"", "", ""},                    {"\xC3\x85sa Berg", "", ""}};
    auto issued = TicketIssuer(*f.db, f.keys, f.clock).issueFor(f.event.id, holders).value();
    CheckinEngine engine(*f.db, f.clock);
    ASSERT_TRUE(engine.admit(f.scan(issued[3].qrData, "North")).admitted);  // Emma Stone is in
    auto batch = loadTicketBatch(*f.db, f.event.id, TicketSelection::all()).value();
    const auto pdf = f.dir / "door.pdf";
    auto summary = renderDoorList(batch, *findPaperSize("a4"), f.clock.nowMs(), pdf);
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary->tickets, 6u);
    EXPECT_EQ(summary->admitted, 1u);
    const std::string text = pdfText(pdf);
    std::vector<std::size_t> at;
    for (const std::string name : {"adam Smith", "\xC3\x85sa Berg", "\xC3\x89mile Zola", "Emma Stone", "zoe Martin", "(no name)"}) {
        at.push_back(text.find(name));
        EXPECT_NE(at.back(), std::string::npos) << name << "\n" << text;
    }
    EXPECT_TRUE(std::is_sorted(at.begin(), at.end())) << text;
    // Emma's line says she was in, and where.
    const auto emmaLine = text.substr(at[3], text.find('\n', at[3]) - at[3]);
    EXPECT_NE(emmaLine.find("already in"), std::string::npos) << emmaLine;
    EXPECT_NE(emmaLine.find("North"), std::string::npos) << emmaLine;
    EXPECT_NE(text.find("000004"), std::string::npos);
}

TEST(PaperNames, FontsAreEmbeddedAsSubsetsOncePerFile) {
    PaperFixture f;
    f.issueDiverse(40);
    const auto pdf = f.dir / "sheet.pdf";
    SheetOptions options;
    options.layout = *LayoutCatalog::builtIn().gridFor(4);
    ASSERT_TRUE(renderSheet(f.job(), options, pdf));
    ASSERT_EQ(pdfPageCount(pdf), 10);
    // Text fonts are subsets ("ABCDEF+DejaVuSans"), each embedded once; the QR codes' modules are
    // one Type 3 font for the whole file (see drawQr).
    std::vector<std::string> textFonts;
    int moduleFonts = 0;
    for (const auto& line : pdfFonts(pdf)) {
        if (line.find("Type 3") != std::string::npos) ++moduleFonts;
        else textFonts.push_back(line.substr(0, line.find(' ')));
    }
    EXPECT_EQ(moduleFonts, 1);
    ASSERT_FALSE(textFonts.empty());
    std::set<std::string> unique(textFonts.begin(), textFonts.end());
    EXPECT_EQ(unique.size(), textFonts.size()) << "a font embedded more than once";
    for (const auto& font : textFonts) EXPECT_EQ(font.size() > 7 ? font[6] : ' ', '+') << font << " is not a subset";
}

}  // namespace
}  // namespace qrgate::testing

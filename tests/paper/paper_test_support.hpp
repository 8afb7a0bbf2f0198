#pragma once
// What the paper tests share: an event with tickets of diverse names, PDFs rasterised with
// poppler (pdftoppm) and read back with ZXing-C++, text extracted with pdftotext.
#include <filesystem>
#include <string>
#include <vector>

#include "core/paper/paper_job.hpp"
#include "core/paper/sheet_layouts.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "support/fixtures.hpp"

namespace qrgate::testing {

// Names a real attendee list holds: accents, Greek, Cyrillic, Devanagari, Arabic, combining
// accents, a 60+ character name, an emoji, and cuneiform (no font on the machine has it).
const std::vector<std::string>& diverseNames();
inline const std::string kEmojiName = "Priya \xF0\x9F\x8C\xB8 Nair";     // "Priya <cherry blossom> Nair"
inline const std::string kCuneiformName = "\xF0\x92\x80\xAD\xF0\x92\x82\x97\xF0\x92\x8D\xAA";

struct PaperFixture : EventFixture {
    std::vector<IssuedTicket> tickets;
    PaperFixture();
    // Issues `count` tickets cycling through diverseNames().
    void issueDiverse(std::size_t count);
    PaperJob job(const TicketSelection& selection = TicketSelection::all());
};

// pdftoppm -r DPI -gray: one PNG per page, in page order.
std::vector<std::filesystem::path> rasterise(const std::filesystem::path& pdf, int dpi, const std::filesystem::path& dir);
// Every QR code ZXing-C++ finds in the image (its text).
std::vector<std::string> decodeQrCodes(const std::filesystem::path& png);
// The codes ZXing-C++ finds in each rectangle (mm on a page rasterised at `dpi`), as a camera at a
// gate sees one ticket at a time.
std::vector<std::vector<std::string>> decodeQrCodesIn(const std::filesystem::path& png, int dpi,
                                                      const std::vector<RectMm>& areas);
// pdftotext -layout, as UTF-8.
std::string pdfText(const std::filesystem::path& pdf);
// pdfinfo's "Pages:".
int pdfPageCount(const std::filesystem::path& pdf);
// pdffonts: one line per font in the file (name, type, encoding, embedded, subset...).
std::vector<std::string> pdfFonts(const std::filesystem::path& pdf);

}  // namespace qrgate::testing

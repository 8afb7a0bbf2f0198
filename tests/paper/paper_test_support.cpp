#include "paper/paper_test_support.hpp"

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>

#include "support/process.hpp"

namespace qrgate::testing {

const std::vector<std::string>& diverseNames() {
    static const std::vector<std::string> names{
        "\xC3\x89mile Zola",                                                  // Émile Zola
        "\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA4\xBF\xE0\xA4\xAF\xE0\xA4\xBE "
        "\xE0\xA4\xB6\xE0\xA4\xB0\xE0\xA5\x8D\xE0\xA4\xAE\xE0\xA4\xBE",      // प्रिया शर्मा
        "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF \xD8\xB9\xD8\xA8\xD8\xAF \xD8\xA7\xD9\x84\xD9\x84\xD9\x87",  // محمد عبد الله
        "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0 \xD0\x9A\xD0\xB0\xD1\x80\xD0\xB5\xD0\xBD\xD0\xB8\xD0\xBD\xD0\xB0",  // Анна Каренина
        "\xCE\xA3\xCF\x89\xCE\xBA\xCF\x81\xCE\xAC\xCF\x84\xCE\xB7\xCF\x82 \xCE\xA0\xCE\xB1\xCF\x80\xCE\xB1\xCE\xB4\xCF\x8C"
        "\xCF\x80\xCE\xBF\xCF\x85\xCE\xBB\xCE\xBF\xCF\x82",                  // Σωκράτης Παπαδόπουλος
        "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff Senior the Third of Mecklenburg",
        "Zoe\xCC\x88 A\xCC\x8Angstro\xCC\x88m",                               // Zoë Ångström, combining marks
        kEmojiName,
        kCuneiformName,
        "\xC5\x81ukasz G\xC3\xB6\xC3\x9F",                                    // Łukasz Göß
    };
    return names;
}

PaperFixture::PaperFixture() {
    EventCatalog catalog(*db, clock);
    EventDraft draft{"F\xC3\xAAte de la Musique \xE2\x80\x94 Grand Hall", "Salle Pleyel, Paris",
                     1'781'980'200'000, std::nullopt, "Europe/Paris"};
    catalog.update(event.id, draft).value();
    event = *catalog.find(event.id);
}

void PaperFixture::issueDiverse(std::size_t count) {
    std::vector<TicketHolder> holders;
    for (std::size_t i = 0; i < count; ++i) holders.push_back({diverseNames()[i % diverseNames().size()], "", ""});
    auto issued = TicketIssuer(*db, keys, clock).issueFor(event.id, holders).value();
    tickets.insert(tickets.end(), issued.begin(), issued.end());
}

PaperJob PaperFixture::job(const TicketSelection& selection) {
    return loadPaperJob(*db, keys, event.id, selection).value();
}

std::vector<std::filesystem::path> rasterise(const std::filesystem::path& pdf, int dpi, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    const auto prefix = dir / pdf.stem();
    auto r = runProcess({"/usr/bin/pdftoppm", "-r", std::to_string(dpi), "-gray", "-png", pdf.string(), prefix.string()});
    if (r.exitCode != 0) throw std::runtime_error("pdftoppm failed: " + r.err);
    std::vector<std::filesystem::path> pages;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".png" && e.path().filename().string().rfind(pdf.stem().string() + "-", 0) == 0)
            pages.push_back(e.path());
    // pdftoppm numbers pages with as many digits as the last one needs: sort by number.
    std::sort(pages.begin(), pages.end(), [](const auto& a, const auto& b) {
        auto number = [](const std::filesystem::path& p) {
            const auto s = p.stem().string();
            return std::stoi(s.substr(s.rfind('-') + 1));
        };
        return number(a) < number(b);
    });
    return pages;
}

namespace {
std::vector<std::string> decodeGray(const cv::Mat& gray) {
    ZXing::ImageView view(gray.data, gray.cols, gray.rows, ZXing::ImageFormat::Lum, static_cast<int>(gray.step));
    const auto hints = ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode).setTryHarder(true);
    std::vector<std::string> texts;
    for (const auto& r : ZXing::ReadBarcodes(view, hints))
        if (r.isValid()) texts.push_back(r.text());
    return texts;
}
}  // namespace

std::vector<std::string> decodeQrCodes(const std::filesystem::path& png) {
    cv::Mat gray = cv::imread(png.string(), cv::IMREAD_GRAYSCALE);
    if (gray.empty()) throw std::runtime_error("cannot read " + png.string());
    return decodeGray(gray);
}

std::vector<std::vector<std::string>> decodeQrCodesIn(const std::filesystem::path& png, int dpi,
                                                      const std::vector<RectMm>& areas) {
    cv::Mat gray = cv::imread(png.string(), cv::IMREAD_GRAYSCALE);
    if (gray.empty()) throw std::runtime_error("cannot read " + png.string());
    const double px = dpi / 25.4;
    std::vector<std::vector<std::string>> out;
    for (const auto& a : areas) {
        cv::Rect r(int(a.x * px), int(a.y * px), int(a.width * px), int(a.height * px));
        r &= cv::Rect(0, 0, gray.cols, gray.rows);
        out.push_back(decodeGray(gray(r).clone()));
    }
    return out;
}

std::string pdfText(const std::filesystem::path& pdf) {
    auto r = runProcess({"/usr/bin/pdftotext", "-enc", "UTF-8", "-layout", pdf.string(), "-"});
    if (r.exitCode != 0) throw std::runtime_error("pdftotext failed: " + r.err);
    return r.out;
}

int pdfPageCount(const std::filesystem::path& pdf) {
    auto r = runProcess({"/usr/bin/pdfinfo", pdf.string()});
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("Pages:", 0) == 0) return std::stoi(line.substr(6));
    return -1;
}

std::vector<std::string> pdfFonts(const std::filesystem::path& pdf) {
    auto r = runProcess({"/usr/bin/pdffonts", pdf.string()});
    std::istringstream in(r.out);
    std::string line;
    std::vector<std::string> fonts;
    int n = 0;
    while (std::getline(in, line))
        if (++n > 2 && !line.empty()) fonts.push_back(line);
    return fonts;
}

}  // namespace qrgate::testing

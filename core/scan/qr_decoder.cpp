#include "core/scan/qr_decoder.hpp"

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "core/tickets/ticket_codec.hpp"

namespace qrgate {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kWorkingSide = 640;         // the downscaled attempt's longer side
constexpr int kCropTargetSide = 360;      // crops are enlarged to about this size
constexpr double kMsPerMegapixel = 9.0;   // first guess of ZXing's cost before anything is measured

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

const ZXing::DecodeHints& zxingHints(bool qrOnly) {
    // Rotation and ZXing's own downscaling are off: QR detection is rotation invariant and the
    // ladder does its own, better (area-averaged) downscaling.
    static const ZXing::DecodeHints qr = ZXing::DecodeHints()
                                             .setFormats(ZXing::BarcodeFormat::QRCode)
                                             .setTryHarder(true)
                                             .setTryRotate(false)
                                             .setTryDownscale(false);
    static const ZXing::DecodeHints any = ZXing::DecodeHints().setTryHarder(true).setTryRotate(true).setTryDownscale(false);
    return qrOnly ? qr : any;
}

// An image derived from the frame and how to map its pixels back onto the frame.
struct View {
    cv::Mat image;       // 8-bit gray, continuous or not
    double scale = 1.0;  // view pixels per frame pixel
    cv::Point2f offset;  // frame position of the view's origin
    bool mirrored = false;

    cv::Point2f toFrame(float x, float y) const {
        if (mirrored) x = static_cast<float>(image.cols - 1) - x;
        return offset + cv::Point2f(x, y) * static_cast<float>(1.0 / scale);
    }
};

// The per-frame work: the gray frame, its downscaled copy, the codes found so far.
class Ladder {
public:
    Ladder(const cv::Mat& gray, const DecodeOptions& options, const FrameHint& hint, Clock::time_point start)
        : m_gray(gray), m_options(options), m_hint(hint), m_start(start) {
        const int longSide = std::max(gray.cols, gray.rows);
        if (longSide > kWorkingSide * 5 / 4) {
            const double s = static_cast<double>(kWorkingSide) / longSide;
            cv::resize(gray, m_small.image, cv::Size(), s, s, cv::INTER_AREA);
            m_small.scale = static_cast<double>(m_small.image.cols) / gray.cols;
        } else {
            m_small.image = gray;
        }
    }

    void run(DecodeResult& result) {
        bool first = true;
        for (DecodeAttempt attempt : m_options.ladder) {
            if (!first && done()) break;
            if (!first && !affordable(predictedMs(attempt))) {
                result.budgetSpent = true;
                break;
            }
            if (attempt == DecodeAttempt::Full && !hasSmallCopy()) continue;  // same as downscaled
            const auto t0 = Clock::now();
            const std::size_t before = m_codes.size();
            runAttempt(attempt);
            const double ms = msSince(t0);
            result.attempts.push_back({attempt, ms, static_cast<int>(m_codes.size() - before)});
            first = false;
        }
        std::stable_partition(m_codes.begin(), m_codes.end(), [](const DecodedCode& c) { return c.isTicket; });
        result.codes = std::move(m_codes);
    }

private:
    bool hasSmallCopy() const { return m_small.image.data != m_gray.data; }
    bool done() const {
        if (m_options.findAll) return false;
        return std::any_of(m_codes.begin(), m_codes.end(), [](const DecodedCode& c) { return c.isTicket; });
    }
    double elapsedMs() const { return msSince(m_start); }
    bool affordable(double predicted) const {
        const double budget = static_cast<double>(m_options.budget.count());
        return elapsedMs() + predicted <= budget;
    }

    // ZXing's time grows with the pixel count and with how busy the picture is; the downscaled
    // attempt measures the latter on this very frame.
    double msPerMegapixel() const { return m_measuredMsPerMp > 0 ? m_measuredMsPerMp : kMsPerMegapixel; }
    double predictedMs(DecodeAttempt a) const {
        const double full = m_gray.total() / 1e6 * msPerMegapixel();
        const double small = m_small.image.total() / 1e6 * msPerMegapixel();
        switch (a) {
        case DecodeAttempt::Downscaled:
        case DecodeAttempt::Inverted:
        case DecodeAttempt::Mirrored: return small;
        case DecodeAttempt::Normalised: return small * 1.5;
        case DecodeAttempt::Full: return full;
        case DecodeAttempt::Crops: return 2.0;
        case DecodeAttempt::Sharpened: return full * 1.3;
        }
        return full;
    }

    // Same geometry as `from`, with a fresh pixel buffer (never write into the caller's frame).
    static View derived(const View& from) {
        View v = from;
        v.image = cv::Mat();
        return v;
    }

    void runAttempt(DecodeAttempt attempt) {
        switch (attempt) {
        case DecodeAttempt::Downscaled: {
            const auto t0 = Clock::now();
            decode(m_small, attempt);
            const double mp = m_small.image.total() / 1e6;
            if (mp > 0) m_measuredMsPerMp = std::max(2.0, msSince(t0) / mp);
            break;
        }
        case DecodeAttempt::Full: {
            View v;
            v.image = m_gray;
            decode(v, attempt);
            break;
        }
        case DecodeAttempt::Inverted: {
            View v = derived(m_small);
            cv::bitwise_not(m_small.image, v.image);
            decode(v, attempt);
            break;
        }
        case DecodeAttempt::Mirrored: {
            View v = derived(m_small);
            cv::flip(m_small.image, v.image, 1);
            v.mirrored = true;
            decode(v, attempt);
            break;
        }
        case DecodeAttempt::Crops: decodeCrops(); break;
        case DecodeAttempt::Sharpened: {
            View v;
            cv::Mat soft;
            cv::GaussianBlur(m_gray, soft, cv::Size(0, 0), 2.0);
            cv::addWeighted(m_gray, 2.0, soft, -1.0, 0, v.image);
            decode(v, attempt);
            break;
        }
        case DecodeAttempt::Normalised: {
            // On the downscaled copy: dim frames lack contrast, not pixels, and averaging
            // calms the noise that the equalisation amplifies.
            View v = derived(m_small);
            static thread_local cv::Ptr<cv::CLAHE> clahe = cv::createCLAHE(3.0, cv::Size(8, 8));
            clahe->apply(m_small.image, v.image);
            decode(v, attempt);
            break;
        }
        }
    }

    void decodeCrops() {
        std::vector<cv::Rect> regions;
        if (m_hint.lastSeen) regions.push_back(*m_hint.lastSeen);
        for (const cv::Rect& r : findCodeCandidates(m_small.image)) {
            const double inv = 1.0 / m_small.scale;
            regions.emplace_back(cv::Point(static_cast<int>(r.x * inv), static_cast<int>(r.y * inv)),
                                 cv::Size(static_cast<int>(std::ceil(r.width * inv)),
                                          static_cast<int>(std::ceil(r.height * inv))));
        }
        const cv::Rect frame(0, 0, m_gray.cols, m_gray.rows);
        for (std::size_t i = 0; i < regions.size(); ++i) {
            if (i > 0 && (done() || !affordable(1.0))) break;
            const cv::Rect& r = regions[i];
            const int margin = std::max(r.width, r.height) * 3 / 10 + 8;
            const cv::Rect crop = cv::Rect(r.x - margin, r.y - margin, r.width + 2 * margin, r.height + 2 * margin) & frame;
            if (crop.width < 16 || crop.height < 16) continue;
            View v;
            v.offset = cv::Point2f(static_cast<float>(crop.x), static_cast<float>(crop.y));
            const int side = std::max(crop.width, crop.height);
            v.scale = std::clamp(static_cast<double>(kCropTargetSide) / side, 1.0, 3.0);
            // Enlarged and sharpened: a far code has about two pixels per module, too few for
            // ZXing's binarizer, and the camera's softness has smeared neighbouring modules.
            cv::Mat enlarged, soft;
            if (v.scale > 1.01)
                cv::resize(m_gray(crop), enlarged, cv::Size(), v.scale, v.scale, cv::INTER_CUBIC);
            else
                enlarged = m_gray(crop);
            cv::GaussianBlur(enlarged, soft, cv::Size(0, 0), v.scale);
            cv::addWeighted(enlarged, 2.0, soft, -1.0, 0, v.image);
            if (decode(v, DecodeAttempt::Crops) == 0) {
                // a dark-mode screen the inverted attempt missed at low resolution
                cv::bitwise_not(v.image, v.image);
                decode(v, DecodeAttempt::Crops);
            }
        }
    }

    // Returns how many new codes it found.
    int decode(const View& view, DecodeAttempt attempt) {
        if (view.image.empty()) return 0;
        int found = 0;
        const ZXing::ImageView image(view.image.data, view.image.cols, view.image.rows, ZXing::ImageFormat::Lum,
                                     static_cast<int>(view.image.step[0]));
        for (const ZXing::Result& r : ZXing::ReadBarcodes(image, zxingHints(m_options.qrOnly))) {
            if (!r.isValid()) continue;
            std::string text = r.text();
            if (text.empty()) continue;
            if (std::any_of(m_codes.begin(), m_codes.end(), [&](const DecodedCode& c) { return c.text == text; }))
                continue;
            DecodedCode code;
            const auto& p = r.position();
            for (int i = 0; i < 4; ++i)
                code.corners[i] = view.toFrame(static_cast<float>(p[i].x), static_cast<float>(p[i].y));
            code.isTicket = std::holds_alternative<TicketPayload>(TicketCodec::decode(text));
            code.text = std::move(text);
            code.foundBy = attempt;
            m_codes.push_back(std::move(code));
            ++found;
        }
        return found;
    }

    const cv::Mat& m_gray;
    const DecodeOptions& m_options;
    const FrameHint& m_hint;
    Clock::time_point m_start;
    View m_small;
    double m_measuredMsPerMp = 0;
    std::vector<DecodedCode> m_codes;
};

cv::Mat toGray(const cv::Mat& frame) {
    cv::Mat gray;
    if (frame.depth() != CV_8U) {
        cv::Mat eight;
        frame.convertTo(eight, CV_8U);
        return toGray(eight);
    }
    switch (frame.channels()) {
    case 1: return frame;
    case 3: cv::cvtColor(frame, gray, cv::COLOR_BGR2GRAY); break;
    case 4: cv::cvtColor(frame, gray, cv::COLOR_BGRA2GRAY); break;
    default: break;
    }
    return gray;
}

}  // namespace

const char* toString(DecodeAttempt a) {
    switch (a) {
    case DecodeAttempt::Downscaled: return "downscaled";
    case DecodeAttempt::Full: return "full";
    case DecodeAttempt::Inverted: return "inverted";
    case DecodeAttempt::Mirrored: return "mirrored";
    case DecodeAttempt::Crops: return "crops";
    case DecodeAttempt::Sharpened: return "sharpened";
    case DecodeAttempt::Normalised: return "normalised";
    }
    return "?";
}

cv::Rect DecodedCode::boundingBox() const {
    std::vector<cv::Point2f> pts(corners.begin(), corners.end());
    return cv::boundingRect(pts);
}

DecodeResult decodeFrame(const cv::Mat& frame, const DecodeOptions& options, const FrameHint& hint) {
    const auto start = Clock::now();
    DecodeResult result;
    if (frame.empty()) return result;
    const cv::Mat gray = toGray(frame);
    if (gray.empty()) return result;
    Ladder(gray, options, hint, start).run(result);
    result.totalMs = msSince(start);
    return result;
}

std::vector<cv::Rect> findCodeCandidates(const cv::Mat& gray, int maxCandidates) {
    // A QR code is a square of dense black/white transitions. Edges -> edge density -> blobs.
    cv::Mat grad;
    const cv::Mat k3 = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3));
    cv::morphologyEx(gray, grad, cv::MORPH_GRADIENT, k3);
    cv::Mat edges;
    cv::threshold(grad, edges, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    cv::Mat density;
    cv::boxFilter(edges, density, CV_8U, cv::Size(9, 9));
    cv::Mat dense;
    cv::threshold(density, dense, 255 * 0.55, 255, cv::THRESH_BINARY);
    cv::morphologyEx(dense, dense, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(5, 5)));

    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(dense, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    struct Scored {
        cv::Rect rect;
        double score;
    };
    std::vector<Scored> scored;
    const int maxSide = std::min(gray.cols, gray.rows) * 9 / 10;
    for (const auto& c : contours) {
        const cv::Rect r = cv::boundingRect(c);
        if (r.width < 12 || r.height < 12 || r.width > maxSide || r.height > maxSide) continue;
        const double aspect = static_cast<double>(std::max(r.width, r.height)) / std::min(r.width, r.height);
        if (aspect > 2.5) continue;
        const double fill = cv::contourArea(c) / r.area();
        if (fill < 0.45) continue;
        const double meanDensity = cv::mean(density(r))[0] / 255.0;
        scored.push_back({r, meanDensity * fill / aspect});
    }
    std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
    std::vector<cv::Rect> out;
    for (const auto& s : scored) {
        if (static_cast<int>(out.size()) >= maxCandidates) break;
        out.push_back(s.rect);
    }
    return out;
}

}  // namespace qrgate

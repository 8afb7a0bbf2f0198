#include "core/scan/testing/test_frames.hpp"

#include <qrencode.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include <opencv2/imgproc.hpp>

#include "core/base/crypto.hpp"
#include "core/tickets/ticket_codec.hpp"

namespace qrgate::testframes {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kFocalPx = 1000.0;  // a 1280x720 webcam with a ~65 degree field of view
constexpr int kModulePx = 8;         // modules are rendered large, then scaled like a camera would

using Rng = std::mt19937;

double uniform(Rng& rng, double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }
int uniformInt(Rng& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

std::string crockfordId(Rng& rng, std::size_t length) {
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string id;
    for (std::size_t i = 0; i < length; ++i) id.push_back(kAlphabet[uniformInt(rng, 0, 31)]);
    return id;
}

// A printed ticket: the code with its quiet zone on a slightly off-white card, a line of text
// under it. Returns the card (BGR) and the code's square inside it.
struct Card {
    cv::Mat image;
    cv::Rect2f code;
};

Card makeCard(std::string_view text, Rng& rng, bool darkMode) {
    cv::Mat qr = renderQr(text, kModulePx, 4);
    const int margin = 6 * kModulePx;
    const int textBand = 14 * kModulePx;
    const auto paper = static_cast<unsigned char>(uniformInt(rng, 232, 250));
    cv::Mat card(qr.rows + margin + textBand, qr.cols + 2 * margin, CV_8UC1, cv::Scalar(paper));
    cv::Mat qrOnPaper = qr.clone();
    qrOnPaper.setTo(paper, qr == 255);
    qrOnPaper.setTo(uniformInt(rng, 10, 35), qr == 0);
    qrOnPaper.copyTo(card(cv::Rect(margin, margin, qr.cols, qr.rows)));
    cv::putText(card, "ADMIT ONE", {margin, qr.rows + margin + 6 * kModulePx}, cv::FONT_HERSHEY_DUPLEX,
                2.0, cv::Scalar(40), 3, cv::LINE_AA);
    cv::putText(card, "No. " + std::to_string(uniformInt(rng, 1, 99999)), {margin, qr.rows + margin + 12 * kModulePx},
                cv::FONT_HERSHEY_SIMPLEX, 1.6, cv::Scalar(70), 2, cv::LINE_AA);
    const float quiet = 4.0f * kModulePx;
    cv::Rect2f code(margin + quiet, margin + quiet, qr.cols - 2 * quiet, qr.rows - 2 * quiet);
    if (darkMode) {
        // A phone in dark mode: light modules on a near-black screen inside a black bezel.
        cv::Mat screen = 255 - card;
        const int bezel = 4 * kModulePx;
        cv::Mat phone(screen.rows + 2 * bezel, screen.cols + 2 * bezel, CV_8UC1, cv::Scalar(12));
        screen.copyTo(phone(cv::Rect(bezel, bezel, screen.cols, screen.rows)));
        card = phone;
        code.x += bezel;
        code.y += bezel;
    }
    cv::Mat bgr;
    cv::cvtColor(card, bgr, cv::COLOR_GRAY2BGR);
    return {bgr, code};
}

// Where the card lands in the frame: a pinhole camera looking at the card, rolled in its plane,
// tilted about an axis in its plane, `scale` frame pixels per card pixel at the focal distance.
struct Pose {
    cv::Point2f center;
    double scale = 1.0;
    double rollDeg = 0;
    double tiltDeg = 0;
    double tiltAxisDeg = 0;
};

cv::Point2f project(cv::Point2f p, const cv::Size cardSize, const Pose& pose) {
    // card coordinates centred on the card
    double x = p.x - cardSize.width / 2.0, y = p.y - cardSize.height / 2.0, z = 0;
    const double roll = pose.rollDeg * kPi / 180;
    const double rx = x * std::cos(roll) - y * std::sin(roll), ry = x * std::sin(roll) + y * std::cos(roll);
    // Rodrigues rotation about the in-plane axis (cos a, sin a, 0)
    const double a = pose.tiltAxisDeg * kPi / 180, t = pose.tiltDeg * kPi / 180;
    const double kx = std::cos(a), ky = std::sin(a);
    const double dot = kx * rx + ky * ry;
    const double c = std::cos(t), s = std::sin(t);
    // k x v with v = (rx, ry, 0): (ky*0 - 0*ry, 0*rx - kx*0, kx*ry - ky*rx)
    const double crossZ = kx * ry - ky * rx;
    x = rx * c + dot * kx * (1 - c);
    y = ry * c + dot * ky * (1 - c);
    z = crossZ * s;
    const double depth = kFocalPx + pose.scale * z;
    return {static_cast<float>(pose.center.x + kFocalPx * pose.scale * x / depth),
            static_cast<float>(pose.center.y + kFocalPx * pose.scale * y / depth)};
}

struct Placed {
    cv::Point2f codeCenter;
    float codeWidth = 0;  // frame pixels, roughly
};

Placed placeCard(cv::Mat& frame, Card card, const Pose& pose) {
    Pose p = pose;
    // A camera integrates light over each pixel: shrink with area averaging, not by sampling.
    if (p.scale < 0.9) {
        const double s = p.scale;
        cv::Mat small;
        cv::resize(card.image, small, cv::Size(), s, s, cv::INTER_AREA);
        const double sx = static_cast<double>(small.cols) / card.image.cols;
        const double sy = static_cast<double>(small.rows) / card.image.rows;
        card.code = cv::Rect2f(card.code.x * sx, card.code.y * sy, card.code.width * sx, card.code.height * sy);
        card.image = small;
        p.scale /= sx;
    }
    const cv::Size size = card.image.size();
    const std::array<cv::Point2f, 4> src{cv::Point2f(0, 0), cv::Point2f(size.width, 0),
                                         cv::Point2f(size.width, size.height), cv::Point2f(0, size.height)};
    std::array<cv::Point2f, 4> dst;
    for (int i = 0; i < 4; ++i) dst[i] = project(src[i], size, p);
    const cv::Mat h = cv::getPerspectiveTransform(src.data(), dst.data());
    cv::warpPerspective(card.image, frame, h, frame.size(), cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);

    std::vector<cv::Point2f> codeCorners{card.code.tl(), {card.code.x + card.code.width, card.code.y},
                                         card.code.br(), {card.code.x, card.code.y + card.code.height}};
    std::vector<cv::Point2f> out;
    cv::perspectiveTransform(codeCorners, out, h);
    Placed placed;
    for (const auto& q : out) placed.codeCenter += q * 0.25f;
    placed.codeWidth = static_cast<float>(std::max(cv::norm(out[0] - out[1]), cv::norm(out[1] - out[2])));
    return placed;
}

void addNoise(cv::Mat& frame, double sigma, Rng& rng) {
    cv::Mat noise(frame.size(), CV_16SC3);
    cv::theRNG().state = rng();
    cv::randn(noise, 0, sigma);
    cv::Mat f16;
    frame.convertTo(f16, CV_16SC3);
    f16 += noise;
    f16.convertTo(frame, CV_8UC3);
}

// What every camera adds: slightly soft optics and a little sensor noise.
void cameraLook(cv::Mat& frame, Rng& rng) {
    cv::GaussianBlur(frame, frame, cv::Size(0, 0), 0.7);
    addNoise(frame, 2.5, rng);
}

void motionBlur(cv::Mat& frame, int length, double angleDeg) {
    cv::Mat kernel = cv::Mat::zeros(length, length, CV_32F);
    const double a = angleDeg * kPi / 180;
    const cv::Point2f c((length - 1) / 2.0f, (length - 1) / 2.0f);
    const cv::Point2f d(static_cast<float>(std::cos(a) * (length - 1) / 2), static_cast<float>(std::sin(a) * (length - 1) / 2));
    cv::line(kernel, c - d, c + d, cv::Scalar(1.0), 1, cv::LINE_AA);
    kernel /= cv::sum(kernel)[0];
    cv::filter2D(frame, frame, -1, kernel);
}

void glareSpot(cv::Mat& frame, cv::Point2f center, double radius, double strength) {
    cv::Mat spot(frame.size(), CV_32F, cv::Scalar(0));
    cv::circle(spot, center, static_cast<int>(radius), cv::Scalar(strength), cv::FILLED, cv::LINE_AA);
    cv::GaussianBlur(spot, spot, cv::Size(0, 0), radius * 0.5);
    cv::Mat f;
    frame.convertTo(f, CV_32FC3);
    cv::Mat spot3;
    cv::merge(std::vector<cv::Mat>{spot, spot, spot}, spot3);
    f += spot3;
    f.convertTo(frame, CV_8UC3);
}

// Paper folded and waved: displace the card smoothly and shade the folds.
void crumple(Card& card, Rng& rng) {
    const cv::Size size = card.image.size();
    cv::Mat mapX(size, CV_32F), mapY(size, CV_32F), shade(size, CV_32F);
    const double amp = uniform(rng, 0.15, 0.4) * kModulePx;
    const double l1 = uniform(rng, 30, 60) * kModulePx, l2 = uniform(rng, 30, 60) * kModulePx;
    const double p1 = uniform(rng, 0, 2 * kPi), p2 = uniform(rng, 0, 2 * kPi), fold = uniform(rng, 0, 2 * kPi);
    for (int y = 0; y < size.height; ++y) {
        for (int x = 0; x < size.width; ++x) {
            mapX.at<float>(y, x) = static_cast<float>(x + amp * std::sin(2 * kPi * y / l1 + p1));
            mapY.at<float>(y, x) = static_cast<float>(y + amp * std::sin(2 * kPi * x / l2 + p2));
            shade.at<float>(y, x) = static_cast<float>(0.8 + 0.2 * std::sin(2 * kPi * (x + y) / (l1 * 1.3) + fold));
        }
    }
    cv::Mat warped;
    cv::remap(card.image, warped, mapX, mapY, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::Mat f;
    warped.convertTo(f, CV_32FC3);
    cv::Mat shade3;
    cv::merge(std::vector<cv::Mat>{shade, shade, shade}, shade3);
    f = f.mul(shade3);
    f.convertTo(card.image, CV_8UC3);
}

cv::Scalar randomColour(Rng& rng, int lo, int hi) {
    return cv::Scalar(uniformInt(rng, lo, hi), uniformInt(rng, lo, hi), uniformInt(rng, lo, hi));
}

cv::Mat scene(Rng& rng, cv::Size size) {
    cv::Mat frame(size, CV_8UC3);
    const cv::Scalar top = randomColour(rng, 60, 200), bottom = randomColour(rng, 20, 140);
    for (int y = 0; y < size.height; ++y) {
        const double t = static_cast<double>(y) / size.height;
        frame.row(y).setTo(top * (1 - t) + bottom * t);
    }
    // doors, posters, people's clothes: large flat shapes with edges
    for (int i = 0, n = uniformInt(rng, 6, 14); i < n; ++i) {
        const cv::Point a(uniformInt(rng, -100, size.width), uniformInt(rng, -100, size.height));
        const cv::Size s(uniformInt(rng, 40, 400), uniformInt(rng, 40, 400));
        if (uniformInt(rng, 0, 2) == 0)
            cv::ellipse(frame, a, s / 2, uniform(rng, 0, 180), 0, 360, randomColour(rng, 0, 255), cv::FILLED, cv::LINE_AA);
        else
            cv::rectangle(frame, cv::Rect(a, s), randomColour(rng, 0, 255), cv::FILLED, cv::LINE_AA);
    }
    for (int i = 0, n = uniformInt(rng, 3, 8); i < n; ++i) {
        cv::line(frame, {uniformInt(rng, 0, size.width), uniformInt(rng, 0, size.height)},
                 {uniformInt(rng, 0, size.width), uniformInt(rng, 0, size.height)}, randomColour(rng, 0, 255),
                 uniformInt(rng, 1, 6), cv::LINE_AA);
    }
    cv::GaussianBlur(frame, frame, cv::Size(0, 0), 2.0);  // the background is out of focus
    return frame;
}

std::string randomWords(Rng& rng, int letters) {
    static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789      .,";
    std::string s;
    for (int i = 0; i < letters; ++i) s.push_back(kLetters[uniformInt(rng, 0, sizeof kLetters - 2)]);
    return s;
}

}  // namespace

const char* toString(Condition c) {
    switch (c) {
    case Condition::Plain: return "plain";
    case Condition::Perspective: return "perspective";
    case Condition::Blur: return "blur";
    case Condition::Noise: return "noise";
    case Condition::Dim: return "dim";
    case Condition::Glare: return "glare";
    case Condition::Small: return "small";
    case Condition::Mirrored: return "mirrored";
    case Condition::Inverted: return "inverted";
    case Condition::Crumpled: return "crumpled";
    }
    return "?";
}

const std::vector<Condition>& allConditions() {
    static const std::vector<Condition> all{Condition::Plain,  Condition::Perspective, Condition::Blur,
                                            Condition::Noise,  Condition::Dim,         Condition::Glare,
                                            Condition::Small,  Condition::Mirrored,    Condition::Inverted,
                                            Condition::Crumpled};
    return all;
}

const char* toString(Distractor d) {
    switch (d) {
    case Distractor::Noise: return "noise";
    case Distractor::Text: return "text";
    case Distractor::Faces: return "faces";
    case Distractor::Chessboard: return "chessboard";
    case Distractor::Scene: return "scene";
    }
    return "?";
}

const std::vector<Distractor>& allDistractors() {
    static const std::vector<Distractor> all{Distractor::Noise, Distractor::Text, Distractor::Faces,
                                             Distractor::Chessboard, Distractor::Scene};
    return all;
}

std::string makeTicketText(std::uint32_t seed) {
    ensureSodium();
    Rng rng(seed);
    std::array<unsigned char, crypto_sign_SEEDBYTES> keySeed{};
    for (auto& b : keySeed) b = static_cast<unsigned char>(rng());
    EventKeys keys;
    crypto_sign_seed_keypair(keys.publicKey.data(), keys.signingKey.data(), keySeed.data());
    for (auto& b : keys.deriveKey) b = static_cast<unsigned char>(rng());
    const std::string eventId = crockfordId(rng, TicketCodec::kEventIdLength);
    const std::string ticketId = crockfordId(rng, TicketCodec::kTicketIdLength);
    return TicketCodec::encode(TicketCodec::issue(keys, eventId, ticketId, 0));
}

cv::Mat renderQr(std::string_view text, int moduleSize, int quietZone) {
    const std::string s(text);
    QRcode* code = QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code) return {};
    const int n = code->width;
    cv::Mat out((n + 2 * quietZone) * moduleSize, (n + 2 * quietZone) * moduleSize, CV_8UC1, cv::Scalar(255));
    for (int y = 0; y < n; ++y) {
        for (int x = 0; x < n; ++x) {
            if (code->data[y * n + x] & 1) {
                out(cv::Rect((x + quietZone) * moduleSize, (y + quietZone) * moduleSize, moduleSize, moduleSize))
                    .setTo(0);
            }
        }
    }
    QRcode_free(code);
    return out;
}

cv::Mat makeEmptyScene(std::uint32_t seed, cv::Size size) {
    Rng rng(seed);
    cv::Mat frame = scene(rng, size);
    cameraLook(frame, rng);
    return frame;
}

cv::Mat makeFrame(std::string_view text, Condition condition, std::uint32_t seed, cv::Size size) {
    Rng rng(seed * 7919u + static_cast<std::uint32_t>(condition));
    cv::Mat frame = scene(rng, size);
    Card card = makeCard(text, rng, condition == Condition::Inverted);
    if (condition == Condition::Crumpled) crumple(card, rng);

    double codeWidth = uniform(rng, 180, 300);
    Pose pose;
    pose.rollDeg = uniform(rng, -8, 8);
    pose.tiltDeg = uniform(rng, 0, 8);
    pose.tiltAxisDeg = uniform(rng, 0, 180);
    switch (condition) {
    case Condition::Perspective:
        codeWidth = uniform(rng, 200, 300);
        pose.tiltDeg = uniform(rng, 20, 45);
        pose.rollDeg = uniform(rng, 0, 360);
        break;
    case Condition::Small:
        codeWidth = 80;
        pose.tiltDeg = uniform(rng, 0, 10);
        break;
    case Condition::Crumpled:
    case Condition::Inverted:
    case Condition::Blur: pose.tiltDeg = uniform(rng, 0, 15); break;
    default: break;
    }
    pose.scale = codeWidth / card.code.width;
    // keep the whole card in the frame
    const double halfW = card.image.cols * pose.scale / 2 + 10, halfH = card.image.rows * pose.scale / 2 + 10;
    pose.center = cv::Point2f(static_cast<float>(uniform(rng, halfW, std::max(halfW + 1, size.width - halfW))),
                              static_cast<float>(uniform(rng, halfH, std::max(halfH + 1, size.height - halfH))));
    const Placed placed = placeCard(frame, card, pose);
    cameraLook(frame, rng);

    switch (condition) {
    case Condition::Blur:
        if (uniformInt(rng, 0, 1) == 0)
            cv::GaussianBlur(frame, frame, cv::Size(0, 0), uniform(rng, 1.5, 2.5));
        else
            motionBlur(frame, uniformInt(rng, 7, 13), uniform(rng, 0, 180));
        break;
    case Condition::Noise: addNoise(frame, uniform(rng, 25, 40), rng); break;
    case Condition::Dim:
        frame.convertTo(frame, -1, uniform(rng, 0.06, 0.15), 0);
        addNoise(frame, 3.0, rng);
        break;
    case Condition::Glare: {
        const double w = placed.codeWidth;
        const cv::Point2f at = placed.codeCenter + cv::Point2f(static_cast<float>(uniform(rng, -0.3, 0.3) * w),
                                                               static_cast<float>(uniform(rng, -0.3, 0.3) * w));
        glareSpot(frame, at, uniform(rng, 0.12, 0.3) * w, uniform(rng, 180, 260));
        break;
    }
    case Condition::Mirrored: cv::flip(frame, frame, 1); break;
    default: break;
    }
    return frame;
}

cv::Mat makeMultiFrame(const std::vector<std::string>& texts, std::uint32_t seed, cv::Size size) {
    Rng rng(seed);
    cv::Mat frame = scene(rng, size);
    const double slot = static_cast<double>(size.width) / std::max<std::size_t>(1, texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        Card card = makeCard(texts[i], rng, false);
        Pose pose;
        pose.scale = std::min(200.0, slot * 0.55) / card.code.width;
        pose.rollDeg = uniform(rng, -5, 5);
        pose.center = cv::Point2f(static_cast<float>(slot * (i + 0.5)), static_cast<float>(size.height / 2.0));
        placeCard(frame, card, pose);
    }
    cameraLook(frame, rng);
    return frame;
}

cv::Mat makeNonCodeFrame(Distractor kind, std::uint32_t seed, cv::Size size) {
    Rng rng(seed * 104729u + static_cast<std::uint32_t>(kind));
    cv::Mat frame;
    switch (kind) {
    case Distractor::Noise: {
        // blocky black-and-white noise: the most code-like texture there is
        const int block = uniformInt(rng, 4, 12);
        cv::Mat small(size.height / block + 1, size.width / block + 1, CV_8UC1);
        cv::theRNG().state = rng();
        cv::randu(small, 0, 256);
        cv::threshold(small, small, 127, 255, cv::THRESH_BINARY);
        cv::resize(small, frame, cv::Size(small.cols * block, small.rows * block), 0, 0, cv::INTER_NEAREST);
        frame = frame(cv::Rect(cv::Point(0, 0), size)).clone();
        cv::cvtColor(frame, frame, cv::COLOR_GRAY2BGR);
        break;
    }
    case Distractor::Text: {
        frame = cv::Mat(size, CV_8UC3, cv::Scalar(245, 245, 245));
        for (int y = 30; y < size.height; y += uniformInt(rng, 22, 40)) {
            const double scale = uniform(rng, 0.5, 1.0);
            cv::putText(frame, randomWords(rng, 80), {uniformInt(rng, 0, 40), y}, cv::FONT_HERSHEY_SIMPLEX, scale,
                        cv::Scalar(20, 20, 20), uniformInt(rng, 1, 2), cv::LINE_AA);
        }
        break;
    }
    case Distractor::Faces: {
        frame = scene(rng, size);
        for (int i = 0, n = uniformInt(rng, 2, 5); i < n; ++i) {
            const cv::Point c(uniformInt(rng, 100, size.width - 100), uniformInt(rng, 120, size.height - 120));
            const int r = uniformInt(rng, 60, 110);
            const cv::Scalar skin(uniformInt(rng, 60, 180), uniformInt(rng, 90, 200), uniformInt(rng, 130, 230));
            cv::ellipse(frame, c + cv::Point(0, r), {r + 30, r}, 0, 180, 360, randomColour(rng, 0, 120), cv::FILLED);
            cv::ellipse(frame, c, {r * 3 / 4, r}, 0, 0, 360, skin, cv::FILLED, cv::LINE_AA);
            cv::ellipse(frame, c - cv::Point(0, r / 2), {r * 3 / 4, r / 2}, 0, 180, 360, randomColour(rng, 0, 80),
                        cv::FILLED, cv::LINE_AA);
            for (int side : {-1, 1}) {
                const cv::Point eye = c + cv::Point(side * r / 3, -r / 8);
                cv::circle(frame, eye, r / 7, cv::Scalar(240, 240, 240), cv::FILLED, cv::LINE_AA);
                cv::circle(frame, eye, r / 14, cv::Scalar(20, 20, 20), cv::FILLED, cv::LINE_AA);
            }
            cv::ellipse(frame, c + cv::Point(0, r / 2), {r / 3, r / 8}, 0, 0, 180, cv::Scalar(40, 40, 120), 3,
                        cv::LINE_AA);
        }
        break;
    }
    case Distractor::Chessboard: {
        frame = scene(rng, size);
        const int square = uniformInt(rng, 30, 60), cols = 9, rows = 6;
        cv::Mat board((rows + 2) * square, (cols + 2) * square, CV_8UC1, cv::Scalar(250));
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < cols; ++x)
                if ((x + y) % 2 == 0) board(cv::Rect((x + 1) * square, (y + 1) * square, square, square)).setTo(15);
        Card card;
        cv::cvtColor(board, card.image, cv::COLOR_GRAY2BGR);
        card.code = cv::Rect2f(0, 0, static_cast<float>(board.cols), static_cast<float>(board.rows));
        Pose pose;
        pose.scale = std::min(0.9 * size.width / board.cols, 0.9 * size.height / board.rows) * uniform(rng, 0.6, 1.0);
        pose.center = cv::Point2f(size.width / 2.0f, size.height / 2.0f);
        pose.rollDeg = uniform(rng, -20, 20);
        pose.tiltDeg = uniform(rng, 0, 35);
        pose.tiltAxisDeg = uniform(rng, 0, 180);
        placeCard(frame, card, pose);
        break;
    }
    case Distractor::Scene: frame = scene(rng, size); break;
    }
    cameraLook(frame, rng);
    return frame;
}

}  // namespace qrgate::testframes

// qrgate decode: the QR codes in image files, with the same decoder the kiosk uses on frames.
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "app/cli_context.hpp"
#include "core/scan/qr_decoder.hpp"

namespace qrgate::cli {

namespace {

constexpr const char* kDecodeHelp = R"(usage:
  qrgate decode [--json] IMAGE...
        reads every QR code in each image (PNG, JPEG, BMP, TIFF, WebP, ... whatever OpenCV reads),
        one line per image; --json prints {"file","codes":[text...],"ms"} per line.
        Exit code 0 when every image could be read (with or without codes), 1 when one could not.
)";

// Any image as 8-bit gray or BGR: 16-bit scaled down, transparency laid on white paper (a code
// drawn black on a transparent background would otherwise vanish into black).
cv::Mat loadImage(const std::string& file, std::string& error) {
    if (std::ifstream probe(file, std::ios::binary); !probe) {
        error = "no such file or not readable";
        return {};
    }
    cv::Mat image;
    try {
        image = cv::imread(file, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        error = e.what();
        return {};
    }
    if (image.empty()) {
        error = "not an image this build can read";
        return {};
    }
    if (image.depth() == CV_16U) image.convertTo(image, CV_8U, 1.0 / 257);
    else if (image.depth() != CV_8U) image.convertTo(image, CV_8U);
    if (image.channels() == 4) {
        std::vector<cv::Mat> ch;
        cv::split(image, ch);
        cv::Mat alpha;
        ch[3].convertTo(alpha, CV_32F, 1.0 / 255);
        cv::Mat bgr;
        cv::merge(std::vector<cv::Mat>{ch[0], ch[1], ch[2]}, bgr);
        bgr.convertTo(bgr, CV_32FC3);
        cv::Mat alpha3;
        cv::merge(std::vector<cv::Mat>{alpha, alpha, alpha}, alpha3);
        cv::Mat white(bgr.size(), CV_32FC3, cv::Scalar(255, 255, 255));
        cv::Mat out = bgr.mul(alpha3) + white.mul(cv::Scalar(1, 1, 1) - alpha3);
        out.convertTo(image, CV_8UC3);
    } else if (image.channels() == 2) {
        std::vector<cv::Mat> ch;
        cv::split(image, ch);
        image = ch[0];
    }
    return image;
}

// Code text on one line: control characters escaped so that one image stays one line.
std::string printable(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c == 0x7F) {
            std::ostringstream hex;
            hex << "\\x" << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(c);
            out += hex.str();
        } else out.push_back(static_cast<char>(c));
    }
    return out;
}

}  // namespace

int runDecodeCommand(const Context&, const std::vector<std::string>& tokens) {
    Args args(tokens, {{}, {"--json", "--help"}});
    if (args.flag("--help")) {
        std::cout << kDecodeHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "decode");
    if (args.positionals().empty()) return usage("decode needs at least one IMAGE", "decode");
    const bool json = args.flag("--json");
    // Our own one-line messages say what went wrong; OpenCV's log lines would only add noise.
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);

    // A photo is not a live frame: there is time for every attempt, and every code counts.
    DecodeOptions options;
    options.budget = std::chrono::milliseconds(10000);
    options.findAll = true;

    int exitCode = kExitOk;
    for (const std::string& file : args.positionals()) {
        std::string error;
        const cv::Mat image = loadImage(file, error);
        if (image.empty()) {
            fail("cannot read " + file + ": " + error);
            exitCode = kExitFailed;
            continue;
        }
        const DecodeResult result = decodeFrame(image, options);
        const double ms = std::round(result.totalMs * 10) / 10;
        if (json) {
            nlohmann::ordered_json line{{"file", file}, {"codes", nlohmann::ordered_json::array()}, {"ms", ms}};
            for (const auto& code : result.codes) line["codes"].push_back(code.text);
            std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        } else {
            std::cout << file << ": ";
            if (result.codes.empty()) std::cout << "no code";
            else if (result.codes.size() > 1) std::cout << result.codes.size() << " codes:";
            for (std::size_t i = 0; i < result.codes.size(); ++i)
                std::cout << (result.codes.size() > 1 ? " " : "") << printable(result.codes[i].text);
            std::cout << " (" << ms << " ms)\n";
        }
        std::cout.flush();
    }
    return exitCode;
}

}  // namespace qrgate::cli

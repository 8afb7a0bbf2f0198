// scan_decode_bench: how fast and how well qrgate reads tickets off camera frames.
//
//  1. Decode time per 1280x720 frame with one code (median, p99), on one core.
//  2. Decode rate on the generated condition set, side by side in the same run with
//     plain ZXing-C++ defaults (one ReadBarcodes call) and with zbar, plus false reads on
//     frames without a code.
//
// usage: scan_decode_bench [FRAMES_PER_CONDITION=50]
// Run it pinned to one core for the single-core figures: taskset -c 0 scan_decode_bench
// zbar first: ZXing's Error.h defines macros (UnsupportedError, FormatError) that clash with
// zbar's exception class names.
#ifdef QRGATE_HAVE_ZBAR
#include "bench_machine.hpp"
#include <zbar.h>
#endif
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "core/scan/qr_decoder.hpp"
#include "core/scan/testing/test_frames.hpp"

namespace {

using namespace qrgate;
using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * (v.size() - 1) + 0.5));
    return v[i];
}

struct Reading {
    std::vector<std::string> texts;
    double ms = 0;
};

// The contenders: each gets the BGR frame as a camera delivers it.
Reading readQrgate(const cv::Mat& frame, const DecodeOptions& options) {
    Reading r;
    const auto result = decodeFrame(frame, options);
    for (const auto& c : result.codes) r.texts.push_back(c.text);
    r.ms = result.totalMs;
    return r;
}

Reading readZxing(const cv::Mat& frame) {
    const auto t0 = Clock::now();
    const ZXing::ImageView view(frame.data, frame.cols, frame.rows, ZXing::ImageFormat::BGR,
                                static_cast<int>(frame.step[0]));
    Reading r;
    for (const auto& res : ZXing::ReadBarcodes(view)) r.texts.push_back(res.text());
    r.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    return r;
}

#ifdef QRGATE_HAVE_ZBAR
Reading readZbar(const cv::Mat& frame) {
    const auto t0 = Clock::now();
    cv::Mat gray;
    cv::cvtColor(frame, gray, cv::COLOR_BGR2GRAY);
    zbar::ImageScanner scanner;  // defaults: every symbology zbar knows
    zbar::Image image(gray.cols, gray.rows, "Y800", gray.data, gray.total());
    scanner.scan(image);
    Reading r;
    for (auto s = image.symbol_begin(); s != image.symbol_end(); ++s) r.texts.push_back(s->get_data());
    image.set_data(nullptr, 0);
    r.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    return r;
}
#endif

struct Tally {
    int decoded = 0;
    int frames = 0;
    int falseReads = 0;  // a code that was not there, or a wrong text
    std::vector<double> ms;
    void add(const Reading& r, const std::string& expected) {
        ++frames;
        ms.push_back(r.ms);
        bool found = false;
        for (const auto& t : r.texts) {
            if (t == expected) found = true;
            else ++falseReads;
        }
        if (found) ++decoded;
    }
};

}  // namespace

int main(int argc, char** argv) {
    const int perCondition = argc > 1 ? std::max(1, std::atoi(argv[1])) : 50;
    cv::setNumThreads(1);  // single core: no OpenCV worker threads either
    const DecodeOptions options;  // the kiosk's defaults, built once

    std::printf("scan_decode_bench: %d generated 1280x720 frames per condition\n", perCondition);
    std::printf("machine: %s, %u hardware threads; OpenCV threads: %d\n", bench::cpuName().c_str(),
                std::thread::hardware_concurrency(), cv::getNumThreads());

    struct Contender {
        const char* name;
        std::map<std::string, Tally> byCondition;
        Tally total;
        Tally noCode;
    };
    std::vector<Contender> contenders{{"qrgate", {}, {}, {}}, {"zxing-1call", {}, {}, {}}
#ifdef QRGATE_HAVE_ZBAR
                                      ,
                                      {"zbar", {}, {}, {}}
#endif
    };
    auto readWith = [&](std::size_t i, const cv::Mat& frame) {
        switch (i) {
        case 0: return readQrgate(frame, options);
        case 1: return readZxing(frame);
#ifdef QRGATE_HAVE_ZBAR
        case 2: return readZbar(frame);
#endif
        }
        return Reading{};
    };

    // warm-up: first calls allocate and fill caches
    for (int i = 0; i < 5; ++i) {
        const cv::Mat f = testframes::makeFrame(testframes::makeTicketText(i), testframes::Condition::Plain, i);
        for (std::size_t c = 0; c < contenders.size(); ++c) readWith(c, f);
    }

    for (auto condition : testframes::allConditions()) {
        const std::string name = testframes::toString(condition);
        for (int seed = 0; seed < perCondition; ++seed) {
            const std::string text = testframes::makeTicketText(90000 + 1000 * static_cast<int>(condition) + seed);
            const cv::Mat frame = testframes::makeFrame(text, condition, 7000 + seed);
            for (std::size_t c = 0; c < contenders.size(); ++c) {
                const Reading r = readWith(c, frame);
                contenders[c].byCondition[name].add(r, text);
                contenders[c].total.add(r, text);
            }
        }
    }
    for (auto kind : testframes::allDistractors()) {
        for (int seed = 0; seed < perCondition; ++seed) {
            const cv::Mat frame = testframes::makeNonCodeFrame(kind, 7000 + seed);
            for (std::size_t c = 0; c < contenders.size(); ++c) contenders[c].noCode.add(readWith(c, frame), "");
        }
    }

    std::printf("\n1. decode time per 1280x720 frame with one code (all %zu condition frames), one core\n",
                contenders[0].total.ms.size());
    std::printf("   %-12s %9s %9s %9s\n", "", "median", "p99", "max");
    for (const auto& c : contenders)
        std::printf("   %-12s %6.1f ms %6.1f ms %6.1f ms\n", c.name, percentile(c.total.ms, 50),
                    percentile(c.total.ms, 99), percentile(c.total.ms, 100));
    std::printf("   frames without a code (%zu):\n", contenders[0].noCode.ms.size());
    for (const auto& c : contenders)
        std::printf("   %-12s %6.1f ms %6.1f ms %6.1f ms\n", c.name, percentile(c.noCode.ms, 50),
                    percentile(c.noCode.ms, 99), percentile(c.noCode.ms, 100));
    std::printf("   qrgate per condition, median / p99:\n");
    for (auto condition : testframes::allConditions()) {
        const auto& t = contenders[0].byCondition[testframes::toString(condition)];
        std::printf("     %-12s %5.1f / %5.1f ms\n", testframes::toString(condition), percentile(t.ms, 50),
                    percentile(t.ms, 99));
    }

    std::printf("\n2. decode rate per condition (codes read / frames)\n   %-12s", "condition");
    for (const auto& c : contenders) std::printf(" %12s", c.name);
    std::printf("\n");
    for (auto condition : testframes::allConditions()) {
        const std::string name = testframes::toString(condition);
        std::printf("   %-12s", name.c_str());
        for (auto& c : contenders) {
            const auto& t = c.byCondition[name];
            std::printf("  %4d/%-3d%3.0f%%", t.decoded, t.frames, 100.0 * t.decoded / std::max(1, t.frames));
        }
        std::printf("\n");
    }
    std::printf("   %-12s", "total");
    for (const auto& c : contenders)
        std::printf("  %4d/%-3d%3.0f%%", c.total.decoded, c.total.frames,
                    100.0 * c.total.decoded / std::max(1, c.total.frames));
    std::printf("\n   %-12s", "false reads");
    for (const auto& c : contenders) std::printf(" %12d", c.total.falseReads + c.noCode.falseReads);
    std::printf("\n   (false reads: any code reported on the %zu frames without a code, or a wrong text on a "
                "ticket frame)\n",
                contenders[0].noCode.ms.size());
    return 0;
}

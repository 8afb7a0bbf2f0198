// qrgate printers / print against a real CUPS server of the test's own (PrivateCupsServer):
// a cups-pdf queue that writes each job as a PDF file, and no server at all.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <cairo-pdf.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "support/cups_server.hpp"
#include "support/file_text.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using qrgate::testing::fileText;
using qrgate::testing::PrivateCupsServer;
using qrgate::testing::ProcessResult;
using qrgate::testing::runProcess;
using qrgate::testing::runQrgate;
using qrgate::testing::TempDir;
using namespace std::chrono_literals;

namespace {

constexpr const char* kQueue = "qrgate_test";
constexpr const char* kText = "qrgate print test";

// One A4 page with a line of text and a frame, the way the renderer's sheets are made (cairo).
std::string makePdf(const std::filesystem::path& file) {
    cairo_surface_t* surface = cairo_pdf_surface_create(file.c_str(), 595.276, 841.89);
    cairo_t* cr = cairo_create(surface);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 20);
    cairo_move_to(cr, 72, 100);
    cairo_show_text(cr, kText);
    cairo_rectangle(cr, 56.69, 56.69, 481.9, 728.5);  // 20 mm from each edge
    cairo_stroke(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return file.string();
}

// "Pages:           1" -> "1"
std::string pdfinfoField(const std::string& info, const std::string& name) {
    auto at = info.find(name + ":");
    if (at == std::string::npos) return "";
    auto begin = info.find_first_not_of(' ', at + name.size() + 1);
    return info.substr(begin, info.find('\n', begin) - begin);
}

bool isOneLine(const std::string& err) { return !err.empty() && err.find('\n') == err.size() - 1; }

// A loopback port with nothing listening: the kernel's pick, closed again.
std::string closedServer() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(s);
    return "CUPS_SERVER=127.0.0.1:" + std::to_string(ntohs(a.sin_port));
}

struct PrintCli {
    TempDir dir;
    std::vector<std::string> env;

    ProcessResult run(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--data", (dir / "data").string()});
        return runQrgate(args, env);
    }
};

// A private server with the test's cups-pdf queue; skips the test when cupsd cannot run here.
#define START_CUPS_WITH_QUEUE(cups, cli, outDir)                                      \
    PrivateCupsServer cups;                                                          \
    if (!cups.start()) GTEST_SKIP() << "no private CUPS server: " << cups.failure(); \
    if (auto why = PrivateCupsServer::pdfQueueUnavailable(); !why.empty())           \
        GTEST_SKIP() << "no PDF queue: " << why;                                     \
    const auto outDir = cups.addPdfQueue(kQueue);                                    \
    ASSERT_FALSE(outDir.empty()) << cups.failure();                                  \
    PrintCli cli;                                                                    \
    cli.env = cups.env()

}  // namespace

TEST(Print, AServerWithoutPrintersSaysSoInOneLineAndExitsZero) {
    PrivateCupsServer cups;
    if (!cups.start()) GTEST_SKIP() << "no private CUPS server: " << cups.failure();
    PrintCli cli;
    cli.env = cups.env();
    auto r = cli.run({"printers"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "qrgate: no printers: add one in the system's printer settings (CUPS)\n");
    auto j = cli.run({"printers", "--json"});
    EXPECT_EQ(j.exitCode, 0);
    EXPECT_EQ(json::parse(j.out), json::array());
}

TEST(Print, PrintersListsTheQueueWithTheContractsFields) {
    START_CUPS_WITH_QUEUE(cups, cli, outDir);
    auto r = cli.run({"printers", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto printers = json::parse(r.out);
    ASSERT_EQ(printers.size(), 1u) << r.out;
    const auto& p = printers[0];
    for (const char* field : {"name", "description", "location", "makeModel", "state", "default", "acceptingJobs"})
        EXPECT_TRUE(p.contains(field)) << field;
    EXPECT_EQ(p["name"], kQueue);
    EXPECT_EQ(p["state"], "idle");
    EXPECT_EQ(p["acceptingJobs"], true);
    EXPECT_EQ(p["default"], false);
    EXPECT_NE(p["makeModel"].get<std::string>().find("CUPS-PDF"), std::string::npos) << p;
    EXPECT_FALSE(p.contains("calibration")) << "not calibrated yet";

    auto text = cli.run({"printers"});
    EXPECT_EQ(text.exitCode, 0);
    EXPECT_EQ(text.out.rfind(std::string(kQueue) + "\tidle", 0), 0u) << text.out;
}

TEST(Print, APdfSentWithTwoCopiesComesOutOfTheQueueAsThatPdf) {
    START_CUPS_WITH_QUEUE(cups, cli, outDir);
    const auto pdf = makePdf(cli.dir / "ticket sheet.pdf");
    auto r = cli.run({"print", "--printer", kQueue, "--copies", "2", "--json", pdf});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto answer = json::parse(r.out);
    EXPECT_GT(answer["job"].get<int>(), 0);
    EXPECT_EQ(answer["copies"], 2);

    const auto written = qrgate::testing::waitForPdf(outDir, 30s);
    ASSERT_FALSE(written.empty()) << "the queue wrote no PDF in 30 s into " << outDir << "; the server said:\n"
                                  << cups.problems();
    auto info = runProcess({"/usr/bin/pdfinfo", written.string()});
    ASSERT_EQ(info.exitCode, 0) << info.err;
    EXPECT_EQ(pdfinfoField(info.out, "Pages"), "1") << info.out;
    EXPECT_EQ(pdfinfoField(info.out, "Page size"), "595 x 842 pts (A4)") << "not scaled to another paper";
    // Through the whole filter chain and Ghostscript, and still our page.
    auto text = runProcess({"/usr/bin/pdftotext", written.string(), "-"});
    EXPECT_NE(text.out.find(kText), std::string::npos) << text.out;
    // Both copies reached the server (cups-pdf writes one file whatever the copies).
    EXPECT_NE(fileText(cups.pageLog()).find("total 2"), std::string::npos) << fileText(cups.pageLog());
}

TEST(Print, AnUnknownPrinterFailsNamingItAndThePrintersThereAre) {
    START_CUPS_WITH_QUEUE(cups, cli, outDir);
    const auto pdf = makePdf(cli.dir / "sheet.pdf");
    auto r = cli.run({"print", "--printer", "Ofice", pdf});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(isOneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find("'Ofice'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(kQueue), std::string::npos) << r.err;
}

TEST(Print, AStoppedPrinterIsRefusedBeforeAJobWaitsForever) {
    START_CUPS_WITH_QUEUE(cups, cli, outDir);
    ASSERT_EQ(runProcess({"/usr/sbin/cupsdisable", "-h", cups.address(), kQueue}).exitCode, 0);
    auto r = cli.run({"print", "--printer", kQueue, makePdf(cli.dir / "sheet.pdf")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(isOneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find("stopped"), std::string::npos) << r.err;
    auto list = json::parse(cli.run({"printers", "--json"}).out);
    EXPECT_EQ(list[0]["state"], "stopped");
}

TEST(Print, OnlyPdfFilesAreSent) {
    START_CUPS_WITH_QUEUE(cups, cli, outDir);
    const auto notPdf = cli.dir / "tickets.csv";
    std::ofstream(notPdf) << "name,email\nAna,ana@example.org\n";
    auto r = cli.run({"print", "--printer", kQueue, notPdf.string()});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(isOneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find("not a PDF"), std::string::npos) << r.err;
    auto missing = cli.run({"print", "--printer", kQueue, (cli.dir / "nothing.pdf").string()});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("nothing.pdf"), std::string::npos) << missing.err;
    EXPECT_EQ(fileText(cups.pageLog()), "") << "no job reached the server";
}

TEST(Print, BadCopiesAndMissingArgumentsAreUsageErrors) {
    PrintCli cli;
    cli.env = {closedServer()};  // refused before any server is asked
    const auto pdf = makePdf(cli.dir / "sheet.pdf");
    for (const char* copies : {"0", "1000", "two", "-1", "2.5", ""}) {
        auto r = cli.run({"print", "--printer", kQueue, "--copies", copies, pdf});
        EXPECT_EQ(r.exitCode, 2) << copies;
        EXPECT_TRUE(isOneLine(r.err)) << r.err;
    }
    EXPECT_EQ(cli.run({"print", pdf}).exitCode, 2) << "no --printer";
    EXPECT_EQ(cli.run({"print", "--printer", kQueue}).exitCode, 2) << "no file";
    EXPECT_EQ(cli.run({"print", "--printer", kQueue, "--media", "a3", pdf}).exitCode, 2);
    EXPECT_EQ(cli.run({"printers", "--bogus"}).exitCode, 2);
    auto help = cli.run({"print", "--help"});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.out.find("as it is"), std::string::npos) << help.out;
}

TEST(Print, WithoutAServerPrintersAndPrintSaySoInOneLineWithinSeconds) {
    PrintCli cli;
    cli.env = {closedServer()};
    const auto started = std::chrono::steady_clock::now();
    auto r = cli.run({"printers"});
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(isOneLine(r.err)) << r.err;
    EXPECT_NE(r.err.find("no print server (CUPS)"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");

    auto p = cli.run({"print", "--printer", kQueue, makePdf(cli.dir / "sheet.pdf")});
    EXPECT_EQ(p.exitCode, 1);
    EXPECT_TRUE(isOneLine(p.err)) << p.err;
    EXPECT_NE(p.err.find("no print server (CUPS)"), std::string::npos) << p.err;
}

TEST(Print, ACalibrationIsSavedListedWithItsPrinterAndForgotten) {
    START_CUPS_WITH_QUEUE(cups, cli, outDir);
    auto saved = cli.run({"printers", "calibrate", kQueue, "--offset-x", "1.5", "--offset-y", "-0.75", "--scale-y", "0.98"});
    ASSERT_EQ(saved.exitCode, 0) << saved.err;
    auto listed = json::parse(cli.run({"printers", "--json"}).out);
    ASSERT_TRUE(listed[0].contains("calibration")) << listed;
    EXPECT_EQ(listed[0]["calibration"], (json{{"offsetXmm", 1.5}, {"offsetYmm", -0.75}, {"scaleX", 1.0}, {"scaleY", 0.98}}));

    // Values not given keep what was saved.
    ASSERT_EQ(cli.run({"printers", "calibrate", kQueue, "--scale-x", "1.01"}).exitCode, 0);
    auto shown = json::parse(cli.run({"printers", "calibrate", kQueue, "--json"}).out);
    EXPECT_EQ(shown, (json{{"offsetXmm", 1.5}, {"offsetYmm", -0.75}, {"scaleX", 1.01}, {"scaleY", 0.98}}));

    auto absurd = cli.run({"printers", "calibrate", kQueue, "--scale-x", "98"});
    EXPECT_EQ(absurd.exitCode, 2);
    EXPECT_TRUE(isOneLine(absurd.err)) << absurd.err;
    EXPECT_EQ(cli.run({"printers", "calibrate", kQueue, "--offset-x", "1,5"}).exitCode, 2);
    auto typo = cli.run({"printers", "calibrate", "Ofice", "--offset-x", "1"});
    EXPECT_EQ(typo.exitCode, 1);
    EXPECT_NE(typo.err.find(kQueue), std::string::npos) << typo.err;

    ASSERT_EQ(cli.run({"printers", "calibrate", kQueue, "--reset"}).exitCode, 0);
    EXPECT_FALSE(json::parse(cli.run({"printers", "--json"}).out)[0].contains("calibration"));
}

// The getting started guide's dry run against the real things, under Xvfb: "Email it to me" sends
// the test ticket through a real SMTP server (tests/support/smtp_test_server, aiosmtpd) set up for
// the folder the way an organizer does ('qrgate mail settings'), and the PDF it attaches holds the
// test ticket's code; a server that refuses says so in the guide and the step stays open. "Print
// test ticket" on a queue of a private CUPS server (tests/support/cups_server, cups-pdf) prints a
// page whose code is the test ticket's and whose ruler says 100 mm. The PNGs stay in
// build/tests/gui/shots (guide-mail-*, guide-print-*).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gui/screenshot_image.hpp"
#include "support/cups_server.hpp"
#include "support/process.hpp"
#include "support/smtp_test_server.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
const fs::path kShots = QRGATE_GUI_SHOTS_DIR;
const std::string kTo = "you@example.org";

bool haveXvfb() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }
std::string shot(const std::string& name) { return (kShots / (name + ".png")).string(); }

// The console on `data` with a script, `env` added ("NAME=value").
ProcessResult runConsole(const std::string& name, const fs::path& data, const std::string& script,
                         const std::vector<std::string>& env = {}) {
    fs::create_directories(kShots);
    const fs::path scriptFile = kShots / (name + ".script");
    std::ofstream(scriptFile) << "timeout 200\nmouse 5 795\n" << script << "quit\n";
    std::vector<std::string> argv{"/usr/bin/env", "QRGATE_GUI_SCRIPT=" + scriptFile.string(), "QRGATE_LISTEN=127.0.0.1:0"};
    argv.insert(argv.end(), env.begin(), env.end());
    for (const char* a : {"xvfb-run", "-a", "-s", "-screen 0 1280x800x24"}) argv.push_back(a);
    argv.push_back(qrgateBinary());
    argv.push_back("--data");
    argv.push_back(data.string());
    return runProcess(argv, "", 230);
}

// From the empty folder's guide to step 3 with the demo event and its test ticket.
std::string toTheDryRun(const std::string& name) {
    return "wait-idle 8000\nguide-demo\nwait-idle 8000\nframes 3\nguide-next\nframes 3\nguide-next\nwait-idle 8000\n"
           "frames 5\nshot " + shot(name + "-1") + "\n";
}

nlohmann::json readJson(const fs::path& file) {
    std::ifstream in(file);
    if (!in) return nlohmann::json::object();
    return nlohmann::json::parse(in, nullptr, false);
}

// The test ticket's code as the data folder has it.
std::string testTicketQr(const fs::path& data, const nlohmann::json& guide) {
    auto listed = runQrgate({"--data", data.string(), "tickets", "list", "--event",
                             guide["currentEventId"].get<std::string>(), "--json"});
    EXPECT_EQ(listed.exitCode, 0) << listed.err;
    const auto tickets = nlohmann::json::parse(listed.out, nullptr, false);
    for (const auto& t : tickets)
        if (t["id"] == guide["testTicketId"]) return t.value("qrData", "");
    return "";
}

// The codes `qrgate decode` reads on the PDF's first page rasterised at 300 dpi.
nlohmann::json codesOnPdf(const fs::path& pdf) {
    const fs::path page = pdf.parent_path() / (pdf.stem().string() + "-page");
    if (std::system(("pdftoppm -r 300 -png -singlefile '" + pdf.string() + "' '" + page.string() + "'").c_str()) != 0)
        return nlohmann::json::array();
    auto decoded = runQrgate({"decode", "--json", page.string() + ".png"});
    EXPECT_EQ(decoded.exitCode, 0) << decoded.err;
    const auto line = nlohmann::json::parse(decoded.out.substr(0, decoded.out.find('\n')), nullptr, false);
    return line.is_object() ? line["codes"] : nlohmann::json::array();
}

class FirstRunDryRun : public ::testing::Test {
protected:
    void SetUp() override {
        if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
    }
    TempDir dir;
    const fs::path data = dir / "data";
    const fs::path state = dir / "guide.json";
};

TEST_F(FirstRunDryRun, EmailItToMeSendsTheTestTicketThroughTheFoldersMailServer) {
    SmtpTestServer server;
    if (!server.start()) GTEST_SKIP() << server.failure();
    auto set = runQrgate({"--data", data.string(), "mail", "settings", "--smtp", server.url(), "--no-tls", "--from",
                          "Summer Fest <org@example.org>"});
    ASSERT_EQ(set.exitCode, 0) << set.err;

    auto r = runConsole("guide-mail", data,
                        toTheDryRun("guide-mail") + "guide-email " + kTo + "\nwait-idle 30000\nframes 5\nshot " +
                            shot("guide-mail-2") + "\nguide-state " + state.string() + "\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;

    const auto guide = readJson(state);
    ASSERT_TRUE(guide.is_object() && !guide.empty()) << "no guide state written";
    EXPECT_TRUE(guide["mailConfigured"].get<bool>()) << guide.dump();
    EXPECT_TRUE(guide["mailDone"].get<bool>()) << guide.dump();
    EXPECT_EQ(guide["mailLine"].get<std::string>().rfind("Sent to " + kTo, 0), 0u) << guide.dump();

    // The server has one message, to that address, with the test ticket as a PDF.
    const auto received = server.received();
    ASSERT_EQ(received.size(), 1u) << server.log();
    const auto& mail = received[0];
    ASSERT_EQ(mail.meta["rcptTos"].size(), 1u);
    EXPECT_EQ(mail.meta["rcptTos"][0], kTo);
    EXPECT_TRUE(mail.allDefects().empty()) << mail.meta.dump();
    EXPECT_EQ(mail.meta["subject"].get<std::string>().rfind("[Test] ", 0), 0u) << "a test to the inbox: " << mail.meta["subject"];
    const auto pdfs = mail.partsOfType("application/pdf");
    ASSERT_EQ(pdfs.size(), 1u) << mail.meta.dump();
    const fs::path pdf = dir / "attached.pdf";
    std::ofstream(pdf, std::ios::binary) << mail.partBytes(pdfs[0]);
    fs::copy_file(pdf, kShots / "guide-mail-attached.pdf", fs::copy_options::overwrite_existing);  // for the eye
    const std::string qr = testTicketQr(data, guide);
    ASSERT_FALSE(qr.empty()) << guide.dump();
    const auto codes = codesOnPdf(pdf);
    ASSERT_EQ(codes.size(), 1u) << codes.dump();
    EXPECT_EQ(codes[0], qr) << "the attachment is the test ticket";
}

// A mail server that refuses: one clear line in the guide, part b not ticked, nothing received.
void expectRefusedInTheGuide(const fs::path& state, const std::string& name,
                             const std::string& because) {
    const auto guide = readJson(state);
    ASSERT_TRUE(guide.is_object() && !guide.empty()) << name << ": no guide state written";
    EXPECT_FALSE(guide["mailDone"].get<bool>()) << guide.dump();
    const std::string line = guide["mailLine"].get<std::string>();
    EXPECT_EQ(line.rfind("Not sent: ", 0), 0u) << line;
    EXPECT_NE(line.find(because), std::string::npos) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << "one line: " << line;
}

TEST_F(FirstRunDryRun, AServerThatRefusesTheLoginIsSaidInTheGuideAndThePartStaysOpen) {
    SmtpTestServer server;
    if (!server.start({.user = "organizer", .password = "right-password"})) GTEST_SKIP() << server.failure();
    const fs::path wrong = dir / "password";
    std::ofstream(wrong) << "wrong-password\n";
    auto set = runQrgate({"--data", data.string(), "mail", "settings", "--smtp", server.url(), "--no-tls", "--user",
                          "organizer", "--password-file", wrong.string(), "--timeout", "5", "--from",
                          "Summer Fest <org@example.org>"});
    ASSERT_EQ(set.exitCode, 0) << set.err;

    auto r = runConsole("guide-mail-refused", data,
                        toTheDryRun("guide-mail-refused") + "guide-email " + kTo + "\nwait-idle 30000\nframes 5\nshot " +
                            shot("guide-mail-refused-2") + "\nguide-state " + state.string() + "\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectRefusedInTheGuide(state, "refused login", "refused the user name or password");
    EXPECT_EQ(server.receivedCount(), 0u);
}

TEST_F(FirstRunDryRun, AStoppedMailServerIsSaidInTheGuideAndThePartStaysOpen) {
    SmtpTestServer server;
    if (!server.start()) GTEST_SKIP() << server.failure();
    const std::string url = server.url();
    server.stop();  // a relay that is not running: its port refuses the connection
    auto set = runQrgate({"--data", data.string(), "mail", "settings", "--smtp", url, "--no-tls", "--timeout", "3",
                          "--from", "Summer Fest <org@example.org>"});
    ASSERT_EQ(set.exitCode, 0) << set.err;

    auto r = runConsole("guide-mail-closed", data,
                        toTheDryRun("guide-mail-closed") + "guide-email " + kTo + "\nwait-idle 30000\nframes 5\nshot " +
                            shot("guide-mail-closed-2") + "\nguide-state " + state.string() + "\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectRefusedInTheGuide(state, "closed port", "refused the connection");
}

TEST_F(FirstRunDryRun, PrintTestTicketPrintsItsCodeAndTheRulerOnTheChosenQueue) {
    PrivateCupsServer cups;
    if (!cups.start()) GTEST_SKIP() << "no private CUPS server: " << cups.failure();
    if (auto why = PrivateCupsServer::pdfQueueUnavailable(); !why.empty()) GTEST_SKIP() << "no PDF queue: " << why;
    // Two queues: the combo starts on the first, the organizer picks the second.
    const auto otherDir = cups.addPdfQueue("Another_PDF");
    ASSERT_FALSE(otherDir.empty()) << cups.failure();
    const std::string queue = "Guide_PDF";
    const auto outDir = cups.addPdfQueue(queue);
    ASSERT_FALSE(outDir.empty()) << cups.failure();

    auto r = runConsole("guide-print", data,
                        toTheDryRun("guide-print") + "guide-printer " + queue + "\nguide-print\nwait-idle 30000\nframes 5\nshot " +
                            shot("guide-print-2") + "\nguide-state " + state.string() + "\n",
                        cups.env());
    ASSERT_EQ(r.exitCode, 0) << r.err;

    const auto guide = readJson(state);
    ASSERT_TRUE(guide.is_object() && !guide.empty()) << "no guide state written";
    EXPECT_EQ(guide["paperLine"].get<std::string>().rfind("Sent to " + queue, 0), 0u) << guide.dump();

    const fs::path printed = waitForPdf(outDir, 60s);
    ASSERT_FALSE(printed.empty()) << "nothing came out of the queue; " << cups.problems();
    EXPECT_TRUE(fs::is_empty(otherDir)) << "printed on the queue that was not chosen";
    const fs::path pdf = dir / "printed.pdf";
    fs::copy_file(printed, pdf);
    fs::copy_file(pdf, kShots / "guide-print-output.pdf", fs::copy_options::overwrite_existing);  // for the eye
    const std::string qr = testTicketQr(data, guide);
    ASSERT_FALSE(qr.empty()) << guide.dump();
    const auto codes = codesOnPdf(pdf);
    ASSERT_EQ(codes.size(), 1u) << codes.dump();
    EXPECT_EQ(codes[0], qr) << "the printed page is the test ticket";
    auto text = runProcess({"/usr/bin/pdftotext", pdf.string(), "-"}, "", 30);
    EXPECT_NE(text.out.find("TEST"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("should measure 100 mm"), std::string::npos) << text.out;
    // Through the queue's filters at 100 %: on the A4 page at 300 dpi the ruler, 34 mm above the
    // bottom edge (core/paper/test_ticket_page), is still 100 mm long.
    Screenshot raster(pdf.parent_path() / "printed-page.png");
    ASSERT_TRUE(raster.ok());
    const int rulerRow = static_cast<int>((297.0 - 34) / 25.4 * 300);
    EXPECT_NEAR(longestDarkRun(raster, rulerRow - 6, rulerRow + 7) * 25.4 / 300, 100.15, 0.3) << "the ruler's line";
}

}  // namespace
}  // namespace qrgate::testing

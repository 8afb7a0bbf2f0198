// The user guide's pictures (docs/user-guide/images), made by the current program: the console
// and the kiosk under Xvfb driven by a GUI script, and the volunteer card rasterised. Running
// the suite writes them into the source tree, scaled to 1000 px wide, so the guide never shows a
// screen the program no longer has. Each test fails when a picture it makes is missing or blank,
// and one test fails when the guide links a picture no test makes (or a test makes one the guide
// does not use).
#include <gtest/gtest.h>

#include <signal.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/checkin/verdict_signals.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "sync/node_process.hpp"

namespace qrgate::testing {
namespace {

namespace fs = std::filesystem;
const fs::path kShots = fs::path(QRGATE_GUI_SHOTS_DIR) / "user-guide";
const fs::path kGuide = QRGATE_USER_GUIDE_DIR;
const fs::path kImages = kGuide / "images";

// Every picture the guide may link, by the test that makes it.
const std::vector<std::string> kConsoleImages = {
    "console-dashboard", "console-events", "console-import", "console-tickets", "console-print",
    "console-email-settings", "console-email-outbox", "console-gates-pairing", "console-log"};
const std::vector<std::string> kKioskImages = {"kiosk-pairing", "kiosk-scanning", "kiosk-admitted",
                                               "kiosk-already-used", "kiosk-refused", "kiosk-search"};
const std::vector<std::string> kOfflineImages = {"kiosk-offline"};
const std::vector<std::string> kCardImages = {"volunteer-card"};
const std::vector<std::string> kFirstRunImages = {"console-getting-started", "console-getting-started-dry-run"};

bool haveXvfb() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }

std::string shot(const std::string& name) { return (kShots / (name + ".png")).string(); }

// The program with `args` on a fresh 1280x800 Xvfb screen, driven by `script`.
ProcessResult runGui(const std::string& name, const std::vector<std::string>& args, const std::string& script,
                     const std::vector<std::string>& env = {}) {
    fs::create_directories(kShots);
    const fs::path scriptFile = kShots / (name + ".script");
    std::ofstream(scriptFile) << "timeout 130\n" << script << "quit\n";
    std::vector<std::string> argv = {"/usr/bin/env", "QRGATE_GUI_SCRIPT=" + scriptFile.string(), "QRGATE_LISTEN=127.0.0.1:0",
                                     "xvfb-run", "-a", "-s", "-screen 0 1280x800x24", qrgateBinary()};
    argv.insert(argv.begin() + 1, env.begin(), env.end());
    argv.insert(argv.end(), args.begin(), args.end());
    return runProcess(argv, "", 150);
}

std::string firstLine(const std::string& s) { return s.substr(0, s.find_first_of("\r\n")); }

// "YYYY-MM-DD HH:MM" (UTC) `hours` from now: the event is on while the pictures are taken.
std::string hoursFromNow(int hours) {
    const std::time_t t = std::time(nullptr) + hours * 3600;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

// The guide's example event: on now, two ticket types, `attendees` named tickets with email
// addresses, a few scans at two gates. Returns the qrData of each ticket, in order.
std::vector<std::string> makeFestival(const fs::path& data, int attendees, int scans) {
    const std::string d = data.string();
    const std::string id = firstLine(runQrgate({"--data", d, "event", "create", "--name", "Riverside Summer Festival",
                                                "--venue", "Riverside Park", "--starts", hoursFromNow(-3), "--ends",
                                                hoursFromNow(6)})
                                         .out);
    runQrgate({"--data", d, "type", "add", "--event", id, "--name", "Weekend pass", "--colour", "#3366cc", "--default"});
    runQrgate({"--data", d, "type", "add", "--event", id, "--name", "VIP", "--colour", "#cc3366", "--entries", "reentry"});
    const char* first[] = {"Ana", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Ivo", "Jorge"};
    const char* last[] = {"Lima", "Okafor", "Dubois", "Petrov", "Yılmaz", "Haddad", "Lindqvist", "Sato", "Novak", "Ruiz"};
    const fs::path csv = data.parent_path() / "attendees.csv";
    {
        std::ofstream out(csv);
        out << "name,email,type\n";
        for (int i = 0; i < attendees; ++i)
            out << first[i % 10] << " " << last[(i / 10 + i) % 10] << ",guest" << i << "@example.org,"
                << (i % 9 == 0 ? "VIP" : "Weekend pass") << "\n";
    }
    auto issued = runQrgate({"--data", d, "tickets", "issue", "--event", id, "--csv", csv.string(), "--json"});
    EXPECT_EQ(issued.exitCode, 0) << issued.err;
    std::vector<std::string> codes;
    if (issued.exitCode == 0)
        for (const auto& t : nlohmann::json::parse(issued.out)) codes.push_back(t["qrData"].get<std::string>());
    for (int i = 0; i < scans && i < static_cast<int>(codes.size()); ++i)
        runQrgate({"--data", d, "checkin", "--event", id, "--gate", i % 3 ? "North" : "South", codes[i]});
    return codes;
}

// Copies the screenshot `name` into the guide's images, 1000 px wide, after checking it is a
// screen and not a blank: its pixels must vary (a blank window is one colour).
void publish(const std::string& name, const fs::path& from) {
    cv::Mat image = cv::imread(from.string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(image.empty()) << "no picture " << from;
    cv::Mat grey;
    cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
    cv::Scalar mean, deviation;
    cv::meanStdDev(grey, mean, deviation);
    EXPECT_GT(deviation[0], 12.0) << name << " is blank (one colour)";
    cv::Mat scaled;
    const double f = 1000.0 / image.cols;
    cv::resize(image, scaled, {}, f, f, cv::INTER_AREA);
    fs::create_directories(kImages);
    ASSERT_TRUE(cv::imwrite((kImages / (name + ".png")).string(), scaled, {cv::IMWRITE_PNG_COMPRESSION, 9}))
        << kImages / (name + ".png");
}

// Publishes the screenshots `names` and checks each was written after `start` (by this run).
void publishAll(const std::vector<std::string>& names, fs::file_time_type start) {
    for (const auto& name : names) {
        ASSERT_TRUE(fs::exists(shot(name))) << "the script took no picture " << name;
        ASSERT_GE(fs::last_write_time(shot(name)), start) << name << " is a picture of an earlier run";
        publish(name, shot(name));
        EXPECT_GE(fs::last_write_time(kImages / (name + ".png")), start);
    }
}

void removeShots(const std::vector<std::string>& names) {
    for (const auto& name : names) fs::remove(shot(name));
}

// Share of the screenshot's left edge below the top bar (where no text goes) that is `colour`:
// the verdict's colour fills the screen.
double verdictShare(const std::string& name, VerdictKind kind) {
    cv::Mat image = cv::imread(shot(name), cv::IMREAD_COLOR);
    if (image.empty()) return 0;
    const SignalColour c = verdictSignal(kind).colour;
    int n = 0, all = 0;
    for (int y = 100; y < 700; ++y)
        for (int x = 0; x < 60; ++x, ++all) {
            const auto p = image.at<cv::Vec3b>(y, x);
            n += std::abs(p[2] - c.r) <= 12 && std::abs(p[1] - c.g) <= 12 && std::abs(p[0] - c.b) <= 12;
        }
    return static_cast<double>(n) / all;
}

// Pixels of `rgb` (within 30) in the rectangle: a status dot's colour.
int pixelsLike(const std::string& name, int x0, int y0, int x1, int y1, cv::Vec3b rgb) {
    cv::Mat image = cv::imread(shot(name), cv::IMREAD_COLOR);
    int n = 0;
    for (int y = y0; y < y1 && y < image.rows; ++y)
        for (int x = x0; x < x1 && x < image.cols; ++x) {
            const auto p = image.at<cv::Vec3b>(y, x);
            n += std::abs(p[2] - rgb[0]) <= 30 && std::abs(p[1] - rgb[1]) <= 30 && std::abs(p[0] - rgb[2]) <= 30;
        }
    return n;
}

class UserGuideImages : public ::testing::Test {
protected:
    void SetUp() override {
        if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
    }
};

TEST_F(UserGuideImages, TheConsoleScreensTheOrganizerGuideShows) {
    TempDir dir;
    const fs::path data = dir / "data";
    makeFestival(data, 120, 40);
    // Two messages queued for a mail server that is not there: the outbox has rows to show.
    runQrgate({"--data", data.string(), "mail", "send", "--to", "all", "--smtp", "smtp://127.0.0.1:1", "--no-tls",
               "--from", "Riverside Festival <tickets@example.org>", "--rate", "600"});
    // A file with a header, two new people, a duplicate and a bad row: the import preview.
    const fs::path csv = dir / "late-registrations.csv";
    std::ofstream(csv) << "First name,Last name,Email\nNora,Quinn,nora@example.org\nOmar,Saleh,omar@example.org\n"
                          "Ben,Okafor,guest1@example.org\nPaul,Meyer,paul-at-example.org\n";
    const fs::path home = dir / "home";
    fs::create_directories(home);
    removeShots(kConsoleImages);
    const auto start = fs::file_time_type::clock::now();
    auto step = [](const std::string& view, const std::string& name, const std::string& before = "") {
        return "view " + view + "\nwait-idle 8000\n" + before + "frames 3\nshot " + shot(name) + "\n";
    };
    auto r = runGui("user-guide-console", {"--data", data.string()},
                    "mouse 1270 790\nwait-idle 8000\n" + step("dashboard", "console-dashboard", "wait-ms 1200\nwait-idle 3000\n") +
                        step("events", "console-events") + "view import\nwait-idle 3000\nimport " + csv.string() +
                        "\nwait-idle 8000\nframes 3\nshot " + shot("console-import") + "\n" +
                        step("tickets", "console-tickets", "select-first\nwait-idle 5000\n") + step("print", "console-print") +
                        step("mail", "console-email-settings", "mail-tab settings\nframes 3\n") +
                        step("mail", "console-email-outbox", "mail-tab outbox\nwait-idle 3000\nframes 3\n") +
                        step("gates", "console-gates-pairing", "pair-gate\nwait-ms 1200\nwait-idle 5000\n") +
                        // Save volunteer card, under the top panels (the suggested file is in the home folder).
                        "click 1147 481\nwait-ms 500\nwait-idle 5000\n" +
                        step("log", "console-log", "wait-ms 1200\nwait-idle 3000\n"),
                    {"HOME=" + home.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // The Gates screen's button wrote the card for the current event.
    const fs::path card = home / "qrgate-riverside-summer-festival-volunteer-card.pdf";
    ASSERT_TRUE(fs::exists(card)) << "Save volunteer card wrote no " << card;
    auto text = runProcess({"/usr/bin/pdftotext", card.string(), "-"});
    EXPECT_NE(text.out.find("Riverside Summer Festival"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("ALREADY USED"), std::string::npos) << text.out;
    publishAll(kConsoleImages, start);
}

TEST_F(UserGuideImages, TheKioskScreensTheGateStaffGuideShows) {
    TempDir dir;
    removeShots(kKioskImages);
    const auto start = fs::file_time_type::clock::now();
    // A fresh gate PC: the pairing screen.
    auto fresh = runGui("user-guide-kiosk-pairing", {"--data", (dir / "fresh").string(), "kiosk", "--gate", "North",
                                                     "--camera", "none"},
                        "mouse 1270 5\nwait-ms 1500\nframes 3\nshot " + shot("kiosk-pairing") + "\n");
    ASSERT_EQ(fresh.exitCode, 0) << fresh.err;

    const fs::path data = dir / "data";
    auto codes = makeFestival(data, 30, 0);
    ASSERT_GE(codes.size(), 3u);
    // The second ticket was used at the South gate a moment ago: "already used".
    const std::string eventId =
        nlohmann::json::parse(runQrgate({"--data", data.string(), "event", "list", "--json"}).out)[0]["id"];
    ASSERT_EQ(runQrgate({"--data", data.string(), "checkin", "--event", eventId, "--gate", "South", codes[1]}).exitCode, 0);
    auto r = runGui("user-guide-kiosk", {"--data", data.string(), "kiosk", "--gate", "North", "--camera", "none"},
                    "mouse 1270 5\nwait-idle 8000\nframes 5\nshot " + shot("kiosk-scanning") + "\ncode " + codes[2] +
                        "\nwait-verdict admitted 10000\nframes 2\nshot " + shot("kiosk-admitted") + "\ncode " + codes[1] +
                        "\nwait-verdict already_used 10000\nframes 2\nshot " + shot("kiosk-already-used") +
                        "\ncode HELLO-THIS-IS-NOT-A-TICKET\nwait-verdict refused 10000\nframes 2\nshot " +
                        shot("kiosk-refused") + "\nwait-ms 3200\nsearch Lima\nwait-ms 600\nframes 3\nshot " +
                        shot("kiosk-search") + "\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // The guide tells staff what each colour means: the pictures must show those colours.
    EXPECT_GT(verdictShare("kiosk-admitted", VerdictKind::Admitted), 0.95);
    EXPECT_GT(verdictShare("kiosk-already-used", VerdictKind::AlreadyUsed), 0.95);
    EXPECT_GT(verdictShare("kiosk-refused", VerdictKind::Refused), 0.95);
    publishAll(kKioskImages, start);
}

// A kiosk that follows a leader which has gone: it admits from its own copy and says so.
TEST_F(UserGuideImages, TheKioskOfflineScreenTheGateStaffGuideShows) {
    TempDir dir;
    const fs::path leaderData = dir / "leader", kioskData = dir / "kiosk";
    auto codes = makeFestival(leaderData, 10, 0);
    ASSERT_GE(codes.size(), 2u);
    const std::string token = firstLine(runQrgate({"--data", leaderData.string(), "device", "add", "--name", "gate-north"}).out);
    NodeProcess leader{leaderData, {}};
    leader.start();
    const std::vector<std::string> kiosk = {"--data",   kioskData.string(), "kiosk",      "--gate", "North", "--camera",
                                            "none",     "--leader",         leader.url(), "--token", token};
    // First with the leader up: the kiosk copies the event and its tickets.
    auto synced = runGui("user-guide-kiosk-sync", kiosk, "mouse 1270 5\nwait-idle 20000\ncode " + codes[0] +
                                                             "\nwait-verdict admitted 15000\n");
    ASSERT_EQ(synced.exitCode, 0) << synced.err;
    leader.kill(SIGKILL);
    removeShots(kOfflineImages);
    const auto start = fs::file_time_type::clock::now();
    const fs::path link = dir / "link.json";
    auto r = runGui("user-guide-kiosk-offline", kiosk,
                    "mouse 1270 5\nwait-idle 20000\ncode " + codes[1] + "\nwait-verdict admitted 15000\nwait-ms 150\n"
                    "link-status " + link.string() + "\nwait-ms 750\nshot " + shot("kiosk-offline") + "\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // The scan decided offline is counted at once ("Leader: OFFLINE, 1 pending upload"), not at the
    // next once-a-second poll: the picture once said "0 pending uploads" under the admission.
    std::ifstream linkIn(link);
    const auto status = nlohmann::json::parse(linkIn, nullptr, false);
    ASSERT_FALSE(status.is_discarded()) << "no link-status written";
    EXPECT_EQ(status.value("leaderState", ""), "offline");
    EXPECT_EQ(status.value("pendingUploads", -1), 1);
    EXPECT_GT(verdictShare("kiosk-offline", VerdictKind::Admitted), 0.95) << "admitted from the gate's own copy";
    EXPECT_GT(pixelsLike("kiosk-offline", 900, 760, 1280, 800, {240, 90, 80}), 20) << "the red dot of 'Leader: OFFLINE'";
    publishAll(kOfflineImages, start);
}

TEST_F(UserGuideImages, TheVolunteerCard) {
    TempDir dir;
    const fs::path data = dir / "data";
    makeFestival(data, 1, 0);
    removeShots(kCardImages);
    const auto start = fs::file_time_type::clock::now();
    auto r = runQrgate({"--data", data.string(), "card", "--out", (dir / "card.pdf").string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    fs::create_directories(kShots);
    ASSERT_EQ(runProcess({"/usr/bin/pdftoppm", "-png", "-r", "86", "-singlefile", (dir / "card.pdf").string(),
                          (kShots / "volunteer-card").string()})
                  .exitCode,
              0);
    publishAll(kCardImages, start);
}

// The getting started guide over an empty data folder: its first step, and the dry run's step
// after a demo event (the kiosk part is driven to an admission by first_run_screenshot_test).
TEST_F(UserGuideImages, TheGettingStartedGuideOnAFreshLaptop) {
    TempDir dir;
    removeShots(kFirstRunImages);
    const auto start = fs::file_time_type::clock::now();
    auto r = runGui("user-guide-first-run", {"--data", (dir / "data").string()},
                    "mouse 1270 790\nwait-idle 8000\nframes 5\nshot " + shot("console-getting-started") +
                        "\nguide-demo\nwait-idle 8000\nframes 3\nguide-next\nframes 3\nguide-next\nwait-idle 8000\n"
                        "frames 5\nshot " + shot("console-getting-started-dry-run") + "\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    publishAll(kFirstRunImages, start);
}

// Every picture the guide links is one these tests make, and every picture they make is used.
TEST(UserGuide, LinksOnlyPicturesTheTestsMake) {
    std::set<std::string> made;
    for (const auto* list : {&kConsoleImages, &kKioskImages, &kOfflineImages, &kCardImages, &kFirstRunImages})
        for (const auto& name : *list) made.insert("images/" + name + ".png");
    std::set<std::string> linked;
    const std::regex link(R"(\]\((images/[^)\s]+)\))");
    for (const char* page : {"organizer.md", "gate-staff.md"}) {
        std::ifstream in(kGuide / page);
        ASSERT_TRUE(in) << kGuide / page;
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (std::sregex_iterator it(text.begin(), text.end(), link), end; it != end; ++it) {
            const std::string target = (*it)[1];
            linked.insert(target);
            EXPECT_TRUE(made.count(target)) << page << " links " << target << ", which no test makes";
            EXPECT_TRUE(fs::exists(kGuide / target)) << page << " links " << target << ", which is not there";
        }
    }
    for (const auto& name : made) EXPECT_TRUE(linked.count(name)) << name << " is made but the guide does not show it";
}

}  // namespace
}  // namespace qrgate::testing

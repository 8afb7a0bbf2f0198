// The desktop program as people see it: the real binary under Xvfb (Mesa's software renderer),
// driven by a GUI script (QRGATE_GUI_SCRIPT), its screenshots checked pixel by pixel. The PNGs
// stay in the build folder (tests/gui/shots) to be looked at.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <stb_image.h>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <nlohmann/json.hpp>

#include "core/scan/testing/test_frames.hpp"
#include "support/cups_server.hpp"
#include "support/process.hpp"
#include "support/smtp_test_server.hpp"
#include "sync/node_process.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {
namespace {

namespace fs = std::filesystem;
const fs::path kShots = QRGATE_GUI_SHOTS_DIR;

struct Rgb {
    int r, g, b;
};

class Png {
public:
    explicit Png(const fs::path& file) {
        int n = 0;
        m_data = stbi_load(file.c_str(), &m_w, &m_h, &n, 3);
    }
    ~Png() { stbi_image_free(m_data); }
    bool ok() const { return m_data != nullptr; }
    int width() const { return m_w; }
    int height() const { return m_h; }
    Rgb at(int x, int y) const {
        const unsigned char* p = m_data + (static_cast<std::size_t>(y) * m_w + x) * 3;
        return {p[0], p[1], p[2]};
    }
    // Pixels in the rectangle brighter than `level` (text on a dark background).
    int brightPixels(int x0, int y0, int x1, int y1, int level = 190) const {
        int n = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) {
                Rgb c = at(x, y);
                if (c.r > level && c.g > level && c.b > level) ++n;
            }
        return n;
    }
    // Pixels darker than `level` (text on the amber verdict).
    int darkPixels(int x0, int y0, int x1, int y1, int level = 70) const {
        int n = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) {
                Rgb c = at(x, y);
                if (c.r < level && c.g < level && c.b < level) ++n;
            }
        return n;
    }
    // Share of the rectangle within `tolerance` of `want`.
    double share(int x0, int y0, int x1, int y1, Rgb want, int tolerance = 12) const {
        int n = 0, all = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x, ++all) {
                Rgb c = at(x, y);
                if (std::abs(c.r - want.r) <= tolerance && std::abs(c.g - want.g) <= tolerance &&
                    std::abs(c.b - want.b) <= tolerance)
                    ++n;
            }
        return all ? static_cast<double>(n) / all : 0;
    }

private:
    int m_w = 0, m_h = 0;
    unsigned char* m_data = nullptr;
};

constexpr Rgb kSidebar{17, 19, 24};
constexpr Rgb kGreen{27, 140, 62};
constexpr Rgb kAmber{230, 145, 0};
constexpr Rgb kRed{200, 36, 36};
constexpr Rgb kConfirmBlue{24, 52, 92};
constexpr Rgb kGateProblem{72, 62, 118};

bool haveXvfb() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }

// Runs qrgate with `args` under a fresh Xvfb screen, driven by `script`. With `privateSetup`, in
// a private mount namespace after that shell command ran (a small disk for the data folder).
ProcessResult runGui(const std::string& name, const std::vector<std::string>& args, const std::string& script,
                     int timeoutSeconds = 150, const std::string& privateSetup = "",
                     const std::vector<std::string>& env = {}, const std::string& screen = "1280x800") {
    fs::create_directories(kShots);
    const fs::path scriptFile = kShots / (name + ".script");
    std::ofstream(scriptFile) << "timeout " << timeoutSeconds - 20 << "\n" << script;
    // The console and a following kiosk serve a sync node: on a free loopback port here.
    std::vector<std::string> argv = {"/usr/bin/env", "QRGATE_GUI_SCRIPT=" + scriptFile.string(),
                                     "QRGATE_LISTEN=127.0.0.1:0", "xvfb-run", "-a", "-s",
                                     "-screen 0 " + screen + "x24", QRGATE_BINARY};
    argv.insert(argv.begin() + 1, env.begin(), env.end());
    argv.insert(argv.end(), args.begin(), args.end());
    if (!privateSetup.empty())
        argv.insert(argv.begin(), {"/usr/bin/unshare", "-m", "/bin/sh", "-c", privateSetup + " && exec \"$@\"", "sh"});
    return runProcess(argv, "", timeoutSeconds);
}

std::string shot(const std::string& name) { return (kShots / (name + ".png")).string(); }

void expectAdminScreen(const std::string& name, int minTextPixels = 150) {
    Png png(shot(name));
    ASSERT_TRUE(png.ok()) << "no screenshot " << shot(name);
    EXPECT_EQ(png.width(), 1280);
    EXPECT_EQ(png.height(), 800);
    EXPECT_GT(png.share(20, 600, 200, 700, kSidebar, 4), 0.9) << name << ": the navigation's background";
    EXPECT_GT(png.brightPixels(20, 180, 230, 540), 300) << name << ": the navigation's labels";
    EXPECT_GT(png.brightPixels(250, 15, 900, 55), minTextPixels) << name << ": the screen's title";
}

// Issues tickets from a CSV of `n` attendees with accented names; returns the qrData by line.
std::vector<std::string> makeEvent(const fs::path& data, std::size_t n, const std::string& name) {
    auto created = runQrgate({"--data", data.string(), "event", "create", "--name", name, "--venue", "Riverside Park"});
    EXPECT_EQ(created.exitCode, 0) << created.err;
    std::string eventId = created.out.substr(0, created.out.find_first_of("\r\n"));
    const fs::path csv = data.parent_path() / (data.filename().string() + ".csv");
    {
        std::ofstream out(csv);
        out << "name,email\n";
        const char* first[] = {"Ana", "Émile", "Zoë", "Łukasz", "Søren", "Maëlle", "Jörg", "Αλέξανδρος", "Мария", "Chen"};
        const char* last[] = {"Lima", "Dubois", "Ødegaard", "Przybylski", "Kovačević", "Lefèvre", "Müller", "Δημητρίου",
                              "Иванова", "Wei"};
        for (std::size_t i = 0; i < n; ++i)
            out << first[i % 10] << " " << last[(i / 10 + i) % 10] << ",guest" << i << "@example.org\n";
    }
    auto issued = runQrgate({"--data", data.string(), "tickets", "issue", "--event", eventId, "--csv", csv.string(), "--json"});
    EXPECT_EQ(issued.exitCode, 0) << issued.err;
    std::vector<std::string> codes;
    if (issued.exitCode == 0)
        for (const auto& t : nlohmann::json::parse(issued.out)) codes.push_back(t["qrData"].get<std::string>());
    return codes;
}

class GuiScreens : public ::testing::Test {
protected:
    void SetUp() override {
        if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
    }
};

TEST_F(GuiScreens, TheAdminConsoleStartsOnAnEmptyDataFolderAndEveryScreenRenders) {
    TempDir dir;
    // The getting started guide opens over an empty data folder (tests/gui/first_run_screenshot_test.cpp);
    // closed, the console behind it is as before.
    auto r = runGui("empty", {"--data", (dir / "data").string()},
                    "mouse 1270 790\nwait-idle 5000\nguide-close\nframes 3\nshot " + shot("empty-dashboard") +
                        "\nview events\nwait-idle 3000\nshot " + shot("empty-events") +
                        "\nview tickets\nwait-idle 3000\nshot " + shot("empty-tickets") +
                        "\nview import\nshot " + shot("empty-import") + "\nview log\nshot " + shot("empty-log") +
                        "\nview mail\nwait-idle 3000\nshot " + shot("empty-mail") +
                        "\nview settings\nshot " + shot("empty-settings") + "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    for (const char* s : {"empty-dashboard", "empty-events", "empty-tickets", "empty-import", "empty-log", "empty-mail",
                          "empty-settings"})
        expectAdminScreen(s);
    // The welcome card on the empty dashboard says what to do first.
    Png dash(shot("empty-dashboard"));
    EXPECT_GT(dash.brightPixels(270, 100, 900, 300), 400);
}

TEST_F(GuiScreens, TheAdminConsoleWithHundredThousandTicketsScrollsAndStartsFast) {
    TempDir dir;
    const fs::path data = dir / "data";
    auto codes = makeEvent(data, 100'000, "Summer Fest 2026");
    ASSERT_EQ(codes.size(), 100'000u);
    for (int i = 0; i < 40; ++i) {
        auto c = runQrgate({"--data", data.string(), "checkin", "--gate", i % 3 ? "A" : "B", codes[i]});
        EXPECT_NE(c.exitCode, 2) << c.err;
    }
    runQrgate({"--data", data.string(), "checkin", "--gate", "A", codes[0]});  // already used
    auto r = runGui("large", {"--data", data.string()},
                    "mouse 1270 790\nwait-idle 8000\nstartup " + (kShots / "startup.json").string() +
                        "\nshot " + shot("large-dashboard") + "\nview tickets\nwait-idle 8000\nshot " +
                        shot("large-tickets") + "\nidle-frames 60\nperf " + (kShots / "frames-static.json").string() +
                        "\nscroll 40 300\nperf " + (kShots / "frames-scroll.json").string() +
                        "\nwait-idle 8000\nshot " + shot("large-tickets-scrolled") + "\nsearch ana\nwait-idle 8000\nshot " +
                        shot("large-tickets-search") + "\nselect-first\nwait-idle 5000\nframes 3\nshot " +
                        shot("large-ticket-selected") + "\nview events\nwait-idle 3000\nshot " + shot("large-events") +
                        "\nview log\nwait-idle 5000\nwait-ms 1200\nwait-idle 3000\nshot " + shot("large-log") +
                        "\nview import\nimport " + (dir / "data.csv").string() + "\nwait-idle 10000\nshot " +
                        shot("large-import") + "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    for (const char* s : {"large-dashboard", "large-tickets", "large-tickets-scrolled", "large-tickets-search",
                          "large-ticket-selected", "large-events", "large-log", "large-import"})
        expectAdminScreen(s);
    // The table is full of rows at the top and after scrolling.
    for (const char* s : {"large-tickets", "large-tickets-scrolled"}) {
        Png png(shot(s));
        EXPECT_GT(png.brightPixels(270, 200, 870, 760, 170), 4000) << s << ": rows of text in the table";
    }
    // The selected ticket shows its QR code: a white square with black modules.
    Png selected(shot("large-ticket-selected"));
    int white = 0, black = 0;
    for (int y = 300; y < 540; ++y)
        for (int x = 915; x < 1155; ++x) {
            Rgb c = selected.at(x, y);
            if (c.r > 240 && c.g > 240 && c.b > 240) ++white;
            if (c.r < 30 && c.g < 30 && c.b < 30) ++black;
        }
    EXPECT_GT(white, 10000);
    EXPECT_GT(black, 5000);

    auto scroll = nlohmann::json::parse(std::ifstream(kShots / "frames-scroll.json"));
    auto start = nlohmann::json::parse(std::ifstream(kShots / "startup.json"));
    std::cout << "frames while scrolling 100,000 rows: " << scroll.dump() << "\nstart-up: " << start.dump() << "\n";
    EXPECT_EQ(scroll["frames"].get<int>(), 300);
    // The targets (16 ms, 1 s) are reported in docs/performance.md; here only a bound a loaded
    // CI machine still meets, so the test catches a real regression (e.g. drawing every row).
    EXPECT_LT(scroll["p50Ms"].get<double>(), 120.0);
    EXPECT_LT(start["firstFrameMs"].get<double>(), 5000.0);
}

// The Import screen on an event that has tickets: a Windows-1252 file dropped on the window
// (the drop handler GLFW calls) is converted, its French header recognised, its rows counted as
// new, duplicates and changed, its bad row offered for a partial import; the partial import
// writes the rejects file and the screen says where; Undo last import voids what it issued.
TEST_F(GuiScreens, TheImportScreenShowsDuplicatesAPartialImportAndUndo) {
    TempDir dir;
    const fs::path data = dir / "data";
    makeEvent(data, 20, "Import Fest");  // Ana Lima guest0@, Émile Dubois guest1@, Zoë Ødegaard guest2@ ...
    const fs::path csv = dir / "inscriptions.csv";
    std::ofstream(csv, std::ios::binary) << "Nom;Pr\xE9nom;Courriel\r\n"
                                            "Lima;Ana;guest0@example.org\r\n"
                                            "Dubois;\xC9mile;guest1@example.org\r\n"
                                            "\xD8" "degaard;Zo\xE9;guest2@example.org\r\n"
                                            "M\xFCller;J\xF6rg;jorg@example.org\r\n"
                                            "Stra\xDF" "er;Anneliese;anneliese@example.org\r\n"
                                            "Garc\xED" "a;Se\xF1or;senor-at-example.org\r\n";
    const fs::path other = dir / "shop-export.csv";
    std::ofstream(other) << "Order,Buyer,Contact\n1001,Ana Lima,guest0@example.org\n1002,Nuno Reis,nuno@example.org\n";
    auto r = runGui("import", {"--data", data.string()},
                    "mouse 1270 790\nwait-idle 8000\nview import\nwait-idle 3000\ndrop " + csv.string() +
                        "\nwait-idle 8000\nframes 3\nshot " + shot("import-duplicates") + "\nimport-state " +
                        (kShots / "import-state-dropped.json").string() +
                        "\nui-scale 150\nframes 5\nshot " + shot("import-duplicates-150") + "\nui-scale 100\nframes 5" +
                        // Issuing changes the tickets: the Tickets screen fetches them (then all is idle).
                        "\nimport-run skip skip-bad-rows\nview tickets\nwait-idle 8000\nview import\nwait-idle 3000" +
                        "\nframes 3\nshot " + shot("import-partial") + "\nimport-undo\nview tickets\nwait-idle 8000" +
                        "\nview import\nwait-idle 3000\nframes 3\nshot " + shot("import-undone") +
                        "\nclick 911 133\nframes 3\nshot " + shot("import-browse") + "\nclick 529 588\nframes 3" +
                        // A header nothing recognises: the organizer maps it once, and reading the
                        // file again (or next week's file with the same header) keeps the choice.
                        "\nimport " + other.string() + "\nwait-idle 8000\nimport-state " +
                        (kShots / "import-state-unmapped.json").string() + "\nimport-columns 1 2 -1 -1 -1\nwait-idle 8000" +
                        "\nwait-ms 500\nimport " + other.string() + "\nwait-idle 8000\nframes 3\nshot " +
                        shot("import-remembered") + "\nimport-state " + (kShots / "import-state-remembered.json").string() +
                        "\nquit\n",
                    150, "", {"HOME=" + dir.path().string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    for (const char* s : {"import-duplicates", "import-partial", "import-undone"}) expectAdminScreen(s);
    EXPECT_GT(Png(shot("import-duplicates-150")).brightPixels(320, 30, 900, 80), 300) << "the title at 150 %";
    // Browse... opens the file chooser in the home folder: a dark modal over a dimmed screen.
    Png browse(shot("import-browse"));
    ASSERT_TRUE(browse.ok());
    EXPECT_GT(browse.brightPixels(330, 200, 950, 560, 170), 400) << "the chooser lists the folder's entries";
    int openButton = 0;  // the chooser's blue Open button, where the bare screen has only background
    for (int y = 578; y < 600; ++y)
        for (int x = 345; x < 455; ++x) openButton += browse.at(x, y).b > 180 && browse.at(x, y).r < 90;
    EXPECT_GT(openButton, 1500) << "Browse... opened the chooser (a notice over the button once took the click)";

    const auto state = [](const char* name) { return nlohmann::json::parse(std::ifstream(kShots / name)); };
    const auto dropped = state("import-state-dropped.json");
    EXPECT_EQ(dropped["path"], csv.string()) << "the dropped file is the one read";
    EXPECT_EQ(dropped["encoding"], "Read as Windows-1252 (converted)");
    EXPECT_EQ(dropped["columns"], nlohmann::json({-1, 2, -1, 1, 0})) << "Prénom and Nom, Courriel";
    EXPECT_EQ(dropped["new"], 2);
    EXPECT_EQ(dropped["duplicates"], 3);
    EXPECT_EQ(dropped["changed"], 1) << "Zoé for Zoë";
    EXPECT_EQ(dropped["badRows"], 1);
    const auto unmapped = state("import-state-unmapped.json");
    EXPECT_EQ(unmapped["columns"], nlohmann::json({-1, -1, -1, -1, -1}));
    EXPECT_FALSE(unmapped["mappingRemembered"].get<bool>());
    const auto remembered = state("import-state-remembered.json");
    EXPECT_EQ(remembered["columns"], nlohmann::json({1, 2, -1, -1, -1}));
    EXPECT_TRUE(remembered["mappingRemembered"].get<bool>());
    EXPECT_EQ(remembered["new"], 1) << "Nuno";
    EXPECT_EQ(remembered["duplicates"], 1) << "Ana Lima, guest0@";

    // The partial import issued the two new attendees and wrote the bad row beside the file.
    const fs::path rejects = dir / "inscriptions-rejected.csv";
    ASSERT_TRUE(fs::exists(rejects));
    std::ifstream in(rejects, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "\xEF\xBB\xBFNom,Pr\xC3\xA9nom,Courriel,Problem\r\n"
                    "Garc\xC3\xAD" "a,Se\xC3\xB1or,senor-at-example.org,'senor-at-example.org' is not a valid email address\r\n");
    // Undone: the two tickets it issued are void, the 20 from before stay valid.
    auto list = runQrgate({"--data", data.string(), "tickets", "list", "--json"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    std::size_t valid = 0, voided = 0;
    for (const auto& t : nlohmann::json::parse(list.out)) (t["state"] == "valid" ? valid : voided)++;
    EXPECT_EQ(valid, 20u);
    EXPECT_EQ(voided, 2u);
}

// White paper with black modules in the rectangle: a QR code on screen.
void expectQrCode(const Png& png, int x0, int y0, int x1, int y1, const std::string& what) {
    int white = 0, black = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            Rgb c = png.at(x, y);
            if (c.r > 240 && c.g > 240 && c.b > 240) ++white;
            if (c.r < 30 && c.g < 30 && c.b < 30) ++black;
        }
    EXPECT_GT(white, 8000) << what;
    EXPECT_GT(black, 5000) << what;
}

// Pixels within `tolerance` of `want` in the rectangle (coloured text, chips).
int pixelsLike(const Png& png, int x0, int y0, int x1, int y1, Rgb want, int tolerance = 30) {
    int n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            Rgb c = png.at(x, y);
            if (std::abs(c.r - want.r) <= tolerance && std::abs(c.g - want.g) <= tolerance &&
                std::abs(c.b - want.b) <= tolerance)
                ++n;
        }
    return n;
}

// The Tickets screen with several tickets chosen (Ctrl+click), the Edit... modal refusing an
// address under its field and then saving, and every "emile" voided at once through "Select all
// shown": the command line afterwards finds what the screen did.
TEST_F(GuiScreens, TheTicketsScreenChoosesManyEditsAnAttendeeAndVoidsASearch) {
    TempDir dir;
    const fs::path data = dir / "data";
    ASSERT_EQ(makeEvent(data, 300, "Autumn Fest").size(), 300u);
    auto r = runGui("tickets-many", {"--data", data.string()},
                    "mouse 1270 790\nwait-idle 8000\nview tickets\nwait-idle 8000\nselect-row 1\nwait-idle 5000\n"
                    "select-row 3 ctrl\nselect-row 4 ctrl\nframes 1\nselect-row 6 ctrl\nframes 3\nshot " +
                        shot("tickets-multi") +
                        "\nselect-row 1\nwait-idle 5000\nframes 2\nedit-ticket\nframes 3\n"
                        "edit-fields \xC3\x89mile Zola-Durand|emile at example\nframes 3\nshot " +
                        shot("tickets-edit") +
                        "\nedit-fields \xC3\x89mile Zola-Durand|emile@example.org\nframes 2\nedit-save\nwait-idle 5000\n"
                        "frames 3\nshot " + shot("tickets-edited") +
                        "\nsearch emile\nwait-idle 8000\nselect-all-shown\nframes 2\nvoid-selected\nframes 3\nshot " +
                        shot("tickets-void-confirm") + "\nvoid-selected yes\nwait-idle 8000\nframes 3\nshot " +
                        shot("tickets-voided") + "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // (A modal dims the screen behind it: tickets-edit and tickets-void-confirm are looked at, not measured.)
    for (const char* s : {"tickets-multi", "tickets-edited", "tickets-voided"}) expectAdminScreen(s);

    // Four rows chosen: four rows wear the selection's colour in the table (looked for down the
    // State column, right of its chips, where no text is).
    Png multi(shot("tickets-multi"));
    const auto selectionBlue = [&](int y) {
        const Rgb c = multi.at(870, y);
        return c.b > c.r + 25 && c.b > 70;
    };
    int chosenRows = 0;
    for (int y = 185; y < 770; ++y)
        if (selectionBlue(y) && !selectionBlue(y - 1)) ++chosenRows;
    EXPECT_EQ(chosenRows, 4) << "rows in the selection's colour";

    // The edit went to the database, with its audit row; the voided search too.
    auto list = [&](const std::string& search) {
        auto l = runQrgate({"--data", data.string(), "tickets", "list", "--search", search, "--json"});
        EXPECT_EQ(l.exitCode, 0) << l.err;
        return nlohmann::json::parse(l.out);
    };
    auto edited = list("zola-durand");
    ASSERT_EQ(edited.size(), 1u);
    EXPECT_EQ(edited[0]["name"], "\xC3\x89mile Zola-Durand");
    EXPECT_EQ(edited[0]["email"], "emile@example.org");
    EXPECT_EQ(edited[0]["number"], "000002");
    const auto emiles = list("emile");
    EXPECT_EQ(emiles.size(), 30u);
    for (const auto& t : emiles) EXPECT_EQ(t["state"], "void") << t["name"];
    for (const auto& t : list("ana")) EXPECT_EQ(t["state"], "valid") << t["name"];
}

TEST_F(GuiScreens, TheGatesScreenShowsTheNodeDevicesAndAPairingCode) {
    TempDir dir;
    const fs::path data = dir / "data";
    makeEvent(data, 20, "Gates Fest");
    ASSERT_EQ(runQrgate({"--data", data.string(), "device", "add", "--name", "gate-north"}).exitCode, 0);
    ASSERT_EQ(runQrgate({"--data", data.string(), "device", "add", "--name", "office", "--role", "admin"}).exitCode, 0);
    ASSERT_EQ(runQrgate({"--data", data.string(), "device", "revoke", "office"}).exitCode, 0);
    auto r = runGui("gates", {"--data", data.string()},
                    "mouse 1270 790\nwait-idle 5000\nview gates\nwait-ms 1500\nwait-idle 5000\nshot " + shot("gates") +
                        "\npair-gate\nwait-ms 1200\nwait-idle 5000\nframes 3\nshot " + shot("gates-pairing") +
                        "\nredeem-pairing Gate North\nwait-ms 2500\nwait-idle 5000\nframes 3\nshot " + shot("gates-used") +
                        "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectAdminScreen("gates");
    expectAdminScreen("gates-pairing");
    expectAdminScreen("gates-used");
    // The pairing QR code: a white square with black modules in the top right quarter, under
    // the sentence that says what to do with it.
    Png png(shot("gates-pairing"));
    expectQrCode(png, 780, 205, 1000, 405, "the pairing QR code");
    // The node's address and fingerprint are behind Details, closed: nothing drawn under it.
    EXPECT_LT(png.brightPixels(270, 310, 740, 430, 170), 50) << "the fingerprint is not shown until Details is opened";
    // The device table has rows of text (bottom left).
    EXPECT_GT(Png(shot("gates")).brightPixels(270, 460, 740, 600, 170), 300);

    // A kiosk used the code: the screen says so in green (by whom, when), the dead code's QR code
    // is gone, New code is offered, and the device is listed.
    Png used(shot("gates-used"));
    EXPECT_GT(pixelsLike(used, 780, 150, 1240, 200, kGreen, 40), 300) << "'Used by Gate North at ...'";
    EXPECT_LT(used.share(780, 205, 1000, 405, {255, 255, 255}, 10), 0.05) << "no QR code for a used code";
    EXPECT_GT(pixelsLike(used, 780, 235, 950, 275, {38, 110, 220}, 50), 1000) << "the blue New code button";
    EXPECT_GT(used.brightPixels(270, 540, 740, 580, 170), 150) << "the device row";
}

// The dashboard with arrivals: the chart's bars and, under them, its hour labels (before the fix
// they were drawn only when a full hour fell on every fourth bar, and for half of each hour the
// axis had none; DashboardView.TheArrivalsChartKeepsItsTimeAxisLabelsWithData pins every start).
TEST_F(GuiScreens, TheDashboardsArrivalsChartKeepsItsTimeAxisWithData) {
    TempDir dir;
    const fs::path data = dir / "data";
    auto codes = makeEvent(data, 20, "Dash Fest");
    ASSERT_EQ(codes.size(), 20u);
    std::string eventId = nlohmann::json::parse(runQrgate({"--data", data.string(), "event", "list", "--json"}).out)[0]["id"];
    for (int i = 0; i < 12; ++i)
        ASSERT_EQ(runQrgate({"--data", data.string(), "checkin", "--event", eventId, "--gate", "A", codes[i]}).exitCode, 0);
    auto r = runGui("dashboard-arrivals", {"--data", data.string()},
                    "mouse 1270 790\nwait-idle 5000\nview dashboard\nwait-ms 1500\nwait-idle 5000\nframes 3\nshot " +
                        shot("dashboard-arrivals") + "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectAdminScreen("dashboard-arrivals");
    Png png(shot("dashboard-arrivals"));
    // The bar of the last ten minutes (the accent blue) at the right end of the chart.
    EXPECT_GT(pixelsLike(png, 780, 380, 870, 548, {56, 132, 255}, 40), 300) << "the arrivals bar";
    // Under the base line (y 549): the grey hour labels between the value axis and the last bar.
    int labels = 0;
    for (int y = 552; y < 572; ++y)
        for (int x = 330; x < 860; ++x) {
            Rgb c = png.at(x, y);
            if (c.r > 100 && c.g > 100 && c.b > 100) ++labels;
        }
    EXPECT_GT(labels, 150) << "hour labels under the chart";
}

// The Print screen on a folder with tickets: the preview of the first page arrives (a white
// page with QR codes), Save PDF through the screen writes the whole sheet, and a gate's replica
// (the same folder without keys/) says the QR codes need the organizer's machine.
// The Print button, against a private cupsd with a cups-pdf queue: the printer is listed, the
// sheet goes through the real filter chain, and the file the queue wrote holds every page and
// readable codes of this event.
TEST_F(GuiScreens, ThePrintScreenSendsTheSheetToARealPrintQueue) {
    PrivateCupsServer cups;
    if (!cups.start()) GTEST_SKIP() << "no private CUPS server: " << cups.failure();
    if (auto why = PrivateCupsServer::pdfQueueUnavailable(); !why.empty()) GTEST_SKIP() << "no PDF queue: " << why;
    const auto outDir = cups.addPdfQueue("FrontDesk");
    ASSERT_FALSE(outDir.empty()) << cups.failure();
    TempDir dir;
    const fs::path data = dir / "data";
    const auto codes = makeEvent(data, 20, "Printed Fest");
    ASSERT_EQ(codes.size(), 20u);
    const fs::path state = kShots / "print-sent.json";
    auto r = runGui("print-sent", {"--data", data.string()},
                    "mouse 1270 790\nwait-idle 8000\nview print\nwait-idle 15000\nprint-printer FrontDesk\nframes 3\n"
                    "print-send\nwait-idle 30000\nframes 3\nprint-state " + state.string() + "\nshot " + shot("print-sent") +
                        "\nquit\n",
                    150, "", cups.env());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectAdminScreen("print-sent");
    auto after = nlohmann::json::parse(std::ifstream(state));
    EXPECT_GE(after["printers"].get<int>(), 1) << after["printersError"];
    EXPECT_FALSE(after["lastResultError"].get<bool>()) << after["lastResult"];
    const auto pdf = waitForPdf(outDir, std::chrono::seconds(60));
    ASSERT_FALSE(pdf.empty()) << "the queue wrote nothing; " << after["lastResult"] << "; " << cups.problems();
    auto info = runProcess({"/usr/bin/pdfinfo", pdf.string()});
    EXPECT_NE(info.out.find("Pages:           3\n"), std::string::npos) << info.out;
    // The first page rasterised and read by qrgate's own decoder: codes of this event's tickets.
    auto ppm = runProcess({"/usr/bin/pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", pdf.string(),
                           (dir / "printed").string()});
    ASSERT_EQ(ppm.exitCode, 0) << ppm.err;
    fs::path page;
    for (const auto& e : fs::directory_iterator(dir.path()))
        if (e.path().extension() == ".png") page = e.path();
    auto decoded = runQrgate({"decode", "--json", page.string()});
    auto found = nlohmann::json::parse(decoded.out)["codes"];
    ASSERT_FALSE(found.empty()) << decoded.out;
    for (const auto& c : found) EXPECT_NE(std::find(codes.begin(), codes.end(), c.get<std::string>()), codes.end());
}

TEST_F(GuiScreens, ThePrintScreenPreviewsSavesASheetAndTellsAReplicaWhatItCannotPrint) {
    TempDir dir;
    const fs::path data = dir / "data";
    ASSERT_EQ(makeEvent(data, 100, "Print Fest").size(), 100u);
    const fs::path pdf = dir / "sheet.pdf";
    const fs::path state = kShots / "print-state.json", saved = kShots / "print-saved.json";
    auto r = runGui("print", {"--data", data.string()},
                    "mouse 1270 790\nwait-idle 8000\nview print\nwait-idle 15000\nframes 3\nshot " + shot("print") +
                        "\nprint-state " + state.string() + "\nprint-path " + pdf.string() +
                        "\nprint-save\nwait-idle 30000\nframes 2\nprint-state " + saved.string() + "\nshot " +
                        shot("print-saved") + "\nprint-layout labels-l7160\nwait-idle 15000\nframes 3\nshot " +
                        shot("print-labels") + "\nview tickets\nwait-idle 8000\nselect-first\nwait-idle 5000\nframes 3\nshot " +
                        shot("print-ticket-detail") + "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    for (const char* s : {"print", "print-saved", "print-labels", "print-ticket-detail"}) expectAdminScreen(s);

    auto before = nlohmann::json::parse(std::ifstream(state));
    EXPECT_EQ(before["tickets"].get<int>(), 100);
    EXPECT_FALSE(before["noKeyFile"].get<bool>());
    EXPECT_FALSE(before["rendering"].get<bool>()) << "the preview had arrived";
    EXPECT_GT(before["previewWidth"].get<int>(), 300);
    std::cout << "Print screen: preview " << before["previewWidth"] << " px wide, drawn in " << before["previewMs"]
              << " ms; " << before["printersError"] << "\n";
    // The preview: a white page with black QR modules, right of the options.
    Png png(shot("print"));
    int white = 0, black = 0;
    for (int y = 140; y < 760; y += 2)
        for (int x = 800; x < 1230; x += 2) {
            Rgb c = png.at(x, y);
            if (c.r > 240 && c.g > 240 && c.b > 240) ++white;
            if (c.r < 40 && c.g < 40 && c.b < 40) ++black;
        }
    EXPECT_GT(white, 25000) << "the page";
    EXPECT_GT(black, 1500) << "its QR codes";

    // The file written through the screen: a PDF with every ticket, 8 to a page.
    auto after = nlohmann::json::parse(std::ifstream(saved));
    EXPECT_FALSE(after["lastResultError"].get<bool>()) << after["lastResult"];
    EXPECT_FALSE(after["rendering"].get<bool>()) << "the task bar coming and going draws no new preview";
    EXPECT_NE(after["lastResult"].get<std::string>().find(pdf.string()), std::string::npos) << after["lastResult"];
    ASSERT_TRUE(fs::exists(pdf));
    std::string head(5, '\0');
    std::ifstream(pdf, std::ios::binary).read(head.data(), 5);
    EXPECT_EQ(head, "%PDF-");
    auto info = runProcess({"/usr/bin/pdfinfo", pdf.string()});
    ASSERT_EQ(info.exitCode, 0) << info.err;
    EXPECT_NE(info.out.find("Pages:           13\n"), std::string::npos) << info.out;

    // A gate's replica: no keys. The screen says so; no preview, no sheet; the counts still.
    const fs::path replica = dir / "replica";
    fs::copy(data, replica, fs::copy_options::recursive);
    fs::remove_all(replica / "keys");
    const fs::path replicaState = kShots / "print-replica.json";
    auto k = runGui("print-replica", {"--data", replica.string()},
                    "mouse 1270 790\nwait-idle 8000\nview print\nwait-idle 15000\nframes 3\nshot " + shot("print-replica") +
                        "\nprint-state " + replicaState.string() + "\nquit\n");
    ASSERT_EQ(k.exitCode, 0) << k.err;
    expectAdminScreen("print-replica");
    auto rs = nlohmann::json::parse(std::ifstream(replicaState));
    EXPECT_TRUE(rs["noKeyFile"].get<bool>());
    EXPECT_EQ(rs["tickets"].get<int>(), 100);
    EXPECT_EQ(rs["previewWidth"].get<int>(), 0);
    Png banner(shot("print-replica"));
    EXPECT_GT(banner.share(270, 105, 1230, 160, {70, 52, 18}, 6), 0.6) << "the amber line across the screen";
    EXPECT_GT(banner.brightPixels(270, 105, 1230, 160, 170), 400) << "its words";
}

// The Email screen's four tabs on a folder with tickets and no mail server yet: it opens on
// Settings; a relay that does not answer gets one red line from Test connection; the message's
// preview carries the first attendee's QR code; and on a gate's replica (no keys/) the amber
// line says email needs the organizer's machine.
TEST_F(GuiScreens, TheEmailScreenShowsEachTabAndTellsAReplicaWhatItCannotSend) {
    TempDir dir;
    const fs::path data = dir / "data";
    ASSERT_EQ(makeEvent(data, 60, "Mail Fest").size(), 60u);
    const fs::path state = kShots / "mail-state.json";
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    auto r = runGui("mail", {"--data", data.string()},
                    "mouse 1270 790\nwait-idle 8000\nview mail\nwait-idle 8000\nframes 3\nshot " + shot("mail-settings") +
                        "\nmail-set server smtp://127.0.0.1:1\nmail-no-tls on\nmail-set name Mail Fest tickets\n"
                        "mail-set from tickets@example.org\nmail-save\nwait-idle 5000\nmail-test\nwait-idle 40000\n"
                        "frames 3\nshot " + shot("mail-settings-tested") + "\nmail-tab message\nwait-idle 5000\nframes 3\nshot " +
                        shot("mail-message") + "\nmail-tab send\nframes 3\nshot " + shot("mail-send") +
                        "\nmail-tab outbox\nframes 3\nshot " + shot("mail-outbox") + "\nmail-state " + state.string() +
                        "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    for (const char* s : {"mail-settings", "mail-settings-tested", "mail-message", "mail-send", "mail-outbox"})
        expectAdminScreen(s);
    auto st = nlohmann::json::parse(std::ifstream(state));
    EXPECT_TRUE(st["configured"].get<bool>()) << "saved through the screen";
    EXPECT_EQ(st["smtpUrl"], "smtp://127.0.0.1:1");
    EXPECT_EQ(st["settingsSaved"]["tone"], "good") << st["settingsSaved"];
    EXPECT_EQ(st["connection"]["tone"], "bad") << st["connection"];
    EXPECT_FALSE(st["connection"]["text"].get<std::string>().empty());
    EXPECT_EQ(st["recipients"]["unsent"].get<int>(), 60);
    EXPECT_EQ(st["recipients"]["noAddress"].get<int>(), 0);
    EXPECT_EQ(st["previewNumber"].get<int>(), 1);
    EXPECT_TRUE(st["previewHasQr"].get<bool>());
    EXPECT_EQ(st["entries"].size(), 0u) << "nothing was sent";

    Png tested(shot("mail-settings-tested"));
    EXPECT_GT(pixelsLike(tested, 264, 690, 1240, 795, {255, 110, 100}), 60) << "the red line of the refused connection";
    Png message(shot("mail-message"));
    expectQrCode(message, 800, 300, 1000, 520, "the attendee's QR code in the preview");

    // A gate's replica: no keys. The screen says so and offers no Send.
    const fs::path replica = dir / "replica";
    fs::copy(data, replica, fs::copy_options::recursive);
    fs::remove_all(replica / "keys");
    const fs::path replicaState = kShots / "mail-replica.json";
    auto k = runGui("mail-replica", {"--data", replica.string()},
                    "mouse 1270 790\nwait-idle 8000\nview mail\nwait-idle 8000\nmail-tab send\nframes 3\nshot " +
                        shot("mail-replica") + "\nmail-state " + replicaState.string() + "\nquit\n");
    ASSERT_EQ(k.exitCode, 0) << k.err;
    expectAdminScreen("mail-replica");
    auto rs = nlohmann::json::parse(std::ifstream(replicaState));
    EXPECT_TRUE(rs["noKeyFile"].get<bool>());
    Png banner(shot("mail-replica"));
    EXPECT_GT(banner.share(270, 105, 1230, 150, {70, 52, 18}, 6), 0.5) << "the amber line across the screen";
    EXPECT_GT(banner.brightPixels(270, 105, 1230, 150, 170), 400) << "its words";
}

// Send through the screen against a real SMTP server (the tests' aiosmtpd on 127.0.0.1): the GUI
// sets up the plain local relay, sends a test message to the sender, presses Send for everyone
// not yet sent, and the outbox table says sent, in green, for every attendee; the server holds
// one message for each, to their address, with their QR code inline and their ticket as a PDF.
TEST_F(GuiScreens, TheEmailScreenSendsEveryTicketThroughARealSmtpServer) {
    SmtpTestServer server;
    if (!server.start()) GTEST_SKIP() << "no SMTP test server: " << server.failure();
    TempDir dir;
    const fs::path data = dir / "data";
    constexpr int kTickets = 25;
    ASSERT_EQ(makeEvent(data, kTickets, "Sent Fest").size(), static_cast<std::size_t>(kTickets));
    const fs::path state = kShots / "mail-sent.json", tested = kShots / "mail-test-message.json";
    auto r = runGui("mail-sent", {"--data", data.string()},
                    "mouse 1270 790\nwait-idle 8000\nview mail\nwait-idle 8000\nmail-set server " + server.url() +
                        "\nmail-no-tls on\nmail-set name Sent Fest tickets\nmail-set from tickets@example.org\n"
                        "mail-set rate 0\nmail-save\nwait-idle 5000\nmail-send-test\nframes 5\nwait-idle 30000\n"
                        "mail-state " + tested.string() + "\nmail-recipients unsent\nmail-send\nframes 5\n"
                        "wait-idle 90000\nframes 3\nshot " + shot("mail-sent") + "\nmail-tab outbox\nwait-idle 5000\n"
                        "frames 3\nshot " + shot("mail-outbox-sent") + "\nmail-state " + state.string() + "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectAdminScreen("mail-sent");
    expectAdminScreen("mail-outbox-sent");

    // First the test message: to the sender, not in the outbox.
    auto test = nlohmann::json::parse(std::ifstream(tested));
    EXPECT_EQ(test["testMessage"]["tone"], "good") << test["testMessage"];
    EXPECT_EQ(test["entries"].size(), 0u) << "a test message is not recorded in the outbox";

    auto st = nlohmann::json::parse(std::ifstream(state));
    EXPECT_FALSE(st["sending"].get<bool>()) << "the run had ended";
    EXPECT_EQ(st["sendResult"]["tone"], "good") << st["sendResult"];
    EXPECT_EQ(st["outbox"]["sent"].get<int>(), kTickets);
    EXPECT_EQ(st["recipients"]["unsent"].get<int>(), 0) << "nobody left to send to";
    ASSERT_EQ(st["entries"].size(), static_cast<std::size_t>(kTickets));
    for (const auto& e : st["entries"]) {
        EXPECT_EQ(e["state"], "sent") << e.dump();
        EXPECT_EQ(e["reply"].get<std::string>().rfind("250", 0), 0u) << e.dump();
    }
    EXPECT_EQ(st["outboxRowsShown"].get<int>(), kTickets);

    auto received = server.received();
    ASSERT_EQ(received.size(), static_cast<std::size_t>(kTickets) + 1) << server.log();
    const ReceivedMail testMail = received.front();  // sent before the run
    EXPECT_EQ(testMail.meta["rcptTos"][0], "tickets@example.org");
    EXPECT_EQ(testMail.meta["subject"].get<std::string>().rfind("[Test] ", 0), 0u) << testMail.meta["subject"];
    received.erase(received.begin());
    std::set<std::string> to;
    for (const auto& m : received) {
        ASSERT_EQ(m.meta["rcptTos"].size(), 1u);
        to.insert(m.meta["rcptTos"][0].get<std::string>());
        EXPECT_EQ(m.meta["from"]["address"], "tickets@example.org");
        EXPECT_EQ(m.partsOfType("image/png").size(), 1u) << "the QR code inline";
        EXPECT_EQ(m.partsOfType("application/pdf").size(), 1u) << "the ticket attached";
        EXPECT_TRUE(m.allDefects().empty()) << m.eml;
    }
    EXPECT_EQ(to.size(), static_cast<std::size_t>(kTickets)) << "one message each, none twice";
    EXPECT_TRUE(to.count("guest0@example.org") && to.count("guest24@example.org"));

    // The table's State column: a green "sent" chip on every visible row.
    Png outbox(shot("mail-outbox-sent"));
    EXPECT_GT(pixelsLike(outbox, 640, 210, 760, 770, kGreen, 20), 1500) << "green chips in the State column";
    EXPECT_LT(pixelsLike(outbox, 640, 210, 760, 770, kRed, 20), 50) << "no red one";
}

// A video of a gate camera: nobody, then the ticket held up, nobody, the same ticket again.
void writeGateVideo(const fs::path& file, const std::string& ticket) {
    const double fps = 10;
    cv::VideoWriter out(file.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps, testframes::kFrameSize);
    ASSERT_TRUE(out.isOpened());
    auto scene = testframes::makeEmptyScene(3);
    auto card = testframes::makeFrame(ticket, testframes::Condition::Plain, 3);
    auto put = [&](const cv::Mat& m, double seconds) {
        for (int i = 0; i < static_cast<int>(seconds * fps); ++i) out.write(m);
    };
    put(scene, 2.0);
    put(card, 1.5);
    put(scene, 3.0);
    put(card, 1.5);
    put(scene, 6.0);
}

TEST_F(GuiScreens, TheKioskFedFromAVideoAdmitsThenSaysAlreadyUsed) {
    TempDir dir;
    const fs::path data = dir / "data";
    auto codes = makeEvent(data, 3, "Gate test");
    ASSERT_EQ(codes.size(), 3u);
    const fs::path video = dir / "gate.avi";
    writeGateVideo(video, codes[1]);
    auto r = runGui("kiosk-video",
                    {"--data", data.string(), "kiosk", "--gate", "A", "--camera", video.string()},
                    "mouse 1270 5\nwait-ms 1500\nshot " + shot("kiosk-scanning") + "\nwait-verdict admitted 20000\nframes 2\nshot " +
                        shot("kiosk-admitted") + "\ntimings " + (kShots / "kiosk-timings.json").string() +
                        "\nwait-verdict already_used 20000\nframes 2\nshot " + shot("kiosk-already-used") +
                        "\nrss " + (kShots / "kiosk-rss.json").string() + "\nwait-ms 2500\ndebug-overlay\nframes 3\nshot " +
                        shot("kiosk-debug") + "\nsettings-panel\nframes 3\nshot " + shot("kiosk-settings") + "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;

    Png admitted(shot("kiosk-admitted"));
    ASSERT_TRUE(admitted.ok());
    EXPECT_GT(admitted.share(0, 100, 60, 700, kGreen), 0.95) << "green fills the screen";
    EXPECT_GT(admitted.brightPixels(100, 80, 1180, 250), 3000) << "the word ADMITTED";
    EXPECT_GT(admitted.brightPixels(100, 250, 1180, 420), 2000) << "the name, large";

    Png used(shot("kiosk-already-used"));
    ASSERT_TRUE(used.ok());
    EXPECT_GT(used.share(0, 100, 60, 700, kAmber), 0.95) << "amber fills the screen";
    EXPECT_GT(used.darkPixels(100, 80, 1180, 250), 3000) << "the words ALREADY USED";
    EXPECT_GT(used.darkPixels(100, 400, 1180, 560), 1000) << "when and where it was first used";

    auto timings = nlohmann::json::parse(std::ifstream(kShots / "kiosk-timings.json"));
    auto rss = nlohmann::json::parse(std::ifstream(kShots / "kiosk-rss.json"));
    std::cout << "kiosk scan timings: " << timings.dump() << "\nkiosk memory: " << rss.dump() << "\n";
    // The target: at most 250 MB resident with a 1280x720 camera, counting everything, the
    // software renderer's shared code (libLLVM, ~55 MB under Xvfb) included; see
    // docs/performance.md.
    EXPECT_LE(rss["rssMB"].get<double>(), 250.0)
        << "the kiosk's whole resident set with a 1280x720 camera (anonMB: its own memory, fileMB: the "
           "program and its libraries): "
        << rss.dump();
    EXPECT_EQ(timings["source"].get<std::string>().empty(), false);

    Png scanning(shot("kiosk-scanning"));
    ASSERT_TRUE(scanning.ok());
    EXPECT_GT(scanning.brightPixels(300, 600, 980, 700), 500) << "the hint under the scan area";
}

TEST_F(GuiScreens, TheKioskRefusesInPlainWordsAndConfirmModeAsksFirst) {
    TempDir dir;
    const fs::path data = dir / "data";
    auto codes = makeEvent(data, 3, "Gate test");
    ASSERT_EQ(codes.size(), 3u);
    auto r = runGui("kiosk-refused", {"--data", data.string(), "kiosk", "--gate", "B", "--camera", "none"},
                    "mouse 1270 5\nframes 5\ncode HELLO-NOT-A-TICKET\nwait-verdict refused 10000\nframes 2\nshot " +
                        shot("kiosk-refused") + "\nsearch-panel\nsearch Zo\nwait-ms 500\nframes 3\nshot " +
                        shot("kiosk-search") + "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Png refused(shot("kiosk-refused"));
    ASSERT_TRUE(refused.ok());
    EXPECT_GT(refused.share(0, 100, 60, 700, kRed), 0.95) << "red fills the screen";
    EXPECT_GT(refused.brightPixels(100, 80, 1180, 330), 3000) << "REFUSED and the reason";

    auto c = runGui("kiosk-confirm",
                    {"--data", data.string(), "kiosk", "--gate", "B", "--camera", "none", "--mode", "confirm"},
                    "mouse 1270 5\nframes 5\ncode " + codes[0] + "\nwait-verdict confirm 10000\nframes 2\nshot " +
                        shot("kiosk-confirm") + "\nquit\n");
    ASSERT_EQ(c.exitCode, 0) << c.err;
    Png confirm(shot("kiosk-confirm"));
    ASSERT_TRUE(confirm.ok());
    EXPECT_GT(confirm.share(0, 100, 60, 700, kConfirmBlue), 0.95);
    EXPECT_GT(confirm.brightPixels(100, 150, 1180, 330), 2000) << "the name to check";
}

// Lines of text on a verdict screen, top to bottom: the rows [top, bottom) where light ink (the
// white words on red) crosses the middle of the screen; for comparing how large each line is.
struct TextBand {
    int top, bottom;
    int height() const { return bottom - top; }
};
std::vector<TextBand> textBands(const Png& png, int y0, int y1) {
    std::vector<TextBand> bands;
    int start = -1;
    for (int y = y0; y < y1; ++y) {
        const bool ink = png.brightPixels(png.width() / 10, y, png.width() * 9 / 10, y + 1, 200) >= 2;
        if (ink && start < 0) start = y;
        if (!ink && start >= 0) {
            if (y - start >= 6) bands.push_back({start, y});  // a rule or a dot is not a line
            start = -1;
        }
    }
    return bands;
}

// A refusal at 1280x800, 1920x1080 and 1024x600: the verdict word is the largest line, what to
// do is the second (larger than the reason above it; it was 14 px), and the words follow the
// screen's size: at 1920x1080 the verdict is drawn larger than at 1280x800, and all of it still
// fits on the small screen.
TEST_F(GuiScreens, TheKioskRefusalSaysWhatToDoLargeAndFollowsTheScreenSize) {
    TempDir dir;
    const fs::path data = dir / "data";
    ASSERT_EQ(makeEvent(data, 3, "Gate test").size(), 3u);
    const auto other = makeEvent(dir / "other", 1, "Another Fest");
    ASSERT_EQ(other.size(), 1u);
    std::map<std::string, std::vector<TextBand>> bands;
    for (const std::string screen : {"1280x800", "1920x1080", "1024x600"}) {
        const std::string name = "kiosk-refused-" + screen;
        auto r = runGui(name, {"--data", data.string(), "kiosk", "--gate", "North", "--camera", "none"},
                        "mouse 1270 5\nframes 5\ncode " + other[0] + "\nwait-verdict refused 10000\nframes 2\nshot " +
                            shot(name) + "\nquit\n",
                        150, "", {}, screen);
        ASSERT_EQ(r.exitCode, 0) << r.err;
        Png png(shot(name));
        ASSERT_TRUE(png.ok());
        const int barH = 68;  // the top and bottom bars at scale 1
        EXPECT_GT(png.share(0, barH + 10, 40, png.height() - barH - 10, kRed), 0.95) << screen << ": red fills the screen";
        // Above the countdown's hint at the bottom of the red area.
        const auto lines = textBands(png, barH, png.height() - barH - 40);
        ASSERT_GE(lines.size(), 3u) << screen << ": the verdict, the reason and what to do";
        bands[screen] = lines;
        const TextBand verdict = lines[0], reason = lines[1], whatToDo = lines[2];
        for (std::size_t i = 1; i < lines.size(); ++i)
            EXPECT_GT(verdict.height(), lines[i].height()) << screen << ": the verdict word is the largest text";
        EXPECT_GT(whatToDo.height(), reason.height() * 1.2) << screen << ": what to do is larger than the reason";
        for (std::size_t i = 3; i < lines.size(); ++i)
            EXPECT_GT(whatToDo.height(), lines[i].height()) << screen << ": what to do is the second largest";
        EXPECT_GE(whatToDo.height(), 20) << screen << ": what to do is no small print (it was 14 px)";
    }
    const double grown = static_cast<double>(bands["1920x1080"][0].height()) / bands["1280x800"][0].height();
    EXPECT_GT(grown, 1.2) << "the verdict word follows the screen's size (1.35 times larger at 1920x1080)";
    EXPECT_LT(bands["1024x600"][0].height(), bands["1280x800"][0].height()) << "and shrinks to fit a small screen";
}

// Without a camera the scanning screen says what works instead; in confirm mode an exit scan's
// button says Record exit.
TEST_F(GuiScreens, TheKioskWithoutACameraSaysHowToScanAndConfirmsAnExitAsAnExit) {
    TempDir dir;
    const fs::path data = dir / "data";
    auto codes = makeEvent(data, 3, "Gate test");
    ASSERT_EQ(codes.size(), 3u);
    // The first ticket is inside: its exit can be recorded.
    std::string eventId = nlohmann::json::parse(runQrgate({"--data", data.string(), "event", "list", "--json"}).out)[0]["id"];
    ASSERT_EQ(runQrgate({"--data", data.string(), "checkin", "--event", eventId, "--gate", "North", codes[0]}).exitCode, 0);
    auto r = runGui("kiosk-no-camera",
                    {"--data", data.string(), "kiosk", "--gate", "North", "--camera", "none", "--mode", "confirm"},
                    "mouse 1270 5\nframes 5\nwait-ms 300\nshot " + shot("kiosk-no-camera") +
                        "\nexit-direction\nframes 2\ncode " + codes[0] + "\nwait-verdict confirm 10000\nframes 2\nshot " +
                        shot("kiosk-confirm-exit") + "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Png idle(shot("kiosk-no-camera"));
    ASSERT_TRUE(idle.ok());
    EXPECT_GT(idle.brightPixels(150, 340, 1130, 420), 1500) << "the sentence in the middle of the screen";
    EXPECT_LT(idle.brightPixels(420, 170, 520, 260), 50) << "no scan frame: there is no camera to hold a code up to";
    Png confirm(shot("kiosk-confirm-exit"));
    ASSERT_TRUE(confirm.ok());
    EXPECT_GT(confirm.share(0, 100, 60, 700, kConfirmBlue), 0.95);
    EXPECT_GT(pixelsLike(confirm, 300, 300, 980, 560, kGreen, 20), 5000) << "the green button to record the exit";
}

// A fresh gate PC: no event in the data folder. The kiosk opens on "Pair this gate" with the
// camera preview (to hold the console's pairing QR code up to) and the invitation field.
TEST_F(GuiScreens, TheKioskOnAFreshDataFolderOpensOnThePairingScreen) {
    TempDir dir;
    const fs::path data = dir / "data";
    const fs::path video = dir / "gate.avi";
    writeGateVideo(video, "not a pairing code");
    auto r = runGui("kiosk-pairing", {"--data", data.string(), "kiosk", "--gate", "N", "--camera", video.string()},
                    "mouse 1270 5\nwait-ms 1500\nframes 3\nshot " + shot("kiosk-pairing") + "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Png png(shot("kiosk-pairing"));
    ASSERT_TRUE(png.ok());
    EXPECT_EQ(png.width(), 1280);
    EXPECT_EQ(png.height(), 800);
    EXPECT_GT(png.brightPixels(300, 85, 980, 135), 1500) << "the title, Pair this gate";
    EXPECT_GT(png.brightPixels(30, 138, 1250, 172, 170), 800) << "the line on what to do";
    // The camera preview in the middle: the generated scene, not the empty panel.
    int lit = 0;
    for (int y = 260; y < 560; y += 2)
        for (int x = 400; x < 880; x += 2) {
            Rgb c = png.at(x, y);
            if (c.r + c.g + c.b > 150) ++lit;
        }
    EXPECT_GT(lit, 5000) << "the camera preview";
    // The invitation field and its Pair button, under the preview, above the bottom bar.
    EXPECT_GT(png.brightPixels(200, 600, 1080, 732, 120), 300) << "the invitation field and Pair";

    // A mistyped --event in a standalone folder that has events of its own still refuses.
    const fs::path other = dir / "other";
    makeEvent(other, 1, "Other");
    auto e = runQrgate({"--data", other.string(), "kiosk", "--camera", "none", "--event", "EV999999"});
    EXPECT_EQ(e.exitCode, 1);
    EXPECT_NE(e.err.find("no event EV999999"), std::string::npos) << e.err;
    auto u = runQrgate({"--data", data.string(), "kiosk", "--mode", "fast"});
    EXPECT_EQ(u.exitCode, 2);
}

// The kiosk as a follower of a real leader process: what it decides is the leader's while the
// leader answers, its replica's (uploaded once later) while it does not, and nothing at all once
// the leader refused its token: then the screen says the gate has a problem, not the attendee.
struct FollowedLeader {
    TempDir dir;
    fs::path leaderData = dir / "leader";
    fs::path kioskData = dir / "kiosk";
    std::vector<std::string> codes = makeEvent(leaderData, 6, "Follow Fest");
    std::string gateToken = firstLine(runQrgate({"--data", leaderData.string(), "device", "add", "--name", "gate-east"}).out);
    std::string adminToken =
        firstLine(runQrgate({"--data", leaderData.string(), "device", "add", "--name", "office", "--role", "admin"}).out);
    NodeProcess leader{leaderData, {}};

    FollowedLeader() { leader.start(); }
    static std::string firstLine(const std::string& s) { return s.substr(0, s.find('\n')); }
    ProcessResult kiosk(const std::string& name, const std::string& script) {
        return runGui(name,
                      {"--data", kioskData.string(), "kiosk", "--gate", "East", "--camera", "none", "--leader",
                       leader.url(), "--token", gateToken},
                      "mouse 1270 5\nwait-idle 20000\n" + script + "quit\n");
    }
    nlohmann::json ticket(int i) {
        ApiClient api(leader.url(), adminToken);
        auto all = nlohmann::json::parse(runQrgate({"--data", leaderData.string(), "tickets", "list", "--json"}).out);
        return api.get("/api/tickets/" + all[i]["id"].get<std::string>()).body;
    }
    nlohmann::json stats() {
        ApiClient api(leader.url(), adminToken);
        return api.get("/api/stats").body;
    }
};

TEST_F(GuiScreens, TheKioskFollowingALeaderAdmitsOnlineThenOfflineAndUploadsOnce) {
    FollowedLeader f;
    ASSERT_EQ(f.codes.size(), 6u);
    auto online = f.kiosk("kiosk-follower-online", "code " + f.codes[0] + "\nwait-verdict admitted 15000\nframes 2\nshot " +
                                                       shot("kiosk-follower-online") + "\n");
    ASSERT_EQ(online.exitCode, 0) << online.err;
    EXPECT_EQ(f.ticket(0)["entriesUsed"], 1) << "the leader decided and recorded it";

    f.leader.kill(SIGKILL);
    auto offline = f.kiosk("kiosk-follower-offline", "code " + f.codes[1] + "\nwait-verdict admitted 15000\nframes 2\nshot " +
                                                         shot("kiosk-follower-offline") + "\n");
    ASSERT_EQ(offline.exitCode, 0) << offline.err;
    Png png(shot("kiosk-follower-offline"));
    ASSERT_TRUE(png.ok());
    EXPECT_GT(png.share(0, 100, 60, 700, kGreen), 0.95) << "admitted from the replica";
    EXPECT_GT(png.brightPixels(300, 640, 980, 700), 300) << "the line saying it was decided offline";

    f.leader.restart();
    auto back = f.kiosk("kiosk-follower-upload", "wait-ms 3000\n");
    ASSERT_EQ(back.exitCode, 0) << back.err;
    EXPECT_EQ(f.ticket(1)["entriesUsed"], 1) << "the offline admission reached the leader";
    auto again = f.kiosk("kiosk-follower-upload-again", "wait-ms 2000\n");
    ASSERT_EQ(again.exitCode, 0) << again.err;
    auto stats = f.stats();
    EXPECT_EQ(stats["admitted"], 2) << "uploaded exactly once: " << stats.dump();
    EXPECT_EQ(stats["conflicts"], 0);
}

TEST_F(GuiScreens, AKioskWhoseTokenWasRevokedShowsAGateProblemAndRecordsNothing) {
    FollowedLeader f;
    auto first = f.kiosk("kiosk-before-revoke", "code " + f.codes[0] + "\nwait-verdict admitted 15000\n");
    ASSERT_EQ(first.exitCode, 0) << first.err;
    ASSERT_EQ(runQrgate({"--data", f.leaderData.string(), "device", "revoke", "gate-east"}).exitCode, 0);

    auto r = f.kiosk("kiosk-gate-problem", "code " + f.codes[2] + "\nwait-verdict gate_problem 15000\nframes 2\nshot " +
                                               shot("kiosk-gate-problem") + "\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Png png(shot("kiosk-gate-problem"));
    ASSERT_TRUE(png.ok());
    EXPECT_GT(png.share(0, 100, 60, 700, kGateProblem), 0.95) << "its own colour: neither red nor green";
    EXPECT_GT(png.brightPixels(100, 100, 1180, 520), 3000) << "GATE PROBLEM and what to do";
    EXPECT_GT(png.brightPixels(300, 560, 980, 720, 120), 500) << "Try again and Dismiss";
    EXPECT_EQ(f.ticket(2)["entriesUsed"], 0);
    EXPECT_EQ(f.stats()["refused"], 0) << "no refusal held against the attendee's ticket";
}

bool canMountPrivateTmpfs(std::string& why) {
    if (geteuid() != 0) {
        why = "needs root to mount a small tmpfs in a private mount namespace";
        return false;
    }
    auto probe = runProcess({"/bin/sh", "-c", "unshare -m sh -c 'mount -t tmpfs -o size=1m qrgate-probe /mnt'"});
    why = "cannot mount a tmpfs in a private mount namespace here: " + probe.err;
    return probe.exitCode == 0;
}

// Runs the kiosk on a copy of `data` on a small disk of its own (a tmpfs in a private mount
// namespace) that fills up once the kiosk is ready; it scans `code`, which must show a gate
// problem; the disk gets room again, and Try again must admit the kept scan. Screenshots NAME-*.
ProcessResult kioskOnAFillingDisk(const std::string& name, const fs::path& data, const fs::path& disk,
                                  std::vector<std::string> kioskArgs, const std::string& code) {
    fs::create_directories(disk);
    const std::string ready = shot(name + "-ready"), problem = shot(name + "-full");
    fs::remove(ready);
    fs::remove(problem);
    auto waiting = [](const std::string& file) {
        return "for i in $(seq 1200); do [ -f '" + file + "' ] && break; sleep 0.1; done; ";
    };
    const std::string setup = "mount -t tmpfs -o size=16m qrgate-kiosk '" + disk.string() + "' && cp -a '" +
                              data.string() + "/.' '" + disk.string() + "/' && { ( " + waiting(ready) +
                              "dd if=/dev/zero of='" + disk.string() + "/filler' bs=64k 2>/dev/null; " +
                              waiting(problem) + "sleep 0.5; rm -f '" + disk.string() +
                              "/filler' ) </dev/null >/dev/null 2>&1 & }";
    std::vector<std::string> args{"--data", disk.string(), "kiosk"};
    args.insert(args.end(), kioskArgs.begin(), kioskArgs.end());
    return runGui(name, args,
                  "mouse 1270 5\nwait-idle 15000\nshot " + ready + "\nwait-ms 1500\ncode " + code +
                      "\nwait-verdict gate_problem 20000\nframes 2\nshot " + problem + "\nwait-ms 2500\nretry\n" +
                      "wait-verdict admitted 20000\nframes 2\nshot " + shot(name + "-retried") + "\nquit\n",
                  150, setup);
}

void expectProblemThenAdmitted(const std::string& name) {
    Png full(shot(name + "-full"));
    ASSERT_TRUE(full.ok());
    EXPECT_GT(full.share(0, 100, 60, 700, kGateProblem), 0.95) << "a gate problem, not a refusal";
    Png retried(shot(name + "-retried"));
    ASSERT_TRUE(retried.ok());
    EXPECT_GT(retried.share(0, 100, 60, 700, kGreen), 0.95) << "the kept scan, admitted on Try again";
}

// The gate's own database cannot take the scan (its disk is full): a gate problem, and the scan
// waits on screen; once there is room, Try again admits it.
TEST_F(GuiScreens, AKioskWhoseDiskIsFullKeepsTheScanAndAdmitsItOnTryAgain) {
    std::string why;
    if (!canMountPrivateTmpfs(why)) GTEST_SKIP() << why;
    TempDir dir;
    const fs::path data = dir / "prepared";
    auto codes = makeEvent(data, 3, "Disk Fest");
    ASSERT_EQ(codes.size(), 3u);
    auto r = kioskOnAFillingDisk("kiosk-disk", data, dir / "disk", {"--gate", "A", "--camera", "none"}, codes[0]);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectProblemThenAdmitted("kiosk-disk");
}

// The same at a follower whose leader is down, so its own replica has to decide and record.
TEST_F(GuiScreens, AFollowerKioskWhoseDiskIsFullWhileItsLeaderIsDownKeepsTheScan) {
    std::string why;
    if (!canMountPrivateTmpfs(why)) GTEST_SKIP() << why;
    FollowedLeader f;
    auto synced = f.kiosk("kiosk-follower-sync", "code " + f.codes[0] + "\nwait-verdict admitted 15000\n");
    ASSERT_EQ(synced.exitCode, 0) << synced.err;
    f.leader.kill(SIGKILL);
    auto r = kioskOnAFillingDisk("kiosk-follower-disk", f.kioskData, f.dir / "disk",
                                 {"--gate", "East", "--camera", "none"}, f.codes[1]);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    expectProblemThenAdmitted("kiosk-follower-disk");
}

// "2026-11-24T18:00:00Z" for now + `hours` (whole hours, so the list's times read round).
std::string utcHoursFromNow(long hours) {
    std::time_t t = std::time(nullptr);
    t = t - t % 3600 + hours * 3600;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:00Z", &tm);
    return buf;
}

// The Events screen: an ended event says "Ended", an upcoming one its dates; the ticket type form
// with its colour palette (inline, no second scroll area), then the time zone list filtered.
TEST_F(GuiScreens, TheEventsScreenShowsDatesEndedEventsThePaletteAndTheZoneList) {
    TempDir dir;
    const fs::path data = dir / "data";
    auto create = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--data", data.string(), "event", "create"});
        auto r = runQrgate(args);
        EXPECT_EQ(r.exitCode, 0) << r.err;
    };
    create({"--name", "Spring Gala", "--venue", "Old Town Hall", "--tz", "Europe/Berlin", "--starts",
            utcHoursFromNow(-24 * 40), "--ends", utcHoursFromNow(-24 * 40 + 5)});
    create({"--name", "Winter Fair", "--venue", "Riverside Park", "--tz", "Europe/Berlin", "--starts",
            utcHoursFromNow(24 * 30), "--ends", utcHoursFromNow(24 * 32 + 8)});
    create({"--name", "Autumn Ball", "--venue", "Grand Hotel", "--tz", "Asia/Kolkata", "--starts",
            utcHoursFromNow(-1), "--ends", utcHoursFromNow(4), "--grace-minutes", "60"});
    ASSERT_EQ(runQrgate({"--data", data.string(), "type", "add", "--name", "VIP", "--colour", "#6A1B9A"}).exitCode, 0);
    auto r = runGui("events", {"--data", data.string()},
                    "mouse 1270 790\nwait-idle 5000\nview events\nwait-idle 3000\nframes 3\nshot " + shot("events") +
                        "\nevents-add-type\nframes 4\nshot " + shot("events-type-form") +
                        "\nevents-zone kolk\nframes 4\nshot " + shot("events-zone") + "\nquit\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    for (const char* s : {"events", "events-type-form", "events-zone"}) expectAdminScreen(s);
    // The palette's swatches in the form: Blue (the first colour General's Green and VIP's Purple
    // leave free, chosen) and Teal among them.
    Png form(shot("events-type-form"));
    EXPECT_GT(form.share(560, 60, 1280, 800, {0x00, 0x79, 0x6B}, 6), 0.0005) << "the Teal swatch";
    EXPECT_GT(form.share(560, 60, 1280, 800, {0x15, 0x65, 0xC0}, 6), 0.0005) << "the Blue swatch";
}

}  // namespace
}  // namespace qrgate::testing

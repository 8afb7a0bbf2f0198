// The command-line contract, driven as a user (or an outside test) drives it: the real binary.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/events/validity_text.hpp"
#include "support/file_text.hpp"
#include "support/process.hpp"
#include "support/special_files.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using qrgate::testing::fileText;
using qrgate::testing::runQrgate;
using qrgate::testing::TempDir;

namespace {
struct Cli {
    TempDir dir;
    std::string data = dir.path().string();

    qrgate::testing::ProcessResult run(std::vector<std::string> args, const std::string& input = "") {
        args.insert(args.begin(), {"--data", data});
        return runQrgate(args, input);
    }
    std::string createEvent(const std::string& name = "Spring Fest") {
        auto r = run({"event", "create", "--name", name, "--tz", "Europe/Lisbon"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        auto id = r.out.substr(0, r.out.find('\n'));
        EXPECT_EQ(id.size(), 8u) << r.out;
        return id;
    }
    json issue(const std::string& event, int count) {
        auto r = run({"tickets", "issue", "--event", event, "--count", std::to_string(count), "--json"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return json::parse(r.out);
    }
    std::string write(const std::string& name, const std::string& content) {
        auto path = (dir / name).string();
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }
};
}  // namespace

TEST(Cli, EventCreatePrintsTheIdAndListShowsIt) {
    Cli cli;
    auto id = cli.createEvent("Física & Música");
    auto r = cli.run({"event", "list", "--json"});
    ASSERT_EQ(r.exitCode, 0);
    auto events = json::parse(r.out);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]["id"], id);
    EXPECT_EQ(events[0]["name"], "Física & Música");
    EXPECT_EQ(events[0]["timeZone"], "Europe/Lisbon");
    EXPECT_FALSE(events[0].contains("signingKey"));
}

TEST(Cli, IssueJsonHasTheContractsFields) {
    Cli cli;
    auto id = cli.createEvent();
    auto tickets = cli.issue(id, 3);
    ASSERT_EQ(tickets.size(), 3u);
    for (const auto& t : tickets)
        for (const char* field : {"id", "number", "name", "email", "qrData"}) EXPECT_TRUE(t.contains(field)) << field;
    EXPECT_NE(tickets[0]["id"], tickets[1]["id"]);
}

TEST(Cli, CheckinPrintsTheVerdictAndExitsZeroOnlyWhenAdmitted) {
    Cli cli;
    auto id = cli.createEvent();
    auto qr = cli.issue(id, 1)[0]["qrData"].get<std::string>();
    auto first = cli.run({"checkin", "--event", id, "--gate", "North", "--device", "k1", qr});
    EXPECT_EQ(first.exitCode, 0) << first.err;
    auto v = json::parse(first.out);
    EXPECT_EQ(v["ok"], true);
    EXPECT_EQ(v["status"], "admitted");
    EXPECT_EQ(v["ticket"]["number"], "000001");

    auto second = cli.run({"checkin", "--event", id, "--gate", "South", qr});
    EXPECT_EQ(second.exitCode, 1);
    auto w = json::parse(second.out);
    EXPECT_EQ(w["status"], "refused");
    EXPECT_EQ(w["reason"], "already_used");
    EXPECT_EQ(w["firstCheckin"]["gateId"], "North");
    EXPECT_EQ(w["firstCheckin"]["deviceId"], "k1");
    EXPECT_FALSE(w["firstCheckin"]["at"].get<std::string>().empty());

    auto junk = cli.run({"checkin", "--event", id, "--gate", "North", "BEGIN:VCARD"});
    EXPECT_EQ(junk.exitCode, 1);
    EXPECT_EQ(json::parse(junk.out)["reason"], "malformed");
}

TEST(Cli, DryRunValidatesWithoutRecording) {
    Cli cli;
    auto id = cli.createEvent();
    auto qr = cli.issue(id, 1)[0]["qrData"].get<std::string>();
    for (int i = 0; i < 2; ++i) {
        auto r = cli.run({"checkin", "--event", id, "--gate", "A", "--dry-run", qr});
        EXPECT_EQ(r.exitCode, 0);
    }
    EXPECT_EQ(cli.run({"checkin", "--event", id, "--gate", "A", qr}).exitCode, 0);
}

TEST(Cli, ExitScansAndNotInside) {
    Cli cli;
    auto id = cli.createEvent();
    auto qr = cli.issue(id, 1)[0]["qrData"].get<std::string>();
    auto out = cli.run({"checkin", "--event", id, "--gate", "A", "--exit", qr});
    EXPECT_EQ(out.exitCode, 1);
    EXPECT_EQ(json::parse(out.out)["reason"], "not_inside");
    EXPECT_EQ(cli.run({"checkin", "--event", id, "--gate", "A", qr}).exitCode, 0);
    EXPECT_EQ(cli.run({"checkin", "--event", id, "--gate", "A", "--exit", qr}).exitCode, 0);
}

TEST(Cli, VoidedTicketsAreRefusedAsVoid) {
    Cli cli;
    auto id = cli.createEvent();
    auto t = cli.issue(id, 1)[0];
    auto r = cli.run({"tickets", "void", t["id"].get<std::string>()});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    auto c = cli.run({"checkin", "--event", id, "--gate", "A", t["qrData"].get<std::string>()});
    EXPECT_EQ(c.exitCode, 1);
    EXPECT_EQ(json::parse(c.out)["reason"], "void");
    EXPECT_EQ(cli.run({"tickets", "void", "NOSUCHTICKET"}).exitCode, 1);
}

TEST(Cli, TicketsListJsonCanPrintEveryTicketAgain) {
    Cli cli;
    auto id = cli.createEvent();
    auto issued = cli.issue(id, 4);
    auto r = cli.run({"tickets", "list", "--event", id, "--json"});
    ASSERT_EQ(r.exitCode, 0);
    auto listed = json::parse(r.out);
    ASSERT_EQ(listed.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(listed[i]["id"], issued[i]["id"]);
        EXPECT_EQ(listed[i]["qrData"], issued[i]["qrData"]);
        EXPECT_EQ(listed[i]["state"], "valid");
    }
}

TEST(Cli, CsvImportAcceptsSpreadsheetExports) {
    Cli cli;
    auto id = cli.createEvent();
    ASSERT_EQ(cli.run({"type", "add", "--event", id, "--name", "VIP"}).exitCode, 0);
    auto csv = cli.write("people.csv",
                         "\xEF\xBB\xBF" "Email;Type;Name\r\n"
                         "ana@example.org;vip;\"Lima; Ana\"\r\n"
                         ";;\"Bruno \"\"B\"\" Costa\"\r\n"
                         "chen@example.org;;\"Chen\nWei\"\r\n");
    auto r = cli.run({"tickets", "issue", "--event", id, "--csv", csv, "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto t = json::parse(r.out);
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[0]["name"], "Lima; Ana");
    EXPECT_EQ(t[0]["email"], "ana@example.org");
    EXPECT_EQ(t[1]["name"], "Bruno \"B\" Costa");
}

TEST(Cli, CsvWithABadRowImportsNothingAndNamesTheLine) {
    Cli cli;
    auto id = cli.createEvent();
    auto csv = cli.write("bad.csv", "name,email\nAna,ana@example.org\nBruno,not-an-email\n,carla@example.org\n");
    auto r = cli.run({"tickets", "issue", "--event", id, "--csv", csv});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("line 4"), std::string::npos) << r.err;
    auto list = cli.run({"tickets", "list", "--event", id, "--json"});
    EXPECT_EQ(json::parse(list.out).size(), 0u);
}

// However large the file, the error output stays a few lines a person can read: the first
// problems with their lines, then the exact count.
TEST(Cli, CsvProblemsStayShortHoweverLargeTheFile) {
    Cli cli;
    auto id = cli.createEvent();
    std::string wide;
    for (int i = 0; i < 1000000; ++i) wide += (i ? ",col" : "col") + std::to_string(i);
    auto header = cli.write("wide.csv", wide + "\nAda\n");
    auto r = cli.run({"tickets", "issue", "--event", id, "--csv", header});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_LT(r.err.size(), 4096u) << r.err.substr(0, 400);
    EXPECT_NE(r.err.find("line 1: no name column"), std::string::npos) << r.err.substr(0, 400);
    EXPECT_NE(r.err.find("1,000,000 columns"), std::string::npos) << r.err.substr(0, 400);

    std::string rows = "name,email\n";
    for (int i = 0; i < 100000; ++i) rows += "Ada,not-an-email\n";
    auto bad = cli.write("bad-rows.csv", rows);
    r = cli.run({"tickets", "issue", "--event", id, "--csv", bad});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_LT(r.err.size(), 4096u) << r.err.substr(0, 400);
    EXPECT_NE(r.err.find(": line 2: 'not-an-email' is not a valid email address\n"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("line 2: line 2"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(": line 21: "), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(": line 22: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("100,000 problems"), std::string::npos) << r.err;
    EXPECT_EQ(json::parse(cli.run({"tickets", "list", "--event", id, "--json"}).out).size(), 0u);
}

// type add reads --days and --daily with core's parser (tests/core/validity_text_test.cpp), so it
// answers as the console's type form does for the same text; a text it refuses is a usage error.
TEST(Cli, TypeAddReadsDaysAndTheDailyWindowWithTheSharedParser) {
    Cli cli;
    auto id = cli.createEvent();
    auto r = cli.run({"type", "add", "--event", id, "--name", "Night", "--days", "2026-07-18 , 2026-07-19",
                      "--daily", " 22:00 - 02:00 ", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto type = json::parse(r.out);
    EXPECT_EQ(type["days"], json({"2026-07-18", "2026-07-19"}));
    EXPECT_EQ(type["daily"], "22:00-02:00");

    for (const char* daily : {"24:00-02:00", "18:00-23:30 daily", "9:5-10:00"}) {
        auto bad = cli.run({"type", "add", "--event", id, "--name", "Late", "--daily", daily});
        EXPECT_EQ(bad.exitCode, 2) << daily;
        EXPECT_EQ(bad.err, "qrgate: --daily: " + qrgate::parseDailyWindow(daily).error().message +
                               " (see 'qrgate type --help')\n");
    }
    for (const char* days : {"2026-07-18, 2026-07-18", "2026-02-30"}) {
        auto bad = cli.run({"type", "add", "--event", id, "--name", "Late", "--days", days});
        EXPECT_EQ(bad.exitCode, 2) << days;
        EXPECT_EQ(bad.err, "qrgate: --days: " + qrgate::parseDateList(days).error().message +
                               " (see 'qrgate type --help')\n");
    }
    EXPECT_EQ(json::parse(cli.run({"type", "list", "--event", id, "--json"}).out).size(), 2u)
        << "General and Night; nothing refused was added";
}

TEST(Cli, ExportWritesOneRowPerScanWithIsoTimes) {
    Cli cli;
    auto id = cli.createEvent();
    auto qr = cli.issue(id, 1)[0]["qrData"].get<std::string>();
    cli.run({"checkin", "--event", id, "--gate", "A", qr});
    cli.run({"checkin", "--event", id, "--gate", "B", qr});
    cli.run({"checkin", "--event", id, "--gate", "B", "garbage"});
    auto out = (cli.dir / "log.csv").string();
    auto r = cli.run({"export", "checkins", "--event", id, "--out", out});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto text = fileText(out);
    std::vector<std::string> lines;
    std::stringstream ss(text);
    for (std::string line; std::getline(ss, line);) lines.push_back(line);
    ASSERT_EQ(lines.size(), 4u) << text;
    EXPECT_EQ(lines[0].rfind("scanned_at,", 0), 0u);
    EXPECT_NE(lines[1].find(",admitted,"), std::string::npos);
    EXPECT_NE(lines[2].find(",already_used,"), std::string::npos);
    EXPECT_NE(lines[3].find(",malformed,"), std::string::npos);
    // 2026-11-21T07:46:27.730Z or with an offset
    EXPECT_EQ(lines[1][4], '-');
    EXPECT_EQ(lines[1][10], 'T');
}

// The attendee list goes out as CSV and comes back in through the import unchanged: another
// event issued from the exported file has the same names, emails and types.
TEST(Cli, ExportAttendeesWritesTheListThatImportsAgain) {
    Cli cli;
    auto id = cli.createEvent();
    ASSERT_EQ(cli.run({"type", "add", "--event", id, "--name", "VIP"}).exitCode, 0);
    auto csv = cli.write("people.csv", "name,email,type\n\xC3\x89mile Zola,emile@example.org,VIP\n"
                                       "\"Lima, Ana\",ana@example.org,\n\xC5\x81ukasz Nowak,,\n");
    auto issued = cli.run({"tickets", "issue", "--event", id, "--csv", csv, "--json"});
    ASSERT_EQ(issued.exitCode, 0) << issued.err;
    const auto qr = json::parse(issued.out)[0]["qrData"].get<std::string>();
    ASSERT_EQ(cli.run({"checkin", "--event", id, "--gate", "A", qr}).exitCode, 0);

    auto out = (cli.dir / "attendees.csv").string();
    auto r = cli.run({"export", "attendees", "--event", id, "--out", out});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.err, "Wrote 3 attendees to " + out + "\n");
    const auto text = fileText(out);
    std::vector<std::string> lines;
    std::stringstream ss(text);
    for (std::string line; std::getline(ss, line);) lines.push_back(line);
    ASSERT_EQ(lines.size(), 4u) << text;
    EXPECT_EQ(lines[0], "number,name,email,type,state,checked_in,inside,issued_at\r");
    EXPECT_EQ(lines[1].rfind("000001,\xC3\x89mile Zola,emile@example.org,VIP,valid,yes,yes,", 0), 0u) << lines[1];
    EXPECT_EQ(lines[2].rfind("000002,\"Lima, Ana\",ana@example.org,General,valid,no,no,", 0), 0u) << lines[2];

    auto other = cli.createEvent("Autumn Fest");
    ASSERT_EQ(cli.run({"type", "add", "--event", other, "--name", "VIP"}).exitCode, 0);
    auto again = cli.run({"tickets", "issue", "--event", other, "--csv", out, "--json"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    auto t = json::parse(again.out);
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[0]["name"], "\xC3\x89mile Zola");
    EXPECT_EQ(t[1]["name"], "Lima, Ana");
    EXPECT_EQ(t[1]["email"], "ana@example.org");
    EXPECT_EQ(t[2]["name"], "\xC5\x81ukasz Nowak");

    EXPECT_EQ(cli.run({"export", "attendees", "--event", id}).exitCode, 2) << "--out is needed";
    EXPECT_EQ(cli.run({"export", "attendees", "--event", "NOSUCHEV", "--out", out}).exitCode, 1);
}

// tickets list --search finds people as the console and the kiosk do: case and accents aside.
TEST(Cli, TicketsListSearchFindsNamesWithoutTheirAccents) {
    Cli cli;
    auto id = cli.createEvent();
    auto csv = cli.write("people.csv", "name,email\n\xC3\x89mile Zola,ez@example.org\n\xC5\x81ukasz Nowak,\n"
                                       "Hans G\xC3\xB6\xC3\x9F,hans@example.de\nAnna Lima,\n");
    ASSERT_EQ(cli.run({"tickets", "issue", "--event", id, "--csv", csv}).exitCode, 0);
    const auto names = [&](const std::string& search) {
        auto r = cli.run({"tickets", "list", "--event", id, "--search", search, "--json"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        std::vector<std::string> out;
        for (const auto& t : json::parse(r.out)) out.push_back(t["name"].get<std::string>());
        return out;
    };
    using Names = std::vector<std::string>;
    for (const char* q : {"emile", "Emile", "\xC3\xA9mile", "\xC3\x89MILE"}) EXPECT_EQ(names(q), Names{"\xC3\x89mile Zola"}) << q;
    EXPECT_EQ(names("lukasz"), Names{"\xC5\x81ukasz Nowak"});
    EXPECT_EQ(names("gosz"), Names{"Hans G\xC3\xB6\xC3\x9F"});
    EXPECT_EQ(names("example.de"), Names{"Hans G\xC3\xB6\xC3\x9F"});
    EXPECT_EQ(names("4"), Names{"Anna Lima"}) << "a number finds its ticket";
    EXPECT_EQ(names("nobody"), Names{});
    auto plain = cli.run({"tickets", "list", "--event", id, "--search", "emile"});
    EXPECT_EQ(plain.out.rfind("000001  ", 0), 0u) << "the same lines as without --search: " << plain.out;
    EXPECT_EQ(std::count(plain.out.begin(), plain.out.end(), '\n'), 1);
}

// The export goes where it is told. A device or a FIFO is written in place (a temporary file
// renamed over it would replace the device with a regular file), and a write error is one line
// and exit code 1, never "Wrote N scans".
TEST(Cli, ExportToAFullDeviceFailsAndLeavesTheDevice) {
    Cli cli;
    auto id = cli.createEvent();
    cli.run({"checkin", "--event", id, "--gate", "A", cli.issue(id, 1)[0]["qrData"].get<std::string>()});
    const auto full = qrgate::testing::fullDevice(cli.dir.path());
    auto r = cli.run({"export", "checkins", "--event", id, "--out", full.string()});
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(full.string() + ": No space left on device"), std::string::npos) << r.err;
    EXPECT_TRUE(qrgate::testing::isCharacterDevice(full)) << full;
}

TEST(Cli, ExportToAFifoOrStandardOutputWritesInPlace) {
    Cli cli;
    auto id = cli.createEvent();
    cli.run({"checkin", "--event", id, "--gate", "A", cli.issue(id, 1)[0]["qrData"].get<std::string>()});
    const auto fifoPath = cli.dir / "scans.csv";
    qrgate::testing::FifoReader fifo(fifoPath);
    auto r = cli.run({"export", "checkins", "--event", id, "--out", fifoPath.string()});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    const auto text = fifo.collect();
    EXPECT_EQ(text.rfind("scanned_at,", 0), 0u) << text;
    EXPECT_NE(text.find(",admitted,"), std::string::npos) << text;
    EXPECT_TRUE(qrgate::testing::isFifo(fifoPath));

    // /dev/stdout, through a link in the test's own folder: a regression can then replace only
    // the link, never the machine's /dev/stdout.
    const auto link = cli.dir / "stdout.csv";
    std::filesystem::create_symlink("/dev/stdout", link);
    auto s = cli.run({"export", "checkins", "--event", id, "--out", link.string()});
    EXPECT_EQ(s.exitCode, 0) << s.err;
    EXPECT_EQ(s.out.rfind("scanned_at,", 0), 0u) << s.out;
    EXPECT_TRUE(std::filesystem::is_symlink(link));
}

TEST(Cli, ExportToAFolderThatCannotBeWrittenIsOneClearLine) {
    Cli cli;
    auto id = cli.createEvent();
    std::vector<std::string> targets{(cli.dir / "no-such-folder" / "scans.csv").string()};
    if (::geteuid() == 0) {
        targets.push_back("/sys/qrgate-export-test.csv");  // root may write anywhere else
    } else {
        std::filesystem::create_directory(cli.dir / "locked");
        ::chmod((cli.dir / "locked").c_str(), 0500);
        targets.push_back((cli.dir / "locked" / "scans.csv").string());
    }
    for (const auto& out : targets) {
        auto r = cli.run({"export", "checkins", "--event", id, "--out", out});
        EXPECT_EQ(r.exitCode, 1) << out;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_EQ(r.err.rfind("qrgate: Cannot write " + out + ": ", 0), 0u) << r.err;
        EXPECT_FALSE(std::filesystem::exists(out));
    }
}

TEST(Cli, UsageErrorsExitTwoWithOneLineOnStderr) {
    Cli cli;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"frobnicate"},
             {"checkin", "--gate"},
             {"checkin", "--gate", "A"},
             {"tickets", "issue", "--count", "3", "--csv", "x.csv"},
             {"tickets", "issue", "--count", "many"},
             {"event", "create"},
             {"event", "create", "--name", "X", "--starts", "next friday"},
         }) {
        auto r = cli.run(args);
        EXPECT_EQ(r.exitCode, 2) << args[0] << " " << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_TRUE(r.out.empty());
    }
}

TEST(Cli, FailuresExitOneWithOneLineOnStderr) {
    Cli cli;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"tickets", "issue", "--event", "NOSUCHEV", "--count", "1"},
             {"tickets", "issue", "--event", "NOSUCHEV", "--csv", "/nonexistent.csv"},
             {"checkin", "--event", "NOSUCHEV", "--gate", "A", "QG1"},
         }) {
        auto r = cli.run(args);
        EXPECT_EQ(r.exitCode, 1) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
}

TEST(Cli, HelpOnEveryCommandAndVersion) {
    Cli cli;
    for (const auto& cmd : {"event", "type", "tickets", "checkin", "export", "demo"}) {
        auto r = cli.run({cmd, "--help"});
        EXPECT_EQ(r.exitCode, 0) << cmd;
        EXPECT_NE(r.out.find("usage"), std::string::npos) << cmd;
    }
    auto v = runQrgate({"--version"});
    EXPECT_EQ(v.exitCode, 0);
    EXPECT_EQ(v.out.rfind("qrgate ", 0), 0u);
    EXPECT_EQ(runQrgate({"--help"}).exitCode, 0);
}

TEST(Cli, ANewerDatabaseIsRefusedClearly) {
    Cli cli;
    cli.createEvent();
    auto r = qrgate::testing::runProcess(
        {"/usr/bin/env", "python3", "-c",
         "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version=42'); c.commit()",
         (cli.dir / "qrgate.db").string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto list = cli.run({"event", "list"});
    EXPECT_EQ(list.exitCode, 1);
    EXPECT_NE(list.err.find("newer qrgate"), std::string::npos) << list.err;
}

// A database file that was emptied or cut short, beside the keys of an event it held, is not
// mistaken for a new data folder: commands and serve refuse it, naming the file, what seems to
// have happened and how to go on, and leave the file as it is.
TEST(Cli, ADatabaseCutShortBesideEventKeysIsRefused) {
    for (const bool toZero : {true, false}) {
        Cli cli;
        cli.issue(cli.createEvent(), 50);
        const auto db = cli.dir / "qrgate.db";
        const auto size = std::filesystem::file_size(db);
        std::filesystem::resize_file(db, toZero ? 0 : size / 2);
        const auto damaged = fileText(db.string());

        auto list = cli.run({"event", "list"});
        EXPECT_EQ(list.exitCode, 1) << list.out;
        EXPECT_EQ(std::count(list.err.begin(), list.err.end(), '\n'), 1) << list.err;
        EXPECT_NE(list.err.find(db.string()), std::string::npos) << list.err;
        EXPECT_NE(list.err.find(toZero ? "0 bytes" : "shorter than"), std::string::npos) << list.err;
        EXPECT_NE(list.err.find("backup"), std::string::npos) << list.err;
        EXPECT_NE(list.err.find("--start-afresh"), std::string::npos) << list.err;

        auto serve = qrgate::testing::runProcess(
            {QRGATE_BINARY, "--data", cli.data, "serve", "--listen", "127.0.0.1:0", "--plain-http"}, "", 10);
        EXPECT_EQ(serve.exitCode, 1) << serve.out << serve.err;
        EXPECT_EQ(serve.out.find("listening on"), std::string::npos) << serve.out;
        EXPECT_NE(serve.err.find("--start-afresh"), std::string::npos) << serve.err;

        EXPECT_EQ(fileText(db.string()), damaged) << "the damaged file is left as it was";
        EXPECT_EQ(std::filesystem::file_size(db), toZero ? 0 : size / 2);
    }
}

TEST(Cli, StartAfreshKeepsTheDamagedDatabaseAsideAndBeginsANewOne) {
    Cli cli;
    cli.issue(cli.createEvent(), 50);
    const auto db = cli.dir / "qrgate.db";
    std::filesystem::resize_file(db, std::filesystem::file_size(db) / 2);
    const auto damaged = fileText(db.string());

    auto r = cli.run({"--start-afresh", "event", "list", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(json::parse(r.out).size(), 0u);
    std::vector<std::filesystem::path> asides;
    for (const auto& e : std::filesystem::directory_iterator(cli.dir.path()))
        if (e.path().filename().string().rfind("qrgate.db.damaged-", 0) == 0) asides.push_back(e.path());
    ASSERT_EQ(asides.size(), 1u);
    EXPECT_EQ(fileText(asides[0].string()), damaged);
    EXPECT_NE(r.err.find(asides[0].filename().string()), std::string::npos) << r.err;

    // From now on the folder is healthy again, without the flag.
    EXPECT_EQ(cli.run({"event", "list"}).exitCode, 0);
    EXPECT_EQ(cli.createEvent("Second try").size(), 8u);
}

// serve is stopped by the test's time limit once it has said it listens.
TEST(Cli, ServeWithStartAfreshBeginsANewDatabase) {
    Cli cli;
    cli.createEvent();
    const auto db = cli.dir / "qrgate.db";
    std::filesystem::resize_file(db, 0);
    auto serve = qrgate::testing::runProcess(
        {QRGATE_BINARY, "--data", cli.data, "--start-afresh", "serve", "--listen", "127.0.0.1:0", "--plain-http"}, "",
        3);
    EXPECT_EQ(serve.out.rfind("listening on ", 0), 0u) << serve.err;
}

TEST(Cli, ReadsQrDataFromStandardInput) {
    Cli cli;
    auto id = cli.createEvent();
    auto qr = cli.issue(id, 1)[0]["qrData"].get<std::string>();
    auto r = cli.run({"checkin", "--event", id, "--gate", "A", "-"}, qr + "\n");
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
}

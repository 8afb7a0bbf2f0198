// `qrgate tickets issue --csv` into an event that already has tickets, partial imports and
// `tickets undo-import`, driven as a user drives them: the real binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/file_text.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using qrgate::testing::fileText;
using qrgate::testing::runQrgate;
using qrgate::testing::TempDir;

namespace {

struct ImportCli {
    TempDir dir;
    std::string data = dir.path().string();
    std::string event;

    ImportCli() {
        auto r = run({"event", "create", "--name", "Spring Fest"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        event = r.out.substr(0, r.out.find('\n'));
    }
    qrgate::testing::ProcessResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--data", data});
        return runQrgate(args, "");
    }
    std::string write(const std::string& name, const std::string& content) {
        auto path = (dir.path() / name).string();
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }
    json tickets() { return json::parse(run({"tickets", "list", "--event", event, "--json"}).out); }
    std::size_t validTickets() {
        std::size_t n = 0;
        for (const auto& t : tickets()) n += t["state"] == "valid";
        return n;
    }
};

const std::string kPeople = "name,email\nAna Lima,ana@example.org\nBo,\nAna Lima,ana@example.org\n";

TEST(ImportCli, ImportingTheSameFileTwiceIssuesNobodyTwice) {
    ImportCli cli;
    const auto csv = cli.write("people.csv", kPeople);
    auto first = cli.run({"tickets", "issue", "--event", cli.event, "--csv", csv});
    ASSERT_EQ(first.exitCode, 0) << first.err;
    EXPECT_NE(first.out.find("Issued 3 tickets, skipped 0 duplicates, updated 0 tickets.\n"), std::string::npos)
        << first.out;
    auto second = cli.run({"tickets", "issue", "--event", cli.event, "--csv", csv, "--json"});
    ASSERT_EQ(second.exitCode, 0) << second.err;
    EXPECT_EQ(json::parse(second.out).size(), 0u) << "--json lists the tickets issued: none";
    EXPECT_EQ(cli.tickets().size(), 3u) << "Ana listed twice on purpose still has her two tickets, not four";
    auto third = cli.run({"tickets", "issue", "--event", cli.event, "--csv", csv});
    EXPECT_EQ(third.out, "Issued 0 tickets, skipped 3 duplicates, updated 0 tickets.\n");
}

TEST(ImportCli, DuplicatesAnotherIssuesThemAgainAndUpdateChangesTheirDetails) {
    ImportCli cli;
    const auto csv = cli.write("people.csv", kPeople);
    ASSERT_EQ(cli.run({"tickets", "issue", "--event", cli.event, "--csv", csv}).exitCode, 0);
    auto again = cli.run({"tickets", "issue", "--event", cli.event, "--csv", csv, "--duplicates", "another", "--json"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_EQ(json::parse(again.out).size(), 3u);
    EXPECT_EQ(cli.tickets().size(), 6u);

    const auto renamed = cli.write("renamed.csv", "name,email\nAna Maria Lima,ana@example.org\n");
    auto update = cli.run({"tickets", "issue", "--event", cli.event, "--csv", renamed, "--duplicates", "update"});
    ASSERT_EQ(update.exitCode, 0) << update.err;
    EXPECT_EQ(update.out, "Issued 0 tickets, skipped 0 duplicates, updated 1 ticket.\n");
    EXPECT_EQ(cli.tickets()[0]["name"], "Ana Maria Lima");

    auto bad = cli.run({"tickets", "issue", "--event", cli.event, "--csv", csv, "--duplicates", "merge"});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_EQ(bad.err.find('\n'), bad.err.size() - 1) << "one line: " << bad.err;
    EXPECT_EQ(cli.run({"tickets", "issue", "--event", cli.event, "--count", "2", "--duplicates", "skip"}).exitCode, 2);
}

TEST(ImportCli, SkipBadRowsIssuesTheGoodOnesAndWritesTheRestToFixAndImportAgain) {
    ImportCli cli;
    const auto csv = cli.write("people.csv",
                               "Vorname;Nachname;E-Mail\n"
                               "Jörg;Müller;jorg@example.org\n"
                               "Anna;Schmidt;anna-at-example.org\n"
                               "Lena;Weber;lena@example.org\n");
    auto all = cli.run({"tickets", "issue", "--event", cli.event, "--csv", csv});
    EXPECT_EQ(all.exitCode, 1) << "all or nothing stays the default";
    EXPECT_EQ(cli.tickets().size(), 0u);

    const auto rejects = (cli.dir.path() / "fix-me.csv").string();
    auto partial = cli.run({"tickets", "issue", "--event", cli.event, "--csv", csv, "--skip-bad-rows", "--rejects", rejects});
    ASSERT_EQ(partial.exitCode, 0) << partial.err;
    EXPECT_EQ(partial.err, "qrgate: " + csv + ": line 3: 'anna-at-example.org' is not a valid email address\n");
    EXPECT_NE(partial.out.find("Issued 2 tickets, skipped 0 duplicates, updated 0 tickets, skipped 1 bad row (written to " +
                               rejects + ")."),
              std::string::npos)
        << partial.out;
    EXPECT_EQ(cli.tickets().size(), 2u);
    std::string text = fileText(rejects);
    EXPECT_EQ(text, "\xEF\xBB\xBFVorname,Nachname,E-Mail,Problem\r\n"
                    "Anna,Schmidt,anna-at-example.org,'anna-at-example.org' is not a valid email address\r\n");

    // Fixed, it imports; the default rejects file sits beside the CSV.
    text.replace(text.find("anna-at-example.org,"), 20, "anna@example.org,");
    const auto fixed = cli.write("fixed.csv", text);
    auto again = cli.run({"tickets", "issue", "--event", cli.event, "--csv", fixed, "--json"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    ASSERT_EQ(json::parse(again.out).size(), 1u);
    EXPECT_EQ(json::parse(again.out)[0]["name"], "Anna Schmidt");

    const auto more = cli.write("more.csv", "name,email\nCy,cy@\n");
    EXPECT_EQ(cli.run({"tickets", "issue", "--event", cli.event, "--csv", more, "--skip-bad-rows"}).exitCode, 1)
        << "no good row: nothing to import";
    EXPECT_EQ(cli.run({"tickets", "issue", "--event", cli.event, "--csv", csv, "--rejects", rejects}).exitCode, 2);
}

TEST(ImportCli, AWindows1252FileIsConvertedAndSaysSo) {
    ImportCli cli;
    const auto csv = cli.write("excel.csv", "Nom;Pr\xE9nom\r\nDupr\xE9;Ren\xE9" "e\r\n");
    auto r = cli.run({"tickets", "issue", "--event", cli.event, "--csv", csv, "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)[0]["name"], "Renée Dupré");
    EXPECT_EQ(r.err, "qrgate: " + csv + ": Read as Windows-1252 (converted)\n");
}

TEST(ImportCli, UndoImportVoidsItsTicketsAndTheGateRefusesThem) {
    ImportCli cli;
    ASSERT_EQ(cli.run({"tickets", "issue", "--event", cli.event, "--count", "1"}).exitCode, 0);
    const auto csv = cli.write("people.csv", kPeople);
    auto imported = cli.run({"tickets", "issue", "--event", cli.event, "--csv", csv, "--json"});
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    const auto issued = json::parse(imported.out);
    ASSERT_EQ(issued.size(), 3u);

    auto undo = cli.run({"tickets", "undo-import", "--event", cli.event});
    ASSERT_EQ(undo.exitCode, 0) << undo.err;
    EXPECT_EQ(undo.out, "Undid the import of people.csv: voided 3 tickets.\n");
    EXPECT_EQ(cli.validTickets(), 1u) << "the ticket issued by count stays";

    auto scan = cli.run({"checkin", "--event", cli.event, "--gate", "North", issued[1]["qrData"].get<std::string>()});
    EXPECT_EQ(scan.exitCode, 1);
    EXPECT_EQ(json::parse(scan.out)["reason"], "void");

    auto nothing = cli.run({"tickets", "undo-import", "--event", cli.event});
    EXPECT_EQ(nothing.exitCode, 1);
    EXPECT_EQ(nothing.err, "qrgate: There is no import to undo for this event.\n");
}

TEST(ImportCli, UndoImportIsRefusedOnceOneOfItsTicketsHasBeenScanned) {
    ImportCli cli;
    const auto csv = cli.write("people.csv", kPeople);
    auto imported = cli.run({"tickets", "issue", "--event", cli.event, "--csv", csv, "--json"});
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    const auto issued = json::parse(imported.out);
    ASSERT_EQ(cli.run({"checkin", "--event", cli.event, "--gate", "North", issued[2]["qrData"].get<std::string>()}).exitCode, 0);

    auto undo = cli.run({"tickets", "undo-import", "--event", cli.event});
    EXPECT_EQ(undo.exitCode, 1);
    EXPECT_EQ(undo.err, "qrgate: The import of people.csv cannot be undone: 1 of its tickets has been scanned already "
                        "(ticket 000003). Void tickets one by one instead.\n");
    EXPECT_EQ(cli.validTickets(), 3u);
}

}  // namespace

// The paper commands of the command-line contract (sheet, sheet --layouts, tickets render,
// doorlist), driven as an outside test drives them: the real binary, its files read back.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/paper/sheet_layouts.hpp"
#include "paper/paper_test_support.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {
namespace {

using nlohmann::json;

struct PaperCli {
    TempDir dir;
    std::string data = (dir / "data").string();
    std::string event;
    json tickets;

    ProcessResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--data", data});
        return runQrgate(args);
    }
    explicit PaperCli(int count = 10) {
        auto r = run({"event", "create", "--name", "Campus Fest", "--venue", "Main Quad", "--starts", "2026-12-05 17:00"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        event = r.out.substr(0, r.out.find('\n'));
        if (count > 0) {
            std::ofstream csv(dir / "people.csv");
            csv << "name,email\n";
            for (int i = 0; i < count; ++i)
                csv << diverseNames()[std::size_t(i) % diverseNames().size()] << ",p" << i << "@example.org\n";
            csv.close();
            auto issued = run({"tickets", "issue", "--event", event, "--csv", (dir / "people.csv").string(), "--json"});
            EXPECT_EQ(issued.exitCode, 0) << issued.err;
            tickets = json::parse(issued.out);
        }
    }
    std::string path(const std::string& name) const { return (dir / name).string(); }
};

TEST(PaperCli, SheetPrintsPagesAndTicketsAndEveryCodeIsAdmittedByTheCheckinCommand) {
    PaperCli cli(10);
    auto r = cli.run({"sheet", "--event", cli.event, "--out", cli.path("s.pdf"), "--per-page", "4", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto summary = json::parse(r.out);
    EXPECT_EQ(summary["pages"], 3);
    EXPECT_EQ(summary["tickets"], 10);
    EXPECT_EQ(pdfPageCount(cli.path("s.pdf")), 3);
    // stderr lists the names the fonts cannot draw in full, before the sheet is made.
    EXPECT_NE(r.err.find("2 names cannot be printed in full"), std::string::npos) << r.err;

    const auto layout = *LayoutCatalog::builtIn().gridFor(4);
    const auto cells = resolveGeometry(layout, *findPaperSize("a4"))->cells;
    std::vector<std::string> decoded;
    for (const auto& page : rasterise(cli.path("s.pdf"), 150, cli.dir / "pages"))
        for (const auto& codes : decodeQrCodesIn(page, 150, cells)) decoded.insert(decoded.end(), codes.begin(), codes.end());
    ASSERT_EQ(decoded.size(), 10u);
    for (std::size_t i = 0; i < decoded.size(); ++i) {
        EXPECT_EQ(decoded[i], cli.tickets[i]["qrData"]);
        auto v = cli.run({"checkin", "--event", cli.event, "--gate", "Main", decoded[i]});
        EXPECT_EQ(v.exitCode, 0) << v.out << v.err;
        EXPECT_EQ(json::parse(v.out)["status"], "admitted");
    }
}

TEST(PaperCli, SheetChoosesTicketsByIdsTypeAndMailState) {
    PaperCli cli(6);
    const std::string ids = cli.tickets[1]["id"].get<std::string>() + "," + cli.tickets[4]["id"].get<std::string>();
    auto some = cli.run({"sheet", "--event", cli.event, "--out", cli.path("ids.pdf"), "--tickets", ids, "--json"});
    ASSERT_EQ(some.exitCode, 0) << some.err;
    EXPECT_EQ(json::parse(some.out)["tickets"], 2);
    auto type = cli.run({"sheet", "--event", cli.event, "--out", cli.path("type.pdf"), "--type", "General", "--json"});
    ASSERT_EQ(type.exitCode, 0) << type.err;
    EXPECT_EQ(json::parse(type.out)["tickets"], 6);
    auto unsent = cli.run({"sheet", "--event", cli.event, "--out", cli.path("unsent.pdf"), "--mail", "unsent", "--json"});
    ASSERT_EQ(unsent.exitCode, 0) << unsent.err;
    EXPECT_EQ(json::parse(unsent.out)["tickets"], 6);
    auto failed = cli.run({"sheet", "--event", cli.event, "--out", cli.path("failed.pdf"), "--mail", "failed"});
    EXPECT_EQ(failed.exitCode, 1);
    EXPECT_NE(failed.err.find("Nothing to print"), std::string::npos) << failed.err;
    EXPECT_FALSE(std::filesystem::exists(cli.path("failed.pdf")));
}

TEST(PaperCli, LayoutsListThePresetsAndOnesAddedInTheDataFolderWithoutCode) {
    PaperCli cli(3);
    auto r = cli.run({"sheet", "--layouts", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto layouts = json::parse(r.out);
    std::set<std::string> names;
    for (const auto& l : layouts) names.insert(l["name"]);
    for (const char* n : {"grid-1", "grid-2", "grid-4", "grid-6", "grid-8", "grid-12", "labels-l7160", "labels-5160"})
        EXPECT_TRUE(names.count(n)) << n;

    std::ofstream(std::filesystem::path(cli.data) / "layouts.json")
        << R"([{"name":"badges-2x4","title":"Badges 2 x 4 on A4","paper":"a4","columns":2,"rows":4,
               "leftMm":10,"topMm":15,"widthMm":90,"heightMm":65,"pitchXmm":95,"pitchYmm":67}])";
    auto listed = cli.run({"sheet", "--layouts"});
    EXPECT_NE(listed.out.find("badges-2x4"), std::string::npos) << listed.out;
    auto sheet = cli.run({"sheet", "--event", cli.event, "--out", cli.path("badges.pdf"), "--layout", "badges-2x4", "--json"});
    ASSERT_EQ(sheet.exitCode, 0) << sheet.err;
    EXPECT_EQ(json::parse(sheet.out)["pages"], 1);

    std::ofstream(std::filesystem::path(cli.data) / "layouts.json") << "[{\"name\": 3}]";
    auto damaged = cli.run({"sheet", "--layouts"});
    EXPECT_EQ(damaged.exitCode, 1);
    EXPECT_NE(damaged.err.find("layouts.json"), std::string::npos) << damaged.err;
}

TEST(PaperCli, UsageErrorsExitTwoAndWriteNothing) {
    PaperCli cli(2);
    const auto out = cli.path("x.pdf");
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"sheet", "--event", cli.event},
             {"sheet", "--event", cli.event, "--out", out, "--per-page", "5"},
             {"sheet", "--event", cli.event, "--out", out, "--per-page", "8", "--layout", "grid-8"},
             {"sheet", "--event", cli.event, "--out", out, "--layout", "nope"},
             {"sheet", "--event", cli.event, "--out", out, "--paper", "a3"},
             {"sheet", "--event", cli.event, "--out", out, "--layout", "labels-5160", "--paper", "a4"},
             {"sheet", "--event", cli.event, "--out", out, "--type", "General", "--mail", "unsent"},
             {"sheet", "--event", cli.event, "--out", out, "--mail", "sometimes"},
             {"tickets", "render", cli.tickets[0]["id"], "--out", cli.path("x.jpg")},
             {"tickets", "render", cli.tickets[0]["id"], "--out", cli.path("x.png"), "--size", "10"},
             {"tickets", "render", cli.tickets[0]["id"], "--out", out, "--size", "300"},
             {"doorlist", "--event", cli.event},
         }) {
        auto r = cli.run(args);
        std::string line;
        for (const auto& a : args) line += a + " ";
        EXPECT_EQ(r.exitCode, 2) << line << "\n" << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << line << "\n" << r.err;
    }
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(PaperCli, FailuresExitOneWithOneLine) {
    PaperCli cli(2);
    auto unknown = cli.run({"sheet", "--event", "ZZZZZZZZ", "--out", cli.path("a.pdf")});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.err.find("ZZZZZZZZ"), std::string::npos);
    auto unwritable = cli.run({"sheet", "--event", cli.event, "--out", cli.path("missing/a.pdf")});
    EXPECT_EQ(unwritable.exitCode, 1);
    EXPECT_NE(unwritable.err.find("missing/a.pdf"), std::string::npos) << unwritable.err;
    auto noTicket = cli.run({"tickets", "render", "NOSUCHTICKET", "--out", cli.path("t.pdf")});
    EXPECT_EQ(noTicket.exitCode, 1);
    auto unknownDoor = cli.run({"doorlist", "--event", "ZZZZZZZZ", "--out", cli.path("d.pdf")});
    EXPECT_EQ(unknownDoor.exitCode, 1);

    // A gate's replica: no key file. Sheets and tickets need the organizer's machine; the door
    // list does not.
    std::filesystem::remove_all(std::filesystem::path(cli.data) / "keys");
    auto sheet = cli.run({"sheet", "--event", cli.event, "--out", cli.path("k.pdf")});
    EXPECT_EQ(sheet.exitCode, 1);
    EXPECT_NE(sheet.err.find("organizer's machine"), std::string::npos) << sheet.err;
    EXPECT_EQ(std::count(sheet.err.begin(), sheet.err.end(), '\n'), 1) << sheet.err;
    auto render = cli.run({"tickets", "render", cli.tickets[0]["id"], "--out", cli.path("k.png")});
    EXPECT_EQ(render.exitCode, 1);
    EXPECT_NE(render.err.find("organizer's machine"), std::string::npos) << render.err;
    auto door = cli.run({"doorlist", "--event", cli.event, "--out", cli.path("door.pdf")});
    EXPECT_EQ(door.exitCode, 0) << door.err;
    EXPECT_EQ(pdfPageCount(cli.path("door.pdf")), 1);
}

TEST(PaperCli, TicketsRenderMakesAOnePagePdfAndAPngThatTheDecodeCommandReads) {
    PaperCli cli(3);
    const std::string id = cli.tickets[2]["id"];
    auto pdf = cli.run({"tickets", "render", id, "--out", cli.path("t.pdf")});
    ASSERT_EQ(pdf.exitCode, 0) << pdf.err;
    EXPECT_EQ(pdfPageCount(cli.path("t.pdf")), 1);
    auto page = rasterise(cli.path("t.pdf"), 150, cli.dir / "t");
    EXPECT_EQ(decodeQrCodes(page.at(0)), std::vector<std::string>{cli.tickets[2]["qrData"]});

    auto png = cli.run({"tickets", "render", id, "--out", cli.path("t.png"), "--size", "360"});
    ASSERT_EQ(png.exitCode, 0) << png.err;
    auto decoded = cli.run({"decode", "--json", cli.path("t.png")});
    ASSERT_EQ(decoded.exitCode, 0) << decoded.err;
    EXPECT_EQ(json::parse(decoded.out)["codes"], json::array({cli.tickets[2]["qrData"]})) << decoded.out;
    auto admitted = cli.run({"checkin", "--event", cli.event, "--gate", "G", cli.tickets[2]["qrData"]});
    EXPECT_EQ(admitted.exitCode, 0);
}

TEST(PaperCli, DoorListCountsWhoIsAlreadyIn) {
    PaperCli cli(5);
    ASSERT_EQ(cli.run({"checkin", "--event", cli.event, "--gate", "North", cli.tickets[0]["qrData"]}).exitCode, 0);
    auto r = cli.run({"doorlist", "--event", cli.event, "--out", cli.path("door.pdf"), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = json::parse(r.out);
    EXPECT_EQ(j["tickets"], 5);
    EXPECT_EQ(j["admitted"], 1);
    EXPECT_NE(pdfText(cli.path("door.pdf")).find("already in"), std::string::npos);
}

}  // namespace
}  // namespace qrgate::testing

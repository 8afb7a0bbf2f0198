// Bad input on the way to paper: each gets one clear error and leaves no file behind.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "core/paper/door_list.hpp"
#include "core/paper/ticket_document.hpp"
#include "core/paper/ticket_sheet.hpp"
#include "core/store/output_file.hpp"
#include "core/tickets/ticket_store.hpp"
#include "paper/paper_test_support.hpp"

namespace qrgate::testing {
namespace {

std::vector<std::string> filesIn(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
    return names;
}

TEST(PaperErrors, AnUnknownEventIsNamed) {
    PaperFixture f;
    auto job = loadPaperJob(*f.db, f.keys, "ZZZZZZZZ", TicketSelection::all());
    ASSERT_FALSE(job);
    EXPECT_EQ(job.error().code, "unknown_event");
    EXPECT_NE(job.error().message.find("ZZZZZZZZ"), std::string::npos);
}

TEST(PaperErrors, AnEmptySelectionSaysThereIsNothingToPrint) {
    PaperFixture f;
    auto none = loadPaperJob(*f.db, f.keys, f.event.id, TicketSelection::all());
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, "empty_selection");
    f.issueDiverse(3);
    TicketType vip;
    vip.name = "VIP";
    f.addType(vip);
    auto noVip = loadPaperJob(*f.db, f.keys, f.event.id, TicketSelection::byType("VIP"));
    ASSERT_FALSE(noVip);
    EXPECT_EQ(noVip.error().code, "empty_selection");
    EXPECT_NE(noVip.error().message.find("type VIP"), std::string::npos) << noVip.error().message;
    auto unknownType = loadPaperJob(*f.db, f.keys, f.event.id, TicketSelection::byType("Backstage"));
    ASSERT_FALSE(unknownType);
    EXPECT_EQ(unknownType.error().code, "unknown_type");
    EXPECT_NE(unknownType.error().message.find("General"), std::string::npos) << "names the types there are";
    // Nobody has been emailed yet: "email failed" is empty, "not yet emailed" is everyone.
    EXPECT_EQ(loadPaperJob(*f.db, f.keys, f.event.id, TicketSelection::mailFailed()).error().code, "empty_selection");
    EXPECT_EQ(loadPaperJob(*f.db, f.keys, f.event.id, TicketSelection::mailNotSent())->batch.tickets.size(), 3u);
}

TEST(PaperErrors, AVoidOrForeignTicketInAnIdListIsRefused) {
    PaperFixture f;
    f.issueDiverse(2);
    ASSERT_TRUE(TicketStore(*f.db).setState(f.tickets[1].ticket.id, TicketState::Void));
    auto voided = loadPaperJob(*f.db, f.keys, f.event.id, TicketSelection::byIds({f.tickets[1].ticket.id}));
    ASSERT_FALSE(voided);
    EXPECT_EQ(voided.error().code, "void_ticket");
    auto unknown = loadPaperJob(*f.db, f.keys, f.event.id, TicketSelection::byIds({"000000000000"}));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, "unknown_ticket");
    // A sheet of all tickets leaves the void one out.
    EXPECT_EQ(f.job().batch.tickets.size(), 1u);
}

TEST(PaperErrors, AKioskReplicaWithoutTheKeyFileSaysPrintingNeedsTheOrganizersMachine) {
    PaperFixture f;
    f.issueDiverse(2);
    std::filesystem::remove_all(f.keys.directory());
    auto job = loadPaperJob(*f.db, f.keys, f.event.id, TicketSelection::all());
    ASSERT_FALSE(job);
    EXPECT_EQ(job.error().code, "no_key_file");
    EXPECT_NE(job.error().message.find("organizer's machine"), std::string::npos) << job.error().message;
    // The door list needs no keys.
    auto batch = loadTicketBatch(*f.db, f.event.id, TicketSelection::all());
    ASSERT_TRUE(batch);
    EXPECT_TRUE(renderDoorList(*batch, *findPaperSize("a4"), f.clock.nowMs(), f.dir / "door.pdf"));
}

TEST(PaperErrors, AnUnwritableOutputPathIsOneLineAndLeavesNothing) {
    // A missing folder (a read-only one would not stop root, who runs CI).
    PaperFixture f;
    f.issueDiverse(2);
    auto missing = renderSheet(f.job(), {}, f.dir / "no-such-folder" / "sheet.pdf");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "write_failed");
    EXPECT_NE(missing.error().message.find("no-such-folder/sheet.pdf"), std::string::npos) << missing.error().message;
    EXPECT_EQ(missing.error().message.find('\n'), std::string::npos);
    auto png = writeTicketQrPng(f.job(TicketSelection::byIds({f.tickets[0].ticket.id})), 300, f.dir / "nope" / "qr.png");
    EXPECT_FALSE(png);
    auto doc = writeTicketPdf(f.job(TicketSelection::byIds({f.tickets[0].ticket.id})), *findPaperSize("a4"),
                              f.dir / "nope" / "ticket.pdf");
    EXPECT_FALSE(doc);
    // A folder in place of the file.
    std::filesystem::create_directory(f.dir / "taken.pdf");
    EXPECT_FALSE(renderSheet(f.job(), {}, f.dir / "taken.pdf"));
}

TEST(PaperErrors, ACancelledRunLeavesNoFileUnderTheNameAndNoTemporaryFile) {
    PaperFixture f;
    f.issueDiverse(40);
    const auto out = f.dir / "out" / "sheet.pdf";
    std::filesystem::create_directories(out.parent_path());
    std::size_t calls = 0;
    auto result = renderSheet(f.job(), {}, out, [&](std::size_t done, std::size_t total) {
        EXPECT_EQ(total, 40u);
        return ++calls < 2;  // cancel after the second page
    });
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, "cancelled");
    EXPECT_EQ(calls, 2u);
    EXPECT_TRUE(filesIn(out.parent_path()).empty()) << filesIn(out.parent_path()).front();
    // A file that was there before a cancelled run is still the old one.
    writeOutputFile(out, "old").value();
    EXPECT_FALSE(renderSheet(f.job(), {}, out, [](std::size_t, std::size_t) { return false; }));
    EXPECT_EQ(filesIn(out.parent_path()), std::vector<std::string>{"sheet.pdf"});
    EXPECT_EQ(std::filesystem::file_size(out), 3u);
}

TEST(PaperErrors, ALabelLayoutThatDoesNotFitItsPaperIsRefusedWhenRead) {
    auto layouts = LayoutCatalog::parse(R"([{"name":"huge","paper":"a4","columns":3,"rows":8,"leftMm":7,"topMm":15,
        "widthMm":63.5,"heightMm":38.1,"pitchXmm":66,"pitchYmm":38.1}])");
    ASSERT_FALSE(layouts);
    EXPECT_NE(layouts.error().message.find("does not fit"), std::string::npos) << layouts.error().message;
    EXPECT_FALSE(LayoutCatalog::parse("[{\"name\":\"x\"}]"));
    EXPECT_FALSE(LayoutCatalog::parse("not json"));
}

}  // namespace
}  // namespace qrgate::testing

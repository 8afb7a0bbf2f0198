// Importing a list into an event that already has tickets: who is already there (a duplicate),
// who is new, what each duplicate policy does, and undoing the last import.
#include "core/io/ticket_import.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/checkin/checkin_engine.hpp"
#include "core/io/import_history.hpp"
#include "core/io/import_plan.hpp"
#include "core/replica/change_feed.hpp"
#include "core/tickets/ticket_store.hpp"
#include "support/fixtures.hpp"

namespace qrgate {
namespace {

using testing::EventFixture;

struct ReimportFixture : EventFixture {
    ReimportFixture() {
        TicketType vip;
        vip.name = "VIP";
        addType(vip);
    }
    TicketImport import() { return TicketImport(*db, keys, clock); }
    std::size_t ticketCount() { return TicketStore(*db).countForEvent(event.id); }
    std::size_t validCount() {
        TicketQuery q;
        q.eventId = event.id;
        q.state = TicketState::Valid;
        return TicketStore(*db).count(q);
    }
    TicketImportResult importCsv(const std::string& csv, DuplicatePolicy policy = DuplicatePolicy::Skip,
                                 bool skipBadRows = false) {
        TicketImportOptions options;
        options.duplicates = policy;
        options.skipBadRows = skipBadRows;
        return import().importCsv(event.id, csv, options, "people.csv");
    }
    std::vector<Ticket> tickets() {
        TicketQuery q;
        q.eventId = event.id;
        return TicketStore(*db).list(q);
    }
};

AttendeeRow row(std::string name, std::string email = "", std::string type = "") {
    AttendeeRow r;
    r.name = std::move(name);
    r.email = std::move(email);
    r.type = std::move(type);
    return r;
}

TEST(Reimport, ImportingTheSameFileTwiceIssuesNobodyTwice) {
    ReimportFixture f;
    const std::string csv = "name,email\nAna Lima,ana@example.org\nBo,\nChen,chen@example.org\n";
    ASSERT_TRUE(f.import().importCsv(f.event.id, csv).ok());
    ASSERT_EQ(f.ticketCount(), 3u);
    auto again = f.import().importCsv(f.event.id, csv);
    EXPECT_EQ(f.ticketCount(), 3u) << "the second import found everybody already there";
    EXPECT_TRUE(again.tickets.empty());
}

TEST(Reimport, ReimportingIsIdempotentEvenWithIntentionalRepeatsInTheFile) {
    ReimportFixture f;
    // Ana buys two tickets: the file lists her twice on purpose.
    const std::string csv = "name,email\nAna,ana@example.org\nAna,ana@example.org\nBo,\nBo,\n";
    ASSERT_TRUE(f.importCsv(csv).ok());
    ASSERT_EQ(f.ticketCount(), 4u);
    auto again = f.importCsv(csv);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(f.ticketCount(), 4u);
    EXPECT_EQ(again.plan.duplicates.size(), 4u);
    EXPECT_EQ(again.skippedDuplicates, 4u);
    EXPECT_FALSE(again.importId) << "an import that did nothing leaves no record to undo";
}

// ---- the plan: a multiset of valid tickets per type ----

TEST(ImportPlan, OneTicketAnswersForOneRowOnly) {
    const std::vector<ExistingHolder> existing = {{"T1", "General", "Ana", "ana@example.org"}};
    const auto plan = planImport({row("Ana", "ana@example.org"), row("Ana", "ana@example.org")}, existing, "General");
    ASSERT_EQ(plan.duplicates.size(), 1u);
    EXPECT_EQ(plan.duplicates[0].row, 0u);
    EXPECT_EQ(plan.duplicates[0].ticketId, "T1");
    EXPECT_EQ(plan.newRows, (std::vector<std::size_t>{1}));
}

TEST(ImportPlan, EmailMatchesIgnoringCaseAndNamesMatchFoldedWhenThereIsNoEmail) {
    const std::vector<ExistingHolder> existing = {{"T1", "General", "Ana Lima", "Ana@Example.org"},
                                                  {"T2", "General", "Łukasz Żółć", ""},
                                                  {"T3", "General", "Émile", "emile@example.org"}};
    const auto plan = planImport({row("Ana Lima", "ana@EXAMPLE.org"), row("lukasz zolc"), row("EMILE")}, existing,
                                 "General");
    ASSERT_EQ(plan.duplicates.size(), 3u);
    EXPECT_EQ(plan.duplicates[0].ticketId, "T1");
    EXPECT_TRUE(plan.duplicates[0].changed) << "the address's case differs: Update would write it";
    EXPECT_EQ(plan.duplicates[1].ticketId, "T2");
    EXPECT_EQ(plan.duplicates[2].ticketId, "T3") << "a row without email matches a ticket with one by name";
    EXPECT_TRUE(plan.newRows.empty());
    EXPECT_EQ(plan.changed, 3u);
}

TEST(ImportPlan, ARowWithAnotherEmailOrAnotherTypeIsNew) {
    const std::vector<ExistingHolder> existing = {{"T1", "General", "Ana", "ana@example.org"}};
    const auto plan = planImport({row("Ana", "ana.lima@example.org"), row("Ana", "ana@example.org", "VIP")},
                                 existing, "General");
    EXPECT_TRUE(plan.duplicates.empty());
    EXPECT_EQ(plan.newRows.size(), 2u);
}

TEST(ImportPlan, ARowWithoutTypeIsOfTheDefaultType) {
    const std::vector<ExistingHolder> existing = {{"T1", "General", "Ana", "ana@example.org"}};
    EXPECT_EQ(planImport({row("Ana", "ana@example.org")}, existing, "General").duplicates.size(), 1u);
    EXPECT_EQ(planImport({row("Ana", "ana@example.org", "general")}, existing, "General").duplicates.size(), 1u);
}

TEST(ImportPlan, EmailRowsAreMatchedBeforeNameOnlyRows) {
    // One ticket for Ana with her address. The name-only row comes first in the file but must not
    // take the ticket the row with the address matches.
    const std::vector<ExistingHolder> existing = {{"T1", "General", "Ana", "ana@example.org"}};
    const auto plan = planImport({row("Ana"), row("Ana", "ana@example.org")}, existing, "General");
    ASSERT_EQ(plan.duplicates.size(), 1u);
    EXPECT_EQ(plan.duplicates[0].row, 1u);
    EXPECT_EQ(plan.newRows, (std::vector<std::size_t>{0}));
}

TEST(ImportPlan, VoidTicketsAreNotDuplicates) {
    ReimportFixture f;
    auto first = f.importCsv("name,email\nAna,ana@example.org\n");
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(TicketStore(*f.db).setState(first.tickets[0].ticket.id, TicketState::Void).ok());
    auto again = f.importCsv("name,email\nAna,ana@example.org\n");
    EXPECT_EQ(again.tickets.size(), 1u) << "Ana's only ticket is void: she gets a new one";
}

TEST(ImportPlan, TheCountsArePerPolicy) {
    ImportPlan plan;
    plan.newRows = {0, 3};
    plan.duplicates = {{1, "T1", true}, {2, "T2", false}};
    plan.changed = 1;
    EXPECT_EQ(plan.toIssue(DuplicatePolicy::Skip), 2u);
    EXPECT_EQ(plan.toIssue(DuplicatePolicy::Another), 4u);
    EXPECT_EQ(plan.toIssue(DuplicatePolicy::Update), 2u);
    EXPECT_EQ(plan.toUpdate(DuplicatePolicy::Update), 1u);
    EXPECT_EQ(plan.toUpdate(DuplicatePolicy::Skip), 0u);
    EXPECT_EQ(plan.rowsToIssue(DuplicatePolicy::Another), (std::vector<std::size_t>{0, 1, 2, 3}));
}

TEST(ImportPlan, PolicyNamesRoundTrip) {
    for (auto p : {DuplicatePolicy::Skip, DuplicatePolicy::Another, DuplicatePolicy::Update})
        EXPECT_EQ(parseDuplicatePolicy(toString(p)), p);
    EXPECT_EQ(parseDuplicatePolicy("UPDATE"), DuplicatePolicy::Update);
    EXPECT_FALSE(parseDuplicatePolicy("merge"));
}

// ---- the policies, applied ----

TEST(DuplicatePolicies, AnotherIssuesASecondTicketToEveryDuplicate) {
    ReimportFixture f;
    const std::string csv = "name,email\nAna,ana@example.org\nBo,\n";
    ASSERT_TRUE(f.importCsv(csv).ok());
    auto again = f.importCsv(csv, DuplicatePolicy::Another);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.tickets.size(), 2u);
    EXPECT_EQ(f.ticketCount(), 4u);
}

TEST(DuplicatePolicies, UpdateWritesTheNewDetailsOntoTheExistingTicketAndIssuesOnlyNewRows) {
    ReimportFixture f;
    ASSERT_TRUE(f.importCsv("name,email\nAna,ana@example.org\nBo,\n").ok());
    auto again = f.importCsv("name,email\nAna Lima,ana@example.org\nbo,bo@example.org\nCy,\n",
                             DuplicatePolicy::Update);
    ASSERT_TRUE(again.ok()) << again.error->message;
    EXPECT_EQ(again.plan.duplicates.size(), 1u) << "bo's row has an address Bo's ticket lacks: a new row";
    EXPECT_EQ(again.updated, 1u);
    EXPECT_EQ(again.tickets.size(), 2u);
    const auto all = f.tickets();
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[0].holderName, "Ana Lima");
    EXPECT_EQ(all[0].holderEmail, "ana@example.org");
    // Found by its new name: the folded name was written with it.
    TicketQuery q;
    q.eventId = f.event.id;
    q.search = "lima";
    EXPECT_EQ(TicketStore(*f.db).count(q), 1u);
}

TEST(DuplicatePolicies, UpdateOfANameOnlyRowKeepsTheTicketsEmail) {
    ReimportFixture f;
    ASSERT_TRUE(f.importCsv("name,email\nÉmile,emile@example.org\n").ok());
    auto again = f.importCsv("name\nEMILE\n", DuplicatePolicy::Update);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.updated, 1u);
    EXPECT_EQ(f.tickets()[0].holderName, "EMILE");
    EXPECT_EQ(f.tickets()[0].holderEmail, "emile@example.org");
}

TEST(DuplicatePolicies, SkipIsTheDefaultAndChangesNothing) {
    ReimportFixture f;
    ASSERT_TRUE(f.importCsv("name,email\nAna,ana@example.org\n").ok());
    auto again = f.import().importCsv(f.event.id, "name,email\nAna Lima,ana@example.org\n");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.plan.changed, 1u);
    EXPECT_EQ(again.updated, 0u);
    EXPECT_EQ(again.skippedDuplicates, 1u);
    EXPECT_EQ(f.tickets()[0].holderName, "Ana");
}

// ---- partial import ----

TEST(PartialImport, AllOrNothingStaysTheDefault) {
    ReimportFixture f;
    auto r = f.importCsv("name,email\nAna,ana@example.org\nBo,not-an-email\n");
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(f.ticketCount(), 0u);
}

TEST(PartialImport, TheGoodRowsAreIssuedAndTheBadOnesReimportAfterFixing) {
    ReimportFixture f;
    const std::string csv = "Nom,Prénom,Courriel,Tarif,Notes\n"
                            "Lima,Ana,ana@example.org,VIP,front row\n"
                            "Costa,Bruno,bruno-at-example.org,,\n"
                            "Wei,Chen,chen@example.org,Backstage,\"says \"\"hi\"\"\"\n"
                            "Diaz,Dana,dana@example.org,,\n";
    auto r = f.importCsv(csv, DuplicatePolicy::Skip, true);
    ASSERT_TRUE(r.ok()) << r.error->message;
    EXPECT_EQ(r.tickets.size(), 2u);
    ASSERT_EQ(r.attendees.rejected.size(), 2u);
    EXPECT_EQ(r.attendees.rejected[0].line, 3u);
    EXPECT_EQ(r.attendees.rejected[0].problem, "'bruno-at-example.org' is not a valid email address");

    const std::string rejects = rejectedRowsCsv(r.attendees.header, r.attendees.rejected);
    EXPECT_EQ(rejects,
              "\xEF\xBB\xBFNom,Prénom,Courriel,Tarif,Notes,Problem\r\n"
              "Costa,Bruno,bruno-at-example.org,,,'bruno-at-example.org' is not a valid email address\r\n"
              "Wei,Chen,chen@example.org,Backstage,\"says \"\"hi\"\"\",\"unknown ticket type 'Backstage' (known: "
              "General, VIP)\"\r\n");

    // The organizer fixes the two rows in the rejects file and imports it: same columns.
    std::string fixed = rejects;
    fixed.replace(fixed.find("bruno-at-example.org,"), 21, "bruno@example.org,");
    fixed.replace(fixed.find(",Backstage,"), 11, ",VIP,");
    auto second = f.importCsv(fixed);
    ASSERT_TRUE(second.ok()) << second.error->message;
    EXPECT_EQ(second.tickets.size(), 2u);
    EXPECT_EQ(second.tickets[0].ticket.holderName, "Bruno Costa");
    EXPECT_EQ(second.tickets[1].ticket.typeName, "VIP");
    EXPECT_EQ(f.ticketCount(), 4u);
    // And the whole original file once more: everyone is there, nothing is issued.
    auto third = f.importCsv(fixed);
    EXPECT_TRUE(third.tickets.empty());
}

TEST(PartialImport, AProblemOfTheWholeFileStillImportsNothing) {
    ReimportFixture f;
    auto r = f.importCsv("company,phone\nACME,123\n", DuplicatePolicy::Skip, true);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "invalid_attendees");
    EXPECT_EQ(f.ticketCount(), 0u);
}

TEST(PartialImport, AFileOfOnlyBadRowsIssuesNothing) {
    ReimportFixture f;
    auto r = f.importCsv("name,email\nAna,nope\n", DuplicatePolicy::Skip, true);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "no_attendees");
    EXPECT_EQ(r.attendees.rejected.size(), 1u);
}

// ---- undo ----

TEST(UndoImport, VoidsWhatTheLastImportIssuedAuditedAndInTheFeed) {
    ReimportFixture f;
    ASSERT_TRUE(f.importCsv("name\nAna\nBo\n").ok());
    auto second = f.importCsv("name,email\nAna,ana@example.org\nCy,\nDi,\n");
    ASSERT_TRUE(second.ok());
    ASSERT_TRUE(second.importId);
    const auto record = lastImport(*f.db, f.event.id);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->id, *second.importId);
    EXPECT_EQ(record->issued, 3u) << "Ana has an address this time: no ticket matches it";
    EXPECT_EQ(record->source, "people.csv");

    const auto feedBefore = ChangeFeed(*f.db).latestSeq();
    auto undone = undoLastImport(*f.db, f.event.id, f.clock);
    ASSERT_TRUE(undone.ok()) << undone.error().message;
    EXPECT_EQ(undone->voided, 3u);
    EXPECT_EQ(f.validCount(), 2u) << "the first import's tickets stay";
    for (const auto& t : second.tickets) EXPECT_EQ(TicketStore(*f.db).find(t.ticket.id)->state, TicketState::Void);
    EXPECT_GT(ChangeFeed(*f.db).latestSeq(), feedBefore) << "gates learn of the voids";
    EXPECT_EQ(f.db->sql().execAndGet("SELECT count(*) FROM audit WHERE action = 'ticket_void'").getInt(), 3);
    // A voided ticket is refused at the gate.
    auto verdict = CheckinEngine(*f.db, f.clock).admit(f.scan(second.tickets[0].qrData));
    EXPECT_EQ(verdict.reason, Reason::Void);

    // The next undo is the first import's.
    EXPECT_EQ(lastImport(*f.db, f.event.id)->issued, 2u);
}

TEST(UndoImport, IsRefusedOnceOneOfItsTicketsHasBeenScanned) {
    ReimportFixture f;
    auto r = f.importCsv("name\nAna\nBo\n");
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(CheckinEngine(*f.db, f.clock).admit(f.scan(r.tickets[1].qrData)).admitted);
    auto undone = undoLastImport(*f.db, f.event.id, f.clock);
    ASSERT_FALSE(undone.ok());
    EXPECT_EQ(undone.error().code, "scanned");
    EXPECT_EQ(undone.error().message,
              "The import of people.csv cannot be undone: 1 of its tickets has been scanned already (ticket 000002). "
              "Void tickets one by one instead.");
    EXPECT_EQ(f.validCount(), 2u);
}

TEST(UndoImport, NothingToUndo) {
    ReimportFixture f;
    f.issue(2);  // issued by count, not imported
    auto undone = undoLastImport(*f.db, f.event.id, f.clock);
    ASSERT_FALSE(undone.ok());
    EXPECT_EQ(undone.error().code, "no_import");
    EXPECT_EQ(f.validCount(), 2u);
}

TEST(UndoImport, UpdatesAreRecordedButNotReverted) {
    ReimportFixture f;
    ASSERT_TRUE(f.importCsv("name,email\nAna,ana@example.org\n").ok());
    auto update = f.importCsv("name,email\nAna Lima,ana@example.org\n", DuplicatePolicy::Update);
    ASSERT_TRUE(update.importId);
    EXPECT_EQ(lastImport(*f.db, f.event.id)->updated, 1u);
    auto undone = undoLastImport(*f.db, f.event.id, f.clock);
    ASSERT_TRUE(undone.ok());
    EXPECT_EQ(undone->voided, 0u);
    EXPECT_EQ(f.tickets()[0].holderName, "Ana Lima");
    EXPECT_EQ(f.tickets()[0].state, TicketState::Valid);
}

}  // namespace
}  // namespace qrgate

#include "core/io/import_mapping.hpp"

namespace qrgate {
namespace {

TEST(ImportMapping, TheChosenMappingIsRememberedForTheSameHeader) {
    testing::EventFixture f;
    const std::vector<std::string> header = {"Contact", "Mail", "Kind"};
    EXPECT_FALSE(rememberedMapping(*f.db, header));
    AttendeeColumns chosen;
    chosen.name = 0;
    chosen.email = 1;
    chosen.type = 2;
    rememberMapping(*f.db, header, chosen);
    EXPECT_EQ(rememberedMapping(*f.db, header), chosen);
    EXPECT_EQ(rememberedMapping(*f.db, {" CONTACT ", "mail", "Kind"}), chosen) << "case and spaces do not matter";
    EXPECT_FALSE(rememberedMapping(*f.db, {"Contact", "Mail"})) << "another header";
    EXPECT_EQ(importMappingKey(header).rfind("import.mapping.", 0), 0u);
}

}  // namespace
}  // namespace qrgate

namespace qrgate {
namespace {

TEST(PartialImport, TheRejectsFileSitsBesideTheImportedOne) {
    EXPECT_EQ(defaultRejectsPath("/home/ana/people.csv"), "/home/ana/people-rejected.csv");
    EXPECT_EQ(defaultRejectsPath("people.2026.CSV"), "people.2026-rejected.csv");
    EXPECT_EQ(defaultRejectsPath("/data.d/people"), "/data.d/people-rejected.csv");
    EXPECT_EQ(defaultRejectsPath("/tmp/.csv"), "/tmp/.csv-rejected.csv");
}

}  // namespace
}  // namespace qrgate

namespace qrgate {
namespace {

// The HTTP API's list asks for these tickets (its contract predates duplicates): everyone gets one.
TEST(DuplicatePolicies, AnApiListIssuesEveryAttendeeEvenOneWithATicket) {
    ReimportFixture f;
    ASSERT_TRUE(f.importCsv("name,email\nAna,ana@example.org\n").ok());
    auto r = f.import().importList(f.event.id, {{"Ana", "ana@example.org", ""}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.tickets.size(), 1u);
    EXPECT_EQ(f.ticketCount(), 2u);
}

}  // namespace
}  // namespace qrgate

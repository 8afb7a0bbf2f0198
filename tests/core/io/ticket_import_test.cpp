// TicketImport: an attendee list (a CSV file, CSV text with the organizer's columns, or a list
// from the HTTP API) becomes issued tickets, all or nothing. While any attendee has a problem
// nothing is issued and every problem names its line.
#include "core/io/ticket_import.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/tickets/ticket_codec.hpp"
#include "core/tickets/ticket_store.hpp"
#include "support/fixtures.hpp"

namespace qrgate {
namespace {

using testing::EventFixture;

struct ImportFixture : EventFixture {
    ImportFixture() {
        TicketType vip;
        vip.name = "VIP";
        addType(vip);
    }
    TicketImport import() { return TicketImport(*db, keys, clock); }
    std::filesystem::path write(const std::string& name, const std::string& text) {
        auto path = dir.path() / name;
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
    std::size_t ticketCount() { return TicketStore(*db).countForEvent(event.id); }
};

std::vector<std::string> messages(const AttendeeImport& a) {
    std::vector<std::string> out;
    for (const auto& p : a.problems) out.push_back(p.message);
    return out;
}

TEST(TicketImport, AGoodFileIssuesOneTicketPerRowInFileOrder) {
    ImportFixture f;
    auto path = f.write("people.csv",
                        "Name,Email,Type\n"
                        "Ana Lima,ana@example.org,vip\n"
                        "  Bruno   Costa ,,\n"
                        "Chen Wei,chen@example.org,General\n");
    auto r = f.import().importFile(f.event.id, path);
    ASSERT_TRUE(r.ok()) << r.error->message;
    ASSERT_EQ(r.tickets.size(), 3u);
    EXPECT_EQ(r.tickets[0].ticket.holderName, "Ana Lima");
    EXPECT_EQ(r.tickets[0].ticket.holderEmail, "ana@example.org");
    EXPECT_EQ(r.tickets[0].ticket.typeName, "VIP") << "the type is matched ignoring case";
    EXPECT_EQ(r.tickets[1].ticket.holderName, "Bruno Costa") << "names are tidied as in every import";
    EXPECT_EQ(r.tickets[1].ticket.typeName, "General") << "no type = the event's default type";
    EXPECT_EQ(r.tickets[0].ticket.number, 1);
    EXPECT_EQ(r.tickets[2].ticket.number, 3);
    EXPECT_EQ(r.attendees.rows.size(), 3u);
    EXPECT_EQ(f.ticketCount(), 3u);

    // Each ticket's code is one the gate will recognise.
    EXPECT_TRUE(std::holds_alternative<TicketPayload>(TicketCodec::decode(r.tickets[2].qrData)));
    EXPECT_EQ(TicketStore(*f.db).find(r.tickets[2].ticket.id)->holderName, "Chen Wei");
}

TEST(TicketImport, BadRowsIssueNothingAndEveryProblemNamesItsLine) {
    ImportFixture f;
    auto path = f.write("bad.csv",
                        "name,email\n"
                        "Ana,ana@example.org\n"
                        "Bruno,not-an-email\n"
                        ",carla@example.org\n"
                        "Dana,dana@example.org\n");
    auto r = f.import().importFile(f.event.id, path);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "invalid_attendees");
    EXPECT_EQ(messages(r.attendees), (std::vector<std::string>{"line 3: 'not-an-email' is not a valid email address",
                                                               "line 4: name is missing"}));
    EXPECT_EQ(r.attendees.problemCount, 2u);
    EXPECT_EQ(r.error->message,
              "2 problems; nothing was imported: line 3: 'not-an-email' is not a valid email address; "
              "line 4: name is missing")
        << "one line for callers that show a single message";
    EXPECT_TRUE(r.tickets.empty());
    EXPECT_EQ(f.ticketCount(), 0u) << "the good rows are not issued either";
}

TEST(TicketImport, ManyBadRowsAreCountedExactlyAndListedBriefly) {
    ImportFixture f;
    std::string csv = "name,email\n";
    for (int i = 0; i < 5000; ++i) csv += "Ada,not-an-email\n";
    auto r = f.import().importCsv(f.event.id, csv);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.attendees.problemCount, 5000u);
    EXPECT_EQ(r.attendees.problems.size(), kMaxImportProblems + 1);
    EXPECT_EQ(r.attendees.problems.back().message, "... and 4,980 more problems");
    EXPECT_LT(r.error->message.size(), 2000u);
    EXPECT_EQ(f.ticketCount(), 0u);
}

TEST(TicketImport, ATypeTheEventDoesNotHaveIsAProblemOfItsLine) {
    ImportFixture f;
    auto r = f.import().importCsv(f.event.id, "name,type\nAna,VIP\nBo,Backstage\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "invalid_attendees");
    EXPECT_EQ(messages(r.attendees),
              (std::vector<std::string>{"line 3: unknown ticket type 'Backstage' (known: General, VIP)"}));
    EXPECT_EQ(f.ticketCount(), 0u);
}

TEST(TicketImport, TypesAreCheckedAsTheEventHasThemNow) {
    ImportFixture f;
    const std::string csv = "name,type\nAna,Backstage\n";
    EXPECT_FALSE(f.import().importCsv(f.event.id, csv).ok());
    TicketType backstage;
    backstage.name = "Backstage";
    f.addType(backstage);
    auto r = f.import().importCsv(f.event.id, csv);
    ASSERT_TRUE(r.ok()) << r.error->message;
    EXPECT_EQ(r.tickets[0].ticket.typeName, "Backstage");
}

TEST(TicketImport, TheOrganizersColumnMappingOverridesTheHeader) {
    ImportFixture f;
    // Headers nobody would recognise: the console's import screen lets the organizer say which is which.
    const std::string csv = "Col A,Col B,Col C\nada@example.org,Ada Lovelace,vip\nbob@example.org,Bob,\n";
    auto detected = f.import().importCsv(f.event.id, csv);
    ASSERT_FALSE(detected.ok());
    EXPECT_NE(messages(detected.attendees)[0].find("line 1: no name column"), std::string::npos);

    TicketImportOptions options;
    options.columns = AttendeeColumns{};
    options.columns->name = 1;
    options.columns->email = 0;
    options.columns->type = 2;
    auto r = f.import().importCsv(f.event.id, csv, options);
    ASSERT_TRUE(r.ok()) << r.error->message;
    ASSERT_EQ(r.tickets.size(), 2u);
    EXPECT_EQ(r.tickets[0].ticket.holderName, "Ada Lovelace");
    EXPECT_EQ(r.tickets[0].ticket.holderEmail, "ada@example.org");
    EXPECT_EQ(r.tickets[0].ticket.typeName, "VIP");
}

TEST(TicketImport, CancelIssuesNothing) {
    ImportFixture f;
    std::string csv = "name\n";
    for (int i = 0; i < 3000; ++i) csv += "Person " + std::to_string(i) + "\n";
    TicketImportOptions options;
    std::size_t calls = 0;
    options.progress = [&](std::size_t done, std::size_t total) {
        ++calls;
        EXPECT_LE(done, total);
        return false;  // the organizer pressed Cancel
    };
    auto r = f.import().importCsv(f.event.id, csv, options);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "cancelled");
    EXPECT_GE(calls, 1u);
    EXPECT_TRUE(r.tickets.empty());
    EXPECT_EQ(f.ticketCount(), 0u);
}

TEST(TicketImport, ProgressRunsToTheTotal) {
    ImportFixture f;
    std::string csv = "name\n";
    for (int i = 0; i < 2500; ++i) csv += "Person " + std::to_string(i) + "\n";
    TicketImportOptions options;
    std::size_t last = 0, total = 0;
    options.progress = [&](std::size_t d, std::size_t t) {
        EXPECT_GE(d, last);
        last = d;
        total = t;
        return true;
    };
    ASSERT_TRUE(f.import().importCsv(f.event.id, csv, options).ok());
    EXPECT_EQ(total, 2500u);
    EXPECT_EQ(last, 2500u);
}

TEST(TicketImport, AFileWithoutAttendeesIssuesNothing) {
    ImportFixture f;
    auto path = f.write("empty.csv", "name,email\n,,\n");
    auto r = f.import().importFile(f.event.id, path);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "no_attendees");
    EXPECT_EQ(r.error->message, path.string() + " has no attendee rows");
}

TEST(TicketImport, AnUnreadableFileOrUnknownEventIssuesNothing) {
    ImportFixture f;
    auto missing = f.import().importFile(f.event.id, f.dir.path() / "nope.csv");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error->code, "cannot_read");
    EXPECT_EQ(missing.error->message, "cannot read " + (f.dir.path() / "nope.csv").string());

    auto noEvent = f.import().importCsv("NOSUCHEV", "name\nAna\n");
    ASSERT_FALSE(noEvent.ok());
    EXPECT_EQ(noEvent.error->code, "not_found");
    EXPECT_EQ(f.ticketCount(), 0u);
}

TEST(TicketImport, AFileThatIsNotCsvIssuesNothing) {
    ImportFixture f;
    auto r = f.import().importCsv(f.event.id, "name\nAna\n\"Bo\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(messages(r.attendees), (std::vector<std::string>{"line 3, column 1: a quoted field is never closed"}));
    EXPECT_EQ(f.ticketCount(), 0u);
}

// The HTTP API's {"attendees": [...]} passes the same rules; problems name the position.
TEST(TicketImport, AListOfAttendeesFollowsTheSameRules) {
    ImportFixture f;
    auto ok = f.import().importList(f.event.id, {{" Ana  Lima ", "ana@example.org", "vip"}, {"Bo", "", ""}});
    ASSERT_TRUE(ok.ok()) << ok.error->message;
    EXPECT_EQ(ok.tickets[0].ticket.holderName, "Ana Lima");
    EXPECT_EQ(ok.tickets[0].ticket.typeName, "VIP");
    EXPECT_EQ(ok.tickets[1].ticket.typeName, "General");

    auto bad = f.import().importList(f.event.id, {{"Cy", "", ""}, {"", "x@", ""}, {"Di", "", "Backstage"}});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error->code, "invalid_attendees");
    EXPECT_EQ(messages(bad.attendees),
              (std::vector<std::string>{"attendee 2: name is missing", "attendee 2: 'x@' is not a valid email address",
                                        "attendee 3: unknown ticket type 'Backstage' (known: General, VIP)"}));
    EXPECT_EQ(f.ticketCount(), 2u) << "only the first, good list was issued";

    auto none = f.import().importList(f.event.id, {});
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error->code, "no_attendees");
}

}  // namespace
}  // namespace qrgate

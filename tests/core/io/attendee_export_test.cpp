// The attendee list as CSV: what a spreadsheet opens, safe against formula injection, and what the
// import reads back into the same attendees.
#include "core/io/attendee_export.hpp"

#include <gtest/gtest.h>

#include "core/checkin/checkin_engine.hpp"
#include "core/io/attendee_import.hpp"
#include "core/io/csv.hpp"
#include "core/io/ticket_import.hpp"
#include "support/file_text.hpp"
#include "support/fixtures.hpp"

namespace qrgate {
namespace {

using testing::EventFixture;
using testing::fileText;

struct ExportFixture : EventFixture {
    std::vector<IssuedTicket> tickets;
    ExportFixture() : EventFixture("Europe/Paris") {
        TicketType vip;
        vip.name = "VIP";
        addType(vip);
        tickets = TicketIssuer(*db, keys, clock)
                      .issueFor(event.id, {{"\xC3\x89mile Zola", "emile@example.org", ""},
                                           {"=HYPERLINK(\"http://x\")", "", "VIP"},
                                           {"Smith, Jane \"JJ\"", "jane@example.org", ""}})
                      .value();
    }
    TicketQuery all() const {
        TicketQuery q;
        q.eventId = event.id;
        return q;
    }
};

TEST(AttendeeExport, OneRowPerTicketWithTheImportsHeaderWords) {
    ExportFixture f;
    ASSERT_TRUE(CheckinEngine(*f.db, f.clock).admit(f.scan(f.tickets[0].qrData)).admitted);
    ASSERT_TRUE(TicketStore(*f.db).setState(f.tickets[2].ticket.id, TicketState::Void));
    const auto out = f.dir / "attendees.csv";
    auto done = exportAttendeesCsv(*f.db, f.all(), out);
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(done->rows, 3u);
    const std::string text = fileText(out);
    // 2026-09-21 in Paris (UTC+2).
    EXPECT_EQ(text,
              "number,name,email,type,state,checked_in,inside,issued_at\r\n"
              "000001,\xC3\x89mile Zola,emile@example.org,General,valid,yes,yes,2026-09-21T16:13:20.000+02:00\r\n"
              "000002,\"'=HYPERLINK(\"\"http://x\"\")\",,VIP,valid,no,no,2026-09-21T16:13:20.000+02:00\r\n"
              "000003,\"Smith, Jane \"\"JJ\"\"\",jane@example.org,General,void,no,no,2026-09-21T16:13:20.000+02:00\r\n");
    auto parsed = parseCsv(text);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->rows.size(), 3u);
}

TEST(AttendeeExport, WhatIsShownIsWhatIsExported) {
    ExportFixture f;
    auto q = f.all();
    q.search = "emile";
    const auto out = f.dir / "found.csv";
    ASSERT_EQ(exportAttendeesCsv(*f.db, q, out)->rows, 1u);
    EXPECT_NE(fileText(out).find("\xC3\x89mile Zola"), std::string::npos);
    q.search = "nobody";
    ASSERT_EQ(exportAttendeesCsv(*f.db, q, out)->rows, 0u);
    EXPECT_EQ(fileText(out), "number,name,email,type,state,checked_in,inside,issued_at\r\n");
    q.eventId = "NOSUCHEVENT";
    EXPECT_EQ(exportAttendeesCsv(*f.db, q, out).error().code, "not_found");
}

TEST(AttendeeExport, TheFileReimportsAsTheSameAttendees) {
    ExportFixture f;
    const auto out = f.dir / "attendees.csv";
    ASSERT_TRUE(exportAttendeesCsv(*f.db, f.all(), out).ok());
    const std::string text = fileText(out);
    auto read = readAttendees(text, {"General", "VIP"});
    ASSERT_TRUE(read.problems.empty()) << read.problems.front().message;
    ASSERT_EQ(read.rows.size(), 3u);
    EXPECT_EQ(read.rows[0].name, "\xC3\x89mile Zola");
    EXPECT_EQ(read.rows[0].email, "emile@example.org");
    EXPECT_EQ(read.rows[0].type, "General");
    EXPECT_EQ(read.rows[1].type, "VIP");
    EXPECT_EQ(read.rows[2].name, "Smith, Jane \"JJ\"");

    // Into another event with the same types: the same names, emails and types.
    EventFixture other;
    TicketType vip;
    vip.name = "VIP";
    other.addType(vip);
    auto imported = TicketImport(*other.db, other.keys, other.clock).importCsv(other.event.id, text);
    ASSERT_FALSE(imported.error) << imported.error->message;
    ASSERT_EQ(imported.tickets.size(), 3u);
    EXPECT_EQ(imported.tickets[2].ticket.holderEmail, "jane@example.org");
    EXPECT_EQ(imported.tickets[1].ticket.typeName, "VIP");
}

}  // namespace
}  // namespace qrgate

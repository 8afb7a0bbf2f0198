// Finding, sorting, voiding many and editing tickets: search folds case and accents the way names
// are folded when written (tickets.name_folded), a choice of 100,000 is a query, and an edit is
// checked by the import's rules and audited.
#include <gtest/gtest.h>

#include <SQLiteCpp/Statement.h>

#include "core/base/text_fold.hpp"
#include "core/tickets/ticket_store.hpp"
#include "support/fixtures.hpp"

using namespace qrgate;
using qrgate::testing::EventFixture;

namespace {

const std::string kEmile = "\xC3\x89mile Zola";          // Émile Zola
const std::string kLukasz = "\xC5\x81ukasz Wi\xC5\x9Bniewski";  // Łukasz Wiśniewski
const std::string kGoess = "Hans G\xC3\xB6\xC3\x9F";     // Hans Göß

struct Attendees : EventFixture {
    std::vector<IssuedTicket> tickets;
    Attendees() {
        tickets = TicketIssuer(*db, keys, clock)
                      .issueFor(event.id, {{kEmile, "emile@example.org", ""},
                                           {kLukasz, "lw@example.org", ""},
                                           {kGoess, "hans@example.de", ""},
                                           {"Anna Lima", "anna@example.org", ""},
                                           {"Zo\xC3\xAB Adams", "zoe@example.org", ""}})  // Zoë Adams
                      .value();
    }
    std::vector<std::string> namesFor(const std::string& search) {
        TicketQuery q;
        q.eventId = event.id;
        q.search = search;
        std::vector<std::string> names;
        for (const auto& t : TicketStore(*db).list(q)) names.push_back(t.holderName);
        return names;
    }
    std::int64_t auditRows(const std::string& action) {
        SQLite::Statement q(db->sql(), "SELECT count(*) FROM audit WHERE action = ?");
        q.bind(1, action);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }
};

using Names = std::vector<std::string>;

}  // namespace

TEST(TicketSearch, IssuedTicketsCarryTheirFoldedName) {
    Attendees f;
    SQLite::Statement q(f.db->sql(), "SELECT name_folded FROM tickets WHERE id = ?");
    q.bind(1, f.tickets[2].ticket.id);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getString(), nameSearchKey(kGoess));
}

TEST(TicketSearch, CaseAndAccentsDoNotMatter) {
    Attendees f;
    for (const char* query : {"emile", "Emile", "\xC3\xA9mile", "\xC3\x89MILE", "EMILE ZOLA", " emile "})
        EXPECT_EQ(f.namesFor(query), Names{kEmile}) << query;
    EXPECT_EQ(f.namesFor("lukasz"), Names{kLukasz});
    EXPECT_EQ(f.namesFor("wisniewski"), Names{kLukasz});
    EXPECT_EQ(f.namesFor("gosz"), Names{kGoess});
    EXPECT_EQ(f.namesFor("goess"), Names{kGoess});
    EXPECT_EQ(f.namesFor("zoe"), Names{"Zo\xC3\xAB Adams"});
}

TEST(TicketSearch, EmailIdAndNumberStillFind) {
    Attendees f;
    EXPECT_EQ(f.namesFor("example.de"), Names{kGoess});
    EXPECT_EQ(f.namesFor(f.tickets[3].ticket.id), Names{"Anna Lima"});
    EXPECT_EQ(f.namesFor("4"), Names{"Anna Lima"});
    EXPECT_EQ(f.namesFor("000004"), Names{"Anna Lima"});
    EXPECT_TRUE(f.namesFor("nobody").empty());
    EXPECT_TRUE(f.namesFor("%").empty()) << "LIKE's wildcards are searched as themselves";
    EXPECT_EQ(f.namesFor("").size(), 5u);
}

TEST(TicketSearch, NamesSortByTheirFoldedFormOnTheIndex) {
    Attendees f;
    TicketQuery q;
    q.eventId = f.event.id;
    q.sort = TicketSort::Name;
    Names names;
    for (const auto& t : TicketStore(*f.db).list(q)) names.push_back(t.holderName);
    EXPECT_EQ(names, (Names{"Anna Lima", kEmile, kGoess, kLukasz, "Zo\xC3\xAB Adams"})) << "É with the e's, Ł with the l's";
    q.descending = true;
    q.limit = 2;
    q.offset = 1;
    names.clear();
    for (const auto& t : TicketStore(*f.db).list(q)) names.push_back(t.holderName);
    EXPECT_EQ(names, (Names{kLukasz, kGoess}));

    SQLite::Statement plan(f.db->sql(),
                           "EXPLAIN QUERY PLAN SELECT t.id FROM tickets t JOIN ticket_types tt ON tt.id = t.type_id "
                           "WHERE t.event_id = 'x' ORDER BY t.name_folded ASC, t.rowid ASC LIMIT 200");
    std::string steps;
    while (plan.executeStep()) steps += plan.getColumn(3).getString() + "\n";
    EXPECT_NE(steps.find("tickets_event_name_folded"), std::string::npos) << steps;
    EXPECT_EQ(steps.find("TEMP B-TREE"), std::string::npos) << "no sort: " << steps;
}

TEST(TicketChoice, AllMatchingButAFewVoidInOneGoWithAnAuditRowEach) {
    EventFixture f;
    auto tickets = f.issue(50);
    TicketStore store(*f.db);
    TicketQuery all;
    all.eventId = f.event.id;
    TicketChoice choice;
    choice.matching = all;
    choice.except = {tickets[0].ticket.id, tickets[1].ticket.id};
    ASSERT_TRUE(store.setState(tickets[2].ticket.id, TicketState::Void));  // already void: left as it is

    auto changed = store.setState(choice, TicketState::Void, "console");
    ASSERT_TRUE(changed.ok()) << changed.error().message;
    EXPECT_EQ(*changed, 47u);
    all.state = TicketState::Void;
    EXPECT_EQ(store.count(all), 48u);
    EXPECT_EQ(store.find(tickets[0].ticket.id)->state, TicketState::Valid);
    SQLite::Statement audits(f.db->sql(), "SELECT count(*), count(DISTINCT detail) FROM audit WHERE action = 'ticket_void' AND actor = 'console'");
    ASSERT_TRUE(audits.executeStep());
    EXPECT_EQ(audits.getColumn(0).getInt64(), 47);
    EXPECT_EQ(audits.getColumn(1).getInt64(), 47) << "one row per ticket, naming it";

    TicketChoice back;
    back.ids = {tickets[2].ticket.id, tickets[3].ticket.id, tickets[0].ticket.id};
    EXPECT_EQ(*store.setState(back, TicketState::Valid, "console"), 2u) << "the valid one stays as it was";
    EXPECT_EQ(store.count(all), 46u);
}

TEST(TicketChoice, ARangeIsRowsOfTheQueryInItsOrder) {
    EventFixture f;
    auto tickets = f.issue(30);
    TicketStore store(*f.db);
    TicketQuery q;
    q.eventId = f.event.id;
    q.descending = true;  // 30, 29, ...
    q.offset = 5;
    q.limit = 10;         // numbers 25 down to 16
    TicketChoice choice;
    choice.matching = q;
    choice.except = {tickets[19].ticket.id};  // number 20
    choice.ids = {tickets[0].ticket.id};      // and number 1
    auto ids = store.chosenIds(choice);
    ASSERT_EQ(ids.size(), 10u);
    EXPECT_EQ(ids.front(), tickets[24].ticket.id);
    EXPECT_EQ(ids.back(), tickets[0].ticket.id);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), tickets[19].ticket.id), 0);
    EXPECT_EQ(*store.setState(choice, TicketState::Void), 10u);
    EXPECT_EQ(store.find(tickets[15].ticket.id)->state, TicketState::Void);
    EXPECT_EQ(store.find(tickets[14].ticket.id)->state, TicketState::Valid);
}

TEST(TicketChoice, AnEmptyChoiceChangesNothing) {
    EventFixture f;
    f.issue(3);
    EXPECT_EQ(*TicketStore(*f.db).setState(TicketChoice{}, TicketState::Void), 0u);
    EXPECT_TRUE(TicketStore(*f.db).chosenIds(TicketChoice{}).empty());
}

TEST(TicketEdit, NewNameAndEmailAreStoredFoldedAndAudited) {
    Attendees f;
    TicketStore store(*f.db);
    const auto& id = f.tickets[3].ticket.id;
    auto edited = store.editHolder(id, "  \xC3\x81nna   Lima-Souza ", " anna.souza@example.org ", "console");
    ASSERT_TRUE(edited.ok()) << edited.error().message;
    EXPECT_EQ(edited->holderName, "\xC3\x81nna Lima-Souza") << "normalised as the import does";
    EXPECT_EQ(edited->holderEmail, "anna.souza@example.org");
    EXPECT_EQ(store.find(id)->holderName, "\xC3\x81nna Lima-Souza");
    EXPECT_EQ(f.namesFor("anna lima-souza"), Names{"\xC3\x81nna Lima-Souza"});
    EXPECT_TRUE(f.namesFor("anna@example.org").empty()) << "the old address is gone";

    SQLite::Statement a(f.db->sql(), "SELECT actor, detail FROM audit WHERE action = 'ticket_edit'");
    ASSERT_TRUE(a.executeStep());
    EXPECT_EQ(a.getColumn(0).getString(), "console");
    EXPECT_EQ(a.getColumn(1).getString(), id + ": name 'Anna Lima' -> '\xC3\x81nna Lima-Souza', email "
                                              "'anna@example.org' -> 'anna.souza@example.org'");
    EXPECT_FALSE(a.executeStep());

    ASSERT_TRUE(store.editHolder(id, "\xC3\x81nna Lima-Souza", "anna.souza@example.org"));
    EXPECT_EQ(f.auditRows("ticket_edit"), 1) << "nothing changed, nothing written";
    ASSERT_TRUE(store.editHolder(id, "\xC3\x81nna Lima-Souza", ""));
    EXPECT_EQ(store.find(id)->holderEmail, "") << "the email may be removed";
}

TEST(TicketEdit, TheImportsRulesRefuseWithAMessagePerField) {
    Attendees f;
    TicketStore store(*f.db);
    const auto& id = f.tickets[0].ticket.id;
    auto noName = store.editHolder(id, "   ", "a@example.org");
    ASSERT_FALSE(noName.ok());
    EXPECT_EQ(noName.error().code, "invalid_name");
    EXPECT_EQ(noName.error().message, "Name is missing.");
    auto badEmail = store.editHolder(id, "Emile", "emile at example");
    ASSERT_FALSE(badEmail.ok());
    EXPECT_EQ(badEmail.error().code, "invalid_email");
    EXPECT_EQ(badEmail.error().message, "'emile at example' is not a valid email address.");
    auto longName = store.editHolder(id, std::string(201, 'x'), "");
    ASSERT_FALSE(longName.ok());
    EXPECT_EQ(longName.error().code, "invalid_name");
    auto control = store.editHolder(id, "Emile\x07", "");
    EXPECT_EQ(control.error().code, "invalid_name");
    EXPECT_EQ(store.editHolder("NOSUCHTICKET", "Emile", "").error().code, "not_found");
    EXPECT_EQ(store.find(id)->holderName, kEmile) << "nothing was written";
    EXPECT_EQ(f.auditRows("ticket_edit"), 0);
}

// Pages are slices of the whole list, whichever way the store reads them (a page deep in the list
// takes its ids from an index first; a search sorted by name tries the first names first).
TEST(TicketSearch, EveryPageIsASliceOfTheWholeList) {
    EventFixture f;
    std::vector<TicketHolder> holders;
    for (int i = 0; i < 12'000; ++i) {
        // Most names come early by name; the Zeds come after the first 10,000 names.
        const std::string first = i % 7 == 0 ? "Zed" : i % 3 == 0 ? "\xC3\x89mile" : "Anna";
        holders.push_back({first + " " + std::to_string(i % 50), "", ""});
    }
    TicketIssuer(*f.db, f.keys, f.clock).issueFor(f.event.id, holders).value();
    TicketStore store(*f.db);
    const auto ids = [&](const TicketQuery& q) {
        std::vector<std::string> out;
        for (const auto& t : store.list(q)) out.push_back(t.id);
        return out;
    };
    for (const char* search : {"", "zed", "anna", "emile 4", "zed 49"}) {
        for (TicketSort sort : {TicketSort::Number, TicketSort::Name}) {
            for (bool descending : {false, true}) {
                TicketQuery q;
                q.eventId = f.event.id;
                q.search = search;
                q.sort = sort;
                q.descending = descending;
                const auto all = ids(q);
                EXPECT_EQ(all.size(), store.count(q)) << search;
                for (std::size_t offset : {std::size_t{0}, std::size_t{30}, std::size_t{990}, all.size() - 10}) {
                    q.offset = offset;
                    q.limit = 30;
                    const auto page = ids(q);
                    const std::size_t from = std::min(offset, all.size());
                    const std::vector<std::string> expected(all.begin() + from,
                                                            all.begin() + std::min(all.size(), from + 30));
                    EXPECT_EQ(page, expected) << "'" << search << "' by " << (sort == TicketSort::Name ? "name" : "number")
                                              << (descending ? " desc" : "") << " at " << offset;
                    q.limit = 0;
                    q.offset = 0;
                }
            }
        }
    }
}

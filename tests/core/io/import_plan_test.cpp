// Importing a list into an event that already has tickets: who is already there (a duplicate),
// who is new, what each duplicate policy does, and undoing the last import.
#include "core/io/ticket_import.hpp"

#include <gtest/gtest.h>

#include <fstream>

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
};

TEST(Reimport, ImportingTheSameFileTwiceIssuesNobodyTwice) {
    ReimportFixture f;
    const std::string csv = "name,email\nAna Lima,ana@example.org\nBo,\nChen,chen@example.org\n";
    ASSERT_TRUE(f.import().importCsv(f.event.id, csv).ok());
    ASSERT_EQ(f.ticketCount(), 3u);
    auto again = f.import().importCsv(f.event.id, csv);
    EXPECT_EQ(f.ticketCount(), 3u) << "the second import found everybody already there";
    EXPECT_TRUE(again.tickets.empty());
}

}  // namespace
}  // namespace qrgate

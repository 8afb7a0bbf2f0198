// Issuing tickets, and what a copy of the database alone can and cannot do.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "core/tickets/ticket_codec.hpp"
#include "core/tickets/ticket_store.hpp"
#include "support/fixtures.hpp"

using namespace qrgate;
using qrgate::testing::EventFixture;
using qrgate::testing::TempDir;

TEST(TicketIssuer, NumbersTicketsFromOneWithinTheEvent) {
    EventFixture f;
    auto a = f.issue(3);
    auto b = f.issue(2);
    EXPECT_EQ(a[0].ticket.number, 1);
    EXPECT_EQ(a[2].ticket.number, 3);
    EXPECT_EQ(b[0].ticket.number, 4);
    EXPECT_EQ(TicketStore(*f.db).countForEvent(f.event.id), 5u);
}

TEST(TicketIssuer, HoldersGetTheirTypeAndUnknownTypesIssueNothing) {
    EventFixture f;
    TicketType vip;
    vip.name = "VIP";
    f.addType(vip);
    TicketIssuer issuer(*f.db, f.keys, f.clock);
    auto ok = issuer.issueFor(f.event.id, {{"Ana", "ana@example.org", "vip"}, {"Bo", "", ""}});
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ((*ok)[0].ticket.typeName, "VIP");
    EXPECT_EQ((*ok)[1].ticket.typeName, "General");
    auto bad = issuer.issueFor(f.event.id, {{"Cy", "", "General"}, {"Di", "", "Backstage"}});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "unknown_type");
    EXPECT_EQ(TicketStore(*f.db).countForEvent(f.event.id), 2u);
}

TEST(TicketIssuer, CancelWritesNothing) {
    EventFixture f;
    TicketIssuer issuer(*f.db, f.keys, f.clock);
    std::size_t calls = 0;
    auto r = issuer.issueCount(f.event.id, 10000, "", [&](std::size_t done, std::size_t total) {
        ++calls;
        EXPECT_LE(done, total);
        return done < 4000;
    });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "cancelled");
    EXPECT_GT(calls, 1u);
    EXPECT_EQ(TicketStore(*f.db).countForEvent(f.event.id), 0u);
}

TEST(TicketIssuer, ReprintGivesTheSameCode) {
    EventFixture f;
    auto t = f.issue(1).front();
    auto stored = TicketStore(*f.db).find(t.ticket.id).value();
    auto again = TicketIssuer(*f.db, f.keys, f.clock).qrDataFor(stored);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, t.qrData);
}

TEST(TicketSecrets, KeyFileIsReadableByItsOwnerOnly) {
    EventFixture f;
    struct stat st {};
    ASSERT_EQ(stat((f.dir / ("keys/" + f.event.id + ".key")).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(stat((f.dir / "keys").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST(TicketSecrets, DatabaseHoldsNeitherTheSecretsNorTheKeys) {
    EventFixture f;
    auto tickets = f.issue(20);
    f.db->sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    std::ifstream in(f.folder.databaseFile(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    auto keys = f.keys.load(f.event.id).value();
    EXPECT_EQ(bytes.find(toHex(keys.signingKey)), std::string::npos);
    EXPECT_EQ(bytes.find(toHex(keys.deriveKey)), std::string::npos);
    for (const auto& t : tickets) {
        auto p = std::get<TicketPayload>(TicketCodec::decode(t.qrData));
        EXPECT_EQ(bytes.find(t.qrData.substr(23)), std::string::npos) << "credential text stored";
        EXPECT_EQ(bytes.find(std::string(reinterpret_cast<const char*>(p.secret.data()), p.secret.size())),
                  std::string::npos);
        EXPECT_EQ(bytes.find(toHex(p.secret)), std::string::npos);
    }
}

TEST(TicketSecrets, ACopyOfTheDatabaseAloneCannotPrintOrMintTickets) {
    EventFixture f;
    auto t = f.issue(1).front();
    f.db->sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    TempDir thief;
    std::filesystem::copy_file(f.folder.databaseFile(), thief / "qrgate.db");
    auto folder = DataFolder::prepare(thief.path()).value();
    auto db = folder.openDatabase().value();
    auto keys = folder.keyStore();
    TicketIssuer issuer(*db, keys);
    auto stored = TicketStore(*db).find(t.ticket.id).value();
    auto reprint = issuer.qrDataFor(stored);
    ASSERT_FALSE(reprint.ok());
    EXPECT_EQ(reprint.error().code, "no_keys");
    auto mint = issuer.issueCount(f.event.id, 1);
    ASSERT_FALSE(mint.ok());
    EXPECT_EQ(mint.error().code, "no_keys");
    // A forger with their own key is refused at the gate.
    auto forgerKeys = EventKeys::generate();
    auto forged = TicketCodec::encode(TicketCodec::issue(forgerKeys, f.event.id, randomId(12), 0));
    CheckinEngine engine(*db);
    ScanRequest r;
    r.qrData = forged;
    r.eventId = f.event.id;
    EXPECT_EQ(engine.admit(r).reason, Reason::InvalidSignature);
    // ...and so is a forger who kept the id of a real ticket.
    r.qrData = TicketCodec::encode(TicketCodec::issue(forgerKeys, f.event.id, t.ticket.id, 0));
    EXPECT_EQ(engine.admit(r).reason, Reason::InvalidSignature);
}

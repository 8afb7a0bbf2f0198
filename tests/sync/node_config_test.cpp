// A node's configuration in one place: one HOST:PORT parser with one message for every caller,
// and which leader a data folder follows.
#include <gtest/gtest.h>

#include "core/store/database.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "sync/node_config.hpp"

using namespace qrgate;
using namespace qrgate::sync;
using qrgate::testing::runQrgate;
using qrgate::testing::TempDir;

TEST(NodeConfig, ListenAddressesParseTheFormsPeopleType) {
    struct Case {
        const char* text;
        const char* host;
        int port;
    } good[] = {{"127.0.0.1:8443", "127.0.0.1", 8443}, {"0.0.0.0:0", "0.0.0.0", 0}, {":9000", "0.0.0.0", 9000},
                {"9000", "0.0.0.0", 9000},           {"[::1]:8443", "::1", 8443}, {"gate-pc.local:443", "gate-pc.local", 443}};
    for (const auto& c : good) {
        auto a = ListenAddress::parse(c.text);
        ASSERT_TRUE(a) << c.text << ": " << a.error().message;
        EXPECT_EQ(a->host, c.host) << c.text;
        EXPECT_EQ(a->port, c.port) << c.text;
    }
    EXPECT_EQ(ListenAddress::parse("[::1]:8443")->text(), "[::1]:8443");
    for (const char* bad : {"", "localhost", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:80x", "[::1", "[::1]8443",
                            "127.0.0.1:-1", "my host:80"}) {
        auto a = ListenAddress::parse(bad);
        ASSERT_FALSE(a) << "'" << bad << "' was taken";
        EXPECT_NE(a.error().message.find("HOST:PORT"), std::string::npos) << a.error().message;
    }
}

TEST(NodeConfig, ABadListenAddressIsRefusedWithTheSameMessageByServeAndTheEnvironment) {
    TempDir dir;
    auto serve = runQrgate({"--data", (dir / "d").string(), "serve", "--listen", "localhost"});
    EXPECT_EQ(serve.exitCode, 2);
    EXPECT_NE(serve.err.find("'localhost' is not an address to listen on: give HOST:PORT"), std::string::npos)
        << serve.err;
    ::setenv("QRGATE_LISTEN", "localhost", 1);
    auto fromEnv = ListenAddress::fromEnvironment();
    ::unsetenv("QRGATE_LISTEN");
    ASSERT_FALSE(fromEnv);
    EXPECT_NE(fromEnv.error().message.find("'localhost' is not an address to listen on: give HOST:PORT"),
              std::string::npos);
    // Without QRGATE_LISTEN: every address, port 8443, as `qrgate serve`.
    auto fallback = ListenAddress::fromEnvironment();
    ASSERT_TRUE(fallback);
    EXPECT_EQ(fallback->text(), "0.0.0.0:8443");
}

TEST(NodeConfig, TheLeaderAFolderFollowsIsWhatWasGivenOrWhatItWasJoinedTo) {
    auto db = Database::openInMemory();
    auto none = node_config::chooseLeader(*db, "", "", "", false);
    EXPECT_TRUE(none.url.empty());
    EXPECT_EQ(node_config::load(*db).role, NodeRole::Leader);

    // A URL without a token: not paired, remembered when asked (the kiosk).
    auto wanted = node_config::chooseLeader(*db, "https://10.0.0.5:8443", "", "", true);
    EXPECT_EQ(wanted.url, "https://10.0.0.5:8443");
    EXPECT_FALSE(wanted.settings);
    EXPECT_EQ(node_config::chooseLeader(*db, "", "", "", false).url, "https://10.0.0.5:8443");

    // With a token (pairing, device join, --token with remember): the folder follows it.
    node_config::follow(*db, {"https://10.0.0.5:8443", "qgt_abc", "ab12"});
    auto stored = node_config::load(*db);
    EXPECT_EQ(stored.role, NodeRole::Follower);
    ASSERT_TRUE(stored.leader);
    EXPECT_EQ(stored.leader->token, "qgt_abc");
    EXPECT_EQ(stored.leader->fingerprint, "ab12");
    // The same URL given again without a token uses the stored one; the pin is kept.
    auto again = node_config::chooseLeader(*db, "https://10.0.0.5:8443", "", "", false);
    ASSERT_TRUE(again.settings);
    EXPECT_EQ(again.settings->token, "qgt_abc");
    EXPECT_EQ(again.settings->fingerprint, "ab12");
    // Another URL needs its own token.
    EXPECT_FALSE(node_config::chooseLeader(*db, "https://10.0.0.9:8443", "", "", false).settings);

    node_config::lead(*db);  // promoted
    EXPECT_EQ(node_config::load(*db).role, NodeRole::Leader);
    EXPECT_FALSE(node_config::load(*db).leader);
    const auto id = node_config::nodeId(*db);
    EXPECT_EQ(id.size(), 12u);
    EXPECT_EQ(node_config::nodeId(*db), id) << "made once per data folder";
}

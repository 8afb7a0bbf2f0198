// The rules that keep slow or idle connections from crowding out the gates, on socket pairs:
// an evicted connection's socket is shut down, which its peer sees as the end of the stream.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sync/connection_registry.hpp"

using namespace qrgate::sync;

namespace {

// One end stands for the server's socket (registered), the other for the client.
struct Pair {
    int server = -1, client = -1;
    Pair() {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0) {
            server = fds[0];
            client = fds[1];
        }
    }
    ~Pair() {
        ::close(server);
        ::close(client);
    }
    // The server's end was shut down: the client reads the end of the stream at once.
    bool shutDown() const {
        pollfd p{client, POLLIN, 0};
        if (::poll(&p, 1, 0) != 1) return false;
        char c;
        return ::recv(client, &c, 1, MSG_DONTWAIT) == 0;
    }
};

ConnectionLimits limits(std::size_t total, std::size_t perAddress) {
    ConnectionLimits l;
    l.maxConnections = total;
    l.maxPendingPerAddress = perAddress;
    return l;
}

}  // namespace

TEST(ConnectionRegistry, OverThePerAddressLimitTheOldestUnauthenticatedConnectionOfThatAddressIsShutDown) {
    ConnectionRegistry registry(limits(100, 3));
    Pair p[5];
    std::vector<ConnectionRegistry::Handle> handles;
    for (int i = 0; i < 3; ++i) handles.push_back(registry.open("10.0.0.9", p[i].server));
    Pair other;
    auto otherHandle = registry.open("10.0.0.7", other.server);
    EXPECT_EQ(registry.pendingCount("10.0.0.9"), 3u);

    handles.push_back(registry.open("10.0.0.9", p[3].server));
    ASSERT_TRUE(handles.back());
    EXPECT_TRUE(p[0].shutDown());
    EXPECT_FALSE(p[1].shutDown());
    EXPECT_FALSE(other.shutDown()) << "another address is not touched";
    handles.push_back(registry.open("10.0.0.9", p[4].server));
    EXPECT_TRUE(p[1].shutDown());
    EXPECT_FALSE(p[2].shutDown());
    EXPECT_EQ(registry.pendingCount("10.0.0.9"), 3u);
    EXPECT_EQ(registry.openCount(), 4u);
    EXPECT_EQ(registry.evictedCount(), 2u);

    // The evicted connections' workers close them afterwards: nothing is counted twice.
    registry.close(handles[0]);
    registry.close(handles[1]);
    EXPECT_EQ(registry.pendingCount("10.0.0.9"), 3u);
    EXPECT_EQ(registry.openCount(), 4u);
}

TEST(ConnectionRegistry, AnAuthenticatedConnectionIsNeitherCountedAsPendingNorEvicted) {
    ConnectionRegistry registry(limits(100, 2));
    Pair gate, a, b, c;
    auto gateHandle = registry.open("10.0.0.9", gate.server);
    registry.markAuthenticated(gateHandle);
    EXPECT_EQ(registry.pendingCount("10.0.0.9"), 0u);
    auto ha = registry.open("10.0.0.9", a.server);
    auto hb = registry.open("10.0.0.9", b.server);
    auto hc = registry.open("10.0.0.9", c.server);
    EXPECT_FALSE(gate.shutDown()) << "older, but authenticated";
    EXPECT_TRUE(a.shutDown());
    EXPECT_FALSE(b.shutDown());
    EXPECT_EQ(registry.pendingCount("10.0.0.9"), 2u);

    registry.close(gateHandle);
    EXPECT_EQ(registry.openCount(), 2u);
    EXPECT_EQ(registry.pendingCount("10.0.0.9"), 2u);
}

TEST(ConnectionRegistry, OverTheGlobalLimitTheOldestUnauthenticatedOfAnyAddressIsShutDown) {
    ConnectionRegistry registry(limits(3, 10));
    Pair gate, a, b, c;
    auto gateHandle = registry.open("10.0.0.1", gate.server);
    registry.markAuthenticated(gateHandle);
    auto ha = registry.open("10.0.0.2", a.server);
    auto hb = registry.open("10.0.0.3", b.server);
    auto hc = registry.open("10.0.0.4", c.server);
    ASSERT_TRUE(hc);
    EXPECT_FALSE(gate.shutDown());
    EXPECT_TRUE(a.shutDown());
    EXPECT_FALSE(b.shutDown());
    EXPECT_EQ(registry.openCount(), 3u);
    EXPECT_EQ(registry.pendingCount("10.0.0.2"), 0u);
}

TEST(ConnectionRegistry, WhenEveryOpenConnectionHasAuthenticatedANewOneIsRefused) {
    ConnectionRegistry registry(limits(2, 10));
    Pair a, b, c;
    auto ha = registry.open("10.0.0.1", a.server);
    auto hb = registry.open("10.0.0.2", b.server);
    registry.markAuthenticated(ha);
    registry.markAuthenticated(hb);
    EXPECT_FALSE(registry.open("10.0.0.3", c.server));
    EXPECT_FALSE(a.shutDown());
    EXPECT_FALSE(b.shutDown());
    registry.close(hb);
    EXPECT_TRUE(registry.open("10.0.0.3", c.server)) << "room again once one closed";
}

TEST(ConnectionRegistry, CloseAllShutsDownEveryConnectionAndRefusesNewOnes) {
    ConnectionRegistry registry(limits(10, 10));
    Pair a, b, c;
    auto ha = registry.open("10.0.0.1", a.server);
    auto hb = registry.open("10.0.0.2", b.server);
    registry.markAuthenticated(hb);
    registry.closeAll();
    EXPECT_TRUE(a.shutDown());
    EXPECT_TRUE(b.shutDown());
    EXPECT_FALSE(registry.open("10.0.0.3", c.server));
    registry.close(ha);
    registry.close(hb);
    EXPECT_EQ(registry.openCount(), 0u);
}

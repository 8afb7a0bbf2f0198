// What the console's Gates screen shows about its pairing code comes from the node: the invite's
// real expiry, then "used" by the kiosk that paired through /api/pair, by its name.
#include <gtest/gtest.h>

#include "core/base/clock.hpp"
#include "support/temp_dir.hpp"
#include "sync/pairing.hpp"
#include "sync/sync_node.hpp"

using namespace qrgate;

TEST(PairingState, TheNodeSaysWhenItsCodeWasUsedAndByWhichGate) {
    qrgate::testing::TempDir dir;
    sync::NodeOptions o;
    o.dataDir = dir / "leader";
    o.host = "127.0.0.1";
    o.port = 0;
    auto node = sync::SyncNode::start(o);
    ASSERT_TRUE(node) << node.error().message;
    const TimeMs before = SystemClock::instance().nowMs();
    auto invite = (*node)->invite(DeviceRole::Gate, std::chrono::minutes(10));
    ASSERT_TRUE(invite) << invite.error().message;
    EXPECT_GE(invite->expiresAt, before + 10 * 60 * 1000 - 5'000) << "the code's real expiry comes with it";
    EXPECT_LE(invite->expiresAt, SystemClock::instance().nowMs() + 10 * 60 * 1000);
    EXPECT_EQ((*node)->pairingCodeState(invite->code).stage, PairingCodeState::Stage::Open);

    auto parsed = sync::PairingInvite::parse(invite->text());
    ASSERT_TRUE(parsed);
    auto paired = sync::pairWithLeader(*parsed, "Gate North");
    ASSERT_TRUE(paired) << paired.error().message;
    auto used = (*node)->pairingCodeState(invite->code);
    EXPECT_EQ(used.stage, PairingCodeState::Stage::Used);
    EXPECT_EQ(used.deviceName, "Gate North");
    EXPECT_GE(used.usedAt, before);
    (*node)->stop();
}

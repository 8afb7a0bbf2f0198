// Device tokens and pairing codes: stored as hashes, one-time, short-lived, revocable.
#include <gtest/gtest.h>

#include "core/replica/device_registry.hpp"
#include "support/fixtures.hpp"

using namespace qrgate;
using qrgate::testing::EventFixture;

TEST(DeviceRegistry, ATokenWorksUntilRevokedAndOnlyItsHashIsStored) {
    EventFixture f;
    DeviceRegistry registry(*f.db, f.clock);
    auto added = registry.add("Gate 1");
    ASSERT_TRUE(added);
    EXPECT_EQ(registry.authenticate(added->token)->id, added->device.id);
    auto stored = f.db->sql().execAndGet("SELECT token_hash FROM devices").getString();
    EXPECT_EQ(stored.find(added->token), std::string::npos);
    EXPECT_EQ(registry.authenticate("qgt_guess").error().code, "unknown_token");
    ASSERT_TRUE(registry.revoke("Gate 1"));
    EXPECT_EQ(registry.authenticate(added->token).error().code, "revoked_token");
}

TEST(DeviceRegistry, APairingCodeWorksOnceAndOnlyWhileFresh) {
    EventFixture f;
    DeviceRegistry registry(*f.db, f.clock);
    auto code = registry.createPairingCode(DeviceRole::Gate, std::chrono::minutes(5)).value();
    // People type codes in lower case, without the dash, with O for 0.
    std::string typed = code.code;
    for (auto& c : typed) c = static_cast<char>(std::tolower(c));
    auto paired = registry.redeemPairingCode(typed, "Kiosk North");
    ASSERT_TRUE(paired) << paired.error().message;
    EXPECT_TRUE(registry.authenticate(paired->token));
    EXPECT_EQ(registry.redeemPairingCode(code.code, "Replay").error().code, "pairing_code_used");
    EXPECT_EQ(registry.redeemPairingCode("ABCDE-FGHJK", "Forged").error().code, "pairing_code_invalid");

    auto late = registry.createPairingCode(DeviceRole::Gate, std::chrono::minutes(5)).value();
    f.clock.advance(6 * 60 * 1000);
    EXPECT_EQ(registry.redeemPairingCode(late.code, "Late").error().code, "pairing_code_expired");
}

// The console shows what became of the code it made: the device that used it and when, or the
// time it expired; it does not go on showing a dead code.
TEST(DeviceRegistry, APairingCodeTellsWhetherItWasUsedAndByWhomOrExpired) {
    EventFixture f;
    DeviceRegistry registry(*f.db, f.clock);
    auto code = registry.createPairingCode(DeviceRole::Gate, std::chrono::minutes(10)).value();
    auto open = registry.pairingCodeState(code.code);
    EXPECT_EQ(open.stage, PairingCodeState::Stage::Open);
    EXPECT_EQ(open.expiresAt, code.expiresAt);

    f.clock.advance(60 * 1000);
    const TimeMs usedAt = f.clock.nowMs();
    ASSERT_TRUE(registry.redeemPairingCode(code.code, "Gate North"));
    auto used = registry.pairingCodeState(code.code);
    EXPECT_EQ(used.stage, PairingCodeState::Stage::Used);
    EXPECT_EQ(used.deviceName, "Gate North");
    EXPECT_EQ(used.usedAt, usedAt);

    auto unused = registry.createPairingCode(DeviceRole::Gate, std::chrono::minutes(10)).value();
    f.clock.advance(11 * 60 * 1000);
    auto expired = registry.pairingCodeState(unused.code);
    EXPECT_EQ(expired.stage, PairingCodeState::Stage::Expired);
    EXPECT_EQ(expired.expiresAt, unused.expiresAt);
    EXPECT_EQ(registry.pairingCodeState(code.code).stage, PairingCodeState::Stage::Used) << "used stays used";
    EXPECT_EQ(registry.pairingCodeState("ABCDE-FGHJK").stage, PairingCodeState::Stage::Unknown);
}

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

// A kiosk's settings in its data folder: saved and loaded whole, defaults for what was never
// saved, bad values mended, the PIN kept only as a hash.
#include <gtest/gtest.h>

#include "core/runtime/kiosk_settings.hpp"

using namespace qrgate;

TEST(KioskSettings, AFreshFolderGetsTheDefaults) {
    auto db = Database::openInMemory();
    EXPECT_EQ(KioskSettings::load(*db), KioskSettings{});
}

TEST(KioskSettings, WhatIsSavedIsLoadedWhole) {
    auto db = Database::openInMemory();
    KioskSettings s;
    s.gate = "North";
    s.camera = "/dev/video2";
    s.width = 1920;
    s.height = 1080;
    s.mode = KioskMode::Confirm;
    s.verdictMs = 3000;
    s.sounds = false;
    s.locked = true;
    s.pinHash = KioskSettings::hashPin("2468");
    s.save(*db);
    EXPECT_EQ(KioskSettings::load(*db), s);
}

TEST(KioskSettings, BadStoredValuesAreMendedNotTrusted) {
    auto db = Database::openInMemory();
    db->storeSettings({{"kiosk.verdict_ms", "50"}, {"kiosk.width", "wide"}, {"kiosk.mode", "fast"}, {"kiosk.gate", ""}});
    auto s = KioskSettings::load(*db);
    EXPECT_EQ(s.verdictMs, 1000);
    EXPECT_EQ(s.width, 1280);
    EXPECT_EQ(s.mode, KioskMode::Auto);
    EXPECT_EQ(s.gate, "A");
}

TEST(KioskSettings, ThePinIsCheckedAgainstItsHashAndNeverStored) {
    auto db = Database::openInMemory();
    KioskSettings s;
    EXPECT_FALSE(s.pinMatches("")) << "no PIN set: nothing unlocks";
    s.pinHash = KioskSettings::hashPin("2468");
    s.locked = true;
    s.save(*db);
    auto loaded = KioskSettings::load(*db);
    EXPECT_TRUE(loaded.pinMatches("2468"));
    EXPECT_FALSE(loaded.pinMatches("2469"));
    EXPECT_EQ(db->sql().execAndGet("SELECT count(*) FROM settings WHERE value LIKE '%2468%'").getInt(), 0);
}

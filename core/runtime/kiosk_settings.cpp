#include "core/runtime/kiosk_settings.hpp"

#include <algorithm>
#include <charconv>

#include "core/base/crypto.hpp"

namespace qrgate {

namespace {
int number(const std::string& text, int fallback) {
    int v = 0;
    auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), v);
    return err == std::errc() && end == text.data() + text.size() ? v : fallback;
}
}  // namespace

KioskSettings KioskSettings::load(Database& db) {
    KioskSettings s;
    s.gate = db.setting("kiosk.gate", s.gate);
    if (s.gate.empty()) s.gate = "A";
    s.camera = db.setting("kiosk.camera", s.camera);
    s.width = std::clamp(number(db.setting("kiosk.width"), s.width), 160, 7680);
    s.height = std::clamp(number(db.setting("kiosk.height"), s.height), 120, 4320);
    s.mode = db.setting("kiosk.mode", "auto") == "confirm" ? KioskMode::Confirm : KioskMode::Auto;
    s.verdictMs = std::clamp(number(db.setting("kiosk.verdict_ms"), s.verdictMs), 1000, 3000);
    s.sounds = db.setting("kiosk.sounds", "1") == "1";
    s.locked = db.setting("kiosk.locked", "0") == "1";
    s.pinHash = db.setting("kiosk.pin_hash");
    return s;
}

void KioskSettings::save(Database& db) const {
    db.storeSettings({{"kiosk.gate", gate},
                      {"kiosk.camera", camera},
                      {"kiosk.width", std::to_string(width)},
                      {"kiosk.height", std::to_string(height)},
                      {"kiosk.mode", mode == KioskMode::Confirm ? "confirm" : "auto"},
                      {"kiosk.verdict_ms", std::to_string(verdictMs)},
                      {"kiosk.sounds", sounds ? "1" : "0"},
                      {"kiosk.locked", locked ? "1" : "0"},
                      {"kiosk.pin_hash", pinHash}});
}

std::string KioskSettings::hashPin(const std::string& pin) { return toHex(hash256("qrgate kiosk pin:" + pin)); }

}  // namespace qrgate

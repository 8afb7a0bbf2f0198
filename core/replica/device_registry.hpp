#pragma once
// Devices that may use a node's HTTP API, and how they get in: a token printed by
// `qrgate device add`, or a one-time, short-lived pairing code exchanged for a token.
// Only hashes of tokens and codes are stored; a revoked device is refused at its next request.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.hpp"
#include "core/store/database.hpp"
#include "core/base/result.hpp"

namespace qrgate {

// gate: check in, validate, read tickets, stats and the change feed, undo admissions.
// admin: all of that, plus issuing tickets and managing devices and pairing codes.
enum class DeviceRole { Gate, Admin };
const char* toString(DeviceRole role);
std::optional<DeviceRole> parseDeviceRole(std::string_view text);

struct Device {
    std::string id;  // "D" + 9 Crockford base32 characters
    std::string name;
    DeviceRole role = DeviceRole::Gate;
    TimeMs createdAt = 0;
    std::optional<TimeMs> lastSeen;
    std::optional<TimeMs> revokedAt;
};

struct ProvisionedDevice {
    Device device;
    std::string token;  // shown once; only its hash is kept
};

struct PairingCode {
    std::string code;  // "ABCDE-FGHJK": 50 random bits, typed or scanned once
    DeviceRole role = DeviceRole::Gate;
    TimeMs expiresAt = 0;
};

// What became of a pairing code: still open, used (by which device, when), or expired.
struct PairingCodeState {
    enum class Stage { Open, Used, Expired, Unknown };
    Stage stage = Stage::Unknown;  // Unknown: not a code of this node (or purged a day after)
    TimeMs expiresAt = 0;
    TimeMs usedAt = 0;       // set when Used
    std::string deviceName;  // the device that used it ("Gate North"), when Used
};

class DeviceRegistry {
public:
    explicit DeviceRegistry(Database& db, const Clock& clock = SystemClock::instance());

    Result<ProvisionedDevice> add(const std::string& name, DeviceRole role = DeviceRole::Gate);
    // The device holding this token. Errors: "unknown_token", "revoked_token".
    Result<Device> authenticate(std::string_view token);
    std::vector<Device> list();
    std::optional<Device> find(const std::string& idOrName);
    // Revokes by id or (unique) name; the device's token stops working at once.
    Result<Device> revoke(const std::string& idOrName, const std::string& actor = "");
    void touch(const std::string& deviceId);

    Result<PairingCode> createPairingCode(DeviceRole role = DeviceRole::Gate,
                                          std::chrono::minutes validFor = std::chrono::minutes(10));
    // Exchanges a code for a new device token. Errors: "pairing_code_invalid" (unknown or
    // forged), "pairing_code_used" (replayed), "pairing_code_expired".
    Result<ProvisionedDevice> redeemPairingCode(std::string_view code, const std::string& deviceName);

    // The state of a code this node made, as the console shows it beside the code.
    PairingCodeState pairingCodeState(std::string_view code);

    static std::string hashToken(std::string_view token);
    // Upper case, no separators, Crockford look-alikes (O->0, I/L->1) mapped: what people type.
    static std::string normalizePairingCode(std::string_view code);

private:
    Result<ProvisionedDevice> insert(const std::string& name, DeviceRole role);
    Database& m_db;
    const Clock& m_clock;
};

}  // namespace qrgate

#include "core/replica/device_registry.hpp"

#include <SQLiteCpp/Statement.h>

#include <cctype>
#include <mutex>

#include "core/base/crypto.hpp"

namespace qrgate {

namespace {
Device readDevice(SQLite::Statement& q) {
    Device d;
    d.id = q.getColumn(0).getString();
    d.name = q.getColumn(1).getString();
    d.role = parseDeviceRole(q.getColumn(2).getString()).value_or(DeviceRole::Gate);
    d.createdAt = q.getColumn(3).getInt64();
    if (!q.getColumn(4).isNull()) d.lastSeen = q.getColumn(4).getInt64();
    if (!q.getColumn(5).isNull()) d.revokedAt = q.getColumn(5).getInt64();
    return d;
}
constexpr const char* kDeviceSelect = "SELECT id, name, role, created_at, last_seen, revoked_at FROM devices ";

void audit(Database& db, TimeMs at, const std::string& actor, const char* action, const std::string& detail) {
    SQLite::Statement q(db.sql(), "INSERT INTO audit(at, actor, action, detail) VALUES(?, ?, ?, ?)");
    q.bind(1, static_cast<std::int64_t>(at));
    q.bind(2, actor);
    q.bind(3, action);
    q.bind(4, detail);
    q.exec();
}
}  // namespace

const char* toString(DeviceRole role) { return role == DeviceRole::Admin ? "admin" : "gate"; }

std::optional<DeviceRole> parseDeviceRole(std::string_view text) {
    if (text == "gate") return DeviceRole::Gate;
    if (text == "admin") return DeviceRole::Admin;
    return std::nullopt;
}

DeviceRegistry::DeviceRegistry(Database& db, const Clock& clock) : m_db(db), m_clock(clock) {}

std::string DeviceRegistry::hashToken(std::string_view token) {
    // Tokens carry 160 random bits, so a fast hash is enough: nothing to brute-force.
    return toHex(hash256(std::string("qrgate-device-token:") + std::string(token)));
}

std::string DeviceRegistry::normalizePairingCode(std::string_view code) {
    std::string out;
    for (char c : code) {
        if (c == '-' || c == ' ' || c == '\t') continue;
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (c == 'O') c = '0';
        if (c == 'I' || c == 'L') c = '1';
        out.push_back(c);
    }
    return out;
}

Result<ProvisionedDevice> DeviceRegistry::insert(const std::string& name, DeviceRole role) {
    ProvisionedDevice p;
    p.device.id = "D" + randomId(9);
    p.device.name = name;
    p.device.role = role;
    p.device.createdAt = m_clock.nowMs();
    p.token = "qgt_" + randomId(32);
    SQLite::Statement q(m_db.sql(),
                        "INSERT INTO devices(id, name, role, token_hash, created_at) VALUES(?, ?, ?, ?, ?)");
    q.bind(1, p.device.id);
    q.bind(2, name);
    q.bind(3, toString(role));
    q.bind(4, hashToken(p.token));
    q.bind(5, static_cast<std::int64_t>(p.device.createdAt));
    q.exec();
    return p;
}

Result<ProvisionedDevice> DeviceRegistry::add(const std::string& name, DeviceRole role) {
    if (name.empty() || name.size() > 100) return Error{"invalid_name", "A device needs a name of 1 to 100 characters."};
    WriteTransaction tx(m_db);
    auto p = insert(name, role);
    if (!p) return p;
    audit(m_db, p->device.createdAt, "", "device_add", p->device.id + " " + name + " (" + toString(role) + ")");
    tx.commit();
    return p;
}

Result<Device> DeviceRegistry::authenticate(std::string_view token) {
    if (token.empty() || token.size() > 200) return Error{"unknown_token", "Unknown device token."};
    SQLite::Statement q(m_db.sql(), std::string(kDeviceSelect) + "WHERE token_hash = ?");
    q.bind(1, hashToken(token));
    if (!q.executeStep()) return Error{"unknown_token", "Unknown device token."};
    auto d = readDevice(q);
    if (d.revokedAt) return Error{"revoked_token", "This device (" + d.name + ") was revoked."};
    return d;
}

std::vector<Device> DeviceRegistry::list() {
    SQLite::Statement q(m_db.sql(), std::string(kDeviceSelect) + "ORDER BY created_at, id");
    std::vector<Device> out;
    while (q.executeStep()) out.push_back(readDevice(q));
    return out;
}

std::optional<Device> DeviceRegistry::find(const std::string& idOrName) {
    SQLite::Statement byId(m_db.sql(), std::string(kDeviceSelect) + "WHERE id = ?");
    byId.bind(1, idOrName);
    if (byId.executeStep()) return readDevice(byId);
    SQLite::Statement byName(m_db.sql(), std::string(kDeviceSelect) + "WHERE name = ? ORDER BY created_at DESC");
    byName.bind(1, idOrName);
    std::optional<Device> found;
    int n = 0;
    while (byName.executeStep()) {
        if (n++ == 0) found = readDevice(byName);
    }
    if (n > 1) return std::nullopt;  // ambiguous: the caller must use the id
    return found;
}

Result<Device> DeviceRegistry::revoke(const std::string& idOrName, const std::string& actor) {
    auto d = find(idOrName);
    if (!d) return Error{"not_found", "No device " + idOrName + " (use the id if several share the name)."};
    if (d->revokedAt) return *d;
    const TimeMs now = m_clock.nowMs();
    WriteTransaction tx(m_db);
    SQLite::Statement q(m_db.sql(), "UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    q.bind(1, static_cast<std::int64_t>(now));
    q.bind(2, d->id);
    q.exec();
    audit(m_db, now, actor, "device_revoke", d->id + " " + d->name);
    tx.commit();
    d->revokedAt = now;
    return *d;
}

void DeviceRegistry::touch(const std::string& deviceId) {
    WriteTransaction tx(m_db);
    SQLite::Statement q(m_db.sql(), "UPDATE devices SET last_seen = ? WHERE id = ?");
    q.bind(1, static_cast<std::int64_t>(m_clock.nowMs()));
    q.bind(2, deviceId);
    q.exec();
    tx.commit();
}

Result<PairingCode> DeviceRegistry::createPairingCode(DeviceRole role, std::chrono::minutes validFor) {
    PairingCode c;
    const std::string raw = randomId(10);
    c.code = raw.substr(0, 5) + "-" + raw.substr(5);
    c.role = role;
    const TimeMs now = m_clock.nowMs();
    c.expiresAt = now + std::chrono::duration_cast<std::chrono::milliseconds>(validFor).count();
    WriteTransaction tx(m_db);
    // Expired codes are useless; drop them so the table stays small.
    SQLite::Statement purge(m_db.sql(), "DELETE FROM pairing_codes WHERE expires_at < ?");
    purge.bind(1, static_cast<std::int64_t>(now - 24 * 3600 * 1000LL));
    purge.exec();
    SQLite::Statement q(m_db.sql(),
                        "INSERT INTO pairing_codes(code_hash, role, created_at, expires_at) VALUES(?, ?, ?, ?)");
    q.bind(1, hashToken("pair:" + raw));
    q.bind(2, toString(role));
    q.bind(3, static_cast<std::int64_t>(now));
    q.bind(4, static_cast<std::int64_t>(c.expiresAt));
    q.exec();
    audit(m_db, now, "", "pairing_code", std::string("role ") + toString(role));
    tx.commit();
    return c;
}

PairingCodeState DeviceRegistry::pairingCodeState(std::string_view code) {
    PairingCodeState state;
    const std::string normalized = normalizePairingCode(code);
    SQLite::Statement q(m_db.sql(),
                        "SELECT p.expires_at, p.used_at, coalesce(d.name, p.device_id) FROM pairing_codes p "
                        "LEFT JOIN devices d ON d.id = p.device_id WHERE p.code_hash = ?");
    q.bind(1, hashToken("pair:" + normalized));
    if (!q.executeStep()) return state;
    state.expiresAt = q.getColumn(0).getInt64();
    if (!q.getColumn(1).isNull()) {
        state.stage = PairingCodeState::Stage::Used;
        state.usedAt = q.getColumn(1).getInt64();
        state.deviceName = q.getColumn(2).getString();
    } else {
        // The same rule as redeeming: usable up to and including its expiry instant.
        state.stage = m_clock.nowMs() > state.expiresAt ? PairingCodeState::Stage::Expired : PairingCodeState::Stage::Open;
    }
    return state;
}

Result<ProvisionedDevice> DeviceRegistry::redeemPairingCode(std::string_view code, const std::string& deviceName) {
    const std::string normalized = normalizePairingCode(code);
    if (normalized.size() != 10 || !isCrockfordId(normalized, 10))
        return Error{"pairing_code_invalid", "This pairing code is not valid."};
    if (deviceName.empty() || deviceName.size() > 100)
        return Error{"invalid_name", "A device needs a name of 1 to 100 characters."};
    const TimeMs now = m_clock.nowMs();
    WriteTransaction tx(m_db);
    SQLite::Statement q(m_db.sql(), "SELECT role, expires_at, used_at FROM pairing_codes WHERE code_hash = ?");
    const std::string hash = hashToken("pair:" + normalized);
    q.bind(1, hash);
    if (!q.executeStep()) return Error{"pairing_code_invalid", "This pairing code is not valid."};
    const auto role = parseDeviceRole(q.getColumn(0).getString()).value_or(DeviceRole::Gate);
    const TimeMs expiresAt = q.getColumn(1).getInt64();
    const bool used = !q.getColumn(2).isNull();
    q.reset();
    if (used) return Error{"pairing_code_used", "This pairing code was already used; ask for a new one."};
    if (now > expiresAt) return Error{"pairing_code_expired", "This pairing code has expired; ask for a new one."};
    auto p = insert(deviceName, role);
    if (!p) return p;
    SQLite::Statement mark(m_db.sql(), "UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE code_hash = ?");
    mark.bind(1, static_cast<std::int64_t>(now));
    mark.bind(2, p->device.id);
    mark.bind(3, hash);
    mark.exec();
    audit(m_db, now, p->device.id, "device_pair", p->device.name);
    tx.commit();
    return p;
}

}  // namespace qrgate

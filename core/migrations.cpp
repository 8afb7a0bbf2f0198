#include "core/migrations.hpp"

namespace qrgate {

namespace {
constexpr std::string_view kV1 = R"SQL(
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE events (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    venue              TEXT NOT NULL DEFAULT '',
    starts_at          INTEGER,
    ends_at            INTEGER,
    time_zone          TEXT NOT NULL DEFAULT 'UTC',
    public_key         TEXT NOT NULL,
    created_at         INTEGER NOT NULL,
    next_ticket_number INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE ticket_types (
    id           INTEGER PRIMARY KEY,
    event_id     TEXT NOT NULL REFERENCES events(id),
    name         TEXT NOT NULL,
    entries      TEXT NOT NULL CHECK (entries IN ('once', 'reentry', 'unlimited')),
    gates        TEXT NOT NULL DEFAULT '[]',
    valid_days   TEXT NOT NULL DEFAULT '[]',
    daily_start  INTEGER,
    daily_end    INTEGER,
    valid_from   INTEGER,
    valid_until  INTEGER,
    colour       TEXT NOT NULL DEFAULT '#2E7D32',
    is_default   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_id, name COLLATE NOCASE)
);

CREATE TABLE tickets (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL REFERENCES events(id),
    type_id       INTEGER NOT NULL REFERENCES ticket_types(id),
    number        INTEGER NOT NULL,
    holder_name   TEXT NOT NULL DEFAULT '',
    holder_email  TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL DEFAULT 'valid' CHECK (state IN ('valid', 'void')),
    secret_hash   TEXT NOT NULL,
    generation    INTEGER NOT NULL DEFAULT 0,
    issued_at     INTEGER NOT NULL,
    expires_at    INTEGER,
    entries_used  INTEGER NOT NULL DEFAULT 0,
    inside        INTEGER NOT NULL DEFAULT 0,
    -- the entry that counts now (once: the only one; re-entry: the latest), so that
    -- "already used at 19:02, gate A" needs no search through the scan log
    entry_at      INTEGER,
    entry_gate    TEXT NOT NULL DEFAULT '',
    entry_device  TEXT NOT NULL DEFAULT '',
    UNIQUE (event_id, number)
);
CREATE UNIQUE INDEX tickets_secret_hash ON tickets(secret_hash);

CREATE TABLE checkins (
    id           INTEGER PRIMARY KEY,
    nonce        TEXT NOT NULL UNIQUE,
    ticket_id    TEXT NOT NULL DEFAULT '',
    event_id     TEXT NOT NULL DEFAULT '',
    gate_id      TEXT NOT NULL DEFAULT '',
    device_id    TEXT NOT NULL DEFAULT '',
    direction    TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
    result       TEXT NOT NULL CHECK (result IN ('admitted', 'refused', 'annul')),
    reason       TEXT NOT NULL DEFAULT '',
    scanned_at   INTEGER NOT NULL,
    recorded_at  INTEGER NOT NULL,
    offline      INTEGER NOT NULL DEFAULT 0,
    annulled_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX checkins_event ON checkins(event_id, id);

CREATE TABLE devices (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT 'gate',
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER,
    revoked_at  INTEGER
);

CREATE TABLE mail_outbox (
    id          INTEGER PRIMARY KEY,
    ticket_id   TEXT NOT NULL REFERENCES tickets(id),
    recipient   TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    queued_at   INTEGER NOT NULL,
    sent_at     INTEGER
);

CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL DEFAULT '',
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT ''
);
)SQL";
}  // namespace

const std::vector<std::string_view>& schemaMigrations() {
    static const std::vector<std::string_view> migrations = {kV1};
    return migrations;
}

}  // namespace qrgate

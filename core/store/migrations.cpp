#include "core/store/migrations.hpp"

#include <string>

#include "core/checkin/checkin_identity.hpp"

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
-- No secondary index but the nonce: each one costs a page write in every admission's commit.
-- The scan log is read newest-first by rowid, and one data folder rarely holds many events.

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

// Migration 2: LAN sync. A change feed filled by triggers (followers pull it), an upload queue for
// offline check-ins, conflicts, pairing codes. The admission hot path fires only the checkins
// INSERT trigger: the entry-state columns of tickets (entries_used, inside, entry_*) have no
// trigger; the feed sends a ticket's entry state along with each check-in instead.
constexpr std::string_view kV2 = R"SQL(
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY,
    entity     TEXT NOT NULL CHECK (entity IN ('event', 'type', 'ticket', 'checkin', 'device', 'conflict')),
    entity_id  TEXT NOT NULL
);

ALTER TABLE checkins ADD COLUMN uploaded INTEGER NOT NULL DEFAULT 0;
UPDATE checkins SET uploaded = 1;
CREATE INDEX checkins_upload_queue ON checkins(ticket_id) WHERE offline = 1 AND uploaded = 0;

CREATE TABLE conflicts (
    id             INTEGER PRIMARY KEY,
    ticket_id      TEXT NOT NULL,
    event_id       TEXT NOT NULL,
    first_nonce    TEXT NOT NULL,
    first_gate     TEXT NOT NULL DEFAULT '',
    first_device   TEXT NOT NULL DEFAULT '',
    first_at       INTEGER NOT NULL,
    second_nonce   TEXT NOT NULL,
    second_gate    TEXT NOT NULL DEFAULT '',
    second_device  TEXT NOT NULL DEFAULT '',
    second_at      INTEGER NOT NULL,
    detected_at    INTEGER NOT NULL,
    UNIQUE (first_nonce, second_nonce)
);
CREATE INDEX conflicts_event ON conflicts(event_id, id);

CREATE TABLE pairing_codes (
    code_hash   TEXT PRIMARY KEY,
    role        TEXT NOT NULL DEFAULT 'gate',
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    device_id   TEXT NOT NULL DEFAULT ''
);

CREATE TRIGGER feed_event_insert AFTER INSERT ON events
BEGIN INSERT INTO changes(entity, entity_id) VALUES ('event', NEW.id); END;
CREATE TRIGGER feed_event_update AFTER UPDATE OF name, venue, starts_at, ends_at, time_zone, public_key ON events
BEGIN INSERT INTO changes(entity, entity_id) VALUES ('event', NEW.id); END;
CREATE TRIGGER feed_type_insert AFTER INSERT ON ticket_types
BEGIN INSERT INTO changes(entity, entity_id) VALUES ('type', NEW.id); END;
CREATE TRIGGER feed_type_update AFTER UPDATE ON ticket_types
BEGIN INSERT INTO changes(entity, entity_id) VALUES ('type', NEW.id); END;
CREATE TRIGGER feed_ticket_insert AFTER INSERT ON tickets
BEGIN INSERT INTO changes(entity, entity_id) VALUES ('ticket', NEW.id); END;
CREATE TRIGGER feed_ticket_update
AFTER UPDATE OF type_id, number, holder_name, holder_email, state, secret_hash, generation, expires_at ON tickets
BEGIN INSERT INTO changes(entity, entity_id) VALUES ('ticket', NEW.id); END;
CREATE TRIGGER feed_checkin_insert AFTER INSERT ON checkins
BEGIN INSERT INTO changes(entity, entity_id) VALUES ('checkin', NEW.nonce); END;
CREATE TRIGGER feed_checkin_annul AFTER UPDATE OF annulled_by ON checkins
BEGIN INSERT INTO changes(entity, entity_id) VALUES ('checkin', NEW.nonce); END;
CREATE TRIGGER feed_device_insert AFTER INSERT ON devices
BEGIN INSERT INTO changes(entity, entity_id) VALUES ('device', NEW.id); END;
CREATE TRIGGER feed_device_update AFTER UPDATE OF name, role, token_hash, revoked_at ON devices
BEGIN INSERT INTO changes(entity, entity_id) VALUES ('device', NEW.id); END;
CREATE TRIGGER feed_conflict_insert AFTER INSERT ON conflicts
BEGIN INSERT INTO changes(entity, entity_id) VALUES ('conflict', NEW.id); END;

-- Backfill, so that a new follower's first pull (since=0) is a full snapshot of what exists.
INSERT INTO changes(entity, entity_id) SELECT 'event', id FROM events ORDER BY created_at, id;
INSERT INTO changes(entity, entity_id) SELECT 'type', id FROM ticket_types ORDER BY id;
INSERT INTO changes(entity, entity_id) SELECT 'ticket', id FROM tickets ORDER BY event_id, number;
INSERT INTO changes(entity, entity_id) SELECT 'device', id FROM devices ORDER BY created_at, id;
INSERT INTO changes(entity, entity_id) SELECT 'checkin', nonce FROM checkins ORDER BY id;
)SQL";
// Migration 3: an admission writes fewer pages (see core/checkin_identity.hpp).
// - Check-ins take their row ids from the change sequence and are served by the change feed from
//   their own rows: no `changes` row per scan. Existing check-ins are renumbered after the last
//   change, so a follower's cursor, wherever it stood, gets every check-in again (applying one
//   twice changes nothing).
// - Nonces the engine makes itself carry their row id and need no index entry; other nonces stay
//   unique through a partial index.
// - CHECK constraints compare with = instead of IN (...): SQLite builds a temporary B-tree for an
//   IN list of three or more values on every row it checks.
constexpr std::string_view kV3 = R"SQL(
DROP TRIGGER feed_event_insert;
DROP TRIGGER feed_event_update;
DROP TRIGGER feed_type_insert;
DROP TRIGGER feed_type_update;
DROP TRIGGER feed_ticket_insert;
DROP TRIGGER feed_ticket_update;
DROP TRIGGER feed_checkin_insert;
DROP TRIGGER feed_checkin_annul;
DROP TRIGGER feed_device_insert;
DROP TRIGGER feed_device_update;
DROP TRIGGER feed_conflict_insert;

CREATE TABLE changes_v3 (
    seq        INTEGER PRIMARY KEY,
    entity     TEXT NOT NULL CHECK (entity = 'event' OR entity = 'type' OR entity = 'ticket' OR
                                    entity = 'checkin' OR entity = 'device' OR entity = 'conflict'),
    entity_id  TEXT NOT NULL
);
INSERT INTO changes_v3(seq, entity, entity_id) SELECT seq, entity, entity_id FROM changes WHERE entity <> 'checkin';
DROP TABLE changes;
ALTER TABLE changes_v3 RENAME TO changes;

CREATE TABLE checkins_v3 (
    id           INTEGER PRIMARY KEY,
    nonce        TEXT NOT NULL,
    local_nonce  INTEGER NOT NULL DEFAULT 0,
    ticket_id    TEXT NOT NULL DEFAULT '',
    event_id     TEXT NOT NULL DEFAULT '',
    gate_id      TEXT NOT NULL DEFAULT '',
    device_id    TEXT NOT NULL DEFAULT '',
    direction    TEXT NOT NULL CHECK (direction = 'entry' OR direction = 'exit'),
    result       TEXT NOT NULL CHECK (result = 'admitted' OR result = 'refused' OR result = 'annul'),
    reason       TEXT NOT NULL DEFAULT '',
    scanned_at   INTEGER NOT NULL,
    recorded_at  INTEGER NOT NULL,
    offline      INTEGER NOT NULL DEFAULT 0,
    annulled_by  TEXT NOT NULL DEFAULT '',
    uploaded     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO checkins_v3(id, nonce, local_nonce, ticket_id, event_id, gate_id, device_id, direction, result, reason,
                        scanned_at, recorded_at, offline, annulled_by, uploaded)
SELECT id + (SELECT coalesce(max(seq), 0) FROM changes), nonce, 0, ticket_id, event_id, gate_id, device_id,
       direction, result, reason, scanned_at, recorded_at, offline, annulled_by, uploaded
FROM checkins ORDER BY id;
DROP TABLE checkins;
ALTER TABLE checkins_v3 RENAME TO checkins;
CREATE UNIQUE INDEX checkins_foreign_nonce ON checkins(nonce) WHERE local_nonce = 0;
CREATE INDEX checkins_upload_queue ON checkins(ticket_id) WHERE offline = 1 AND uploaded = 0;

CREATE TRIGGER feed_event_insert AFTER INSERT ON events
BEGIN INSERT INTO changes(seq, entity, entity_id) VALUES (NEXT_SEQ, 'event', NEW.id); END;
CREATE TRIGGER feed_event_update AFTER UPDATE OF name, venue, starts_at, ends_at, time_zone, public_key ON events
BEGIN INSERT INTO changes(seq, entity, entity_id) VALUES (NEXT_SEQ, 'event', NEW.id); END;
CREATE TRIGGER feed_type_insert AFTER INSERT ON ticket_types
BEGIN INSERT INTO changes(seq, entity, entity_id) VALUES (NEXT_SEQ, 'type', NEW.id); END;
CREATE TRIGGER feed_type_update AFTER UPDATE ON ticket_types
BEGIN INSERT INTO changes(seq, entity, entity_id) VALUES (NEXT_SEQ, 'type', NEW.id); END;
CREATE TRIGGER feed_ticket_insert AFTER INSERT ON tickets
BEGIN INSERT INTO changes(seq, entity, entity_id) VALUES (NEXT_SEQ, 'ticket', NEW.id); END;
CREATE TRIGGER feed_ticket_update
AFTER UPDATE OF type_id, number, holder_name, holder_email, state, secret_hash, generation, expires_at ON tickets
BEGIN INSERT INTO changes(seq, entity, entity_id) VALUES (NEXT_SEQ, 'ticket', NEW.id); END;
CREATE TRIGGER feed_checkin_annul AFTER UPDATE OF annulled_by ON checkins
BEGIN INSERT INTO changes(seq, entity, entity_id) VALUES (NEXT_SEQ, 'checkin', NEW.id); END;
CREATE TRIGGER feed_device_insert AFTER INSERT ON devices
BEGIN INSERT INTO changes(seq, entity, entity_id) VALUES (NEXT_SEQ, 'device', NEW.id); END;
CREATE TRIGGER feed_device_update AFTER UPDATE OF name, role, token_hash, revoked_at ON devices
BEGIN INSERT INTO changes(seq, entity, entity_id) VALUES (NEXT_SEQ, 'device', NEW.id); END;
CREATE TRIGGER feed_conflict_insert AFTER INSERT ON conflicts
BEGIN INSERT INTO changes(seq, entity, entity_id) VALUES (NEXT_SEQ, 'conflict', NEW.id); END;
)SQL";

// Migration 4: offline uploads prove what they claim (docs/sync.md, "Uploads").
// - `manual` marks an admission staff made from a search, without a code.
// - `upload_proofs` keeps, on a follower only, the scanned code of each offline check-in until
//   the leader has it: the leader checks the code as it would a live scan. The row goes as soon
//   as the check-in is settled (uploaded = 1), so a kiosk holds codes only of scans still queued.
constexpr std::string_view kV4 = R"SQL(
ALTER TABLE checkins ADD COLUMN manual INTEGER NOT NULL DEFAULT 0;
CREATE TABLE upload_proofs (
    checkin_id INTEGER PRIMARY KEY,
    qr_data    TEXT NOT NULL
);
CREATE TRIGGER upload_proof_settled AFTER UPDATE OF uploaded ON checkins WHEN NEW.uploaded = 1
BEGIN DELETE FROM upload_proofs WHERE checkin_id = NEW.id; END;
)SQL";

// Schema 5: the mail outbox (core/mail, docs/mail.md) and the message templates.
// - `mail_outbox` holds one row per ticket (unique): which address, in which state
//   (queued, sending, sent, failed, unknown), the Message-ID it goes out with, how many attempts
//   were made and when the next one is due, and the server's reply or the reason it failed.
//   Tickets sent together ("one message per address") share a `group_key` and a Message-ID.
//   The table is this machine's own: it is not in the change feed, and it never holds a
//   password or a ticket's code.
// - The table of schema 1 was never written by any version; its rows, if any, are carried over.
// - `mail_templates`: one subject and body per event, with {placeholders}.
constexpr std::string_view kV5 = R"SQL(
CREATE TABLE mail_outbox_v5 (
    id               INTEGER PRIMARY KEY,
    event_id         TEXT NOT NULL,
    ticket_id        TEXT NOT NULL UNIQUE REFERENCES tickets(id),
    recipient        TEXT NOT NULL,
    group_key        TEXT NOT NULL,
    message_id       TEXT NOT NULL DEFAULT '',
    state            TEXT NOT NULL DEFAULT 'queued'
                     CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'unknown')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL DEFAULT 0,
    reply            TEXT NOT NULL DEFAULT '',
    queued_at        INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
INSERT OR IGNORE INTO mail_outbox_v5 (event_id, ticket_id, recipient, group_key, state, attempts, reply,
                                      queued_at, updated_at, sent_at)
SELECT t.event_id, m.ticket_id, m.recipient, m.ticket_id,
       CASE m.state WHEN 'sent' THEN 'sent' WHEN 'failed' THEN 'failed' ELSE 'queued' END,
       m.attempts, m.last_error, m.queued_at, COALESCE(m.sent_at, m.queued_at), m.sent_at
FROM mail_outbox m JOIN tickets t ON t.id = m.ticket_id ORDER BY m.id DESC;
DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_v5 RENAME TO mail_outbox;
CREATE INDEX mail_outbox_event_state ON mail_outbox(event_id, state, next_attempt_at);
CREATE INDEX mail_outbox_group ON mail_outbox(event_id, group_key);
CREATE TABLE mail_templates (
    event_id    TEXT PRIMARY KEY,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
)SQL";

// Schema 6 (issue 13):
// - `name_folded`: the holder's name folded for search (core/base/text_fold nameSearchKey), written
//   with the name by every writer through the SQL function fold_name() (Database registers it on
//   each connection), indexed with the event so that sorting by name needs no sort.
// - `imports`: one row per attendee import, so the last one can be undone; tickets issued by it
//   carry its id in `import_id`. Local to the machine that imported (not in the change feed).
// - `end_grace_minutes`: how long after the event's end a ticket still opens the gate
//   (docs/design.md, "When a ticket expires"); in the feed with the event.
constexpr std::string_view kV6 = R"SQL(
ALTER TABLE tickets ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
UPDATE tickets SET name_folded = fold_name(holder_name) WHERE holder_name <> '';
CREATE INDEX tickets_event_name_folded ON tickets(event_id, name_folded);
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES events(id),
    source      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    issued      INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    undone_at   INTEGER
);
ALTER TABLE tickets ADD COLUMN import_id INTEGER;
CREATE INDEX tickets_import ON tickets(import_id) WHERE import_id IS NOT NULL;
ALTER TABLE events ADD COLUMN end_grace_minutes INTEGER NOT NULL DEFAULT 120;
DROP TRIGGER feed_event_update;
CREATE TRIGGER feed_event_update
AFTER UPDATE OF name, venue, starts_at, ends_at, time_zone, public_key, end_grace_minutes ON events
BEGIN INSERT INTO changes(seq, entity, entity_id) VALUES (NEXT_SEQ, 'event', NEW.id); END;
)SQL";

std::string withNextSeq(std::string_view sql) {
    // NEXT_SEQ stands for kNextChangeSeqSql, so that the triggers and the code that inserts
    // check-ins draw from the sequence alike. Changing that expression needs a new migration
    // that recreates the triggers: databases keep the ones they were given.
    std::string out(sql);
    const std::string token = "NEXT_SEQ";
    for (auto at = out.find(token); at != std::string::npos; at = out.find(token, at))
        out.replace(at, token.size(), kNextChangeSeqSql), at += std::string_view(kNextChangeSeqSql).size();
    return out;
}
}  // namespace

const std::vector<std::string_view>& schemaMigrations() {
    static const std::string v3 = withNextSeq(kV3);
    static const std::string v6 = withNextSeq(kV6);
    static const std::vector<std::string_view> migrations = {kV1, kV2, v3, kV4, kV5, v6};
    return migrations;
}

}  // namespace qrgate

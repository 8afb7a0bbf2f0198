#include "core/replica/change_feed.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <optional>
#include <set>
#include <stdexcept>

#include "core/checkin/checkin_identity.hpp"

namespace qrgate {

using nlohmann::json;

namespace {
struct StatementUse {
    SQLite::Statement& q;
    ~StatementUse() {
        q.tryReset();
        q.clearBindings();
    }
};

json columnValue(const SQLite::Column& c) {
    if (c.isNull()) return nullptr;
    if (c.isInteger()) return c.getInt64();
    if (c.isFloat()) return c.getDouble();
    return c.getString();
}

// The current row as {column: value}.
json rowObject(SQLite::Statement& q, int from = 0, int to = -1) {
    json o = json::object();
    const int n = to < 0 ? q.getColumnCount() : to;
    for (int i = from; i < n; ++i) o[q.getColumnName(i)] = columnValue(q.getColumn(i));
    return o;
}

void bindJson(SQLite::Statement& q, const char* name, const json& v) {
    if (v.is_null())
        q.bind(name);
    else if (v.is_boolean())
        q.bind(name, v.get<bool>() ? 1 : 0);
    else if (v.is_number_integer())
        q.bind(name, v.get<std::int64_t>());
    else if (v.is_number())
        q.bind(name, v.get<double>());
    else if (v.is_string())
        q.bind(name, v.get<std::string>());
    else
        throw std::runtime_error(std::string("change feed: unexpected value for ") + name);
}

// Binds :col for each column from the item; a missing column binds NULL (columns with NOT NULL
// defaults are listed with coalesce() in the SQL).
void bindColumns(SQLite::Statement& q, const json& data, std::initializer_list<const char*> columns) {
    for (const char* c : columns) {
        auto it = data.find(c);
        bindJson(q, (std::string(":") + c).c_str(), it == data.end() ? json(nullptr) : *it);
    }
}

constexpr const char* kEventSql =
    "SELECT id, name, venue, starts_at, ends_at, time_zone, public_key, created_at, end_grace_minutes FROM events "
    "WHERE id = ?";
constexpr const char* kTypeSql =
    "SELECT id, event_id, name, entries, gates, valid_days, daily_start, daily_end, valid_from, valid_until, "
    "colour, is_default FROM ticket_types WHERE id = ?";
constexpr const char* kTicketSql =
    "SELECT id, event_id, type_id, number, holder_name, state, secret_hash, generation, issued_at, expires_at, "
    "entries_used, inside, entry_at, entry_gate, entry_device FROM tickets WHERE id = ?";
// The check-in's columns, then its ticket's entry state (sent with the check-in), then the
// ticket's id (NULL when the ticket is not known here).
constexpr const char* kCheckinSql =
    "SELECT c.nonce, c.ticket_id, c.event_id, c.gate_id, c.device_id, c.direction, c.result, c.reason, "
    "c.scanned_at, c.recorded_at, c.offline, c.annulled_by, c.manual, t.entries_used, t.inside, t.entry_at, "
    "t.entry_gate, t.entry_device, t.id FROM checkins c LEFT JOIN tickets t ON t.id = c.ticket_id WHERE c.id = ?";
constexpr int kCheckinColumns = 13;
constexpr int kEntryStateColumns = 5;
constexpr const char* kDeviceSql =
    "SELECT id, name, role, token_hash, created_at, revoked_at FROM devices WHERE id = ?";
constexpr const char* kConflictSql =
    "SELECT id, ticket_id, event_id, first_nonce, first_gate, first_device, first_at, second_nonce, second_gate, "
    "second_device, second_at, detected_at FROM conflicts WHERE id = ?";
}  // namespace

// ---------------------------------------------------------------- ChangeFeed (the leader's side)

ChangeFeed::ChangeFeed(Database& db) : m_db(db) {}
ChangeFeed::~ChangeFeed() = default;

SQLite::Statement& ChangeFeed::statement(const std::string& key, const char* sql) {
    auto& slot = m_statements[key];
    if (!slot) slot = std::make_unique<SQLite::Statement>(m_db.sql(), sql);
    return *slot;
}

std::int64_t ChangeFeed::latestSeq() {
    static const std::string sql = kSelectNextChangeSeqSql + " - 1";
    auto& q = statement("latest", sql.c_str());
    StatementUse use{q};
    q.executeStep();
    return q.getColumn(0).getInt64();
}

json ChangeFeed::loadEntity(const std::string& entity, const std::string& id) {
    const char* sql = entity == "event"     ? kEventSql
                      : entity == "type"    ? kTypeSql
                      : entity == "ticket"  ? kTicketSql
                      : entity == "checkin" ? kCheckinSql
                      : entity == "device"  ? kDeviceSql
                      : entity == "conflict" ? kConflictSql
                                             : nullptr;
    if (!sql) return nullptr;
    auto& q = statement(entity, sql);
    StatementUse use{q};
    if (entity == "type" || entity == "conflict" || entity == "checkin")
        q.bind(1, static_cast<std::int64_t>(std::stoll(id)));
    else
        q.bind(1, id);
    if (!q.executeStep()) return nullptr;  // deleted since: nothing to send
    if (entity != "checkin") return rowObject(q);
    json data = rowObject(q, 0, kCheckinColumns);
    if (!q.getColumn(kCheckinColumns + kEntryStateColumns).isNull())
        data["ticket_state"] = rowObject(q, kCheckinColumns, kCheckinColumns + kEntryStateColumns);
    return data;
}

ChangePage ChangeFeed::read(std::int64_t since, std::size_t limit) {
    ChangePage page;
    page.since = since;
    page.next = since;
    limit = std::max<std::size_t>(1, limit);
    SQLite::Transaction snapshot(m_db.sql(), SQLite::TransactionBehavior::DEFERRED);
    page.latest = latestSeq();
    struct Row {
        std::int64_t seq;
        std::string entity, id;
    };
    std::vector<Row> rows;
    {
        // Check-ins are changes in their own right: their row ids come from the same sequence.
        auto& q = statement("page",
                            "SELECT seq, entity, entity_id FROM changes WHERE seq > ?1 UNION ALL "
                            "SELECT id, 'checkin', CAST(id AS TEXT) FROM checkins WHERE id > ?1 ORDER BY 1 LIMIT ?2");
        StatementUse use{q};
        q.bind(1, static_cast<std::int64_t>(since));
        q.bind(2, static_cast<std::int64_t>(limit));
        while (q.executeStep())
            rows.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()});
    }
    if (!rows.empty()) page.next = rows.back().seq;
    // Keep the last mention of each entity: its current state is sent once per page.
    std::set<std::pair<std::string, std::string>> seen;
    std::vector<const Row*> keep;
    for (auto it = rows.rbegin(); it != rows.rend(); ++it)
        if (seen.emplace(it->entity, it->id).second) keep.push_back(&*it);
    for (auto it = keep.rbegin(); it != keep.rend(); ++it) {
        json data = loadEntity((*it)->entity, (*it)->id);
        if (data.is_null()) continue;
        page.changes.push_back({{"seq", (*it)->seq}, {"entity", (*it)->entity}, {"data", std::move(data)}});
    }
    page.more = page.next < page.latest;
    snapshot.commit();
    return page;
}

// ---------------------------------------------------------------- ReplicaWriter (a follower's side)

ReplicaWriter::ReplicaWriter(Database& db) : m_db(db) {}
ReplicaWriter::~ReplicaWriter() = default;

SQLite::Statement& ReplicaWriter::statement(const std::string& key, const char* sql) {
    auto& slot = m_statements[key];
    if (!slot) slot = std::make_unique<SQLite::Statement>(m_db.sql(), sql);
    return *slot;
}

void ReplicaWriter::applyEntryState(const json& ticketId, const json& state) {
    // Entry state is taken from the leader unless offline check-ins of this ticket still wait for
    // upload here: then this replica knows better until they arrive.
    auto& u = statement("entryState",
                        "UPDATE tickets SET entries_used = coalesce(:entries_used, 0), inside = coalesce(:inside, 0), "
                        "entry_at = :entry_at, entry_gate = coalesce(:entry_gate, ''), "
                        "entry_device = coalesce(:entry_device, '') WHERE id = :id AND NOT EXISTS(SELECT 1 FROM "
                        "checkins INDEXED BY checkins_upload_queue WHERE ticket_id = :id AND offline = 1 AND uploaded = 0)");
    StatementUse use{u};
    bindColumns(u, state, {"entries_used", "inside", "entry_at", "entry_gate", "entry_device"});
    bindJson(u, ":id", ticketId);
    u.exec();
}

void ReplicaWriter::applyCheckin(const json& d) {
    // The leader's copy of a check-in this replica may already hold (its own scan, uploaded and
    // come back, or an earlier page): then only the undo mark and the upload flag can change.
    const auto nonce = d.find("nonce");
    if (nonce == d.end() || !nonce->is_string()) throw std::runtime_error("change feed: check-in without a nonce");
    static const std::string findSql =
        std::string("SELECT c.id, c.offline = 1 AND c.uploaded = 0 FROM checkins c WHERE ") + kCheckinByNonceSql;
    auto& find = statement("checkinByNonce", findSql.c_str());
    std::optional<std::int64_t> existing;
    {
        StatementUse use{find};
        bindNonceLookup(find, nonce->get<std::string>());
        if (find.executeStep()) {
            existing = find.getColumn(0).getInt64();
            m_settled += find.getColumn(1).getInt();
        }
    }
    if (existing) {
        auto& q = statement("checkinUpdate",
                            "UPDATE checkins SET annulled_by = coalesce(:annulled_by, ''), uploaded = 1 WHERE id = :id "
                            "AND (annulled_by != coalesce(:annulled_by, '') OR uploaded = 0)");
        StatementUse use{q};
        bindColumns(q, d, {"annulled_by"});
        q.bind(":id", *existing);
        q.exec();
        return;
    }
    static const std::string insertSql =
        std::string("INSERT INTO checkins(id, nonce, ticket_id, event_id, gate_id, device_id, direction, result, "
                    "reason, scanned_at, recorded_at, offline, annulled_by, manual, uploaded) VALUES(") +
        kNextChangeSeqSql +
        ", :nonce, coalesce(:ticket_id, ''), coalesce(:event_id, ''), coalesce(:gate_id, ''), "
        "coalesce(:device_id, ''), :direction, :result, coalesce(:reason, ''), :scanned_at, "
        "coalesce(:recorded_at, :scanned_at), coalesce(:offline, 0), coalesce(:annulled_by, ''), "
        "coalesce(:manual, 0), 1)";
    auto& q = statement("checkinInsert", insertSql.c_str());
    StatementUse use{q};
    bindColumns(q, d, {"nonce", "ticket_id", "event_id", "gate_id", "device_id", "direction", "result", "reason",
                       "scanned_at", "recorded_at", "offline", "annulled_by", "manual"});
    q.exec();
}

void ReplicaWriter::applyOne(const std::string& entity, const json& d) {
    if (!d.is_object()) throw std::runtime_error("change feed: item data is not an object");
    if (entity == "event") {
        auto& q = statement("event",
                            "INSERT INTO events(id, name, venue, starts_at, ends_at, time_zone, public_key, created_at, "
                            "end_grace_minutes) VALUES(:id, :name, coalesce(:venue, ''), :starts_at, :ends_at, "
                            "coalesce(:time_zone, 'UTC'), :public_key, coalesce(:created_at, 0), "
                            "coalesce(:end_grace_minutes, 120)) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                            "venue = excluded.venue, starts_at = excluded.starts_at, ends_at = excluded.ends_at, "
                            "time_zone = excluded.time_zone, public_key = excluded.public_key, "
                            "end_grace_minutes = excluded.end_grace_minutes");
        StatementUse use{q};
        // A leader before schema 6 sends no end_grace_minutes: the default (120) stands.
        bindColumns(q, d, {"id", "name", "venue", "starts_at", "ends_at", "time_zone", "public_key", "created_at",
                           "end_grace_minutes"});
        q.exec();
    } else if (entity == "type") {
        auto& q = statement(
            "type",
            "INSERT INTO ticket_types(id, event_id, name, entries, gates, valid_days, daily_start, daily_end, "
            "valid_from, valid_until, colour, is_default) VALUES(:id, :event_id, :name, :entries, "
            "coalesce(:gates, '[]'), coalesce(:valid_days, '[]'), :daily_start, :daily_end, :valid_from, :valid_until, "
            "coalesce(:colour, '#2E7D32'), coalesce(:is_default, 0)) ON CONFLICT(id) DO UPDATE SET "
            "name = excluded.name, entries = excluded.entries, gates = excluded.gates, valid_days = excluded.valid_days, "
            "daily_start = excluded.daily_start, daily_end = excluded.daily_end, valid_from = excluded.valid_from, "
            "valid_until = excluded.valid_until, colour = excluded.colour, is_default = excluded.is_default");
        StatementUse use{q};
        bindColumns(q, d, {"id", "event_id", "name", "entries", "gates", "valid_days", "daily_start", "daily_end",
                           "valid_from", "valid_until", "colour", "is_default"});
        q.exec();
    } else if (entity == "ticket") {
        // Entry state is taken from the leader unless offline check-ins of this ticket still
        // wait for upload here: then this replica knows better until they arrive.
        // Usually nothing waits for upload: then one upsert carries the entry state as well.
        auto& q = m_anyPending
                      ? statement("ticket",
                                  "INSERT INTO tickets(id, event_id, type_id, number, holder_name, state, secret_hash, "
                                  "generation, issued_at, expires_at) VALUES(:id, :event_id, :type_id, :number, "
                                  "coalesce(:holder_name, ''), coalesce(:state, 'valid'), :secret_hash, "
                                  "coalesce(:generation, 0), coalesce(:issued_at, 0), :expires_at) ON CONFLICT(id) DO "
                                  "UPDATE SET type_id = excluded.type_id, number = excluded.number, "
                                  "holder_name = excluded.holder_name, state = excluded.state, "
                                  "secret_hash = excluded.secret_hash, generation = excluded.generation, "
                                  "expires_at = excluded.expires_at")
                      : statement("ticketWithState",
                                  "INSERT INTO tickets(id, event_id, type_id, number, holder_name, state, secret_hash, "
                                  "generation, issued_at, expires_at, entries_used, inside, entry_at, entry_gate, "
                                  "entry_device) VALUES(:id, :event_id, :type_id, :number, coalesce(:holder_name, ''), "
                                  "coalesce(:state, 'valid'), :secret_hash, coalesce(:generation, 0), "
                                  "coalesce(:issued_at, 0), :expires_at, coalesce(:entries_used, 0), "
                                  "coalesce(:inside, 0), :entry_at, coalesce(:entry_gate, ''), "
                                  "coalesce(:entry_device, '')) ON CONFLICT(id) DO UPDATE SET type_id = excluded.type_id, "
                                  "number = excluded.number, holder_name = excluded.holder_name, state = excluded.state, "
                                  "secret_hash = excluded.secret_hash, generation = excluded.generation, "
                                  "expires_at = excluded.expires_at, entries_used = excluded.entries_used, "
                                  "inside = excluded.inside, entry_at = excluded.entry_at, "
                                  "entry_gate = excluded.entry_gate, entry_device = excluded.entry_device");
        {
            StatementUse use{q};
            bindColumns(q, d, {"id", "event_id", "type_id", "number", "holder_name", "state", "secret_hash",
                               "generation", "issued_at", "expires_at"});
            if (!m_anyPending)
                bindColumns(q, d, {"entries_used", "inside", "entry_at", "entry_gate", "entry_device"});
            q.exec();
        }
        if (m_anyPending) applyEntryState(d["id"], d);
    } else if (entity == "checkin") {
        applyCheckin(d);
        auto state = d.find("ticket_state");
        if (state != d.end() && state->is_object() && d.contains("ticket_id")) applyEntryState(d["ticket_id"], *state);
    } else if (entity == "device") {
        auto& q = statement("device",
                            "INSERT INTO devices(id, name, role, token_hash, created_at, revoked_at) VALUES(:id, :name, "
                            ":role, :token_hash, coalesce(:created_at, 0), :revoked_at) ON CONFLICT(id) DO UPDATE SET "
                            "name = excluded.name, role = excluded.role, token_hash = excluded.token_hash, "
                            "revoked_at = excluded.revoked_at");
        StatementUse use{q};
        bindColumns(q, d, {"id", "name", "role", "token_hash", "created_at", "revoked_at"});
        q.exec();
    } else if (entity == "conflict") {
        auto& q = statement("conflict",
                            "INSERT OR IGNORE INTO conflicts(ticket_id, event_id, first_nonce, first_gate, first_device, "
                            "first_at, second_nonce, second_gate, second_device, second_at, detected_at) VALUES("
                            ":ticket_id, :event_id, :first_nonce, coalesce(:first_gate, ''), coalesce(:first_device, ''), "
                            ":first_at, :second_nonce, coalesce(:second_gate, ''), coalesce(:second_device, ''), "
                            ":second_at, :detected_at)");
        StatementUse use{q};
        bindColumns(q, d, {"ticket_id", "event_id", "first_nonce", "first_gate", "first_device", "first_at",
                           "second_nonce", "second_gate", "second_device", "second_at", "detected_at"});
        q.exec();
    }
    // Unknown entities come from a newer leader; skipping them keeps this node working.
}

std::int64_t ReplicaWriter::apply(const json& changes, const std::map<std::string, std::string>& settings) {
    if (!changes.is_array()) throw std::runtime_error("change feed: changes is not an array");
    if (changes.empty() && settings.empty()) return 0;
    WriteTransaction tx(m_db);
    // A page sends each entity once, at its last mention: an event edited after its tickets were
    // issued comes after them. The references hold once the whole page is in (checked at commit;
    // SQLite resets this at the end of the transaction).
    m_db.sql().exec("PRAGMA defer_foreign_keys = ON");
    m_anyPending = pendingCount() > 0;
    m_settled = 0;
    for (const auto& item : changes) {
        if (!item.is_object() || !item.contains("entity") || !item.contains("data"))
            throw std::runtime_error("change feed: malformed item");
        applyOne(item["entity"].get<std::string>(), item["data"]);
    }
    for (const auto& [key, value] : settings) m_db.setSetting(key, value);
    tx.commit();
    return m_settled;
}

json ReplicaWriter::pendingUploads(std::size_t limit) {
    // No device id: the leader records the uploading token's device. A scanned check-in carries
    // its code (qr_data) as proof; a manual one says so.
    auto& q = statement("pending",
                        "SELECT c.nonce, c.ticket_id, c.event_id, c.gate_id, c.direction, c.result, c.reason, "
                        "c.scanned_at, c.recorded_at, c.manual, p.qr_data FROM checkins c INDEXED BY "
                        "checkins_upload_queue LEFT JOIN upload_proofs p ON p.checkin_id = c.id WHERE c.offline = 1 "
                        "AND c.uploaded = 0 ORDER BY c.id LIMIT ?");
    StatementUse use{q};
    q.bind(1, static_cast<std::int64_t>(limit));
    json out = json::array();
    while (q.executeStep()) {
        json item = rowObject(q, 0, q.getColumnCount() - 1);
        if (!q.getColumn(q.getColumnCount() - 1).isNull()) item["qr_data"] = q.getColumn(q.getColumnCount() - 1).getString();
        out.push_back(std::move(item));
    }
    return out;
}

std::int64_t ReplicaWriter::pendingCount() {
    auto& q = statement("pendingCount",
                        "SELECT count(*) FROM checkins INDEXED BY checkins_upload_queue WHERE offline = 1 AND "
                        "uploaded = 0");
    StatementUse use{q};
    q.executeStep();
    return q.getColumn(0).getInt64();
}

std::int64_t ReplicaWriter::markUploaded(const std::vector<std::string>& nonces) {
    if (nonces.empty()) return 0;
    WriteTransaction tx(m_db);
    static const std::string sql =
        std::string("UPDATE checkins SET uploaded = 1 WHERE uploaded = 0 AND id = (SELECT c.id FROM checkins c WHERE ") +
        kCheckinByNonceSql + ")";
    auto& q = statement("mark", sql.c_str());
    std::int64_t settled = 0;
    for (const auto& n : nonces) {
        StatementUse use{q};
        bindNonceLookup(q, n);
        settled += q.exec();
    }
    tx.commit();
    return settled;
}

}  // namespace qrgate

#pragma once
// The two ends of LAN sync's change feed. Triggers append one row per changed entity to
// `changes`, and check-ins are read from their own rows, whose ids share that sequence (schema 3); ChangeFeed reads what changed after a sequence number as JSON
// items holding each entity's current state; ReplicaWriter applies such items to a follower's
// database and keeps its queue of offline check-ins that still have to reach the leader.
//
// Item: {"seq", "entity": "event"|"type"|"ticket"|"checkin"|"device"|"conflict", "data": {...}}
// where data holds the row's columns by their SQL names. Tickets carry the credential hash, never
// a secret, and no e-mail address; a check-in carries its ticket's entry state ("ticket_state").
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store/database.hpp"

namespace SQLite {
class Statement;
}

namespace qrgate {

struct ChangePage {
    std::int64_t since = 0;
    std::int64_t next = 0;    // pass as `since` to get what follows
    std::int64_t latest = 0;  // the newest sequence number when this page was read
    bool more = false;        // next < latest: ask again right away
    nlohmann::json changes = nlohmann::json::array();
};

class ChangeFeed {
public:
    explicit ChangeFeed(Database& db);
    ~ChangeFeed();

    std::int64_t latestSeq();
    // At most `limit` change rows after `since`; an entity changed several times within the page
    // appears once, with its current state. since = 0 gives a full snapshot, page by page.
    ChangePage read(std::int64_t since, std::size_t limit = 2000);

private:
    SQLite::Statement& statement(const std::string& key, const char* sql);
    nlohmann::json loadEntity(const std::string& entity, const std::string& id);

    Database& m_db;
    std::map<std::string, std::unique_ptr<SQLite::Statement>> m_statements;
};

class ReplicaWriter {
public:
    explicit ReplicaWriter(Database& db);
    ~ReplicaWriter();

    // Applies a page's items in one transaction. A ticket's entry state from the leader is kept
    // back while this replica holds offline check-ins of that ticket not yet uploaded (else the
    // gate could admit the same ticket twice before the upload lands). Throws on a malformed item;
    // then nothing of the page is applied.
    // `settings` are stored in the same transaction (the follower's cursor).
    // Returns how many of this replica's queued offline check-ins the page settled: the leader
    // already had them (a forward it recorded without answering in time, or an upload whose
    // answer has not arrived yet).
    std::int64_t apply(const nlohmann::json& changes, const std::map<std::string, std::string>& settings = {});

    // Offline check-ins not yet acknowledged by the leader, oldest first, as upload items.
    nlohmann::json pendingUploads(std::size_t limit = 500);
    std::int64_t pendingCount();
    // Settles these check-ins (the leader answered for them); returns how many were still queued.
    std::int64_t markUploaded(const std::vector<std::string>& nonces);

private:
    SQLite::Statement& statement(const std::string& key, const char* sql);
    void applyOne(const std::string& entity, const nlohmann::json& data);
    void applyCheckin(const nlohmann::json& data);
    void applyEntryState(const nlohmann::json& ticketId, const nlohmann::json& state);

    Database& m_db;
    std::map<std::string, std::unique_ptr<SQLite::Statement>> m_statements;
    bool m_anyPending = false;   // offline check-ins wait for upload (per apply)
    std::int64_t m_settled = 0;  // queued offline check-ins the current page settled
};

}  // namespace qrgate

#include "core/io/import_plan.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <unordered_map>

#include "core/base/ascii_text.hpp"
#include "core/base/text_fold.hpp"
#include "core/events/event_catalog.hpp"

namespace qrgate {

std::string_view toString(DuplicatePolicy policy) {
    switch (policy) {
    case DuplicatePolicy::Skip: return "skip";
    case DuplicatePolicy::Another: return "another";
    case DuplicatePolicy::Update: return "update";
    }
    return "skip";
}

std::optional<DuplicatePolicy> parseDuplicatePolicy(std::string_view text) {
    for (auto p : {DuplicatePolicy::Skip, DuplicatePolicy::Another, DuplicatePolicy::Update})
        if (asciiLower(text) == toString(p)) return p;
    return std::nullopt;
}

std::vector<std::size_t> ImportPlan::rowsToIssue(DuplicatePolicy policy) const {
    if (policy != DuplicatePolicy::Another) return newRows;
    std::vector<std::size_t> rows = newRows;
    for (const auto& d : duplicates) rows.push_back(d.row);
    std::sort(rows.begin(), rows.end());
    return rows;
}

namespace {

// Tickets by a key, each handed out once: the multiset the rows are counted against.
class HolderPools {
public:
    void add(std::string key, std::size_t holder) { m_pools[std::move(key)].holders.push_back(holder); }
    // The first ticket under `key` that no row has taken yet. A ticket taken stays taken, so each
    // pool's cursor only moves forward: a file of 1,000 rows for one address is linear.
    std::optional<std::size_t> take(const std::string& key, std::vector<bool>& taken) {
        auto it = m_pools.find(key);
        if (it == m_pools.end()) return std::nullopt;
        Pool& pool = it->second;
        while (pool.next < pool.holders.size()) {
            const std::size_t holder = pool.holders[pool.next++];
            if (!taken[holder]) {
                taken[holder] = true;
                return holder;
            }
        }
        return std::nullopt;
    }

private:
    struct Pool {
        std::vector<std::size_t> holders;  // in ticket number order
        std::size_t next = 0;
    };
    std::unordered_map<std::string, Pool> m_pools;
};

std::string poolKey(std::string_view type, std::string_view value) {
    return asciiLower(type) + '\x1f' + std::string(value);
}

}  // namespace

ImportPlan planImport(const std::vector<AttendeeRow>& rows, const std::vector<ExistingHolder>& existing,
                      const std::string& defaultType) {
    HolderPools byEmail, byName;
    for (std::size_t i = 0; i < existing.size(); ++i) {
        const auto& h = existing[i];
        if (!h.email.empty()) byEmail.add(poolKey(h.typeName, asciiLower(h.email)), i);
        if (!h.name.empty()) byName.add(poolKey(h.typeName, foldForSearch(h.name)), i);
    }
    std::vector<bool> taken(existing.size(), false);
    std::vector<std::optional<std::size_t>> match(rows.size());
    // Email addresses first: they say more than a name, and a row with one must not lose its
    // ticket to a row that only has the same name.
    for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const AttendeeRow& row = rows[r];
            const std::string& type = row.type.empty() ? defaultType : row.type;
            if (pass == 0 && !row.email.empty())
                match[r] = byEmail.take(poolKey(type, asciiLower(row.email)), taken);
            else if (pass == 1 && row.email.empty() && !row.name.empty())
                match[r] = byName.take(poolKey(type, foldForSearch(row.name)), taken);
        }
    }
    ImportPlan plan;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (!match[r]) {
            plan.newRows.push_back(r);
            continue;
        }
        const ExistingHolder& h = existing[*match[r]];
        const AttendeeRow& row = rows[r];
        const bool changed = row.name != h.name || (!row.email.empty() && row.email != h.email);
        plan.duplicates.push_back({r, h.ticketId, changed});
        if (changed) ++plan.changed;
    }
    return plan;
}

std::vector<ExistingHolder> validHolders(Database& db, const std::string& eventId) {
    SQLite::Statement q(db.sql(),
                        "SELECT t.id, tt.name, t.holder_name, t.holder_email FROM tickets t "
                        "JOIN ticket_types tt ON tt.id = t.type_id "
                        "WHERE t.event_id = ? AND t.state = 'valid' ORDER BY t.number");
    q.bind(1, eventId);
    std::vector<ExistingHolder> out;
    while (q.executeStep())
        out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                       q.getColumn(3).getString()});
    return out;
}

ImportPlan planImport(Database& db, const std::string& eventId, const std::vector<AttendeeRow>& rows) {
    const auto types = EventCatalog(db).types(eventId);  // the default type first
    return planImport(rows, validHolders(db, eventId), types.empty() ? std::string() : types.front().name);
}

}  // namespace qrgate

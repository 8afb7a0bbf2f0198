#include "core/tickets/ticket_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include "core/base/text_fold.hpp"
#include "core/io/attendee_import.hpp"

namespace qrgate {

const char* const kTicketColumnsSql =
    "t.id, t.event_id, t.type_id, tt.name, t.number, t.holder_name, t.holder_email, t.state, "
    "t.secret_hash, t.generation, t.issued_at, t.expires_at, t.entries_used, t.inside, t.entry_at, t.entry_gate, "
    "t.entry_device";

Ticket readTicketColumns(SQLite::Statement& q) {
    Ticket t;
    t.id = q.getColumn(0).getString();
    t.eventId = q.getColumn(1).getString();
    t.typeId = q.getColumn(2).getInt64();
    t.typeName = q.getColumn(3).getString();
    t.number = q.getColumn(4).getInt64();
    t.holderName = q.getColumn(5).getString();
    t.holderEmail = q.getColumn(6).getString();
    t.state = q.getColumn(7).getString() == "void" ? TicketState::Void : TicketState::Valid;
    t.secretHashHex = q.getColumn(8).getString();
    t.generation = q.getColumn(9).getInt();
    t.issuedAt = q.getColumn(10).getInt64();
    if (!q.getColumn(11).isNull()) t.expiresAt = q.getColumn(11).getInt64();
    t.entriesUsed = q.getColumn(12).getInt();
    t.inside = q.getColumn(13).getInt() != 0;
    if (!q.getColumn(14).isNull()) t.entryAt = q.getColumn(14).getInt64();
    t.entryGate = q.getColumn(15).getString();
    t.entryDevice = q.getColumn(16).getString();
    return t;
}

namespace {
const std::string kTicketFrom = " FROM tickets t JOIN ticket_types tt ON tt.id = t.type_id ";
const std::string kTicketSelect = std::string("SELECT ") + kTicketColumnsSql + kTicketFrom;

std::string escapeLike(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

// What a search looks for, worked out once for the SQL and its parameters alike.
struct SearchTerms {
    std::string folded;  // the query folded as names are (tickets.name_folded); empty: no name clause
    std::string raw;     // as typed, trimmed by the caller
    std::optional<std::int64_t> number;  // digits alone may be a ticket number: "42" finds 000042
    // An address has no white space: "anna lima" is looked for in names only. Emails are in no
    // index, so leaving them out reads the index alone (docs/performance.md, issue 13).
    bool inEmail = false;
};

std::optional<SearchTerms> searchTerms(const TicketQuery& q) {
    const auto first = q.search.find_first_not_of(" \t");
    if (first == std::string::npos) return std::nullopt;
    SearchTerms t;
    t.raw = q.search.substr(first, q.search.find_last_not_of(" \t") + 1 - first);
    t.folded = foldForSearch(t.raw);
    t.inEmail = t.raw.find_first_of(" \t") == std::string::npos;
    if (t.raw.find_first_not_of("0123456789") == std::string::npos && t.raw.size() < 18) t.number = std::stoll(t.raw);
    return t;
}

std::string whereClause(const TicketQuery& q) {
    std::string w = "WHERE t.event_id = :event";
    if (q.typeId) w += " AND t.type_id = :type";
    if (q.state) w += " AND t.state = :state";
    if (q.inside) w += " AND t.inside = :inside";
    if (q.mail == MailFilter::NotSent)
        w += " AND NOT EXISTS (SELECT 1 FROM mail_outbox m WHERE m.ticket_id = t.id AND m.state = 'sent')";
    if (q.mail == MailFilter::Failed)
        w += " AND EXISTS (SELECT 1 FROM mail_outbox m WHERE m.ticket_id = t.id AND m.state = 'failed')"
             " AND NOT EXISTS (SELECT 1 FROM mail_outbox m WHERE m.ticket_id = t.id AND m.state = 'sent')";
    if (auto terms = searchTerms(q)) {
        w += " AND (t.id = :exact";
        if (!terms->folded.empty()) w += " OR t.name_folded LIKE :folded ESCAPE '\\'";
        if (terms->inEmail) w += " OR t.holder_email LIKE :like ESCAPE '\\'";
        if (terms->number) w += " OR t.number = :number";
        w += ")";
    }
    return w;
}

void bindWhere(SQLite::Statement& s, const TicketQuery& q) {
    s.bind(":event", q.eventId);
    if (q.typeId) s.bind(":type", static_cast<std::int64_t>(*q.typeId));
    if (q.state) s.bind(":state", toString(*q.state));
    if (q.inside) s.bind(":inside", *q.inside ? 1 : 0);
    if (auto terms = searchTerms(q)) {
        if (terms->inEmail) s.bind(":like", "%" + escapeLike(terms->raw) + "%");
        s.bind(":exact", terms->raw);
        if (!terms->folded.empty()) s.bind(":folded", "%" + escapeLike(terms->folded) + "%");
        if (terms->number) s.bind(":number", *terms->number);
    }
}

// Names sort by their folded form (Émile with the e's, not after z), on the index
// (event_id, name_folded); equal names keep the order they were stored in (rowid, the index's
// last column), so that paging through them needs no sort either. With a search, though, the
// index's order would visit every ticket in name order to find a few: the matches are found in
// one pass over the event instead and sorted (`+` keeps the index out of the ORDER BY), which
// bounds a search sorted by name at one pass (docs/performance.md).
std::string orderBy(const TicketQuery& q, const char* alias = "t.") {
    const std::string t = alias;
    const char* dir = q.descending ? " DESC" : " ASC";
    switch (q.sort) {
        case TicketSort::Number: return " ORDER BY " + t + "number" + dir;
        case TicketSort::Name:
            return std::string(" ORDER BY ") + (searchTerms(q) ? "+" : "") + t + "name_folded" + dir + ", " + t +
                   "rowid" + dir;
        case TicketSort::Email: return " ORDER BY " + t + "holder_email COLLATE NOCASE" + dir + ", " + t + "number";
        case TicketSort::Type: return std::string(" ORDER BY tt.name COLLATE NOCASE") + dir + ", " + t + "number";
        case TicketSort::State: return " ORDER BY " + t + "state" + dir + ", " + t + "number";
    }
    return " ORDER BY " + t + "number";
}

std::string limitClause(const TicketQuery& q) {
    if (!q.limit) return q.offset ? " LIMIT -1 OFFSET " + std::to_string(q.offset) : "";
    return " LIMIT " + std::to_string(q.limit) + " OFFSET " + std::to_string(q.offset);
}

// SELECT `columns` of the tickets the query matches, in its order, its page. SQLite reads and
// joins every row an OFFSET skips: a page deep in the list by number or by name, without a search
// or filter, takes its rows' ids from the index alone first (a page at row 90,000 of 100,000 in
// ~3 ms instead of 60-130 ms).
std::string selectSql(const TicketQuery& q, const std::string& columns) {
    const bool byIndexAlone = (q.sort == TicketSort::Number || q.sort == TicketSort::Name) && !q.typeId && !q.state &&
                              !q.inside && !q.mail && !searchTerms(q) && q.offset > 0;
    if (!byIndexAlone)
        return "SELECT " + columns + kTicketFrom + whereClause(q) + orderBy(q) + limitClause(q);
    return "SELECT " + columns + kTicketFrom + "WHERE t.rowid IN (SELECT rowid FROM tickets WHERE event_id = :event" +
           orderBy(q, "") + limitClause(q) + ")" + orderBy(q);
}

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void audit(Database& db, const std::string& actor, const char* action, const std::string& detail) {
    SQLite::Statement a(db.sql(), "INSERT INTO audit(at, actor, action, detail) VALUES(?, ?, ?, ?)");
    a.bind(1, nowMs());
    a.bind(2, actor);
    a.bind(3, action);
    a.bind(4, detail);
    a.exec();
}

const char* stateAction(TicketState state) { return state == TicketState::Void ? "ticket_void" : "ticket_restore"; }

}  // namespace

TicketStore::TicketStore(Database& db) : m_db(db) {}

std::optional<Ticket> TicketStore::find(const std::string& ticketId) {
    SQLite::Statement q(m_db.sql(), kTicketSelect + "WHERE t.id = ?");
    q.bind(1, ticketId);
    if (!q.executeStep()) return std::nullopt;
    return readTicketColumns(q);
}

std::vector<Ticket> TicketStore::list(const TicketQuery& query) {
    std::vector<Ticket> out;
    // A search sorted by name (the kiosk's, a short page): when a few letters match many names,
    // the first names in the index's order hold the page. Tried on the first 20 names per row
    // wanted (their ids from the index alone, at least 1,000); if the page is not complete there,
    // the one pass over the event below finds it. So a dense search costs a few ms, a sparse one
    // a pass and a little.
    const std::size_t wanted = query.offset + query.limit;
    if (query.sort == TicketSort::Name && query.limit && wanted <= 500 && searchTerms(query)) {
        TicketQuery head = query;
        head.search.clear();
        head.limit = std::max<std::size_t>(1000, 20 * wanted);
        head.offset = 0;
        // CROSS JOIN keeps SQLite to this order: the first names, then their rows.
        const std::string sql = std::string("SELECT ") + kTicketColumnsSql +
                                " FROM (SELECT rowid AS head_rowid FROM tickets WHERE event_id = :event" +
                                orderBy(head, "") + limitClause(head) +
                                ") head CROSS JOIN tickets t ON t.rowid = head.head_rowid JOIN ticket_types tt ON "
                                "tt.id = t.type_id " +
                                whereClause(query) + orderBy(head) + limitClause(query);
        SQLite::Statement q(m_db.sql(), sql);
        bindWhere(q, query);
        while (q.executeStep()) out.push_back(readTicketColumns(q));
        if (out.size() == query.limit) return out;
        out.clear();
    }
    forEach(query, [&](const Ticket& t) { out.push_back(t); });
    return out;
}

void TicketStore::forEach(const TicketQuery& query, const std::function<void(const Ticket&)>& visit) {
    SQLite::Statement q(m_db.sql(), selectSql(query, kTicketColumnsSql));
    bindWhere(q, query);
    while (q.executeStep()) visit(readTicketColumns(q));
}

std::size_t TicketStore::count(const TicketQuery& query) {
    SQLite::Statement q(m_db.sql(), "SELECT count(*) FROM tickets t " + whereClause(query));
    bindWhere(q, query);
    q.executeStep();
    return static_cast<std::size_t>(q.getColumn(0).getInt64());
}

std::size_t TicketStore::countForEvent(const std::string& eventId) {
    SQLite::Statement q(m_db.sql(), "SELECT count(*) FROM tickets WHERE event_id = ?");
    q.bind(1, eventId);
    q.executeStep();
    return static_cast<std::size_t>(q.getColumn(0).getInt64());
}

std::vector<std::string> TicketStore::chosenIds(const TicketChoice& choice) {
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    if (choice.matching) {
        const std::unordered_set<std::string> except(choice.except.begin(), choice.except.end());
        const auto& m = *choice.matching;
        SQLite::Statement q(m_db.sql(), selectSql(m, "t.id"));
        bindWhere(q, m);
        while (q.executeStep()) {
            std::string id = q.getColumn(0).getString();
            if (except.count(id) || !seen.insert(id).second) continue;
            out.push_back(std::move(id));
        }
    }
    for (const auto& id : choice.ids)
        if (seen.insert(id).second) out.push_back(id);
    return out;
}

Status TicketStore::setState(const std::string& ticketId, TicketState state, const std::string& actor) {
    WriteTransaction tx(m_db);
    SQLite::Statement q(m_db.sql(), "UPDATE tickets SET state = ? WHERE id = ?");
    q.bind(1, toString(state));
    q.bind(2, ticketId);
    if (q.exec() == 0) return Error{"not_found", "No ticket " + ticketId + "."};
    audit(m_db, actor, stateAction(state), ticketId);
    tx.commit();
    return success();
}

Result<std::size_t> TicketStore::setState(const TicketChoice& choice, TicketState state, const std::string& actor) {
    WriteTransaction tx(m_db);
    // Read inside the transaction: what is chosen is what is changed, whatever a gate did meanwhile.
    const auto ids = chosenIds(choice);
    SQLite::Statement q(m_db.sql(), "UPDATE tickets SET state = ?1 WHERE id = ?2 AND state <> ?1");
    SQLite::Statement a(m_db.sql(), "INSERT INTO audit(at, actor, action, detail) VALUES(?, ?, ?, ?)");
    const std::int64_t at = nowMs();
    std::size_t changed = 0;
    for (const auto& id : ids) {
        q.bind(1, toString(state));
        q.bind(2, id);
        const bool did = q.exec() == 1;
        q.reset();
        if (!did) continue;
        a.bind(1, at);
        a.bind(2, actor);
        a.bind(3, stateAction(state));
        a.bind(4, id);
        a.exec();
        a.reset();
        ++changed;
    }
    tx.commit();
    return changed;
}

Result<Ticket> TicketStore::editHolder(const std::string& ticketId, const std::string& name, const std::string& email,
                                       const std::string& actor) {
    const auto check = checkAttendeeFields(name, email);
    if (!check.nameProblem.empty()) return Error{"invalid_name", check.nameProblem};
    if (!check.emailProblem.empty()) return Error{"invalid_email", check.emailProblem};
    const std::string& newName = check.name;
    const std::string& newEmail = check.email;

    WriteTransaction tx(m_db);
    auto ticket = find(ticketId);
    if (!ticket) return Error{"not_found", "No ticket " + ticketId + "."};
    std::string detail;
    if (ticket->holderName != newName) detail += "name '" + ticket->holderName + "' -> '" + newName + "'";
    if (ticket->holderEmail != newEmail)
        detail += (detail.empty() ? "" : ", ") + std::string("email '") + ticket->holderEmail + "' -> '" + newEmail + "'";
    if (detail.empty()) return *ticket;

    SQLite::Statement q(m_db.sql(), "UPDATE tickets SET holder_name = ?1, holder_email = ?2, name_folded = fold_name(?1) "
                                    "WHERE id = ?3");
    q.bind(1, newName);
    q.bind(2, newEmail);
    q.bind(3, ticketId);
    q.exec();
    audit(m_db, actor, "ticket_edit", ticketId + ": " + detail);
    tx.commit();
    ticket->holderName = newName;
    ticket->holderEmail = newEmail;
    return *ticket;
}

}  // namespace qrgate

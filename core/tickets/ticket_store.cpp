#include "core/tickets/ticket_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <chrono>

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
const std::string kTicketSelect =
    std::string("SELECT ") + kTicketColumnsSql + " FROM tickets t JOIN ticket_types tt ON tt.id = t.type_id ";

// Digits alone may be a ticket number ("42" finds 000042) as well as part of a name or email.
bool searchesNumber(const TicketQuery& q) {
    return !q.search.empty() && q.search.find_first_not_of("0123456789") == std::string::npos && q.search.size() < 18;
}

std::string escapeLike(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out;
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
    if (!q.search.empty()) {
        w += " AND (t.holder_name LIKE :like ESCAPE '\\' OR t.holder_email LIKE :like ESCAPE '\\' OR t.id = :exact";
        if (searchesNumber(q)) w += " OR t.number = :number";
        w += ")";
    }
    return w;
}

void bindWhere(SQLite::Statement& s, const TicketQuery& q) {
    s.bind(":event", q.eventId);
    if (q.typeId) s.bind(":type", static_cast<std::int64_t>(*q.typeId));
    if (q.state) s.bind(":state", toString(*q.state));
    if (q.inside) s.bind(":inside", *q.inside ? 1 : 0);
    if (!q.search.empty()) {
        s.bind(":like", "%" + escapeLike(q.search) + "%");
        s.bind(":exact", q.search);
        if (searchesNumber(q)) s.bind(":number", static_cast<std::int64_t>(std::stoll(q.search)));
    }
}

const char* sortColumn(TicketSort s) {
    switch (s) {
        case TicketSort::Number: return "t.number";
        case TicketSort::Name: return "t.holder_name COLLATE NOCASE";
        case TicketSort::Email: return "t.holder_email COLLATE NOCASE";
        case TicketSort::Type: return "tt.name COLLATE NOCASE";
        case TicketSort::State: return "t.state";
    }
    return "t.number";
}
}  // namespace

TicketStore::TicketStore(Database& db) : m_db(db) {}

std::optional<Ticket> TicketStore::find(const std::string& ticketId) {
    SQLite::Statement q(m_db.sql(), kTicketSelect + "WHERE t.id = ?");
    q.bind(1, ticketId);
    if (!q.executeStep()) return std::nullopt;
    return readTicketColumns(q);
}

std::vector<Ticket> TicketStore::list(const TicketQuery& query) {
    std::string sql = kTicketSelect + whereClause(query) + " ORDER BY " + sortColumn(query.sort) +
                      (query.descending ? " DESC" : " ASC") + ", t.number";
    if (query.limit) sql += " LIMIT " + std::to_string(query.limit) + " OFFSET " + std::to_string(query.offset);
    SQLite::Statement q(m_db.sql(), sql);
    bindWhere(q, query);
    std::vector<Ticket> out;
    while (q.executeStep()) out.push_back(readTicketColumns(q));
    return out;
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

Status TicketStore::setState(const std::string& ticketId, TicketState state, const std::string& actor) {
    WriteTransaction tx(m_db);
    SQLite::Statement q(m_db.sql(), "UPDATE tickets SET state = ? WHERE id = ?");
    q.bind(1, toString(state));
    q.bind(2, ticketId);
    if (q.exec() == 0) return Error{"not_found", "No ticket " + ticketId + "."};
    SQLite::Statement audit(m_db.sql(), "INSERT INTO audit(at, actor, action, detail) VALUES(?, ?, ?, ?)");
    audit.bind(1, static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count()));
    audit.bind(2, actor);
    audit.bind(3, state == TicketState::Void ? "ticket_void" : "ticket_restore");
    audit.bind(4, ticketId);
    audit.exec();
    tx.commit();
    return success();
}


}  // namespace qrgate

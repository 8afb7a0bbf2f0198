#include "core/io/import_history.hpp"

#include <SQLiteCpp/Statement.h>

#include "core/base/model.hpp"

namespace qrgate {

std::int64_t recordImport(Database& db, const std::string& eventId, const std::string& source, TimeMs at,
                          const std::vector<std::string>& issuedTicketIds, const std::vector<HolderUpdate>& updates) {
    auto& sql = db.sql();
    SQLite::Statement record(sql, "INSERT INTO imports(event_id, source, created_at, issued, updated) VALUES(?, ?, ?, ?, ?)");
    record.bind(1, eventId);
    record.bind(2, source);
    record.bind(3, static_cast<std::int64_t>(at));
    record.bind(4, static_cast<std::int64_t>(issuedTicketIds.size()));
    record.bind(5, static_cast<std::int64_t>(updates.size()));
    record.exec();
    const std::int64_t id = sql.getLastInsertRowid();

    SQLite::Statement mark(sql, "UPDATE tickets SET import_id = ? WHERE id = ?");
    for (const auto& ticketId : issuedTicketIds) {
        mark.bind(1, id);
        mark.bind(2, ticketId);
        mark.exec();
        mark.reset();
    }
    SQLite::Statement update(sql,
                             "UPDATE tickets SET holder_name = ?1, name_folded = fold_name(?1), "
                             "holder_email = CASE WHEN ?2 = '' THEN holder_email ELSE ?2 END "
                             "WHERE id = ?3 AND state = 'valid'");
    for (const auto& u : updates) {
        update.bind(1, u.name);
        update.bind(2, u.email);
        update.bind(3, u.ticketId);
        update.exec();
        update.reset();
    }
    SQLite::Statement audit(sql, "INSERT INTO audit(at, action, detail) VALUES(?, 'tickets_import', ?)");
    audit.bind(1, static_cast<std::int64_t>(at));
    audit.bind(2, "import " + std::to_string(id) + " of " + source + " for " + eventId + ": " +
                      std::to_string(issuedTicketIds.size()) + " issued, " + std::to_string(updates.size()) +
                      " updated");
    audit.exec();
    return id;
}

std::optional<ImportRecord> lastImport(Database& db, const std::string& eventId) {
    SQLite::Statement q(db.sql(),
                        "SELECT id, event_id, source, created_at, issued, updated FROM imports "
                        "WHERE event_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1");
    q.bind(1, eventId);
    if (!q.executeStep()) return std::nullopt;
    ImportRecord r;
    r.id = q.getColumn(0).getInt64();
    r.eventId = q.getColumn(1).getString();
    r.source = q.getColumn(2).getString();
    r.createdAt = q.getColumn(3).getInt64();
    r.issued = static_cast<std::size_t>(q.getColumn(4).getInt64());
    r.updated = static_cast<std::size_t>(q.getColumn(5).getInt64());
    return r;
}

Result<UndoneImport> undoLastImport(Database& db, const std::string& eventId, const Clock& clock,
                                    const std::string& actor) {
    try {
        // Checked and voided under the write lock, so no gate of this database admits one of the
        // tickets between the check and the void.
        WriteTransaction tx(db);
        auto record = lastImport(db, eventId);
        if (!record) return Error{"no_import", "There is no import to undo for this event."};
        auto& sql = db.sql();
        SQLite::Statement scanned(sql,
                                  "SELECT count(*), min(t.number) FROM tickets t WHERE t.import_id = ? AND "
                                  "(t.entries_used > 0 OR EXISTS (SELECT 1 FROM checkins c WHERE c.ticket_id = t.id))");
        scanned.bind(1, record->id);
        scanned.executeStep();
        if (const auto n = scanned.getColumn(0).getInt64(); n > 0) {
            return Error{"scanned", "The import of " + record->source + " cannot be undone: " +
                                        counted(n, "of its tickets has", "of its tickets have") +
                                        " been scanned already (ticket " +
                                        formatTicketNumber(scanned.getColumn(1).getInt64()) +
                                        (n > 1 ? " and others" : "") + "). Void tickets one by one instead."};
        }
        const TimeMs now = clock.nowMs();
        // One audit line per ticket, as TicketStore::setState writes for a void by hand.
        SQLite::Statement audit(sql,
                                "INSERT INTO audit(at, actor, action, detail) SELECT ?, ?, 'ticket_void', id "
                                "FROM tickets WHERE import_id = ? AND state = 'valid'");
        audit.bind(1, static_cast<std::int64_t>(now));
        audit.bind(2, actor.empty() ? "undo import " + std::to_string(record->id) : actor);
        audit.bind(3, record->id);
        audit.exec();
        SQLite::Statement voiding(sql, "UPDATE tickets SET state = 'void' WHERE import_id = ? AND state = 'valid'");
        voiding.bind(1, record->id);
        const int voided = voiding.exec();
        SQLite::Statement done(sql, "UPDATE imports SET undone_at = ? WHERE id = ?");
        done.bind(1, static_cast<std::int64_t>(now));
        done.bind(2, record->id);
        done.exec();
        tx.commit();
        return UndoneImport{*record, static_cast<std::size_t>(voided)};
    } catch (const SQLite::Exception& e) {
        return Error{"database_error", std::string("Could not undo the import: ") + e.what()};
    }
}

}  // namespace qrgate

#pragma once
// The record of attendee imports (table `imports`, schema 6), and undoing the last one.
//
// Each import that issued or updated tickets gets a row, and the tickets it issued carry its id
// (tickets.import_id). Undoing voids exactly those tickets, audited and in the change feed like
// any void, and only while none of them has been scanned: a ticket someone already showed at a
// gate is not taken back by a bulk action. Details an import updated on existing tickets are not
// reverted: the previous values are not kept.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.hpp"
#include "core/base/result.hpp"
#include "core/store/database.hpp"

namespace qrgate {

struct ImportRecord {
    std::int64_t id = 0;
    std::string eventId;
    std::string source;       // the file's name
    TimeMs createdAt = 0;
    std::size_t issued = 0;   // tickets it issued
    std::size_t updated = 0;  // existing tickets whose name or email it changed
};

// An existing ticket's new details (DuplicatePolicy::Update). An empty email keeps the ticket's.
struct HolderUpdate {
    std::string ticketId;
    std::string name;
    std::string email;
};

// Inside a WriteTransaction: records the import, marks the issued tickets as its own and writes
// the updates (with their audit line). Returns the import's id.
std::int64_t recordImport(Database& db, const std::string& eventId, const std::string& source, TimeMs at,
                          const std::vector<std::string>& issuedTicketIds, const std::vector<HolderUpdate>& updates);

// The event's latest import not undone yet.
std::optional<ImportRecord> lastImport(Database& db, const std::string& eventId);

struct UndoneImport {
    ImportRecord record;
    std::size_t voided = 0;  // tickets voided now (some may have been voided by hand before)
};

// Voids what the event's latest import issued. Errors: "no_import" (nothing to undo),
// "scanned" (one of its tickets has been scanned; nothing is voided), "database_error".
Result<UndoneImport> undoLastImport(Database& db, const std::string& eventId, const Clock& clock,
                                    const std::string& actor = "");

}  // namespace qrgate

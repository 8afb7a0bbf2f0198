#pragma once
// Issues tickets for an attendee list: the one path from a CSV file (the CLI), CSV text with the
// organizer's column mapping (the console) or a list of attendees (the HTTP API) to issued
// tickets.
//
// Every attendee is checked first by core/attendee_import's rules against the event's ticket
// types as stored now. By default the import is all or nothing: while any attendee has a problem
// nothing is issued, and every problem is reported with its line, so a file is fixed and
// imported again as a whole instead of leaving half an event issued. With skipBadRows the good
// rows are imported and the bad ones are left for a rejects file (rejectedRowsCsv).
//
// Attendees who already have a valid ticket of that type are duplicates (core/io/import_plan):
// skipped by default, so importing the same file twice issues nobody twice. Issuing, the
// updates and the import's record (core/io/import_history, for undo) are one transaction: a
// failure or a cancel writes nothing.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/attendee_import.hpp"
#include "core/io/import_plan.hpp"
#include "core/io/text_encoding.hpp"
#include "core/base/clock.hpp"
#include "core/store/database.hpp"
#include "core/store/key_store.hpp"
#include "core/base/result.hpp"
#include "core/tickets/ticket_issuer.hpp"

namespace qrgate {

struct TicketImportOptions {
    // The columns the organizer chose (the console's import screen); nullopt = recognised from
    // the header.
    std::optional<AttendeeColumns> columns;
    // Called now and then with (done, total); return false to cancel. Nothing is issued then.
    IssueProgress progress;
    // What to do with attendees who already have a valid ticket of their type.
    DuplicatePolicy duplicates = DuplicatePolicy::Skip;
    // Import the good rows when some rows have problems (a problem of the whole file, such as no
    // name column, still imports nothing); the bad ones are in attendees.rejected.
    bool skipBadRows = false;
};

struct TicketImportResult {
    AttendeeImport attendees;           // what was read: the rows and every problem with its line
    std::vector<IssuedTicket> tickets;  // the tickets issued, in file order; empty unless ok()
    ImportPlan plan;                    // new rows and duplicates, indices into attendees.rows
    std::size_t updated = 0;            // existing tickets whose details were updated
    std::size_t skippedDuplicates = 0;  // duplicates left as they were (Skip, or Update with no change)
    std::optional<std::int64_t> importId;  // the import's record, when it issued or updated anything
    std::string encodingNote;           // "Read as Windows-1252 (converted)"; empty for UTF-8
    // Why nothing was issued. "invalid_attendees" when attendees have problems (listed in
    // `attendees.problems`); "cannot_read", "no_attendees", "cancelled", or the issuer's error.
    // Every attendee being a duplicate that is skipped is not an error: nothing to do.
    std::optional<Error> error;
    bool ok() const { return !error; }
};

class TicketImport {
public:
    TicketImport(Database& db, const KeyStore& keys, const Clock& clock = SystemClock::instance());

    // A UTF-8 CSV file with a header row.
    TicketImportResult importFile(const std::string& eventId, const std::filesystem::path& path,
                                  const TicketImportOptions& options = {});
    // CSV text already read (see readAttendeeFile); `source` names it in messages and in the
    // import's record.
    TicketImportResult importCsv(const std::string& eventId, std::string_view csvText,
                                 const TicketImportOptions& options = {},
                                 const std::string& source = "the file");
    // Attendees given one by one; problems name their position ("attendee 3: ..."). Every
    // attendee is issued a ticket, duplicates too (DuplicatePolicy::Another): the caller asked.
    TicketImportResult importList(const std::string& eventId, const std::vector<AttendeeFields>& attendees,
                                  const IssueProgress& progress = {});

private:
    TicketImportResult issueChecked(const std::string& eventId, TicketImportResult result,
                                    const std::string& emptyMessage, const TicketImportOptions& options,
                                    const std::string& source);

    Database& m_db;
    const KeyStore& m_keys;
    const Clock& m_clock;
};

// The whole file as the import reads it, as UTF-8 (core/io/text_encoding: a Windows-1252 or
// UTF-16 file is converted): the console reads a file once, previews it and later imports that
// same text. Error "cannot_read": "cannot read PATH".
Result<DecodedText> readAttendeeFile(const std::filesystem::path& path);


}  // namespace qrgate

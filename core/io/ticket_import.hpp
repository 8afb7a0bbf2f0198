#pragma once
// Issues tickets for an attendee list, all or nothing: the one path from a CSV file (the CLI),
// CSV text with the organizer's column mapping (the console) or a list of attendees (the HTTP
// API) to issued tickets.
//
// Every attendee is checked first by core/attendee_import's rules against the event's ticket
// types as stored now. While any attendee has a problem nothing is issued, and every problem is
// reported with its line, so a file is fixed and imported again as a whole instead of leaving
// half an event issued. Issuing is one transaction (TicketIssuer): a failure or a cancel there
// writes nothing either.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/attendee_import.hpp"
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
};

struct TicketImportResult {
    AttendeeImport attendees;           // what was read: the rows and every problem with its line
    std::vector<IssuedTicket> tickets;  // one per attendee, in order; empty unless ok()
    // Why nothing was issued. "invalid_attendees" when attendees have problems (listed in
    // `attendees.problems`); "cannot_read", "no_attendees", "cancelled", or the issuer's error.
    std::optional<Error> error;
    bool ok() const { return !error; }
};

class TicketImport {
public:
    TicketImport(Database& db, const KeyStore& keys, const Clock& clock = SystemClock::instance());

    // A UTF-8 CSV file with a header row.
    TicketImportResult importFile(const std::string& eventId, const std::filesystem::path& path,
                                  const TicketImportOptions& options = {});
    // CSV text already read (see readAttendeeFile); `source` names it in messages.
    TicketImportResult importCsv(const std::string& eventId, std::string_view csvText,
                                 const TicketImportOptions& options = {},
                                 const std::string& source = "the file");
    // Attendees given one by one; problems name their position ("attendee 3: ...").
    TicketImportResult importList(const std::string& eventId, const std::vector<AttendeeFields>& attendees,
                                  const IssueProgress& progress = {});

private:
    TicketImportResult issueChecked(const std::string& eventId, TicketImportResult result,
                                    const std::string& emptyMessage, const IssueProgress& progress);

    Database& m_db;
    const KeyStore& m_keys;
    const Clock& m_clock;
};

// The whole file as the import reads it: the console reads a file once, previews it and later
// imports that same text. Error "cannot_read": "cannot read PATH".
Result<std::string> readAttendeeFile(const std::filesystem::path& path);

}  // namespace qrgate

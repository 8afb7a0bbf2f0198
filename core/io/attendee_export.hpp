#pragma once
// Writes an event's attendee list as a CSV a spreadsheet opens and the attendee import reads
// back: one row per ticket with number, name, email, type, state, checked_in (the ticket was
// admitted at least once), inside and issued_at (ISO 8601 in the event's zone). The header's
// name, email and type are the import's own words, so an edited file re-imports as it is (the
// other columns are not the import's and are left alone by it). UTF-8, RFC 4180; names and emails
// are guarded against spreadsheet formula injection as the check-in export's are. Written with
// writeOutputFile: a file appears whole or not at all.
#include <filesystem>

#include "core/io/checkin_export.hpp"
#include "core/store/database.hpp"
#include "core/tickets/ticket_store.hpp"

namespace qrgate {

// The tickets `query` matches (its sort; limit and offset ignored): the search and filters of the
// Tickets screen, or all of an event's tickets with only the eventId set.
Result<ExportSummary> exportAttendeesCsv(Database& db, TicketQuery query, const std::filesystem::path& out);

}  // namespace qrgate

#include "core/io/attendee_export.hpp"

#include <SQLiteCpp/Statement.h>

#include "core/base/time_format.hpp"
#include "core/io/csv.hpp"
#include "core/store/output_file.hpp"

namespace qrgate {

Result<ExportSummary> exportAttendeesCsv(Database& db, TicketQuery query, const std::filesystem::path& out) {
    SQLite::Statement ev(db.sql(), "SELECT time_zone FROM events WHERE id = ?");
    ev.bind(1, query.eventId);
    if (!ev.executeStep()) return Error{"not_found", "No event " + query.eventId + "."};
    const std::string tz = ev.getColumn(0).getString();
    query.limit = 0;
    query.offset = 0;

    std::string text = csvLine({"number", "name", "email", "type", "state", "checked_in", "inside", "issued_at"});
    ExportSummary summary;
    TicketStore(db).forEach(query, [&](const Ticket& t) {
        // What people typed (names, emails, the organizer's type names) is guarded; the rest is ours.
        text += csvField(formatTicketNumber(t.number)) + ',' + csvTextField(t.holderName) + ',' +
                csvTextField(t.holderEmail) + ',' + csvTextField(t.typeName) + ',' + toString(t.state) + ',' +
                (t.entriesUsed > 0 ? "yes," : "no,") + (t.inside ? "yes," : "no,") +
                csvField(formatIsoLocal(t.issuedAt, tz)) + "\r\n";
        ++summary.rows;
    });
    if (auto written = writeOutputFile(out, text); !written) return written.error();
    return summary;
}

}  // namespace qrgate

#include "core/io/ticket_import.hpp"

#include <SQLiteCpp/Exception.h>

#include <fstream>
#include <sstream>

#include "core/events/event_catalog.hpp"
#include "core/base/model.hpp"
#include "core/io/import_history.hpp"

namespace qrgate {

namespace {

std::vector<std::string> typeNames(EventCatalog& catalog, const std::string& eventId) {
    std::vector<std::string> names;
    for (const auto& t : catalog.types(eventId)) names.push_back(t.name);
    return names;
}

// One line for a caller that shows a single message (the HTTP API, a notification); the
// problems are bounded already, so this is too.
Error problemsError(const AttendeeImport& attendees) {
    const std::size_t n = attendees.problemCount;
    std::string message = counted(static_cast<long long>(n), "problem", "problems") + "; nothing was imported: ";
    for (std::size_t i = 0; i < attendees.problems.size(); ++i)
        message += (i ? "; " : "") + attendees.problems[i].message;
    return Error{"invalid_attendees", message};
}

TicketImportResult failed(Error error, AttendeeImport attendees = {}) {
    TicketImportResult result;
    result.attendees = std::move(attendees);
    result.error = std::move(error);
    return result;
}

}  // namespace

Result<DecodedText> readAttendeeFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot_read", "cannot read " + path.string()};
    std::stringstream text;
    text << in.rdbuf();
    if (in.bad()) return Error{"cannot_read", "cannot read " + path.string()};
    return decodeText(std::move(text).str());
}

TicketImport::TicketImport(Database& db, const KeyStore& keys, const Clock& clock)
    : m_db(db), m_keys(keys), m_clock(clock) {}

TicketImportResult TicketImport::importFile(const std::string& eventId, const std::filesystem::path& path,
                                            const TicketImportOptions& options) {
    auto text = readAttendeeFile(path);
    if (!text) return failed(text.error());
    auto result = importCsv(eventId, text->text, options, path.string());
    result.encodingNote = text->note();
    return result;
}

TicketImportResult TicketImport::importCsv(const std::string& eventId, std::string_view csvText,
                                           const TicketImportOptions& options, const std::string& source) {
    EventCatalog catalog(m_db, m_clock);
    if (!catalog.find(eventId)) return failed(Error{"not_found", "No event " + eventId + "."});
    const auto known = typeNames(catalog, eventId);
    TicketImportResult result;
    result.attendees = options.columns ? readAttendees(csvText, *options.columns, known)
                                       : readAttendees(csvText, known);
    return issueChecked(eventId, std::move(result), source + " has no attendee rows", options, source);
}

TicketImportResult TicketImport::importList(const std::string& eventId, const std::vector<AttendeeFields>& attendees,
                                            const IssueProgress& progress) {
    EventCatalog catalog(m_db, m_clock);
    if (!catalog.find(eventId)) return failed(Error{"not_found", "No event " + eventId + "."});
    TicketImportResult result;
    result.attendees = checkAttendees(attendees, typeNames(catalog, eventId));
    TicketImportOptions options;
    options.progress = progress;
    // A list sent to the API asks for these tickets: each attendee gets one, as before duplicates
    // were detected (the HTTP contract); it is recorded, and undoable, like a file's import.
    options.duplicates = DuplicatePolicy::Another;
    return issueChecked(eventId, std::move(result), "the attendee list is empty", options, "an HTTP API list");
}

// The all-or-nothing rule (or the partial import), the duplicates and the import's record, once
// for every caller: problems or no rows issue nothing; otherwise the plan's rows are issued, the
// updates written and the import recorded in one transaction.
TicketImportResult TicketImport::issueChecked(const std::string& eventId, TicketImportResult result,
                                              const std::string& emptyMessage, const TicketImportOptions& options,
                                              const std::string& source) {
    const AttendeeImport& attendees = result.attendees;
    if (!attendees.problems.empty() && !(options.skipBadRows && attendees.canSkipBadRows())) {
        result.error = problemsError(attendees);
        return result;
    }
    if (attendees.rows.empty()) {
        result.error = Error{"no_attendees", attendees.rejected.empty() ? emptyMessage
                                                                        : "every row of " + source + " has a problem"};
        return result;
    }
    const DuplicatePolicy policy = options.duplicates;
    result.plan = planImport(m_db, eventId, attendees.rows);
    std::vector<TicketHolder> holders;
    for (std::size_t r : result.plan.rowsToIssue(policy)) {
        const auto& row = attendees.rows[r];
        holders.push_back({row.name, row.email, row.type});
    }
    std::vector<HolderUpdate> updates;
    if (policy == DuplicatePolicy::Update)
        for (const auto& d : result.plan.duplicates)
            if (d.changed) updates.push_back({d.ticketId, attendees.rows[d.row].name, attendees.rows[d.row].email});
    if (policy != DuplicatePolicy::Another) result.skippedDuplicates = result.plan.duplicates.size() - updates.size();
    if (holders.empty() && updates.empty()) return result;  // everybody has a ticket already

    const std::string recordSource = std::filesystem::path(source).filename().string();
    const auto record = [&](const std::vector<IssuedTicket>& issued) {
        std::vector<std::string> ids;
        ids.reserve(issued.size());
        for (const auto& t : issued) ids.push_back(t.ticket.id);
        result.importId = recordImport(m_db, eventId, recordSource, m_clock.nowMs(), ids, updates);
    };
    if (holders.empty()) {
        try {
            WriteTransaction tx(m_db);
            record({});
            tx.commit();
        } catch (const SQLite::Exception& e) {
            result.importId.reset();
            result.error = Error{"database_error", std::string("Could not update the tickets: ") + e.what()};
            return result;
        }
    } else {
        auto issued = TicketIssuer(m_db, m_keys, m_clock).issueFor(eventId, holders, options.progress, record);
        if (!issued) {
            result.importId.reset();
            result.error = issued.error();
            return result;
        }
        result.tickets = std::move(issued).value();
    }
    result.updated = updates.size();
    return result;
}

}  // namespace qrgate

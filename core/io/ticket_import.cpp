#include "core/io/ticket_import.hpp"

#include <fstream>
#include <sstream>

#include "core/events/event_catalog.hpp"
#include "core/base/model.hpp"

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
    std::string message = withThousands(static_cast<long long>(n)) + (n == 1 ? " problem" : " problems") +
                          "; nothing was imported: ";
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

Result<std::string> readAttendeeFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot_read", "cannot read " + path.string()};
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TicketImport::TicketImport(Database& db, const KeyStore& keys, const Clock& clock)
    : m_db(db), m_keys(keys), m_clock(clock) {}

TicketImportResult TicketImport::importFile(const std::string& eventId, const std::filesystem::path& path,
                                            const TicketImportOptions& options) {
    auto text = readAttendeeFile(path);
    if (!text) return failed(text.error());
    return importCsv(eventId, *text, options, path.string());
}

TicketImportResult TicketImport::importCsv(const std::string& eventId, std::string_view csvText,
                                           const TicketImportOptions& options, const std::string& source) {
    EventCatalog catalog(m_db, m_clock);
    if (!catalog.find(eventId)) return failed(Error{"not_found", "No event " + eventId + "."});
    const auto known = typeNames(catalog, eventId);
    TicketImportResult result;
    result.attendees = options.columns ? readAttendees(csvText, *options.columns, known)
                                       : readAttendees(csvText, known);
    return issueChecked(eventId, std::move(result), source + " has no attendee rows", options.progress);
}

TicketImportResult TicketImport::importList(const std::string& eventId, const std::vector<AttendeeFields>& attendees,
                                            const IssueProgress& progress) {
    EventCatalog catalog(m_db, m_clock);
    if (!catalog.find(eventId)) return failed(Error{"not_found", "No event " + eventId + "."});
    TicketImportResult result;
    result.attendees = checkAttendees(attendees, typeNames(catalog, eventId));
    return issueChecked(eventId, std::move(result), "the attendee list is empty", progress);
}

// The all-or-nothing rule, once for every caller: problems or no rows issue nothing; otherwise
// every row is issued in one transaction.
TicketImportResult TicketImport::issueChecked(const std::string& eventId, TicketImportResult result,
                                              const std::string& emptyMessage, const IssueProgress& progress) {
    if (!result.attendees.problems.empty()) {
        result.error = problemsError(result.attendees);
        return result;
    }
    if (result.attendees.rows.empty()) {
        result.error = Error{"no_attendees", emptyMessage};
        return result;
    }
    std::vector<TicketHolder> holders;
    holders.reserve(result.attendees.rows.size());
    for (const auto& row : result.attendees.rows) holders.push_back({row.name, row.email, row.type});
    auto issued = TicketIssuer(m_db, m_keys, m_clock).issueFor(eventId, holders, progress);
    if (!issued) result.error = issued.error();
    else result.tickets = std::move(issued).value();
    return result;
}

}  // namespace qrgate

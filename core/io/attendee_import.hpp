#pragma once
// Turns an attendee list exported from a spreadsheet into rows ready for ticket issuing.
//
// The import is all or nothing: TicketImport (core/ticket_import.hpp) issues tickets only when
// `problems` is empty, so a file is fixed and re-imported as a whole instead of leaving half an
// event issued. The HTTP API's attendee lists pass the same rules (checkAttendees). Every row is
// checked, so one pass lists the first problems with their lines and counts all of them. Every
// message is bounded: user text is quoted as a short prefix and lists (header names, known types)
// are cut short, so a file of any size gives a few lines a person can read.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/csv.hpp"

namespace qrgate {

struct AttendeeRow {
    std::size_t line = 0;  // physical line in the file (position from 1 in a list), for messages
    std::string name;      // trimmed, inner runs of white space collapsed to one space
    std::string email;     // trimmed, case kept; empty when the file has none for this row
    std::string type;      // the canonical known type name; empty = the event's default type
};

struct ImportProblem {
    std::size_t line = 0;  // 0 only for the final "... and N more problems" entry
    std::string message;   // complete sentence for a person, starting with "line N: " ("attendee N: " in a list)
};

// Column indices into the header; -1 = not present. firstName/lastName are used (joined with a
// space) only when there is no name column.
struct AttendeeColumns {
    int name = -1;
    int email = -1;
    int type = -1;
    int firstName = -1;
    int lastName = -1;
    bool operator==(const AttendeeColumns&) const = default;
};

// Recognises header names in any order, case and accents, ignoring spaces, '-' and '_', in
// English, French, German, Spanish, Portuguese and Hindi (transliterated or in Devanagari):
// name: "name", "full name", "attendee", "nom complet", "vollständiger Name", "nombre completo",
// "nome completo", "naam"...; email: "email", "e-mail", "mail", "courriel", "adresse e-mail",
// "correo electrónico", "ईमेल"...; type: "type", "ticket type", "category", "billet", "tarif",
// "Ticketart", "Kategorie", "tipo de entrada", "tipo de ingresso", "shreni"...; first name:
// "first name", "prénom", "Vorname", "pehla naam", "primeiro nome"...; last name: "last name",
// "surname", "nom de famille", "Nachname", "apellido(s)", "sobrenome", "apelido", "upnaam"...
// The first matching column wins. A bare "Nom"/"Name" beside a first-name column (and no
// last-name one) is the last name, as in "Prénom, Nom" or "Vorname, Name"; a bare
// "Nombre"/"Nome" beside a last-name column is the first name, as in "Nombre, Apellidos".
AttendeeColumns detectAttendeeColumns(const std::vector<std::string>& header);

// A row the import could not take, as it was in the file: for the rejects file a partial import
// writes (rejectedRowsCsv), which the organizer fixes and imports again.
struct RejectedRow {
    std::size_t line = 0;
    std::vector<std::string> cells;  // the row's cells as read
    std::string problem;             // every problem of the row, without "line N: ", joined by "; "
};

struct AttendeeImport {
    std::vector<AttendeeRow> rows;         // the rows without problems, in file order
    // Non-empty = import nothing. The first kMaxImportProblems problems, then one
    // "... and 12,345 more problems" entry.
    std::vector<ImportProblem> problems;
    std::size_t problemCount = 0;          // every problem found, also those past the cap
    std::size_t totalRows = 0;             // data rows read (rows with only empty cells are skipped)
    std::vector<std::string> header;       // the file's header row (empty for a list)
    std::vector<RejectedRow> rejected;     // every row with a problem (a file's rows only), in order
    // A problem of the whole file (not CSV, no header, no name column, a column mapped past the
    // end): no row can be taken, so a partial import is not possible either.
    bool fileProblem = false;
    // The good rows can be imported on their own (the rest goes to a rejects file).
    bool canSkipBadRows() const { return !fileProblem && !rejected.empty(); }
};

inline constexpr std::size_t kMaxImportProblems = 20;   // then one "... and N more problems"
inline constexpr std::size_t kMaxNameLength = 200;      // characters
inline constexpr std::size_t kMaxEmailLength = 254;     // bytes, the SMTP limit

// knownTypes are the event's ticket type names; a type cell matches one case-insensitively
// (ASCII letters only) and the row gets the canonical spelling.
AttendeeImport readAttendees(std::string_view csvText, const std::vector<std::string>& knownTypes);
// With the column mapping chosen by the user instead of detected from the header.
AttendeeImport readAttendees(std::string_view csvText, const AttendeeColumns& columns,
                             const std::vector<std::string>& knownTypes);

// One attendee from a caller without a file (the HTTP API's {"name", "email", "type"}).
struct AttendeeFields {
    std::string name;
    std::string email;
    std::string type;
};

// The same rules as a file's rows, for a list: problems name the position from 1
// ("attendee 3: name is missing").
AttendeeImport checkAttendees(const std::vector<AttendeeFields>& attendees,
                              const std::vector<std::string>& knownTypes);

// The same rules for one attendee's fields, for a form that edits them (TicketStore::editHolder,
// the console's Edit...) and shows each problem under its field.
struct AttendeeFieldCheck {
    std::string name;          // as it is stored: trimmed, inner runs of white space one space
    std::string email;         // trimmed
    std::string nameProblem;   // a sentence ("Name is missing."); empty when the name is fine
    std::string emailProblem;  // a sentence; empty when the address is fine (an empty one is)
    bool ok() const { return nameProblem.empty() && emailProblem.empty(); }
};
AttendeeFieldCheck checkAttendeeFields(std::string_view name, std::string_view email);

// What an import screen shows before anything is issued, from one parse of the file: the header,
// the first rows as they are, the columns recognised in the header and the check with them.
struct AttendeePreview {
    std::optional<CsvSyntaxError> syntaxError;  // not readable CSV: only `check` is set as well
    std::vector<std::string> header;            // empty for an empty file
    std::vector<std::vector<std::string>> sample;  // the first rows' cells
    std::size_t fileRows = 0;                   // data rows in the file, empty ones included
    AttendeeColumns columns;                    // recognised in the header
    AttendeeImport check;                       // readAttendees(text, columns, knownTypes)
};

AttendeePreview previewAttendees(std::string_view csvText, const std::vector<std::string>& knownTypes,
                                 std::size_t sampleRows);

// The rejects file of a partial import: the header as it was plus a last column "Problem", then
// each rejected row's cells and its problem; UTF-8 (with a byte order mark, so that Excel reads
// it as UTF-8) and comma-separated. Imported again it reads with the same columns, the extra
// column being ignored.
std::string rejectedRowsCsv(const std::vector<std::string>& header, const std::vector<RejectedRow>& rows);
inline constexpr std::string_view kRejectProblemColumn = "Problem";
// Where a partial import of `csv` writes its rejected rows by default: beside it,
// "people.csv" -> "people-rejected.csv".
std::string defaultRejectsPath(std::string_view csvPath);

}  // namespace qrgate

#pragma once
// Turns an attendee list exported from a spreadsheet into rows ready for ticket issuing.
//
// The import is all or nothing: the caller issues tickets only when `problems` is empty, so a
// file is fixed and re-imported as a whole instead of leaving half an event issued. Every row is
// checked, so one pass lists the first problems with their lines and counts all of them. Every
// message is bounded: user text is quoted as a short prefix and lists (header names, known types)
// are cut short, so a file of any size gives a few lines a person can read.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace qrgate {

struct AttendeeRow {
    std::size_t line = 0;  // physical line in the file, for messages and the preview
    std::string name;      // trimmed, inner runs of white space collapsed to one space
    std::string email;     // trimmed, case kept; empty when the file has none for this row
    std::string type;      // the canonical known type name; empty = the event's default type
};

struct ImportProblem {
    std::size_t line = 0;  // 0 only for the final "... and N more problems" entry
    std::string message;   // complete sentence for a person, starting with "line N: "
};

// Column indices into the header; -1 = not present. firstName/lastName are used (joined with a
// space) only when there is no name column.
struct AttendeeColumns {
    int name = -1;
    int email = -1;
    int type = -1;
    int firstName = -1;
    int lastName = -1;
};

// Recognises header names in any order and case, ignoring spaces, '-' and '_':
// name: "name", "full name", "attendee", "holder"; email: "email", "e-mail", "mail",
// "email address"; type: "type", "ticket type", "category"; "first name"/"given name",
// "last name"/"surname"/"family name". The first matching column wins.
AttendeeColumns detectAttendeeColumns(const std::vector<std::string>& header);

struct AttendeeImport {
    std::vector<AttendeeRow> rows;         // the rows without problems, in file order
    // Non-empty = import nothing. The first kMaxImportProblems problems, then one
    // "... and 12,345 more problems" entry.
    std::vector<ImportProblem> problems;
    std::size_t problemCount = 0;          // every problem found, also those past the cap
    std::size_t totalRows = 0;             // data rows read (rows with only empty cells are skipped)
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

}  // namespace qrgate

#pragma once
// CSV as spreadsheets export it, in and out.
//
// Reading accepts what Excel, LibreOffice, Numbers and Google Sheets produce: UTF-8 with or
// without a byte order mark; comma, semicolon (locales with a decimal comma) or tab as delimiter,
// detected from the header line; CRLF, LF or CR line ends; quoted fields holding delimiters,
// doubled quotes and line breaks. Anything else is refused with the line and column of the first
// problem, because a silently mis-read attendee list is worse than a clear message.
//
// Writing follows RFC 4180. csvTextField/csvTextLine additionally defuse spreadsheet formula
// injection for cells holding text that users typed.
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/base/result.hpp"

namespace qrgate {

struct CsvRow {
    std::size_t line = 0;  // 1-based physical line on which the record starts
    std::vector<std::string> fields;
};

// Rows keep the number of fields they had in the file; they may differ from the header's.
struct CsvTable {
    std::vector<std::string> header;  // the first non-blank record; empty for an empty file
    std::vector<CsvRow> rows;
    char delimiter = ',';
};

// Where and why a text is not acceptable CSV. The column counts characters (not bytes) from 1,
// so it matches what an editor shows.
struct CsvSyntaxError {
    std::size_t line = 0;
    std::size_t column = 0;
    std::string reason;  // e.g. "a quoted field is never closed"
};
// "line 7, column 12: a quoted field is never closed"
std::string describe(const CsvSyntaxError& e);

// Empty lines are skipped wherever they are; a line with only delimiters is a row of empty
// fields. An empty file (or one with only blank lines) is a table without header or rows.
// Never throws.
std::variant<CsvTable, CsvSyntaxError> parseCsvDetailed(std::string_view text);
// The same, with the error as Error{"invalid_csv", describe(error)}.
Result<CsvTable> parseCsv(std::string_view text);

// RFC 4180 quoting: the value is quoted when it holds the delimiter, a quote, CR or LF, or starts
// or ends with a space or tab (which many readers would trim). Use it for values the program
// produced itself: numbers, times, ids.
std::string csvField(std::string_view value, char delimiter = ',');
// For text a user typed (names, emails, notes): like csvField, but a value starting with
// = + - @ tab or CR gets a leading apostrophe so that a spreadsheet shows it instead of evaluating
// it as a formula (OWASP "CSV injection"). The price is an apostrophe before, e.g., "-5".
std::string csvTextField(std::string_view value, char delimiter = ',');
// Fields joined by the delimiter, ending in "\r\n"; csvLine quotes with csvField,
// csvTextLine with csvTextField.
std::string csvLine(const std::vector<std::string>& fields, char delimiter = ',');
std::string csvTextLine(const std::vector<std::string>& fields, char delimiter = ',');

}  // namespace qrgate

// libFuzzer target: arbitrary bytes through the CSV reader and the attendee import.
// Besides "no crash, no hang, no exception", it checks properties the rest of the program relies
// on: errors point at a real position, rows come in file order, and what csvLine writes reads
// back as the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/io/attendee_import.hpp"
#include "core/io/csv.hpp"

namespace {

void require(bool condition) {
    if (!condition) std::abort();
}

void checkRoundTrip(const std::vector<std::string>& fields, char delimiter) {
    // A single empty field is written as an empty line, which the reader skips by design.
    if (fields.size() == 1 && fields[0].empty()) return;
    // The header fixes the delimiter the reader detects.
    std::string text = std::string("a") + delimiter + "b\r\n" + qrgate::csvLine(fields, delimiter);
    auto reread = qrgate::parseCsvDetailed(text);
    const auto* table = std::get_if<qrgate::CsvTable>(&reread);
    require(table != nullptr);
    require(table->delimiter == delimiter);
    require(table->rows.size() == 1);
    require(table->rows[0].fields == fields);

    auto guarded = qrgate::parseCsvDetailed(std::string("a") + delimiter + "b\r\n" +
                                            qrgate::csvTextLine(fields, delimiter));
    require(std::holds_alternative<qrgate::CsvTable>(guarded));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    auto parsed = qrgate::parseCsvDetailed(text);
    if (const auto* error = std::get_if<qrgate::CsvSyntaxError>(&parsed)) {
        require(error->line >= 1 && error->column >= 1 && !error->reason.empty());
        require(error->column <= size + 1);
    } else {
        const auto& table = std::get<qrgate::CsvTable>(parsed);
        std::size_t previous = 1;
        for (const auto& row : table.rows) {
            require(row.line > previous);  // after the header, in file order
            previous = row.line;
            require(!row.fields.empty());
        }
        if (!table.header.empty()) checkRoundTrip(table.header, table.delimiter);
        for (std::size_t i = 0; i < table.rows.size() && i < 8; ++i)
            checkRoundTrip(table.rows[i].fields, table.delimiter);
    }

    const std::vector<std::string> types{"General", "VIP"};
    const auto detected = qrgate::readAttendees(text, types);
    require(detected.problems.size() <= qrgate::kMaxImportProblems + 1);
    require(detected.rows.size() <= detected.totalRows);
    if (detected.problems.empty()) require(detected.rows.size() == detected.totalRows);

    // The GUI's column mapping, with indices taken from the input so some are out of range.
    qrgate::AttendeeColumns columns;
    if (size > 0) columns.name = static_cast<int>(data[0] % 5) - 1;
    if (size > 1) columns.email = static_cast<int>(data[1] % 5) - 1;
    if (size > 2) columns.type = static_cast<int>(data[2] % 5) - 1;
    const auto mapped = qrgate::readAttendees(text, columns, types);
    require(mapped.problems.size() <= qrgate::kMaxImportProblems + 1);
    return 0;
}

#pragma once
// Writes the scan log of an event as a CSV a spreadsheet opens: one row per scan (admitted,
// refused or undone), ISO 8601 times in the event's zone. Written with writeOutputFile: a file
// appears whole or not at all, a device or FIFO (/dev/stdout) is written in place.
#include <filesystem>
#include <string>

#include "core/store/database.hpp"
#include "core/base/result.hpp"

namespace qrgate {

struct ExportSummary {
    std::size_t rows = 0;
};

Result<ExportSummary> exportCheckinsCsv(Database& db, const std::string& eventId, const std::filesystem::path& out);

}  // namespace qrgate

#pragma once
// Writes the scan log of an event as a CSV a spreadsheet opens: one row per scan (admitted,
// refused or undone), ISO 8601 times in the event's zone. The file appears whole or not at all.
#include <filesystem>
#include <string>

#include "core/database.hpp"
#include "core/result.hpp"

namespace qrgate {

struct ExportSummary {
    std::size_t rows = 0;
};

Result<ExportSummary> exportCheckinsCsv(Database& db, const std::string& eventId, const std::filesystem::path& out);

// Writes `content` to `target` via a temporary file, fsync and rename, so a full disk or a crash
// never leaves a half-written file in its place.
Status writeFileAtomically(const std::filesystem::path& target, std::string_view content);

}  // namespace qrgate

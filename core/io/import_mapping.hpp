#pragma once
// The column mapping an organizer chose for a file, remembered for the next file with the same
// header (the same export from the same ticket shop, week after week): stored in the settings as
// import.mapping.<hash of the normalized header>, so re-reading the file keeps the choice.
#include <optional>
#include <string>
#include <vector>

#include "core/io/attendee_import.hpp"
#include "core/store/database.hpp"

namespace qrgate {

// "import.mapping." + 16 hex digits of a hash of the header, each name folded (case, accents)
// and trimmed: "E-Mail " and "e-mail" are the same header.
std::string importMappingKey(const std::vector<std::string>& header);

// The mapping remembered for this header, if any and if it still fits the header's width.
std::optional<AttendeeColumns> rememberedMapping(Database& db, const std::vector<std::string>& header);
// Remembers it (its own write transaction).
void rememberMapping(Database& db, const std::vector<std::string>& header, const AttendeeColumns& columns);

}  // namespace qrgate

#include "core/io/import_mapping.hpp"

#include <sstream>

#include "core/base/crypto.hpp"
#include "core/base/text_fold.hpp"

namespace qrgate {

std::string importMappingKey(const std::vector<std::string>& header) {
    std::string normalized;
    for (const auto& name : header) normalized += foldForSearch(name) + '\x1f';
    const auto digest = hash256(normalized);
    return "import.mapping." + toHex(digest.data(), 8);
}

std::optional<AttendeeColumns> rememberedMapping(Database& db, const std::vector<std::string>& header) {
    if (header.empty()) return std::nullopt;
    std::istringstream in(db.setting(importMappingKey(header)));
    AttendeeColumns c;
    char comma = 0;
    if (!(in >> c.name >> comma >> c.email >> comma >> c.type >> comma >> c.firstName >> comma >> c.lastName))
        return std::nullopt;
    const int width = static_cast<int>(header.size());
    for (int index : {c.name, c.email, c.type, c.firstName, c.lastName})
        if (index < -1 || index >= width) return std::nullopt;
    return c;
}

void rememberMapping(Database& db, const std::vector<std::string>& header, const AttendeeColumns& c) {
    if (header.empty()) return;
    db.storeSettings({{importMappingKey(header), std::to_string(c.name) + "," + std::to_string(c.email) + "," +
                                                    std::to_string(c.type) + "," + std::to_string(c.firstName) +
                                                    "," + std::to_string(c.lastName)}});
}

}  // namespace qrgate

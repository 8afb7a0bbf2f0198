#pragma once
// Numbered schema migrations. Migration i takes user_version i-1 to i; never edit a released one,
// append a new one.
#include <string_view>
#include <vector>

namespace qrgate {
const std::vector<std::string_view>& schemaMigrations();
}

#pragma once
// Folding names for search: case, accents and a few letters that have no decomposition are
// folded away once, when a name is written (tickets.name_folded), and the query is folded the
// same way, so "emile", "EMILE" and "émile" all find "Émile", "lukasz" finds "Łukasz".
//
// Uses GLib's Unicode tables (case folding, NFKD), which Pango already brings; no locale is
// consulted, so the result is the same on every machine.
#include <string>
#include <string_view>

namespace qrgate {

// The one folded form of any text: case-folded, compatibility-decomposed, combining marks
// dropped, ß -> ss, ł -> l, ø -> o, æ -> ae, œ -> oe, đ/ð -> d, þ -> th, ı -> i; white space runs
// become one space. Invalid UTF-8 is repaired first (U+FFFD). Used for queries.
std::string foldForSearch(std::string_view text);

// What tickets.name_folded holds for a name: its folded form, followed by the German spellings
// of the same name when they differ (ä/ö/ü -> ae/oe/ue, ß -> sz), separated by kFoldSeparator, so
// "gosz" and "goess" find "Göß" as well as "goss". A folded query is searched as a substring.
std::string nameSearchKey(std::string_view name);

inline constexpr char kFoldSeparator = '\x1f';

}  // namespace qrgate

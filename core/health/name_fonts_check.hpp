#pragma once
// Can this machine print every attendee's name? Tickets and door lists draw names with the fonts
// installed here (Pango finds them); a name in a script no font covers is printed without it. The
// check names the scripts that are missing, with an example name and the Debian package that
// brings a font for them.
#include <string>
#include <vector>

#include "core/health/health_check.hpp"
#include "core/store/database.hpp"

namespace qrgate {

struct MissingScript {
    std::string script;   // "Cuneiform", "Emoji"
    std::string package;  // "fonts-noto-extra"
    std::string example;  // a name that needs it
    long long names = 0;  // how many names need it
};

// The scripts among `names` that no installed font can draw, most names first.
std::vector<MissingScript> scriptsFontsCannotDraw(const std::vector<std::string>& names);

// Over the holder names of every ticket in the database. id "name_fonts".
HealthCheck checkNameFonts(Database& db);
// The judgement for these names (tests give names directly).
HealthCheck judgeNameFonts(const std::vector<std::string>& names);

}  // namespace qrgate

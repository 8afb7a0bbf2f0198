#include "core/health/name_fonts_check.hpp"

#include <glib.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/base/model.hpp"
#include "core/paper/paper_canvas.hpp"

namespace qrgate {

namespace {

struct ScriptFont {
    GUnicodeScript script;
    const char* name;
    const char* package;
};

// Debian 12's packages: fonts-noto-core has the living scripts, fonts-noto-cjk Chinese, Japanese
// and Korean, fonts-noto-color-emoji the emoji, fonts-noto-extra the historic and rarer scripts.
constexpr ScriptFont kScripts[] = {
    {G_UNICODE_SCRIPT_ARABIC, "Arabic", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_ARMENIAN, "Armenian", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_BENGALI, "Bengali", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_CYRILLIC, "Cyrillic", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_DEVANAGARI, "Devanagari", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_ETHIOPIC, "Ethiopic", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_GEORGIAN, "Georgian", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_GREEK, "Greek", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_GUJARATI, "Gujarati", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_GURMUKHI, "Gurmukhi", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_HEBREW, "Hebrew", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_KANNADA, "Kannada", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_KHMER, "Khmer", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_LAO, "Lao", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_LATIN, "Latin", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_MALAYALAM, "Malayalam", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_MYANMAR, "Myanmar", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_ORIYA, "Odia", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_SINHALA, "Sinhala", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_TAMIL, "Tamil", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_TELUGU, "Telugu", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_THAANA, "Thaana", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_THAI, "Thai", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_TIBETAN, "Tibetan", "fonts-noto-core"},
    {G_UNICODE_SCRIPT_HAN, "Chinese (Han)", "fonts-noto-cjk"},
    {G_UNICODE_SCRIPT_HIRAGANA, "Japanese (Hiragana)", "fonts-noto-cjk"},
    {G_UNICODE_SCRIPT_KATAKANA, "Japanese (Katakana)", "fonts-noto-cjk"},
    {G_UNICODE_SCRIPT_HANGUL, "Korean (Hangul)", "fonts-noto-cjk"},
    {G_UNICODE_SCRIPT_BOPOMOFO, "Bopomofo", "fonts-noto-cjk"},
};

// The script of one character the fonts cannot draw: emoji and other symbols are "Common".
std::pair<std::string, std::string> scriptOf(gunichar c) {
    const GUnicodeScript script = g_unichar_get_script(c);
    for (const auto& s : kScripts)
        if (s.script == script) return {s.name, s.package};
    if (script == G_UNICODE_SCRIPT_COMMON || script == G_UNICODE_SCRIPT_INHERITED) {
        if (c >= 0x1F000) return {"Emoji", "fonts-noto-color-emoji"};
        return {"Symbols", "fonts-noto-core"};
    }
    // Rarer and historic scripts: the name from GLib's ISO 15924 tag ("Xsux" for cuneiform).
    static const std::map<std::string, std::string> kNames = {
        {"Xsux", "Cuneiform"}, {"Egyp", "Egyptian hieroglyphs"}, {"Runr", "Runic"}, {"Ogam", "Ogham"},
        {"Goth", "Gothic"},    {"Linb", "Linear B"},            {"Cher", "Cherokee"}, {"Mong", "Mongolian"},
        {"Tfng", "Tifinagh"},  {"Vaii", "Vai"},                 {"Cans", "Canadian syllabics"},
        {"Yiii", "Yi"},        {"Nkoo", "N'Ko"},                {"Syrc", "Syriac"},
    };
    char tag[5] = {0};
    const guint32 code = g_unicode_script_to_iso15924(script);
    for (int i = 0; i < 4; ++i) tag[i] = static_cast<char>((code >> (24 - 8 * i)) & 0xFF);
    const auto known = kNames.find(tag);
    return {known != kNames.end() ? known->second : std::string("script ") + tag, "fonts-noto-extra"};
}

}  // namespace

std::vector<MissingScript> scriptsFontsCannotDraw(const std::vector<std::string>& names) {
    // 50,000 attendees: names are judged 256 at a time, and one by one only in a batch with a gap.
    constexpr std::size_t kBatch = 256;
    std::vector<const std::string*> suspects;
    for (std::size_t begin = 0; begin < names.size(); begin += kBatch) {
        const std::size_t end = std::min(names.size(), begin + kBatch);
        std::string batch;
        for (std::size_t i = begin; i < end; ++i)
            if (g_utf8_validate(names[i].data(), static_cast<gssize>(names[i].size()), nullptr)) batch += names[i] + " ";
        if (paper::fontsCanDraw(batch)) continue;
        for (std::size_t i = begin; i < end; ++i) suspects.push_back(&names[i]);
    }
    std::map<std::string, MissingScript> found;
    for (const std::string* suspect : suspects) {
        const std::string& name = *suspect;
        if (name.empty() || !g_utf8_validate(name.data(), static_cast<gssize>(name.size()), nullptr)) continue;
        if (paper::fontsCanDraw(name)) continue;
        std::set<std::string> inThisName;
        for (const char* p = name.c_str(); *p; p = g_utf8_next_char(p)) {
            const gunichar c = g_utf8_get_char(p);
            if (g_unichar_isspace(c) || g_unichar_iscntrl(c)) continue;
            const std::string one(p, static_cast<std::size_t>(g_utf8_next_char(p) - p));
            // A combining mark or joiner alone is not drawable anywhere: judge it with its base.
            if (g_unichar_ismark(c) || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F)) continue;
            if (paper::fontsCanDraw(one)) continue;
            auto [script, package] = scriptOf(c);
            if (!inThisName.insert(script).second) continue;
            auto& entry = found[script];
            if (entry.script.empty()) entry = {script, package, name, 0};
            ++entry.names;
        }
    }
    std::vector<MissingScript> out;
    for (auto& [_, m] : found) out.push_back(std::move(m));
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.names > b.names; });
    return out;
}

HealthCheck judgeNameFonts(const std::vector<std::string>& names) {
    const std::string title = "Fonts for names";
    const auto missing = scriptsFontsCannotDraw(names);
    if (missing.empty()) {
        if (names.empty()) return HealthCheck::ok("name_fonts", title, "There are no attendee names to print yet.");
        return HealthCheck::ok("name_fonts", title,
                               "The fonts here can print all " + counted(static_cast<long long>(names.size()), "name", "names") + ".");
    }
    std::string detail;
    std::set<std::string> packages;
    for (std::size_t i = 0; i < missing.size() && i < 4; ++i) {
        const auto& m = missing[i];
        detail += (detail.empty() ? "" : "; ") + m.script + " (" + counted(m.names, "name", "names") + ", e.g. \"" +
                  m.example + "\")";
    }
    if (missing.size() > 4) detail += "; and " + std::to_string(missing.size() - 4) + " more";
    for (const auto& m : missing) packages.insert(m.package);
    std::string packageList;
    for (const auto& p : packages) packageList += (packageList.empty() ? "" : " ") + p;
    return HealthCheck::problem("name_fonts", title,
                                "No font on this machine can draw these scripts in attendee names, so tickets "
                                "print without them: " + detail + ".",
                                "Install the fonts: 'sudo apt install " + packageList + "'.");
}

HealthCheck checkNameFonts(Database& db) {
    std::vector<std::string> names;
    SQLite::Statement q(db.sql(), "SELECT DISTINCT holder_name FROM tickets WHERE holder_name <> ''");
    while (q.executeStep()) names.push_back(q.getColumn(0).getString());
    return judgeNameFonts(names);
}

}  // namespace qrgate

#include "core/base/text_fold.hpp"

#include <glib.h>

#include <memory>
#include <vector>

namespace qrgate {

namespace {
struct GFreeDeleter {
    void operator()(gchar* p) const { g_free(p); }
};
using GString_ = std::unique_ptr<gchar, GFreeDeleter>;

// Accents are dropped from Latin, Greek and Cyrillic letters only: in Indic and other scripts the
// marks are vowels and viramas, part of the spelling.
bool takesAccents(gunichar base) { return base < 0x0530 || (base >= 0x1E00 && base <= 0x1FFF); }

bool isMark(gunichar c) {
    const auto type = g_unichar_type(c);
    return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK;
}

// Letters that neither case folding nor decomposition take to ASCII.
const char* letterSpelling(gunichar c) {
    switch (c) {
        case 0x00DF: return "ss";  // ß (case folding already gives ss; kept for clarity)
        case 0x0142: return "l";   // ł
        case 0x00F8: return "o";   // ø
        case 0x00E6: return "ae";  // æ
        case 0x0153: return "oe";  // œ
        case 0x0111: return "d";   // đ
        case 0x00F0: return "d";   // ð
        case 0x00FE: return "th";  // þ
        case 0x0131: return "i";   // dotless ı
        case 0x0127: return "h";   // ħ
        case 0x0167: return "t";   // ŧ
        case 0x014B: return "n";   // ŋ
        case 0x0138: return "k";   // ĸ
        default: return nullptr;
    }
}

struct Spelling {
    bool umlautAsE = false;  // ä -> ae, ö -> oe, ü -> ue
    bool eszettAsSz = false; // ß -> sz
};

std::string fold(std::string_view text, Spelling spelling) {
    GString_ valid(g_utf8_make_valid(text.data(), static_cast<gssize>(text.size())));
    std::string source(valid.get());
    if (spelling.eszettAsSz) {
        for (const char* eszett : {"\xC3\x9F", "\xE1\xBA\x9E"}) {  // ß, ẞ
            for (auto at = source.find(eszett); at != std::string::npos; at = source.find(eszett, at))
                source.replace(at, std::char_traits<char>::length(eszett), "sz");
        }
    }
    GString_ folded(g_utf8_casefold(source.data(), static_cast<gssize>(source.size())));
    GString_ decomposed(g_utf8_normalize(folded.get(), -1, G_NORMALIZE_NFKD));
    if (!decomposed) return {};
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    gunichar previous = 0;
    for (const gchar* p = decomposed.get(); *p; p = g_utf8_next_char(p)) {
        const gunichar c = g_utf8_get_char(p);
        if (isMark(c) && takesAccents(previous)) {
            // A diaeresis on a, o or u is the German umlaut: "ae" in that spelling.
            if (spelling.umlautAsE && c == 0x0308 && (previous == 'a' || previous == 'o' || previous == 'u'))
                out.push_back('e');
            continue;
        }
        if (!isMark(c)) previous = c;
        if (g_unichar_isspace(c)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) out.push_back(' '), pendingSpace = false;
        if (const char* s = letterSpelling(c)) {
            out += s;
            continue;
        }
        char utf8[6];
        out.append(utf8, static_cast<std::size_t>(g_unichar_to_utf8(c, utf8)));
    }
    return out;
}
}  // namespace

std::string foldForSearch(std::string_view text) { return fold(text, {}); }

std::string nameSearchKey(std::string_view name) {
    std::vector<std::string> forms{fold(name, {})};
    for (Spelling s : {Spelling{true, false}, Spelling{false, true}, Spelling{true, true}}) {
        auto form = fold(name, s);
        bool known = false;
        for (const auto& f : forms) known = known || f == form;
        if (!known) forms.push_back(std::move(form));
    }
    std::string key = forms.front();
    for (std::size_t i = 1; i < forms.size(); ++i) key += kFoldSeparator + forms[i];
    return key;
}

}  // namespace qrgate

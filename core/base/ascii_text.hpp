#pragma once
// ASCII-only case folding for identifiers, options, file extensions and email addresses: the
// locale never changes what these mean (Turkish dotted i stays i).
#include <string>
#include <string_view>

namespace qrgate {

inline std::string asciiLower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

inline std::string trimmedAscii(std::string_view text) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
    std::size_t b = 0, e = text.size();
    while (b < e && space(text[b])) ++b;
    while (e > b && space(text[e - 1])) --e;
    return std::string(text.substr(b, e - b));
}

}  // namespace qrgate

#pragma once
// Reading back what the mail code writes: base64, RFC 2047 encoded words, RFC 2231 percent
// encoding, UTF-8 validity. Written here from the RFCs, independently of core/mail.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qrgate::testing {

// nullopt for anything that is not canonical base64 (wrong length, stray characters).
inline std::optional<std::string> base64Decode(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    if (text.size() % 4 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + k];
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                v[k] = 0;
                ++pad;
            } else if (pad > 0 || (v[k] = value(c)) < 0) {
                return std::nullopt;
            }
        }
        const unsigned bits = unsigned(v[0]) << 18 | unsigned(v[1]) << 12 | unsigned(v[2]) << 6 | unsigned(v[3]);
        out += static_cast<char>(bits >> 16);
        if (pad < 2) out += static_cast<char>((bits >> 8) & 0xff);
        if (pad < 1) out += static_cast<char>(bits & 0xff);
    }
    return out;
}

// Base64 spread over lines (a MIME body): line breaks ignored.
inline std::optional<std::string> base64DecodeLines(std::string_view text) {
    std::string joined;
    for (char c : text)
        if (c != '\r' && c != '\n') joined += c;
    return base64Decode(joined);
}

// Well-formed UTF-8 (no truncated or overlong sequence, no surrogate, nothing above U+10FFFF).
inline bool isValidUtf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t len;
        unsigned cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if (c >= 0xc2 && c < 0xe0) {
            len = 2, cp = c & 0x1f;
        } else if (c >= 0xe0 && c < 0xf0) {
            len = 3, cp = c & 0x0f;
        } else if (c >= 0xf0 && c < 0xf5) {
            len = 4, cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k) {
            const unsigned char d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xc0) != 0x80) return false;
            cp = cp << 6 | (d & 0x3f);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

// The encoded words of a header value, in order: "=?UTF-8?B?...?=" each, separated by folding
// white space. nullopt when anything else is found between or around them.
inline std::optional<std::vector<std::string>> encodedWords(std::string_view value) {
    std::vector<std::string> words;
    std::size_t at = 0;
    while (at < value.size()) {
        while (at < value.size() && (value[at] == ' ' || value[at] == '\t' || value[at] == '\r' || value[at] == '\n'))
            ++at;
        if (at == value.size()) break;
        constexpr std::string_view kOpen = "=?UTF-8?B?";
        if (value.substr(at, kOpen.size()) != kOpen) return std::nullopt;
        const auto close = value.find("?=", at + kOpen.size());  // base64 holds no '?'
        if (close == std::string_view::npos) return std::nullopt;
        words.emplace_back(value.substr(at, close + 2 - at));
        at = close + 2;
    }
    return words;
}

// The text an encoded word carries (its base64 decoded); nullopt for a malformed word.
inline std::optional<std::string> decodeEncodedWord(std::string_view word) {
    constexpr std::string_view kOpen = "=?UTF-8?B?";
    if (word.size() < kOpen.size() + 2 || word.substr(0, kOpen.size()) != kOpen || word.substr(word.size() - 2) != "?=")
        return std::nullopt;
    return base64Decode(word.substr(kOpen.size(), word.size() - kOpen.size() - 2));
}

// A header value of encoded words decoded and joined (white space between words dropped, as
// RFC 2047 says); nullopt when it is not made of encoded words only.
inline std::optional<std::string> decodeEncodedWords(std::string_view value) {
    auto words = encodedWords(value);
    if (!words) return std::nullopt;
    std::string out;
    for (const auto& w : *words) {
        auto text = decodeEncodedWord(w);
        if (!text) return std::nullopt;
        out += *text;
    }
    return out;
}

// "%C3%A9t%C3%A9" -> bytes; nullopt for a broken escape.
inline std::optional<std::string> percentDecode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        auto hex = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            return -1;
        };
        const int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

}  // namespace qrgate::testing

#include "core/io/text_encoding.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace qrgate {

namespace {

// Structurally valid UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF.
bool isValidUtf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        unsigned min = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, min = 0x10000;
        } else {
            return false;
        }
        if (i + n >= s.size()) return false;  // cut short by the end
        unsigned cp = c & (0x3F >> n);
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
}

void appendLatin1(std::string& out, unsigned char c) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
}

// Converts with iconv; a byte sequence the source encoding does not define is handed to
// `invalid` (which appends something for it) and skipped, so a conversion never fails half way.
template <class OnInvalid>
std::string convert(const char* from, std::string_view in, std::size_t invalidBytes, OnInvalid invalid) {
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error(std::string("iconv cannot read ") + from);
    std::string out;
    out.reserve(in.size() + in.size() / 4);
    char* src = const_cast<char*>(in.data());
    std::size_t left = in.size();
    char buffer[4096];
    while (left > 0) {
        char* dst = buffer;
        std::size_t room = sizeof buffer;
        const std::size_t r = iconv(cd, &src, &left, &dst, &room);
        out.append(buffer, static_cast<std::size_t>(dst - buffer));
        if (r != static_cast<std::size_t>(-1) || errno == E2BIG) continue;
        // EILSEQ, or EINVAL for a sequence cut short by the end of the file.
        const std::size_t skip = std::min(invalidBytes, left);
        invalid(out, std::string_view(src, skip));
        src += skip;
        left -= skip;
    }
    iconv_close(cd);
    return out;
}

}  // namespace

DecodedText decodeText(std::string bytes) {
    DecodedText decoded;
    const std::string_view s = bytes;
    if (s.starts_with("\xEF\xBB\xBF")) {
        bytes.erase(0, 3);
    } else if (s.starts_with("\xFF\xFE") || s.starts_with("\xFE\xFF")) {
        const bool little = s[0] == '\xFF';
        decoded.encoding = little ? "UTF-16LE" : "UTF-16BE";
        // A lone surrogate or an odd last byte becomes U+FFFD.
        decoded.text = convert(decoded.encoding.c_str(), s.substr(2), 2,
                               [](std::string& out, std::string_view) { out += "\xEF\xBF\xBD"; });
        return decoded;
    }
    if (isValidUtf8(bytes)) {
        decoded.text = std::move(bytes);
        return decoded;
    }
    decoded.encoding = "Windows-1252";
    decoded.text = convert("WINDOWS-1252", bytes, 1, [](std::string& out, std::string_view skipped) {
        for (char c : skipped) appendLatin1(out, static_cast<unsigned char>(c));  // 0x81, 0x8D, 0x8F, 0x90, 0x9D
    });
    return decoded;
}

}  // namespace qrgate

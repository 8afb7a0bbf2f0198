#pragma once
// Text files from other programs, read as UTF-8: a spreadsheet saved "CSV" on Windows is often
// Windows-1252, "Unicode text" is UTF-16. Such a file is converted (glibc's iconv) instead of
// refused, and the caller can say so ("Read as Windows-1252 (converted)").
#include <string>
#include <string_view>

namespace qrgate {

struct DecodedText {
    std::string text;                // UTF-8, without a byte order mark
    std::string encoding = "UTF-8";  // what the bytes were read as: "UTF-8", "Windows-1252", "UTF-16LE", "UTF-16BE"
    bool converted() const { return encoding != "UTF-8"; }
    // "Read as Windows-1252 (converted)"; empty for UTF-8.
    std::string note() const { return converted() ? "Read as " + encoding + " (converted)" : std::string(); }
};

// A UTF-8 byte order mark is dropped; UTF-16 with a byte order mark is converted; bytes that are
// not valid UTF-8 are read as Windows-1252 (which every Latin-1 file also is); its five unassigned
// bytes become the Latin-1 control characters of the same value, so no byte is ever lost.
DecodedText decodeText(std::string bytes);

}  // namespace qrgate

// Files that are not UTF-8 are converted, not refused: Windows-1252 (what Excel on Windows saves
// as "CSV"), Latin-1, UTF-16 with a byte order mark; a UTF-8 byte order mark is dropped.
#include "core/io/text_encoding.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/io/ticket_import.hpp"
#include "support/temp_dir.hpp"

namespace qrgate {
namespace {

TEST(TextEncoding, Utf8IsTakenAsItIs) {
    const auto d = decodeText("name\nJosé Müller\n");
    EXPECT_EQ(d.text, "name\nJosé Müller\n");
    EXPECT_EQ(d.encoding, "UTF-8");
    EXPECT_FALSE(d.converted());
    EXPECT_EQ(d.note(), "");
}

TEST(TextEncoding, AUtf8ByteOrderMarkIsDropped) {
    const auto d = decodeText("\xEF\xBB\xBFname\nAna\n");
    EXPECT_EQ(d.text, "name\nAna\n");
    EXPECT_FALSE(d.converted());
}

TEST(TextEncoding, Windows1252IsConverted) {
    // "José;Müller;Straße;Ærø;€5;“quoted”" in Windows-1252.
    const auto d = decodeText("Jos\xE9;M\xFCller;Stra\xDF" "e;\xC6r\xF8;\x80" "5;\x93quoted\x94");
    EXPECT_EQ(d.text, "José;Müller;Straße;Ærø;€5;“quoted”");
    EXPECT_EQ(d.encoding, "Windows-1252");
    EXPECT_EQ(d.note(), "Read as Windows-1252 (converted)");
}

TEST(TextEncoding, BytesWindows1252LeavesUnassignedBecomeLatin1ControlsAndNothingIsLost) {
    const auto d = decodeText(std::string("a\x81" "b\x9D" "c\xE9", 6));
    EXPECT_EQ(d.text, "a\xC2\x81" "b\xC2\x9D" "c\xC3\xA9");
}

TEST(TextEncoding, OverlongAndCutShortUtf8IsNotUtf8) {
    EXPECT_TRUE(decodeText("\xC0\xAF").converted());
    EXPECT_TRUE(decodeText("Caf\xC3").converted()) << "a cut multi-byte sequence";
    EXPECT_TRUE(decodeText("\xED\xA0\x80").converted()) << "a surrogate";
    EXPECT_FALSE(decodeText("\xF0\x9F\x98\x80").converted()) << "an emoji is fine";
}

TEST(TextEncoding, Utf16WithAByteOrderMarkIsConverted) {
    const std::string le("\xFF\xFEn\0a\0m\0e\0\n\0\xE9\0", 14);
    const auto d = decodeText(le);
    EXPECT_EQ(d.text, "name\né");
    EXPECT_EQ(d.encoding, "UTF-16LE");
    const std::string be("\xFE\xFF\0A\0\xE9", 6);
    EXPECT_EQ(decodeText(be).text, "Aé");
    EXPECT_EQ(decodeText(be).note(), "Read as UTF-16BE (converted)");
}

TEST(TextEncoding, AWindows1252AttendeeFileImportsWithItsAccents) {
    testing::TempDir dir;
    const auto path = dir.path() / "latin1.csv";
    // Saved by Excel on Windows: Windows-1252, semicolons, CRLF.
    std::ofstream(path, std::ios::binary) << "Nom;Pr\xE9nom;Courriel\r\n"
                                             "M\xFCller;J\xF6rg;jorg@example.org\r\n"
                                             "Stra\xDF" "er;Ren\xE9" "e;renee@example.org\r\n"
                                             "Garc\xED" "a;Se\xF1or;\r\n";
    const auto read = readAttendeeFile(path);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->note(), "Read as Windows-1252 (converted)");
    const auto import = readAttendees(read->text, {});
    ASSERT_TRUE(import.problems.empty()) << import.problems[0].message;
    ASSERT_EQ(import.rows.size(), 3u);
    EXPECT_EQ(import.rows[0].name, "Jörg Müller");
    EXPECT_EQ(import.rows[1].name, "Renée Straßer");
    EXPECT_EQ(import.rows[2].name, "Señor García");
}

}  // namespace
}  // namespace qrgate

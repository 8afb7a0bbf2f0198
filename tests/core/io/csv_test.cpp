// parseCsv reads what spreadsheets export and refuses anything else with a line and a column;
// csvField/csvLine write RFC 4180 and csvTextField defuses formula injection.
#include "core/io/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace qrgate {
namespace {

using Fields = std::vector<std::string>;

CsvTable parseOk(std::string_view text) {
    auto result = parseCsv(text);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() ? std::move(result).value() : CsvTable{};
}

std::string parseError(std::string_view text) {
    auto result = parseCsv(text);
    EXPECT_FALSE(result.ok());
    if (result.ok()) return {};
    EXPECT_EQ(result.error().code, "invalid_csv");
    return result.error().message;
}

// ---- reading what spreadsheets export ----

TEST(CsvParse, ReadsHeaderAndRowsWithTheirLineNumbers) {
    const auto t = parseOk("name,email\nAda,ada@example.org\nBob,bob@example.org\n");
    EXPECT_EQ(t.delimiter, ',');
    EXPECT_EQ(t.header, (Fields{"name", "email"}));
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].line, 2u);
    EXPECT_EQ(t.rows[0].fields, (Fields{"Ada", "ada@example.org"}));
    EXPECT_EQ(t.rows[1].line, 3u);
    EXPECT_EQ(t.rows[1].fields, (Fields{"Bob", "bob@example.org"}));
}

TEST(CsvParse, LastLineNeedsNoLineEnd) {
    const auto t = parseOk("name\nAda");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].fields, (Fields{"Ada"}));
}

TEST(CsvParse, Utf8ByteOrderMarkIsNotPartOfTheFirstHeaderName) {
    const auto t = parseOk("\xEF\xBB\xBFname,email\r\nAda,a@b.org\r\n");
    EXPECT_EQ(t.header, (Fields{"name", "email"}));
    ASSERT_EQ(t.rows.size(), 1u);
}

TEST(CsvParse, SemicolonIsDetectedFromTheHeader) {
    // Excel in locales with a decimal comma writes semicolons; commas are then plain text.
    const auto t = parseOk("Name;Email;Type\nM\xC3\xBCller, Hans;hans@example.de;VIP\n");
    EXPECT_EQ(t.delimiter, ';');
    EXPECT_EQ(t.header, (Fields{"Name", "Email", "Type"}));
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].fields, (Fields{"M\xC3\xBCller, Hans", "hans@example.de", "VIP"}));
}

TEST(CsvParse, TabIsDetectedFromTheHeader) {
    const auto t = parseOk("name\temail\nAda Lovelace\tada@example.org\n");
    EXPECT_EQ(t.delimiter, '\t');
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].fields, (Fields{"Ada Lovelace", "ada@example.org"}));
}

TEST(CsvParse, DelimitersInsideQuotedHeaderNamesDoNotCount) {
    const auto t = parseOk("\"name; full\",email\nAda,a@b.org\n");
    EXPECT_EQ(t.delimiter, ',');
    EXPECT_EQ(t.header, (Fields{"name; full", "email"}));
}

TEST(CsvParse, HeaderWithoutAnyDelimiterIsOneColumnFile) {
    const auto t = parseOk("name\nAda\nBob\n");
    EXPECT_EQ(t.delimiter, ',');
    EXPECT_EQ(t.header, (Fields{"name"}));
    EXPECT_EQ(t.rows.size(), 2u);
}

TEST(CsvParse, CrlfLfAndCrLineEndsGiveTheSameTable) {
    const auto lf = parseOk("a,b\n1,2\n3,4\n");
    const auto crlf = parseOk("a,b\r\n1,2\r\n3,4\r\n");
    const auto cr = parseOk("a,b\r1,2\r3,4\r");
    for (const auto* t : {&crlf, &cr}) {
        EXPECT_EQ(t->header, lf.header);
        ASSERT_EQ(t->rows.size(), 2u);
        for (std::size_t i = 0; i < 2; ++i) {
            EXPECT_EQ(t->rows[i].fields, lf.rows[i].fields);
            EXPECT_EQ(t->rows[i].line, lf.rows[i].line);
        }
    }
}

TEST(CsvParse, QuotedFieldsHoldDelimitersDoubledQuotesAndLineBreaks) {
    const auto t = parseOk(
        "name,note\n"
        "\"Lovelace, Ada\",\"She said \"\"hi\"\"\"\n"
        "Bob,\"first line\nsecond line\"\n"
        "\"\",\"\"\n");
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[0].fields, (Fields{"Lovelace, Ada", "She said \"hi\""}));
    EXPECT_EQ(t.rows[1].fields, (Fields{"Bob", "first line\nsecond line"}));
    EXPECT_EQ(t.rows[2].fields, (Fields{"", ""}));
}

TEST(CsvParse, LineNumbersOfLaterRowsCountTheLinesInsideQuotedFields) {
    const auto t = parseOk(
        "name,address\r\n"                   // line 1
        "Ada,\"1 Main St\r\nFlat 2\r\nLondon\"\r\n"  // lines 2-4
        "Bob,\"x\"\r\n"                      // line 5
        "\"Multi\rline\",y\r\n"              // lines 6-7 (a lone CR inside a field)
        "Cy,z\r\n");                         // line 8
    ASSERT_EQ(t.rows.size(), 4u);
    EXPECT_EQ(t.rows[0].line, 2u);
    EXPECT_EQ(t.rows[0].fields[1], "1 Main St\r\nFlat 2\r\nLondon");
    EXPECT_EQ(t.rows[1].line, 5u);
    EXPECT_EQ(t.rows[2].line, 6u);
    EXPECT_EQ(t.rows[3].line, 8u);
}

TEST(CsvParse, BlankLinesInTheMiddleAndAtTheEndAreSkipped) {
    const auto t = parseOk("\n\nname\nAda\n\n\r\nBob\n\n\n\r\n");
    EXPECT_EQ(t.header, (Fields{"name"}));
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].line, 4u);
    EXPECT_EQ(t.rows[1].line, 7u);
}

TEST(CsvParse, ALineOfOnlyDelimitersIsARowOfEmptyFields) {
    const auto t = parseOk("a,b,c\n,,\n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].fields, (Fields{"", "", ""}));
}

TEST(CsvParse, TrailingDelimiterMeansAnEmptyLastField) {
    const auto t = parseOk("a,b\n1,\n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].fields, (Fields{"1", ""}));
}

TEST(CsvParse, RowsKeepTheirOwnNumberOfFields) {
    const auto t = parseOk("a,b,c\n1\n1,2,3,4\n");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].fields.size(), 1u);
    EXPECT_EQ(t.rows[1].fields.size(), 4u);
}

TEST(CsvParse, UnquotedFieldsKeepTheirSpaces) {
    const auto t = parseOk("a,b\n  Ada , x \n");
    EXPECT_EQ(t.rows[0].fields, (Fields{"  Ada ", " x "}));
}

TEST(CsvParse, BlanksAroundAQuotedFieldAreLayout) {
    const auto t = parseOk("a,b\nAda, \"Lovelace, Ada\" \n");
    EXPECT_EQ(t.rows[0].fields, (Fields{"Ada", "Lovelace, Ada"}));
}

TEST(CsvParse, Utf8TextIsKeptByteForByte) {
    const std::string jose = "Jos\xC3\xA9";                   // José
    const std::string lilei = "\xE6\x9D\x8E\xE9\x9B\xB7";     // 李雷
    const std::string party = "\xF0\x9F\x8E\x89 Party";       // 🎉 Party
    const auto t = parseOk("name\n" + jose + "\n" + lilei + "\n\"" + party + "\"\n");
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[0].fields[0], jose);
    EXPECT_EQ(t.rows[1].fields[0], lilei);
    EXPECT_EQ(t.rows[2].fields[0], party);
}

TEST(CsvParse, EmptyFileIsATableWithoutHeaderOrRows) {
    for (std::string_view text : {"", "\xEF\xBB\xBF", "\n\r\n\n"}) {
        const auto t = parseOk(text);
        EXPECT_TRUE(t.header.empty());
        EXPECT_TRUE(t.rows.empty());
    }
}

TEST(CsvParse, HeaderOnlyFileHasNoRows) {
    const auto t = parseOk("name;email\r\n");
    EXPECT_EQ(t.header, (Fields{"name", "email"}));
    EXPECT_EQ(t.delimiter, ';');
    EXPECT_TRUE(t.rows.empty());
}

TEST(CsvParse, ReadsAHundredThousandRows) {
    std::string text = "name,email,type\r\n";
    text.reserve(100000 * 48);
    for (int i = 0; i < 100000; ++i) {
        const std::string n = std::to_string(i);
        text += "\"Attendee " + n + ", Jr.\",person" + n + "@example.org,General\r\n";
    }
    const auto t = parseOk(text);
    ASSERT_EQ(t.rows.size(), 100000u);
    EXPECT_EQ(t.rows.back().line, 100001u);
    EXPECT_EQ(t.rows.back().fields, (Fields{"Attendee 99999, Jr.", "person99999@example.org", "General"}));
}

// ---- refusing what is not CSV, with line and column ----

TEST(CsvErrors, UnclosedQuoteIsReportedWhereItOpens) {
    EXPECT_EQ(parseError("a,b\n1,2\n3,\"oops\n4,5\n"),
              "line 3, column 3: a quoted field is never closed");
}

TEST(CsvErrors, StrayQuoteInsideAnUnquotedField) {
    const auto message = parseError("name,size\nAda,12\"\n");
    EXPECT_EQ(message.rfind("line 2, column 7: a quote inside an unquoted field", 0), 0u) << message;
}

TEST(CsvErrors, TextAfterAClosingQuote) {
    const auto message = parseError("name\n\"She said \"hi\"\"\n");
    EXPECT_EQ(message.rfind("line 2, column 12: unexpected text after a closing quote", 0), 0u)
        << message;
}

TEST(CsvErrors, ErrorsAfterAMultiLineFieldHaveTheRightLine) {
    EXPECT_EQ(parseError("a,b\n\"x\ny\",1\n2,3\"\n").substr(0, 17), "line 4, column 4:");
}

TEST(CsvErrors, ColumnCountsCharactersNotBytes) {
    // "José," is five characters but six bytes; the quote that never closes is character 6.
    EXPECT_EQ(parseError("name,x\nJos\xC3\xA9,\"a\n"),
              "line 2, column 6: a quoted field is never closed");
}

TEST(CsvErrors, ByteOrderMarkIsNotAColumn) {
    EXPECT_EQ(parseError("\xEF\xBB\xBF\"name\n").substr(0, 17), "line 1, column 1:");
}

TEST(CsvErrors, InvalidUtf8IsReportedWithLineAndColumn) {
    // A Latin-1 export: "José" with é as the single byte 0xE9.
    const auto message = parseError("name,email\nAda,a@b.org\nJos\xE9,j@b.org\n");
    EXPECT_EQ(message.rfind("line 3, column 4: the text is not valid UTF-8 (byte 0xE9)", 0), 0u)
        << message;
}

TEST(CsvErrors, InvalidUtf8InsideQuotesIsReportedToo) {
    EXPECT_EQ(parseError("name\n\"ab\xFF\"\n").substr(0, 17), "line 2, column 4:");
}

TEST(CsvErrors, MalformedUtf8SequencesAreRefused) {
    const char* bad[] = {
        "\xC0\xAF",          // overlong '/'
        "\xE0\x80\xAF",      // overlong, three bytes
        "\xED\xA0\x80",      // UTF-16 surrogate
        "\xF4\x90\x80\x80",  // above U+10FFFF
        "\xE2\x82",          // cut short at the end of the file
        "\x80",              // continuation byte alone
    };
    for (const char* b : bad) {
        auto result = parseCsv(std::string("name\nx") + b);
        EXPECT_FALSE(result.ok()) << "accepted bytes " << ::testing::PrintToString(std::string(b));
    }
}

TEST(CsvErrors, NulByteIsRefused) {
    const std::string text("name\nAd\0a\n", 10);
    EXPECT_EQ(parseError(text).substr(0, 17), "line 2, column 3:");
}

TEST(CsvErrors, Utf16FileGetsAnActionableMessage) {
    const std::string text("\xFF\xFEn\0a\0m\0e\0", 10);
    const auto message = parseError(text);
    EXPECT_NE(message.find("UTF-16"), std::string::npos) << message;
    EXPECT_EQ(message.substr(0, 17), "line 1, column 1:");
}

TEST(CsvErrors, DetailedErrorCarriesLineAndColumnAsNumbers) {
    const auto parsed = parseCsvDetailed("a\n\n\n  \"x\n");
    const auto* error = std::get_if<CsvSyntaxError>(&parsed);
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->line, 4u);
    EXPECT_EQ(error->column, 3u);
    EXPECT_EQ(error->reason, "a quoted field is never closed");
}

TEST(CsvErrors, ArbitraryBytesNeverThrow) {
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 7919) % 256));
    EXPECT_NO_THROW({ auto r = parseCsv(junk); (void)r; });
}

// ---- writing ----

TEST(CsvWrite, PlainValuesAreWrittenAsTheyAre) {
    EXPECT_EQ(csvField("Ada"), "Ada");
    EXPECT_EQ(csvField(""), "");
    EXPECT_EQ(csvField("Jos\xC3\xA9"), "Jos\xC3\xA9");
    EXPECT_EQ(csvField("a;b"), "a;b");  // not the delimiter here
}

TEST(CsvWrite, ValuesThatWouldBeMisreadAreQuoted) {
    EXPECT_EQ(csvField("Lovelace, Ada"), "\"Lovelace, Ada\"");
    EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csvField("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csvField("cr\ronly"), "\"cr\ronly\"");
    EXPECT_EQ(csvField(" padded"), "\" padded\"");
    EXPECT_EQ(csvField("padded "), "\"padded \"");
    EXPECT_EQ(csvField("a;b", ';'), "\"a;b\"");
    EXPECT_EQ(csvField("a,b", ';'), "a,b");
}

TEST(CsvWrite, PlainFieldsDoNotGuardAgainstFormulas) {
    EXPECT_EQ(csvField("-5"), "-5");
    EXPECT_EQ(csvField("=1+1"), "=1+1");
}

TEST(CsvWrite, TextFieldsCannotStartAFormula) {
    EXPECT_EQ(csvTextField("=HYPERLINK(\"http://evil\")"), "\"'=HYPERLINK(\"\"http://evil\"\")\"");
    EXPECT_EQ(csvTextField("+1"), "'+1");
    EXPECT_EQ(csvTextField("-1"), "'-1");
    EXPECT_EQ(csvTextField("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(csvTextField("\tx"), "'\tx");
    EXPECT_EQ(csvTextField("=1,2"), "\"'=1,2\"");
    EXPECT_EQ(csvTextField("Ada"), "Ada");
    EXPECT_EQ(csvTextField("a=b"), "a=b");
    EXPECT_EQ(csvTextField(""), "");
}

TEST(CsvWrite, LinesEndInCrlf) {
    EXPECT_EQ(csvLine({"a", "b,c", ""}), "a,\"b,c\",\r\n");
    EXPECT_EQ(csvLine({"a", "b;c"}, ';'), "a;\"b;c\"\r\n");
    EXPECT_EQ(csvTextLine({"=x", "y"}), "'=x,y\r\n");
    EXPECT_EQ(csvLine({}), "\r\n");
}

TEST(CsvWrite, WhatIsWrittenReadsBackTheSame) {
    const Fields header{"name", "note", "email"};
    const std::vector<Fields> rows{
        {"Lovelace, Ada", "said \"hi\"\nthen left", "ada@example.org"},
        {" spaced ", "", "\xE6\x9D\x8E\xE9\x9B\xB7"},
        {"\"", ",", "\r\n"},
    };
    for (char delimiter : {',', ';', '\t'}) {
        std::string text = csvLine(header, delimiter);
        for (const auto& r : rows) text += csvLine(r, delimiter);
        const auto t = parseOk(text);
        EXPECT_EQ(t.delimiter, delimiter);
        EXPECT_EQ(t.header, header);
        ASSERT_EQ(t.rows.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(t.rows[i].fields, rows[i]);
    }
}

}  // namespace
}  // namespace qrgate

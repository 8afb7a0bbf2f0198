// The header pieces of a ticket email: names and subjects in any script reach the attendee's
// mail program intact (RFC 2047 encoded words, RFC 2231 file names), nothing an attendee's name
// or an event's name holds can add a header line, and a message keeps its Message-ID for the
// same ticket at the same generation.
#include "core/mail/mail_message.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/mail/mail_settings.hpp"
#include "support/mail_text.hpp"

namespace qrgate {
namespace {

using testing::base64Decode;
using testing::decodeEncodedWord;
using testing::decodeEncodedWords;
using testing::encodedWords;
using testing::isValidUtf8;
using testing::percentDecode;

const std::string kEmoji = "\xF0\x9F\x8E\x89";    // 🎉, 4 bytes
const std::string kZhe = "\xD0\x96";              // Ж, 2 bytes
const std::string kEAcute = "\xC3\xA9";           // é, 2 bytes
const std::string kEuro = "\xE2\x82\xAC";         // €, 3 bytes

// Every CR in a header value must start a fold (CRLF then white space): anything else would end
// the header and start another.
bool onlyFoldingLineBreaks(const std::string& value) {
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\n' && (i == 0 || value[i - 1] != '\r')) return false;
        if (value[i] == '\r' && (i + 2 >= value.size() || value[i + 1] != '\n' || (value[i + 2] != ' ' && value[i + 2] != '\t')))
            return false;
    }
    return true;
}

TEST(MailHeaders, PrintableAsciiTextIsWrittenAsItIs) {
    EXPECT_EQ(encodeHeaderText("Your ticket for Jazz Night (Hall B), 20:00!"),
              "Your ticket for Jazz Night (Hall B), 20:00!");
    EXPECT_EQ(encodeHeaderText(""), "");
}

TEST(MailHeaders, ALongAsciiSubjectIsFoldedIntoShortLinesThatUnfoldToIt) {
    // "One message per address" with many names: the subject lists them all.
    std::string subject = "Your tickets for Spring Fest:";
    for (int i = 0; i < 80; ++i) subject += " Guest Number" + std::to_string(i) + ",";
    const std::string header = encodeHeaderText(subject);
    EXPECT_TRUE(onlyFoldingLineBreaks(header));
    std::size_t longest = 0, lineStart = 0;
    for (std::size_t at = header.find("\r\n"); ; at = header.find("\r\n", at + 2)) {
        const std::size_t end = at == std::string::npos ? header.size() : at;
        longest = std::max(longest, end - lineStart);
        if (at == std::string::npos) break;
        lineStart = at + 2;
    }
    EXPECT_LE(longest, 78u);
    std::string unfolded = header;
    for (auto at = unfolded.find("\r\n"); at != std::string::npos; at = unfolded.find("\r\n", at)) unfolded.erase(at, 2);
    EXPECT_EQ(unfolded, subject);
}

TEST(MailHeaders, NonAsciiTextBecomesEncodedWordsThatDecodeToIt) {
    const std::string subject = "Votre billet pour la F" + kEAcute + "te de la Musique";
    const std::string encoded = encodeHeaderText(subject);
    EXPECT_EQ(encoded.rfind("=?UTF-8?B?", 0), 0u) << encoded;
    EXPECT_EQ(encoded.find(kEAcute), std::string::npos) << "no raw 8-bit byte in the header";
    auto decoded = decodeEncodedWords(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, subject);
}

TEST(MailHeaders, ALongNameIsSplitIntoShortWordsOnlyBetweenWholeCharacters) {
    // 6-byte units (2-byte letter + 4-byte emoji), with a 3-byte and a 2-byte character to shift
    // the phase: a cut every N bytes would land inside a character somewhere.
    std::string name = kEuro;
    for (int i = 0; i < 40; ++i) name += kZhe + kEmoji + (i % 7 == 0 ? kEAcute : "");
    name += " Z";
    const std::string encoded = encodeHeaderText(name);
    EXPECT_TRUE(onlyFoldingLineBreaks(encoded)) << encoded;

    auto words = encodedWords(encoded);
    ASSERT_TRUE(words.has_value()) << encoded;
    ASSERT_GE(words->size(), 5u) << "about 270 bytes cannot fit in one word";
    std::string joined;
    for (const auto& word : *words) {
        EXPECT_LE(word.size(), 75u) << word;
        auto text = decodeEncodedWord(word);
        ASSERT_TRUE(text.has_value()) << "not base64: " << word;
        EXPECT_FALSE(text->empty());
        EXPECT_TRUE(isValidUtf8(*text)) << "a word ends or starts inside a character: " << word;
        joined += *text;
    }
    EXPECT_EQ(joined, name);
}

TEST(MailHeaders, ALineBreakInTextIsEncodedAndCannotStartAHeader) {
    const std::string hostile = "Ticket\r\nBcc: everyone@example.org";
    const std::string encoded = encodeHeaderText(hostile);
    EXPECT_TRUE(onlyFoldingLineBreaks(encoded)) << encoded;
    EXPECT_EQ(encoded.find("Bcc:"), std::string::npos);
    EXPECT_EQ(decodeEncodedWords(encoded), hostile);
}

TEST(MailHeaders, AnAddressWithoutANameIsInAngleBrackets) {
    EXPECT_EQ(formatAddressHeader({"", "ada@example.org"}), "<ada@example.org>");
}

TEST(MailHeaders, APlainNameIsWrittenAsItIs) {
    EXPECT_EQ(formatAddressHeader({"Ada Lovelace", "ada@example.org"}), "Ada Lovelace <ada@example.org>");
}

TEST(MailHeaders, ANameWithSpecialsIsQuotedSoItStaysOneAddress) {
    // Unquoted, "Doe, Jane <jane@...>" is two addresses to a mail program: "Doe" and "Jane".
    EXPECT_EQ(formatAddressHeader({"Doe, Jane", "jane@example.org"}), "\"Doe, Jane\" <jane@example.org>");
    EXPECT_EQ(formatAddressHeader({"J. R. Hartley", "jr@example.org"}), "\"J. R. Hartley\" <jr@example.org>");
    EXPECT_EQ(formatAddressHeader({"Box Office <tickets>", "bo@example.org"}),
              "\"Box Office <tickets>\" <bo@example.org>");
    // Quotes and backslashes inside the name are escaped, so the quoted string ends where it should.
    EXPECT_EQ(formatAddressHeader({"The \"Best\" \\ Band", "b@example.org"}),
              "\"The \\\"Best\\\" \\\\ Band\" <b@example.org>");
}

TEST(MailHeaders, ANonAsciiNameIsEncodedAndTheAddressStaysReadable) {
    const std::string name = kEAcute + "mile Zola, " + kZhe + kEmoji;
    const std::string header = formatAddressHeader({name, "emile@example.org"});
    const std::string tail = " <emile@example.org>";
    ASSERT_GT(header.size(), tail.size());
    ASSERT_EQ(header.substr(header.size() - tail.size()), tail) << header;
    const std::string encodedName = header.substr(0, header.size() - tail.size());
    EXPECT_EQ(decodeEncodedWords(encodedName), name) << header;
    EXPECT_TRUE(onlyFoldingLineBreaks(header));
}

TEST(MailHeaders, AnAsciiFileNameIsQuoted) {
    EXPECT_EQ(contentDisposition("attachment", "Jazz Night - ticket 000001.pdf"),
              "attachment; filename=\"Jazz Night - ticket 000001.pdf\"");
    EXPECT_EQ(contentDisposition("inline", "Ticket 000001 QR.png"), "inline; filename=\"Ticket 000001 QR.png\"");
}

TEST(MailHeaders, ANonAsciiFileNameIsGivenOnlyInRfc2231FormAndDecodesBack) {
    const std::string name = "F" + kEAcute + "te 100% " + kEuro + " - ticket 000001.pdf";
    const std::string header = contentDisposition("attachment", name);
    EXPECT_TRUE(onlyFoldingLineBreaks(header)) << header;
    EXPECT_EQ(header.rfind("attachment;", 0), 0u) << header;
    EXPECT_EQ(header.find("filename="), std::string::npos) << "a plain filename= beside filename* is a duplicate";
    const std::string key = "filename*=UTF-8''";
    const auto at = header.find(key);
    ASSERT_NE(at, std::string::npos) << header;
    const std::string value = header.substr(at + key.size());
    for (unsigned char c : value) EXPECT_TRUE(c > 0x20 && c < 0x7f && c != '"' && c != ';' && c != '\'') << value;
    EXPECT_EQ(percentDecode(value), name) << value;
}

TEST(MailHeaders, AFileNameCannotBreakTheHeader) {
    // An event is named by the organizer; its name ends up in the attachment's file name.
    const std::string ascii = contentDisposition("attachment", "a/../b\\c \"quoted\"\r\nBcc: x@example.org.pdf");
    EXPECT_EQ(std::count(ascii.begin(), ascii.end(), '"'), 2) << ascii;
    EXPECT_EQ(ascii.back(), '"');
    EXPECT_EQ(ascii.find_first_of("\r\n/\\"), std::string::npos) << ascii;

    const std::string other =
        contentDisposition("attachment", kEAcute + "v/../\"quoted\"\nContent-Type: text/html;.pdf");
    EXPECT_TRUE(onlyFoldingLineBreaks(other)) << other;
    const std::string key = "filename*=UTF-8''";
    const auto at = other.find(key);
    ASSERT_NE(at, std::string::npos) << other;
    const std::string value = other.substr(at + key.size());
    EXPECT_EQ(value.find_first_of(" \r\n\";"), std::string::npos) << value;
    auto decoded = percentDecode(value);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->find_first_of("/\\\"\r\n"), std::string::npos) << *decoded;
    EXPECT_EQ(*decoded, kEAcute + "v ..  quoted  Content-Type: text html;.pdf") << "only the dangerous characters change";
}

TEST(MailHeaders, TheDateIsInRfc5322FormInUtc) {
    EXPECT_EQ(formatMailDate(1'795'545'005'000), "Tue, 24 Nov 2026 18:30:05 +0000");
    EXPECT_EQ(formatMailDate(1'772'355'907'999), "Sun, 01 Mar 2026 09:05:07 +0000");
}

Ticket ticket(const std::string& id, int generation) {
    Ticket t;
    t.id = id;
    t.generation = generation;
    return t;
}

TEST(MailMessageId, TheSameTicketAtTheSameGenerationKeepsItsMessageId) {
    const auto a = ticketMessageId({ticket("ABCDEFGHJKMN", 0)}, "tickets@jazz.example.org");
    EXPECT_EQ(a, ticketMessageId({ticket("ABCDEFGHJKMN", 0)}, "tickets@jazz.example.org"));
    EXPECT_EQ(a.front(), '<');
    EXPECT_EQ(a.back(), '>');
    EXPECT_NE(a.find("ABCDEFGHJKMN"), std::string::npos);
    EXPECT_NE(a, ticketMessageId({ticket("ABCDEFGHJKMP", 0)}, "tickets@jazz.example.org")) << "another ticket";
}

TEST(MailMessageId, AReissuedTicketGetsANewMessageId) {
    EXPECT_NE(ticketMessageId({ticket("ABCDEFGHJKMN", 0)}, "tickets@jazz.example.org"),
              ticketMessageId({ticket("ABCDEFGHJKMN", 1)}, "tickets@jazz.example.org"));
}

TEST(MailMessageId, AGroupsIdDoesNotDependOnTheOrderOfItsTickets) {
    const auto a = ticket("AAAAAAAAAAAA", 0), b = ticket("BBBBBBBBBBBB", 2), c = ticket("CCCCCCCCCCCC", 0);
    const std::string from = "tickets@jazz.example.org";
    const auto abc = ticketMessageId({a, b, c}, from);
    EXPECT_EQ(abc, ticketMessageId({c, a, b}, from));
    EXPECT_EQ(abc, ticketMessageId({b, c, a}, from));
    EXPECT_NE(abc, ticketMessageId({a, b}, from)) << "one ticket fewer";
    EXPECT_NE(abc, ticketMessageId({a, ticket("BBBBBBBBBBBB", 3), c}, from)) << "one ticket reissued";
    EXPECT_NE(abc, ticketMessageId({a}, from));
}

TEST(MailMessageId, TheDomainIsTheSendersDomain) {
    const auto one = ticketMessageId({ticket("ABCDEFGHJKMN", 0)}, "box.office@tickets.example.org");
    EXPECT_EQ(one, "<qrgate.ABCDEFGHJKMN.0@tickets.example.org>");
    const auto group = ticketMessageId({ticket("AAAAAAAAAAAA", 0), ticket("BBBBBBBBBBBB", 0)}, "me@other.example");
    const std::string tail = "@other.example>";
    ASSERT_GT(group.size(), tail.size());
    EXPECT_EQ(group.substr(group.size() - tail.size()), tail) << group;
    EXPECT_EQ(std::count(group.begin(), group.end(), '@'), 1) << group;
}

}  // namespace
}  // namespace qrgate

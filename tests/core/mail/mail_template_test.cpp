// The message the organizer writes once per event, filled in for each attendee: placeholders
// replaced, lines about what the event does not have left out, the attendee's name never read
// as HTML, the QR code where the organizer put it, and the template kept per event.
#include "core/mail/mail_template.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/fixtures.hpp"

namespace qrgate {
namespace {

using testing::EventFixture;

TemplateValues jazzValues() {
    TemplateValues v;
    v.name = "Ada Lovelace";
    v.event = "Jazz Night";
    v.ticketNumber = "000042";
    v.ticketType = "VIP";
    v.venue = "Blue Hall";
    v.starts = "Saturday 5 December 2026, 20:00";
    return v;
}

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (auto nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(MailTemplate, EveryPlaceholderIsFilledInSubjectTextAndHtml) {
    const MailTemplate tmpl{"{event}: ticket {ticket_number} for {name}",
                            "Dear {name},\n{event} at {venue}, {starts}.\nTicket {ticket_number}, {ticket_type}."};
    const auto filled = fillTemplate(tmpl, jazzValues(), {"qr-1@qrgate"});
    EXPECT_EQ(filled.subject, "Jazz Night: ticket 000042 for Ada Lovelace");
    const auto lines = linesOf(filled.text);
    ASSERT_GE(lines.size(), 3u) << filled.text;
    EXPECT_EQ(lines[0], "Dear Ada Lovelace,");
    EXPECT_EQ(lines[1], "Jazz Night at Blue Hall, Saturday 5 December 2026, 20:00.");
    EXPECT_EQ(lines[2], "Ticket 000042, VIP.");
    EXPECT_TRUE(contains(filled.html, "Dear Ada Lovelace,")) << filled.html;
    EXPECT_TRUE(contains(filled.html, "Jazz Night at Blue Hall, Saturday 5 December 2026, 20:00.")) << filled.html;
    EXPECT_TRUE(contains(filled.html, "<title>Jazz Night: ticket 000042 for Ada Lovelace</title>")) << filled.html;
    for (const auto& placeholder : mailPlaceholders()) {
        EXPECT_FALSE(contains(filled.text, placeholder)) << placeholder << " left in the text";
        EXPECT_FALSE(contains(filled.html, placeholder)) << placeholder << " left in the HTML";
    }
}

TEST(MailTemplate, ALineWhosePlaceholdersAreAllEmptyIsLeftOutAndTheOthersKept) {
    // An event with no venue: "Where: " alone would look like a mistake.
    TemplateValues v = jazzValues();
    v.venue.clear();
    const MailTemplate tmpl{"Ticket", "Hello {name},\nWhere: {venue}\nWhen: {starts} {venue}\nNo placeholder here.\n"};
    const auto filled = fillTemplate(tmpl, v, {"qr-1@qrgate"});
    const auto lines = linesOf(filled.text);
    EXPECT_EQ(std::count(lines.begin(), lines.end(), "Hello Ada Lovelace,"), 1) << filled.text;
    EXPECT_FALSE(contains(filled.text, "Where:")) << filled.text;
    EXPECT_TRUE(contains(filled.text, "When: Saturday 5 December 2026, 20:00 \n")) << "one value of two is enough";
    EXPECT_TRUE(contains(filled.text, "No placeholder here.")) << filled.text;
    EXPECT_FALSE(contains(filled.html, "Where:")) << filled.html;

    v.venue = "Blue Hall";
    EXPECT_TRUE(contains(fillTemplate(tmpl, v, {"qr-1@qrgate"}).text, "Where: Blue Hall\n")) << "kept when it has a venue";
}

TEST(MailTemplate, TheDefaultTemplateReadsWellForAnEventWithoutVenueOrStart) {
    TemplateValues v = jazzValues();
    v.venue.clear();
    v.starts.clear();
    const auto filled = fillTemplate(defaultMailTemplate(), v, {"qr-1@qrgate"});
    EXPECT_EQ(filled.subject, "Your ticket for Jazz Night");
    EXPECT_FALSE(contains(filled.text, "Where:")) << filled.text;
    EXPECT_FALSE(contains(filled.text, "When:")) << filled.text;
    EXPECT_TRUE(contains(filled.text, "Ticket 000042 (VIP)")) << filled.text;
}

TEST(MailTemplate, ANameIsEscapedInTheHtmlButNotInTheText) {
    TemplateValues v = jazzValues();
    v.name = "<script>alert(1)</script> & \"Bob\"";
    const auto filled = fillTemplate({"Hi {name}", "Hello {name}!"}, v, {"qr-1@qrgate"});
    EXPECT_TRUE(contains(filled.text, "Hello <script>alert(1)</script> & \"Bob\"!")) << filled.text;
    EXPECT_FALSE(contains(filled.html, "<script>")) << filled.html;
    EXPECT_TRUE(contains(filled.html, "Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bob&quot;!"))
        << filled.html;
    EXPECT_TRUE(contains(filled.html, "<title>Hi &lt;script&gt;")) << "the subject in the title too";
    EXPECT_EQ(filled.subject, "Hi <script>alert(1)</script> & \"Bob\"") << "a subject is plain text";
}

TEST(MailTemplate, TheQrCodeIsWhereTheTemplatePutsIt) {
    const MailTemplate tmpl{"Ticket", "Before the code.\n\n{qr}\n\nAfter the code."};
    const auto filled = fillTemplate(tmpl, jazzValues(), {"qr-A@qrgate"});
    const auto before = filled.html.find("Before the code.");
    const auto image = filled.html.find("src=\"cid:qr-A@qrgate\"");
    const auto after = filled.html.find("After the code.");
    ASSERT_NE(before, std::string::npos);
    ASSERT_NE(image, std::string::npos) << filled.html;
    ASSERT_NE(after, std::string::npos);
    EXPECT_LT(before, image);
    EXPECT_LT(image, after);
    EXPECT_FALSE(contains(filled.text, "{qr}"));
    EXPECT_TRUE(contains(filled.text, "(Your ticket's QR code is in the attached PDF.)")) << filled.text;
    EXPECT_LT(filled.text.find("Before"), filled.text.find("QR code"));
    EXPECT_LT(filled.text.find("QR code"), filled.text.find("After"));
}

TEST(MailTemplate, WithoutQrPlaceholderTheCodesComeAfterTheText) {
    const auto filled = fillTemplate({"Ticket", "Only words.\nMore words."}, jazzValues(), {"qr-A@qrgate", "qr-B@qrgate"});
    const auto words = filled.html.find("More words.");
    const auto first = filled.html.find("cid:qr-A@qrgate");
    const auto second = filled.html.find("cid:qr-B@qrgate");
    ASSERT_NE(first, std::string::npos) << filled.html;
    ASSERT_NE(second, std::string::npos) << "one image per ticket: " << filled.html;
    EXPECT_LT(words, first);
    EXPECT_LT(first, second);
    EXPECT_EQ(filled.html.find("cid:qr-A@qrgate", first + 1), std::string::npos) << "placed once";
}

TEST(MailTemplate, AValueThatLooksLikeAPlaceholderIsKeptAsWritten) {
    // Values are the attendee's and the event's data, not template: a name typed as "{venue} {qr}"
    // is printed as such, and neither pulls in the venue nor moves the QR code.
    TemplateValues v = jazzValues();
    v.name = "{venue} {qr}";
    v.event = "{name}'s party";
    const MailTemplate tmpl{"Hi {name}", "Hello {name}, welcome to {event} at {venue}.\n\n{qr}\n\nBye."};
    const auto filled = fillTemplate(tmpl, v, {"qr-1@qrgate"});
    EXPECT_EQ(filled.subject, "Hi {venue} {qr}");
    EXPECT_TRUE(contains(filled.text, "Hello {venue} {qr}, welcome to {name}'s party at Blue Hall.\n")) << filled.text;
    EXPECT_TRUE(contains(filled.html, "Hello {venue} {qr}, welcome to {name}'s party at Blue Hall.")) << filled.html;
    const auto image = filled.html.find("cid:qr-1@qrgate");
    ASSERT_NE(image, std::string::npos);
    EXPECT_EQ(filled.html.find("cid:qr-1@qrgate", image + 1), std::string::npos) << "one QR code: " << filled.html;
    EXPECT_LT(filled.html.find("Hello"), image) << "where the template put it";
    EXPECT_LT(image, filled.html.find("Bye."));
}

TEST(MailTemplate, ALineBreakInAValueDoesNotBreakTheSubject) {
    TemplateValues v = jazzValues();
    v.event = "Jazz\r\nNight\tLive";
    const auto filled = fillTemplate({"Ticket for {event}", "{event}"}, v, {"qr-1@qrgate"});
    EXPECT_EQ(filled.subject.find_first_of("\r\n"), std::string::npos) << filled.subject;
    EXPECT_TRUE(contains(filled.subject, "Ticket for Jazz")) << filled.subject;
    EXPECT_TRUE(contains(filled.subject, "Night Live")) << filled.subject;
}

TEST(MailTemplate, UnknownPlaceholdersAreFoundAndProseBracesAreNot) {
    const MailTemplate tmpl{"Ticket {nmae}", "Hello {name}, {qr} {ticketnumber}\n{ a brace in prose }\n{{name}}\n{nmae}"};
    const auto unknown = unknownPlaceholders(tmpl);
    EXPECT_EQ(unknown, (std::vector<std::string>{"{nmae}", "{ticketnumber}"}));
    EXPECT_TRUE(unknownPlaceholders(defaultMailTemplate()).empty());
}

TEST(MailTemplate, AnEventWithoutItsOwnTemplateGetsTheDefault) {
    EventFixture f;
    const auto loaded = loadMailTemplate(*f.db, f.event.id);
    EXPECT_EQ(loaded.subject, defaultMailTemplate().subject);
    EXPECT_EQ(loaded.body, defaultMailTemplate().body);
}

TEST(MailTemplate, ASavedTemplateComesBackForItsEventOnly) {
    EventFixture f;
    const auto other = EventCatalog(*f.db, f.clock).create(EventDraft{"Other", "", {}, {}, "UTC"}, f.keys).value();
    const MailTemplate tmpl{"Your seat at {event}", "Hi {name},\n\n{qr}\n\nSee you!\n"};
    ASSERT_TRUE(saveMailTemplate(*f.db, f.event.id, tmpl, f.clock.nowMs()).ok());
    auto loaded = loadMailTemplate(*f.db, f.event.id);
    EXPECT_EQ(loaded.subject, tmpl.subject);
    EXPECT_EQ(loaded.body, tmpl.body);
    EXPECT_EQ(loadMailTemplate(*f.db, other.id).subject, defaultMailTemplate().subject);

    // Saved again: replaced, and a subject typed over two lines is kept as one.
    ASSERT_TRUE(saveMailTemplate(*f.db, f.event.id, {"Second\nversion", "Body two"}, f.clock.nowMs()).ok());
    loaded = loadMailTemplate(*f.db, f.event.id);
    EXPECT_EQ(loaded.subject, "Second version");
    EXPECT_EQ(loaded.body, "Body two");
}

TEST(MailTemplate, AnEmptySubjectIsRefusedAndTheTemplateKept) {
    EventFixture f;
    ASSERT_TRUE(saveMailTemplate(*f.db, f.event.id, {"Kept", "Kept body"}, f.clock.nowMs()).ok());
    for (const std::string subject : {"", "   ", "\n\t "}) {
        auto saved = saveMailTemplate(*f.db, f.event.id, {subject, "New body"}, f.clock.nowMs());
        ASSERT_FALSE(saved.ok()) << "subject \"" << subject << "\"";
        EXPECT_EQ(saved.error().code, "empty_subject");
    }
    EXPECT_EQ(loadMailTemplate(*f.db, f.event.id).body, "Kept body");
}

}  // namespace
}  // namespace qrgate

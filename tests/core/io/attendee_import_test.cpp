// readAttendees turns a spreadsheet export into attendee rows, or into a list of problems that
// each name a line of the file. The caller imports nothing while there are problems.
#include "core/io/attendee_import.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace qrgate {
namespace {

const std::vector<std::string> kTypes{"General", "VIP"};

std::vector<std::string> messages(const AttendeeImport& import) {
    std::vector<std::string> out;
    for (const auto& p : import.problems) out.push_back(p.message);
    return out;
}

// "name,email" and `count` copies of `row`: a file with many problems of one kind.
AttendeeImport readRepeatedRows(std::string_view row, int count) {
    std::string csv = "name,email\n";
    for (int i = 0; i < count; ++i) (csv += row) += '\n';
    return readAttendees(csv, kTypes);
}

AttendeeImport readOk(std::string_view csv) {
    auto import = readAttendees(csv, kTypes);
    EXPECT_TRUE(import.problems.empty()) << ::testing::PrintToString(messages(import));
    return import;
}

// ---- finding the columns ----

TEST(AttendeeColumns, HeaderNamesInAnyOrderAndCase) {
    const auto c = detectAttendeeColumns({"TYPE", " E-Mail ", "Full Name", "Notes"});
    EXPECT_EQ(c.name, 2);
    EXPECT_EQ(c.email, 1);
    EXPECT_EQ(c.type, 0);
    EXPECT_EQ(c.firstName, -1);
    EXPECT_EQ(c.lastName, -1);
}

TEST(AttendeeColumns, SynonymsAreRecognised) {
    for (const char* name : {"name", "Full name", "ATTENDEE", "holder"})
        EXPECT_EQ(detectAttendeeColumns({"x", name}).name, 1) << name;
    for (const char* email : {"email", "E-mail", "Mail", "Email Address", "email_address"})
        EXPECT_EQ(detectAttendeeColumns({"x", email}).email, 1) << email;
    for (const char* type : {"type", "Ticket Type", "category"})
        EXPECT_EQ(detectAttendeeColumns({"x", type}).type, 1) << type;
    const auto c = detectAttendeeColumns({"Last Name", "first_name"});
    EXPECT_EQ(c.firstName, 1);
    EXPECT_EQ(c.lastName, 0);
    EXPECT_EQ(c.name, -1);
}

TEST(AttendeeColumns, TheFirstMatchingColumnWins) {
    EXPECT_EQ(detectAttendeeColumns({"Name", "Full name"}).name, 0);
}

TEST(AttendeeColumns, UnrelatedHeadersAreNotColumns) {
    const auto c = detectAttendeeColumns({"id", "names", "company", ""});
    EXPECT_EQ(c.name, -1);
    EXPECT_EQ(c.email, -1);
    EXPECT_EQ(c.type, -1);
}

// ---- reading rows ----

TEST(AttendeeImport, ReadsNameEmailAndTypeFromASpreadsheetExport) {
    const auto import = readOk(
        "\xEF\xBB\xBFTicket Type;E-Mail;Name\r\n"
        "VIP;ada@example.org;Ada Lovelace\r\n"
        ";;Bob\r\n");
    EXPECT_EQ(import.totalRows, 2u);
    ASSERT_EQ(import.rows.size(), 2u);
    EXPECT_EQ(import.rows[0].line, 2u);
    EXPECT_EQ(import.rows[0].name, "Ada Lovelace");
    EXPECT_EQ(import.rows[0].email, "ada@example.org");
    EXPECT_EQ(import.rows[0].type, "VIP");
    EXPECT_EQ(import.rows[1].line, 3u);
    EXPECT_EQ(import.rows[1].name, "Bob");
    EXPECT_EQ(import.rows[1].email, "");
    EXPECT_EQ(import.rows[1].type, "");  // the event's default type
}

TEST(AttendeeImport, EmailAndTypeColumnsAreOptional) {
    const auto import = readOk("name\nAda\nBob\n");
    ASSERT_EQ(import.rows.size(), 2u);
    EXPECT_EQ(import.rows[1].name, "Bob");
}

TEST(AttendeeImport, FirstAndLastNameAreJoinedWhenThereIsNoNameColumn) {
    const auto import = readOk("First Name,Last Name\nAda,Lovelace\nCher,\n,Banksy\n");
    ASSERT_EQ(import.rows.size(), 3u);
    EXPECT_EQ(import.rows[0].name, "Ada Lovelace");
    EXPECT_EQ(import.rows[1].name, "Cher");
    EXPECT_EQ(import.rows[2].name, "Banksy");
}

TEST(AttendeeImport, NamesAreTrimmedAndInnerWhiteSpaceCollapsed) {
    const auto import = readOk("name\n\"  Ada \n  Lovelace\t\"\n\xC2\xA0" "Bob\xC2\xA0\n");
    ASSERT_EQ(import.rows.size(), 2u);
    EXPECT_EQ(import.rows[0].name, "Ada Lovelace");
    EXPECT_EQ(import.rows[1].name, "Bob");
}

TEST(AttendeeImport, NamesCanBeAnyUtf8) {
    const std::vector<std::string> names{
        "Jos\xC3\xA9 Garc\xC3\xAD""a",               // José García
        "\xE6\x9D\x8E\xE9\x9B\xB7",                   // 李雷
        "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0",           // Анна
        "DJ \xF0\x9F\x8E\xA7",                        // DJ 🎧
    };
    std::string csv = "name,email\n";
    for (const auto& n : names) csv += n + ",\n";
    const auto import = readOk(csv);
    ASSERT_EQ(import.rows.size(), names.size());
    for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(import.rows[i].name, names[i]);
}

TEST(AttendeeImport, EmailIsTrimmedAndKeepsItsCase) {
    const auto import = readOk("name,email\nAda,  Ada.Lovelace@Example.ORG \n");
    ASSERT_EQ(import.rows.size(), 1u);
    EXPECT_EQ(import.rows[0].email, "Ada.Lovelace@Example.ORG");
}

TEST(AttendeeImport, PlausibleEmailAddressesAreAccepted) {
    for (const char* email : {"a@b.co", "first.last+tag@sub.example.org", "o'brien@example.ie",
                              "j\xC3\xB6rg@m\xC3\xBCller.de"}) {
        const auto import = readAttendees(std::string("name,email\nX,") + email + "\n", kTypes);
        EXPECT_TRUE(import.problems.empty()) << email;
    }
}

TEST(AttendeeImport, TypeMatchesAKnownTypeIgnoringCaseAndStoresItsSpelling) {
    const auto import = readOk("name,type\nAda,vip\nBob, general \nCy,GENERAL\n");
    ASSERT_EQ(import.rows.size(), 3u);
    EXPECT_EQ(import.rows[0].type, "VIP");
    EXPECT_EQ(import.rows[1].type, "General");
    EXPECT_EQ(import.rows[2].type, "General");
}

TEST(AttendeeImport, RowsWithOnlyEmptyCellsAreNotAttendees) {
    const auto import = readOk("name,email\nAda,\n,\n  ,  \n\nBob,\n");
    EXPECT_EQ(import.totalRows, 2u);
    ASSERT_EQ(import.rows.size(), 2u);
    EXPECT_EQ(import.rows[1].line, 6u);
}

TEST(AttendeeImport, MissingCellsAtTheEndOfARowAreEmpty) {
    const auto import = readOk("name,email,type\nAda\n");
    ASSERT_EQ(import.rows.size(), 1u);
    EXPECT_EQ(import.rows[0].email, "");
}

TEST(AttendeeImport, HeaderOnlyFileImportsNothingWithoutProblems) {
    const auto import = readAttendees("name,email\r\n", kTypes);
    EXPECT_TRUE(import.problems.empty());
    EXPECT_TRUE(import.rows.empty());
    EXPECT_EQ(import.totalRows, 0u);
}

TEST(AttendeeImport, LineNumbersStayRightAfterAMultiLineCell) {
    const auto import = readAttendees(
        "name,email,type\n"
        "\"Ada\nLovelace\",ada@example.org,\n"
        "Bob,bob@,\n",
        kTypes);
    ASSERT_EQ(import.problems.size(), 1u);
    EXPECT_EQ(import.problems[0].line, 4u);
    EXPECT_EQ(import.problems[0].message, "line 4: 'bob@' is not a valid email address");
}

TEST(AttendeeImport, AHundredThousandRows) {
    std::string csv = "Name;Email;Type\r\n";
    for (int i = 0; i < 100000; ++i) {
        const std::string n = std::to_string(i);
        csv += "Attendee " + n + ";a" + n + "@example.org;" + (i % 10 ? "General" : "vip") + "\r\n";
    }
    const auto import = readOk(csv);
    EXPECT_EQ(import.totalRows, 100000u);
    ASSERT_EQ(import.rows.size(), 100000u);
    EXPECT_EQ(import.rows[0].type, "VIP");
    EXPECT_EQ(import.rows.back().line, 100001u);
}

// ---- problems ----

TEST(AttendeeProblems, MissingNameColumnIsOneProblemOnLine1) {
    const auto import = readAttendees("email,type\na@b.org,VIP\n", kTypes);
    ASSERT_EQ(import.problems.size(), 1u);
    EXPECT_EQ(import.problems[0].line, 1u);
    EXPECT_EQ(import.problems[0].message.rfind("line 1: no name column", 0), 0u)
        << import.problems[0].message;
    EXPECT_NE(import.problems[0].message.find("'email', 'type'"), std::string::npos);
    EXPECT_TRUE(import.rows.empty());
}

TEST(AttendeeProblems, EmptyFileIsAProblem) {
    for (std::string_view csv : {"", "\xEF\xBB\xBF", "\r\n\r\n"}) {
        const auto import = readAttendees(csv, kTypes);
        ASSERT_EQ(import.problems.size(), 1u);
        EXPECT_EQ(import.problems[0].line, 1u);
        EXPECT_NE(import.problems[0].message.find("empty"), std::string::npos);
    }
}

TEST(AttendeeProblems, MissingName) {
    const auto import = readAttendees("name,email\nAda,\n   ,x@y.org\n", kTypes);
    EXPECT_EQ(messages(import), (std::vector<std::string>{"line 3: name is missing"}));
    EXPECT_EQ(import.totalRows, 2u);
    ASSERT_EQ(import.rows.size(), 1u);  // only rows without problems
}

TEST(AttendeeProblems, InvalidEmail) {
    std::string csv = "name,email\n";
    for (int i = 2; i < 9; ++i) csv += "Person " + std::to_string(i) + ",p@example.org\n";
    csv += "Bob, bob@ \n";  // line 9
    const auto import = readAttendees(csv, kTypes);
    EXPECT_EQ(messages(import),
              (std::vector<std::string>{"line 9: 'bob@' is not a valid email address"}));
}

TEST(AttendeeProblems, EmailsThatCannotBeRightAreRefused) {
    for (const char* email : {"bob", "bob@", "@example.org", "bob@example", "a@@example.org",
                              "a@b@example.org", "bob smith@example.org", "bob@example.org.",
                              "bob@.example.org", "bob@example..org", "a@x.org;b@y.org",
                              "Bob <bob@example.org>"}) {
        const auto import =
            readAttendees(std::string("name,email\nBob,\"") + email + "\"\n", kTypes);
        ASSERT_EQ(import.problems.size(), 1u) << email;
        EXPECT_EQ(import.problems[0].message,
                  "line 2: '" + std::string(email) + "' is not a valid email address");
    }
}

TEST(AttendeeProblems, UnknownTicketTypeListsTheKnownOnes) {
    std::string csv = "name,type\n";
    for (int i = 2; i < 12; ++i) csv += "P" + std::to_string(i) + ",General\n";
    csv += "Zed,VIPP\n";  // line 12
    const auto import = readAttendees(csv, kTypes);
    EXPECT_EQ(messages(import),
              (std::vector<std::string>{"line 12: unknown ticket type 'VIPP' (known: General, VIP)"}));
}

TEST(AttendeeProblems, AnyTypeIsUnknownWhenTheEventHasNone) {
    const auto import = readAttendees("name,type\nAda,VIP\nBob,\n", {});
    EXPECT_EQ(messages(import),
              (std::vector<std::string>{
                  "line 2: unknown ticket type 'VIP' (the event has no ticket types yet)"}));
}

TEST(AttendeeProblems, EveryProblemOfARowIsListed) {
    const auto import = readAttendees("name,email,type\n,nope,Gold\n", kTypes);
    EXPECT_EQ(messages(import), (std::vector<std::string>{
                                    "line 2: name is missing",
                                    "line 2: 'nope' is not a valid email address",
                                    "line 2: unknown ticket type 'Gold' (known: General, VIP)",
                                }));
}

TEST(AttendeeProblems, NameIsLimitedTo200Characters) {
    std::string ok, tooLong;
    for (int i = 0; i < 200; ++i) ok += "\xC3\xA9";  // é: 200 characters, 400 bytes
    tooLong = ok + "x";
    EXPECT_TRUE(readAttendees("name\n" + ok + "\n", kTypes).problems.empty());
    const auto import = readAttendees("name\n" + tooLong + "\n", kTypes);
    EXPECT_EQ(messages(import), (std::vector<std::string>{
                                    "line 2: name is 201 characters long; the limit is 200"}));
}

TEST(AttendeeProblems, EmailIsLimitedTo254Bytes) {
    const std::string domain = "@example.org";                         // 12 bytes
    const std::string ok = std::string(254 - domain.size(), 'a') + domain;
    const std::string tooLong = "a" + ok;
    EXPECT_TRUE(readAttendees("name,email\nAda," + ok + "\n", kTypes).problems.empty());
    const auto import = readAttendees("name,email\nAda," + tooLong + "\n", kTypes);
    EXPECT_EQ(messages(import), (std::vector<std::string>{
                                    "line 2: email address is 255 bytes long; the limit is 254"}));
}

TEST(AttendeeProblems, ControlCharactersInANameAreRefused) {
    const auto import = readAttendees("name\n\"Ada\x07\"\n", kTypes);
    ASSERT_EQ(import.problems.size(), 1u);
    EXPECT_NE(import.problems[0].message.find("control character"), std::string::npos);
}

TEST(AttendeeProblems, ACsvErrorIsOneProblemWithItsLine) {
    const auto import = readAttendees("name,email\nAda,a@b.org\n\"Bob,b@b.org\n", kTypes);
    ASSERT_EQ(import.problems.size(), 1u);
    EXPECT_EQ(import.problems[0].line, 3u);
    EXPECT_EQ(import.problems[0].message, "line 3, column 1: a quoted field is never closed");
    EXPECT_TRUE(import.rows.empty());
}

TEST(AttendeeProblems, InvalidUtf8InANameIsReported) {
    const auto import = readAttendees("name\nJos\xE9\n", kTypes);
    ASSERT_EQ(import.problems.size(), 1u);
    EXPECT_EQ(import.problems[0].line, 2u);
    EXPECT_NE(import.problems[0].message.find("UTF-8"), std::string::npos);
}

TEST(AttendeeProblems, ListIsCappedAt20PlusASummary) {
    const auto import = readRepeatedRows("P,bad", 70);
    ASSERT_EQ(import.problems.size(), 21u);
    EXPECT_EQ(import.problems[19].line, 21u);
    EXPECT_EQ(import.problems[20].line, 0u);
    EXPECT_EQ(import.problems[20].message, "... and 50 more problems");
    EXPECT_EQ(import.problemCount, 70u);
    EXPECT_EQ(import.totalRows, 70u);
}

TEST(AttendeeProblems, SummaryOfOneMoreProblemIsSingular) {
    const auto import = readRepeatedRows(",a@b.org", 21);
    ASSERT_EQ(import.problems.size(), 21u);
    EXPECT_EQ(import.problems.back().message, "... and 1 more problem");
    EXPECT_EQ(import.problemCount, 21u);
}

TEST(AttendeeProblems, AHundredThousandBadRowsAreSummarisedAfterTheFirst20) {
    const auto import = readRepeatedRows("Ada,not-an-email", 100000);
    ASSERT_EQ(import.problems.size(), 21u);
    EXPECT_EQ(import.problems[0].message, "line 2: 'not-an-email' is not a valid email address");
    EXPECT_EQ(import.problems[19].line, 21u);
    EXPECT_EQ(import.problems[20].message, "... and 99,980 more problems");
    EXPECT_EQ(import.problemCount, 100000u);
    std::size_t bytes = 0;
    for (const auto& p : import.problems) bytes += p.message.size();
    EXPECT_LT(bytes, 4096u);
}

TEST(AttendeeProblems, AMillionColumnHeaderWithoutANameGivesAShortMessage) {
    std::string csv;
    for (int i = 0; i < 1000000; ++i) csv += (i ? ",col" : "col") + std::to_string(i);
    const auto import = readAttendees(csv + "\nAda\n", kTypes);
    ASSERT_EQ(import.problems.size(), 1u);
    const std::string& message = import.problems[0].message;
    EXPECT_LT(message.size(), 1024u);
    EXPECT_EQ(message.rfind("line 1: no name column", 0), 0u) << message.substr(0, 200);
    EXPECT_NE(message.find("'col0', 'col1'"), std::string::npos) << message.substr(0, 200);
    EXPECT_NE(message.find("1,000,000 columns"), std::string::npos) << message.substr(0, 200);
}

TEST(AttendeeProblems, AnUnknownTypeNamesOnlyTheFirstKnownTypes) {
    std::vector<std::string> many;
    for (int i = 0; i < 500; ++i) many.push_back("Type number " + std::to_string(i));
    const auto import = readAttendees("name,type\nAda,Nope\n", many);
    ASSERT_EQ(import.problems.size(), 1u);
    const std::string& message = import.problems[0].message;
    EXPECT_LT(message.size(), 400u);
    EXPECT_NE(message.find("known: Type number 0, Type number 1"), std::string::npos) << message;
    EXPECT_NE(message.find("490 more"), std::string::npos) << message.substr(0, 400);
}

TEST(AttendeeProblems, LongValuesAreShortenedInMessages) {
    const std::string junk(500, 'x');
    const auto import = readAttendees("name,email\nAda," + junk + "\n", kTypes);
    ASSERT_EQ(import.problems.size(), 1u);
    EXPECT_LT(import.problems[0].message.size(), 120u);
}

// ---- explicit column mapping (the GUI's column picker) ----

TEST(AttendeeMapping, ExplicitColumnsOverrideTheHeader) {
    AttendeeColumns columns;
    columns.name = 1;
    columns.email = 0;
    const auto import =
        readAttendees("Col A,Col B,Col C\nada@example.org,Ada,whatever\n", columns, kTypes);
    EXPECT_TRUE(import.problems.empty()) << ::testing::PrintToString(messages(import));
    ASSERT_EQ(import.rows.size(), 1u);
    EXPECT_EQ(import.rows[0].name, "Ada");
    EXPECT_EQ(import.rows[0].email, "ada@example.org");
}

TEST(AttendeeMapping, NameMustBeMapped) {
    AttendeeColumns columns;
    columns.email = 0;
    const auto import = readAttendees("a,b\nx@y.org,Ada\n", columns, kTypes);
    EXPECT_EQ(messages(import),
              (std::vector<std::string>{"line 1: no column is mapped to the attendee's name"}));
}

TEST(AttendeeMapping, ColumnsOutsideTheHeaderAreRefused) {
    AttendeeColumns columns;
    columns.name = 5;
    const auto import = readAttendees("a,b\nAda,x\n", columns, kTypes);
    EXPECT_EQ(messages(import), (std::vector<std::string>{
                                    "line 1: column 6 is mapped, but the file has 2 columns"}));
}

// ---- the import screen's preview ----

TEST(AttendeePreview, ShowsTheFileAsItIsAndChecksItWithTheRecognisedColumns) {
    const auto p = previewAttendees("Email,Full Name,Notes\nana@example.org,Ana,x\nnope,Bo,y\nc@d.org,Cy,z\n",
                                    kTypes, 2);
    EXPECT_FALSE(p.syntaxError);
    EXPECT_EQ(p.header, (std::vector<std::string>{"Email", "Full Name", "Notes"}));
    EXPECT_EQ(p.fileRows, 3u);
    ASSERT_EQ(p.sample.size(), 2u) << "only the first rows";
    EXPECT_EQ(p.sample[1], (std::vector<std::string>{"nope", "Bo", "y"}));
    EXPECT_EQ(p.columns.name, 1);
    EXPECT_EQ(p.columns.email, 0);
    EXPECT_EQ(messages(p.check), (std::vector<std::string>{"line 3: 'nope' is not a valid email address"}));
    EXPECT_EQ(p.check.rows.size(), 2u);
}

TEST(AttendeePreview, AFileThatIsNotCsvSaysWhere) {
    const auto p = previewAttendees("name\n\"Ada\n", kTypes, 50);
    ASSERT_TRUE(p.syntaxError);
    EXPECT_EQ(p.syntaxError->line, 2u);
    EXPECT_TRUE(p.header.empty());
    EXPECT_EQ(p.check.problemCount, 1u);
}

TEST(AttendeePreview, AnEmptyFileHasNoHeaderAndOneProblem) {
    const auto p = previewAttendees("", kTypes, 50);
    EXPECT_FALSE(p.syntaxError);
    EXPECT_TRUE(p.header.empty());
    EXPECT_EQ(p.check.problemCount, 1u);
}

}  // namespace
}  // namespace qrgate

namespace qrgate {
namespace {

// ---- headers in other languages (issue 13) ----

struct HeaderCase {
    std::vector<std::string> header;
    AttendeeColumns expected;
};

AttendeeColumns cols(int name, int email, int type, int first = -1, int last = -1) {
    AttendeeColumns c;
    c.name = name;
    c.email = email;
    c.type = type;
    c.firstName = first;
    c.lastName = last;
    return c;
}

TEST(AttendeeColumns, HeadersInSixLanguagesIgnoringCaseAndAccents) {
    const std::vector<HeaderCase> cases = {
        // French
        {{"Nom complet", "Courriel", "Billet"}, cols(0, 1, 2)},
        {{"Prénom", "Nom", "Adresse e-mail", "Catégorie"}, cols(-1, 2, 3, 0, 1)},
        {{"NOM", "PRENOM", "E-MAIL", "TARIF"}, cols(-1, 2, 3, 1, 0)},
        {{"Nom"}, cols(0, -1, -1)},
        // German
        {{"Vorname", "Nachname", "E-Mail", "Ticketart"}, cols(-1, 2, 3, 0, 1)},
        {{"Vorname", "Name", "E-Mail-Adresse", "Kategorie"}, cols(-1, 2, 3, 0, 1)},
        {{"Name", "E-Mail", "Ticket"}, cols(0, 1, 2)},
        // Spanish
        {{"Nombre", "Apellidos", "Correo electrónico", "Tipo de entrada"}, cols(-1, 2, 3, 0, 1)},
        {{"Nombre completo", "Correo", "Tipo"}, cols(0, 1, 2)},
        {{"Nombre", "Apellido", "Correo"}, cols(-1, 2, -1, 0, 1)},
        // Hindi, transliterated and in Devanagari
        {{"Naam", "Email", "Shreni"}, cols(0, 1, 2)},
        {{"Pehla naam", "Upnaam", "ईमेल"}, cols(-1, 2, -1, 0, 1)},
        {{"नाम", "ईमेल"}, cols(0, 1, -1)},
        // Portuguese
        {{"Nome", "Sobrenome", "E-mail", "Tipo de ingresso"}, cols(-1, 2, 3, 0, 1)},
        {{"Nome completo", "Endereço de e-mail", "Bilhete"}, cols(0, 1, 2)},
        {{"Primeiro nome", "Apelido", "Email", "Tipo de bilhete"}, cols(-1, 2, 3, 0, 1)},
        {{"Nome", "E-mail"}, cols(0, 1, -1)},
        // English still
        {{"First Name", "Last Name", "Email", "Ticket Type"}, cols(-1, 2, 3, 0, 1)},
    };
    for (const auto& c : cases)
        EXPECT_EQ(detectAttendeeColumns(c.header), c.expected) << ::testing::PrintToString(c.header);
}

TEST(AttendeeColumns, AFullNameColumnBesideSplitNamesIsStillTheName) {
    const auto c = detectAttendeeColumns({"Vorname", "Name", "Vollständiger Name"});
    EXPECT_EQ(c.name, 2);
    EXPECT_EQ(c.firstName, 0);
    EXPECT_EQ(c.lastName, 1);
}

TEST(AttendeeImport, FirstAndLastNamesFromAFrenchHeaderAreJoined) {
    const auto import = readAttendees("Prénom;Nom;Courriel\nÉmile;Zola;emile@example.org\n", {});
    ASSERT_TRUE(import.problems.empty());
    ASSERT_EQ(import.rows.size(), 1u);
    EXPECT_EQ(import.rows[0].name, "Émile Zola");
    EXPECT_EQ(import.rows[0].email, "emile@example.org");
}

}  // namespace
}  // namespace qrgate

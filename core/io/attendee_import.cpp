#include "core/io/attendee_import.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "core/io/csv.hpp"
#include "core/base/model.hpp"
#include "core/base/text_fold.hpp"

namespace qrgate {

namespace {

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";  // U+00A0, common in text pasted from the web

bool isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Length of the white space at s[i] (ASCII or U+00A0), 0 when there is none.
std::size_t spaceLength(std::string_view s, std::size_t i) {
    if (isAsciiSpace(s[i])) return 1;
    return s.substr(i, kNoBreakSpace.size()) == kNoBreakSpace ? kNoBreakSpace.size() : 0;
}

std::string_view trim(std::string_view s) {
    for (std::size_t n; !s.empty() && (n = spaceLength(s, 0)) > 0;) s.remove_prefix(n);
    for (;;) {
        if (!s.empty() && isAsciiSpace(s.back())) {
            s.remove_suffix(1);
        } else if (s.size() >= kNoBreakSpace.size() &&
                   s.substr(s.size() - kNoBreakSpace.size()) == kNoBreakSpace) {
            s.remove_suffix(kNoBreakSpace.size());
        } else {
            return s;
        }
    }
}

// A name goes onto a printed ticket and into an email greeting: a line break or a double space
// from the spreadsheet cell would only show up as a layout bug there.
std::string normalizeName(std::string_view s) {
    s = trim(s);
    // Most names need nothing done: only single ASCII spaces between words.
    bool clean = true;
    for (std::size_t i = 0; i < s.size() && clean; ++i) {
        const char c = s[i];
        if (c == ' ') clean = s[i + 1] != ' ';  // trimmed, so s[i + 1] exists
        else if (isAsciiSpace(c) || c == '\xC2') clean = false;  // may start U+00A0
    }
    if (clean) return std::string(s);

    std::string out;
    out.reserve(s.size());
    bool inSpace = false;
    for (std::size_t i = 0; i < s.size();) {
        if (const std::size_t n = spaceLength(s, i); n > 0) {
            if (!inSpace) out.push_back(' ');
            inSpace = true;
            i += n;
        } else {
            out.push_back(s[i]);
            inSpace = false;
            ++i;
        }
    }
    return out;
}

std::string asciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// "E-Mail Address " and "email_address" are the same column to a person, and so are "Prénom"
// and "PRENOM": folded (case and accents, core/base/text_fold), then only letters and digits.
std::string headerKey(std::string_view header) {
    const std::string s = foldForSearch(header);
    std::string key;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) key.push_back(c);
        else if (c >= 'A' && c <= 'Z') key.push_back(static_cast<char>(c - 'A' + 'a'));
    }
    return key;
}

std::size_t countCharacters(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
    return n;
}

bool hasControlCharacter(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
    return false;
}

// Deliberately loose: it catches typos and cells holding something else (two addresses, a
// display name, a phone number) without refusing unusual but deliverable addresses.
bool looksLikeEmail(std::string_view e) {
    const std::size_t at = e.find('@');
    if (at == std::string_view::npos || e.find('@', at + 1) != std::string_view::npos) return false;
    const std::string_view local = e.substr(0, at), domain = e.substr(at + 1);
    if (local.empty() || domain.empty()) return false;
    for (char c : e) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F) return false;
        if (std::string_view(",;<>()[]\\\"").find(c) != std::string_view::npos) return false;
    }
    if (e.find(kNoBreakSpace) != std::string_view::npos) return false;
    return domain.find('.') != std::string_view::npos && domain.front() != '.' &&
           domain.back() != '.' && domain.find("..") == std::string_view::npos;
}

// Text from the file in a message is cut short, so a pasted paragraph (or a megabyte cell) does
// not flood the problem list.
std::string shortened(std::string_view value) {
    constexpr std::size_t kMaxShown = 60;  // characters
    std::size_t chars = 0, cut = value.size();
    for (std::size_t i = 0; i < value.size(); ++i) {
        if ((static_cast<unsigned char>(value[i]) & 0xC0u) == 0x80u) continue;
        if (chars++ == kMaxShown) {
            cut = i;
            break;
        }
    }
    std::string out(value.substr(0, cut));
    if (cut < value.size()) out += "\xE2\x80\xA6";  // …
    return out;
}

std::string quoted(std::string_view value) { return "'" + shortened(value) + "'"; }

// "a, b, c", or the first few and "and 990 more": a header of a million columns or an event
// with hundreds of types still gives a one-line message.
constexpr std::size_t kMaxListed = 10;
std::string shortList(const std::vector<std::string>& items, bool quote) {
    const std::size_t shown = std::min(items.size(), kMaxListed);
    std::string out;
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) out += ", ";
        out += quote ? quoted(items[i]) : shortened(items[i]);
    }
    if (items.size() > shown)
        out += " and " + withThousands(static_cast<long long>(items.size() - shown)) + " more";
    return out;
}

// Keeps the first kMaxImportProblems problems and counts every one, so 100,000 bad rows give a
// list a person can read and still the exact number.
// `where` names what `line` counts: "line" in a file, "attendee" in a list.
void addProblem(AttendeeImport& result, std::size_t line, const std::string& text,
                std::string_view where = "line") {
    if (++result.problemCount <= kMaxImportProblems)
        result.problems.push_back({line, std::string(where) + " " + std::to_string(line) + ": " + text});
}

void summariseProblems(AttendeeImport& result) {
    if (result.problemCount <= kMaxImportProblems) return;
    const std::size_t more = result.problemCount - kMaxImportProblems;
    result.problems.push_back({0, "... and " + withThousands(static_cast<long long>(more)) +
                                      " more problem" + (more == 1 ? "" : "s")});
}

class TypeMatcher {
public:
    explicit TypeMatcher(const std::vector<std::string>& knownTypes) {
        for (const auto& type : knownTypes) {
            const std::string_view canonical = trim(type);
            if (canonical.empty()) continue;
            if (m_byKey.emplace(asciiLower(canonical), std::string(canonical)).second)
                m_names.emplace_back(canonical);
        }
    }
    const std::string* find(std::string_view typed) const {
        const auto it = m_byKey.find(asciiLower(typed));
        return it == m_byKey.end() ? nullptr : &it->second;
    }
    std::string unknownMessage(std::string_view typed) const {
        return "unknown ticket type " + quoted(typed) +
               (m_names.empty() ? " (the event has no ticket types yet)"
                                : " (known: " + shortList(m_names, false) + ")");
    }

private:
    std::unordered_map<std::string, std::string> m_byKey;
    std::vector<std::string> m_names;  // in the event's order
};

bool hasNameColumn(const AttendeeColumns& c) {
    return c.name >= 0 || c.firstName >= 0 || c.lastName >= 0;
}

bool isEmptyRow(const CsvRow& row) {
    for (const auto& f : row.fields)
        if (!trim(f).empty()) return false;
    return true;
}

void addSyntaxError(AttendeeImport& result, const CsvSyntaxError& error) {
    result.problems.push_back({error.line, describe(error)});  // "line 3, column 1: ..."
    result.problemCount = 1;
    result.fileProblem = true;
}

void addFileProblem(AttendeeImport& result, const std::string& text) {
    addProblem(result, 1, text);
    result.fileProblem = true;
}

bool hasHeader(const CsvTable& table, AttendeeImport& result) {
    if (!table.header.empty()) return true;
    addFileProblem(result, "the file is empty; expected a header row with at least a name column");
    return false;
}

// Parses and checks that there is a header; on failure the problem is already recorded.
std::optional<CsvTable> parseAttendeeCsv(std::string_view text, AttendeeImport& result) {
    auto parsed = parseCsvDetailed(text);
    if (auto* error = std::get_if<CsvSyntaxError>(&parsed)) {
        addSyntaxError(result, *error);
        return std::nullopt;
    }
    auto& table = std::get<CsvTable>(parsed);
    if (!hasHeader(table, result)) return std::nullopt;
    return std::move(table);
}

// The rules of a name and an address, whether they come from a file's row, a list or a form.
std::string attendeeNameProblem(std::string_view name) {
    if (name.empty()) return "name is missing";
    if (hasControlCharacter(name)) return "name " + quoted(name) + " contains a control character";
    if (const std::size_t n = countCharacters(name); n > kMaxNameLength)
        return "name is " + std::to_string(n) + " characters long; the limit is " + std::to_string(kMaxNameLength);
    return {};
}

std::string attendeeEmailProblem(std::string_view email) {
    if (email.size() > kMaxEmailLength)
        return "email address is " + std::to_string(email.size()) + " bytes long; the limit is " +
               std::to_string(kMaxEmailLength);
    if (!email.empty() && !looksLikeEmail(email)) return quoted(email) + " is not a valid email address";
    return {};
}

// The rules every attendee passes, whether it comes from a file's row or from a list: on success
// the row joins result.rows, otherwise each of its problems is recorded under `where` and `line`
// and returned, joined by "; ".
std::string checkAttendee(AttendeeRow out, std::string_view email, std::string_view type,
                          const TypeMatcher& types, std::string_view where, AttendeeImport& result) {
    bool ok = true;
    std::string problems;
    const auto problem = [&](const std::string& text) {
        addProblem(result, out.line, text, where);
        problems += (ok ? "" : "; ") + text;
        ok = false;
    };
    if (auto p = attendeeNameProblem(out.name); !p.empty()) problem(p);

    out.email = std::string(trim(email));
    if (auto p = attendeeEmailProblem(out.email); !p.empty()) problem(p);

    type = trim(type);
    if (!type.empty()) {
        if (const std::string* canonical = types.find(type)) out.type = *canonical;
        else problem(types.unknownMessage(type));
    }

    if (ok) result.rows.push_back(std::move(out));
    return problems;
}

void importTable(const CsvTable& table, const AttendeeColumns& columns,
                 const std::vector<std::string>& knownTypes, AttendeeImport& result) {
    const int width = static_cast<int>(table.header.size());
    result.header = table.header;
    for (int index : {columns.name, columns.email, columns.type, columns.firstName,
                      columns.lastName}) {
        if (index < -1 || index >= width) {
            addFileProblem(result, "column " + std::to_string(index + 1) + " is mapped, but the file has " +
                                       counted(width, "column", "columns"));
            return;
        }
    }
    if (!hasNameColumn(columns)) {
        addFileProblem(result, "no column is mapped to the attendee's name");
        return;
    }

    const TypeMatcher types(knownTypes);
    result.rows.reserve(table.rows.size());
    for (const CsvRow& row : table.rows) {
        // Spreadsheets export formatted but empty rows as ",,,"; they are not attendees.
        if (isEmptyRow(row)) continue;
        ++result.totalRows;
        const auto cell = [&row](int index) -> std::string_view {
            if (index < 0 || static_cast<std::size_t>(index) >= row.fields.size()) return {};
            return row.fields[static_cast<std::size_t>(index)];
        };
        AttendeeRow out;
        out.line = row.line;
        if (columns.name >= 0) {
            out.name = normalizeName(cell(columns.name));
        } else {
            const std::string first = normalizeName(cell(columns.firstName));
            const std::string last = normalizeName(cell(columns.lastName));
            out.name = first.empty() || last.empty() ? first + last : first + ' ' + last;
        }
        std::string problem = checkAttendee(std::move(out), cell(columns.email), cell(columns.type), types, "line", result);
        if (!problem.empty()) result.rejected.push_back({row.line, row.fields, std::move(problem)});
    }
    summariseProblems(result);
}

// What a header word says of its column, after headerKey (folded, letters and digits only).
enum class HeaderRole { None, FullName, NameOrLast, NameOrFirst, First, Last, Email, Type };

HeaderRole headerRole(const std::string& key) {
    static const std::unordered_map<std::string, HeaderRole> roles = [] {
        std::unordered_map<std::string, HeaderRole> m;
        const auto add = [&m](HeaderRole role, std::initializer_list<const char*> words) {
            for (const char* w : words) m.emplace(w, role);
        };
        add(HeaderRole::FullName,
            {"fullname", "attendee", "attendeename", "holder", "participant", "participantname", "guest",
             "guestname", "nomcomplet", "nometprenom", "prenometnom", "participante", "vollstandigername",
             "vollername", "teilnehmer", "teilnehmerin", "teilnehmername", "nombrecompleto", "nombreyapellidos",
             "asistente", "nomecompleto", "pooranaam", "puranaam", "poornanaam", "naam",
             "\xe0\xa4\xa8\xe0\xa4\xbe\xe0\xa4\xae"});  // नाम
        // "Nom" and "Name" alone are the surname beside a first-name column ("Prénom, Nom").
        add(HeaderRole::NameOrLast, {"name", "nom"});
        // "Nombre" and "Nome" alone are the given name beside a surname column ("Nombre, Apellidos").
        add(HeaderRole::NameOrFirst, {"nombre", "nome"});
        add(HeaderRole::First, {"firstname", "givenname", "forename", "prenom", "vorname", "rufname",
                                "nombredepila", "primernombre", "pehlanaam", "pahlanaam", "primeironome"});
        add(HeaderRole::Last, {"lastname", "surname", "familyname", "nomdefamille", "nachname", "familienname",
                               "apellido", "apellidos", "upnaam", "kulnaam", "sobrenome", "apelido", "apelidos",
                               "ultimonome"});
        add(HeaderRole::Email,
            {"email", "mail", "emailaddress", "courriel", "adresseemail", "adressemail", "adressecourriel",
             "adresseelectronique", "mel", "emailadresse", "mailadresse", "correo", "correoelectronico",
             "correoe", "direcciondecorreo", "direcciondecorreoelectronico", "enderecodeemail",
             "enderecoeletronico", "imel",
             "\xe0\xa4\x88\xe0\xa4\xae\xe0\xa5\x87\xe0\xa4\xb2"});  // ईमेल
        add(HeaderRole::Type,
            {"type", "tickettype", "category", "ticket", "billet", "typedebillet", "categorie", "tarif",
             "ticketart", "tickettyp", "ticketkategorie", "kategorie", "typ", "karte", "kartenart", "tipo",
             "tipodeentrada", "entrada", "tipodeboleto", "boleto", "categoria", "tipodeingresso", "ingresso",
             "bilhete", "tipodebilhete", "shreni", "shrenee", "prakar"});
        return m;
    }();
    const auto it = roles.find(key);
    return it == roles.end() ? HeaderRole::None : it->second;
}

}  // namespace

AttendeeFieldCheck checkAttendeeFields(std::string_view name, std::string_view email) {
    // "Name is missing." from the import's "name is missing" (a file's problem follows "line 3: ").
    const auto sentence = [](std::string text) {
        if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
        return text.empty() ? text : text + ".";
    };
    AttendeeFieldCheck check;
    check.name = normalizeName(name);
    check.email = std::string(trim(email));
    check.nameProblem = sentence(attendeeNameProblem(check.name));
    check.emailProblem = sentence(attendeeEmailProblem(check.email));
    return check;
}

AttendeeColumns detectAttendeeColumns(const std::vector<std::string>& header) {
    AttendeeColumns c;
    const auto take = [](int& slot, int index) {
        if (slot < 0) slot = index;
    };
    std::vector<HeaderRole> roles;
    roles.reserve(header.size());
    for (const auto& h : header) roles.push_back(headerRole(headerKey(h)));
    for (std::size_t i = 0; i < roles.size(); ++i) {
        const int index = static_cast<int>(i);
        switch (roles[i]) {
        case HeaderRole::FullName:
        case HeaderRole::NameOrLast:
        case HeaderRole::NameOrFirst: take(c.name, index); break;
        case HeaderRole::First: take(c.firstName, index); break;
        case HeaderRole::Last: take(c.lastName, index); break;
        case HeaderRole::Email: take(c.email, index); break;
        case HeaderRole::Type: take(c.type, index); break;
        case HeaderRole::None: break;
        }
    }
    if (c.name < 0) return c;
    // A bare "Nom"/"Name" or "Nombre"/"Nome" is half of a split name when the other half has a
    // column of its own; the full name is then the next full-name column, if any.
    const HeaderRole role = roles[static_cast<std::size_t>(c.name)];
    int* half = nullptr;
    if (role == HeaderRole::NameOrLast && c.firstName >= 0 && c.lastName < 0) half = &c.lastName;
    if (role == HeaderRole::NameOrFirst && c.lastName >= 0 && c.firstName < 0) half = &c.firstName;
    if (half) {
        *half = c.name;
        c.name = -1;
        for (std::size_t i = 0; i < roles.size(); ++i)
            if (roles[i] == HeaderRole::FullName) {
                c.name = static_cast<int>(i);
                break;
            }
    }
    return c;
}

AttendeeImport readAttendees(std::string_view csvText, const std::vector<std::string>& knownTypes) {
    AttendeeImport result;
    const auto table = parseAttendeeCsv(csvText, result);
    if (!table) return result;
    const AttendeeColumns columns = detectAttendeeColumns(table->header);
    if (!hasNameColumn(columns)) {
        const std::size_t width = table->header.size();
        result.header = table->header;
        addFileProblem(result,
                   "no name column in the header (expected \"name\", \"full name\", \"attendee\", "
                   "\"holder\" or \"first name\" and \"last name\"); found " +
                       shortList(table->header, true) +
                       (width > kMaxListed ? " (" + withThousands(static_cast<long long>(width)) + " columns)"
                                   : ""));
        return result;
    }
    importTable(*table, columns, knownTypes, result);
    return result;
}

AttendeeImport readAttendees(std::string_view csvText, const AttendeeColumns& columns,
                             const std::vector<std::string>& knownTypes) {
    AttendeeImport result;
    const auto table = parseAttendeeCsv(csvText, result);
    if (!table) return result;
    importTable(*table, columns, knownTypes, result);
    return result;
}

AttendeeImport checkAttendees(const std::vector<AttendeeFields>& attendees,
                              const std::vector<std::string>& knownTypes) {
    AttendeeImport result;
    const TypeMatcher types(knownTypes);
    result.rows.reserve(attendees.size());
    for (std::size_t i = 0; i < attendees.size(); ++i) {
        const AttendeeFields& a = attendees[i];
        ++result.totalRows;
        AttendeeRow out;
        out.line = i + 1;
        out.name = normalizeName(a.name);
        checkAttendee(std::move(out), a.email, a.type, types, "attendee", result);
    }
    summariseProblems(result);
    return result;
}

AttendeePreview previewAttendees(std::string_view csvText, const std::vector<std::string>& knownTypes,
                                 std::size_t sampleRows) {
    AttendeePreview preview;
    auto parsed = parseCsvDetailed(csvText);
    if (auto* error = std::get_if<CsvSyntaxError>(&parsed)) {
        preview.syntaxError = *error;
        addSyntaxError(preview.check, *error);
        return preview;
    }
    const CsvTable& table = std::get<CsvTable>(parsed);
    preview.header = table.header;
    preview.fileRows = table.rows.size();
    for (std::size_t i = 0; i < table.rows.size() && i < sampleRows; ++i)
        preview.sample.push_back(table.rows[i].fields);
    preview.columns = detectAttendeeColumns(table.header);
    if (hasHeader(table, preview.check)) importTable(table, preview.columns, knownTypes, preview.check);
    return preview;
}

std::string rejectedRowsCsv(const std::vector<std::string>& header, const std::vector<RejectedRow>& rows) {
    std::string out = "\xEF\xBB\xBF";  // UTF-8 byte order mark: Excel reads the file as UTF-8
    std::vector<std::string> cells = header;
    cells.emplace_back(kRejectProblemColumn);
    out += csvLine(cells);
    for (const RejectedRow& row : rows) {
        // The cells go back as they came (no apostrophe before "=" or "-"), so the fixed file
        // imports the same values; only the problem column is our text.
        // The problem stands under its header even when the row has more cells than the header.
        cells = row.cells;
        cells.resize(std::max(cells.size(), header.size()));
        cells.insert(cells.begin() + static_cast<std::ptrdiff_t>(header.size()), row.problem);
        out += csvLine(cells);
    }
    return out;
}

std::string defaultRejectsPath(std::string_view csvPath) {
    const std::size_t slash = csvPath.rfind('/');
    const std::size_t nameStart = slash == std::string_view::npos ? 0 : slash + 1;
    std::size_t dot = csvPath.rfind('.');
    if (dot == std::string_view::npos || dot <= nameStart) dot = csvPath.size();  // no extension, or ".csv" alone
    return std::string(csvPath.substr(0, dot)) + "-rejected.csv";
}

}  // namespace qrgate

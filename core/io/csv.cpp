#include "core/io/csv.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <new>
#include <optional>

namespace qrgate {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool isContinuation(unsigned c) { return (c & 0xC0u) == 0x80u; }

// Length of the well-formed UTF-8 sequence at s[i], or 0. Overlong forms, surrogates and code
// points above U+10FFFF are refused too: they are how Latin-1 files and broken tools show up.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) -> unsigned {
        return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
    };
    const unsigned c = byte(0);
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) return isContinuation(byte(1)) ? 2 : 0;
    if (c < 0xF0) {
        const unsigned lo = c == 0xE0 ? 0xA0 : 0x80;
        const unsigned hi = c == 0xED ? 0x9F : 0xBF;
        return byte(1) >= lo && byte(1) <= hi && isContinuation(byte(2)) ? 3 : 0;
    }
    if (c < 0xF5) {
        const unsigned lo = c == 0xF0 ? 0x90 : 0x80;
        const unsigned hi = c == 0xF4 ? 0x8F : 0xBF;
        return byte(1) >= lo && byte(1) <= hi && isContinuation(byte(2)) &&
                       isContinuation(byte(3))
                   ? 4
                   : 0;
    }
    return 0;
}

std::string invalidUtf8Reason(unsigned char c) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(c));
    return std::string("the text is not valid UTF-8 (byte ") + hex +
           "); export the file as \"CSV UTF-8\"";
}

constexpr const char* kNulReason = "a NUL byte; this does not look like a text file";
constexpr const char* kUnclosedReason = "a quoted field is never closed";
constexpr const char* kStrayQuoteReason =
    "a quote inside an unquoted field; put the whole field in quotes and double the quote (\"\")";
constexpr const char* kAfterQuoteReason =
    "unexpected text after a closing quote; a quote inside a quoted field must be doubled (\"\")";

// What the unquoted-field loop must look at; everything else is copied as a run.
enum ByteClass : unsigned char { Plain, Stop, Quote, Nul, High };

// The first line decides, counting only delimiters outside quotes; on a tie the comma wins
// because it is the RFC's, and a header without any delimiter is a one-column file.
char detectDelimiter(std::string_view text, std::size_t pos) {
    while (pos < text.size() && (text[pos] == '\r' || text[pos] == '\n')) ++pos;
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (; pos < text.size(); ++pos) {
        const char c = text[pos];
        if (c == '"') {
            quoted = !quoted;  // a doubled quote toggles twice, which is right
        } else if (!quoted) {
            if (c == '\r' || c == '\n') break;
            if (c == ',') ++commas;
            else if (c == ';') ++semicolons;
            else if (c == '\t') ++tabs;
        }
    }
    if (commas >= semicolons && commas >= tabs) return ',';
    return semicolons >= tabs ? ';' : '\t';
}

class CsvParser {
public:
    explicit CsvParser(std::string_view text) : m_text(text) {}

    std::variant<CsvTable, CsvSyntaxError> run() {
        if (m_text.size() >= 2 && ((m_text[0] == '\xFF' && m_text[1] == '\xFE') ||
                                   (m_text[0] == '\xFE' && m_text[1] == '\xFF'))) {
            return CsvSyntaxError{1, 1, "the file is UTF-16; export it as \"CSV UTF-8\""};
        }
        if (m_text.substr(0, kUtf8Bom.size()) == kUtf8Bom) m_pos = m_lineStart = kUtf8Bom.size();
        m_delimiter = detectDelimiter(m_text, m_pos);
        buildClasses();

        CsvTable table;
        table.delimiter = m_delimiter;
        table.rows.reserve(static_cast<std::size_t>(
            std::count(m_text.begin() + static_cast<std::ptrdiff_t>(m_pos), m_text.end(), '\n')));
        bool haveHeader = false;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '\r' || c == '\n') {
                consumeLineEnd();
                continue;
            }
            const std::size_t line = m_line;
            std::vector<std::string> fields;
            fields.reserve(haveHeader ? table.header.size() : 8);
            if (!readRecord(fields)) return std::move(*m_error);
            if (!haveHeader) {
                table.header = std::move(fields);
                haveHeader = true;
            } else {
                table.rows.push_back(CsvRow{line, std::move(fields)});
            }
        }
        return table;
    }

private:
    void buildClasses() {
        m_classes.fill(Plain);
        for (unsigned c = 0x80; c < 0x100; ++c) m_classes[c] = High;
        m_classes[static_cast<unsigned char>(m_delimiter)] = Stop;
        m_classes['\r'] = Stop;
        m_classes['\n'] = Stop;
        m_classes['"'] = Quote;
        m_classes[0] = Nul;
    }

    bool fail(std::size_t line, std::size_t lineStart, std::size_t at, std::string reason) {
        // Bytes before `at` on the line are valid UTF-8, so counting lead bytes counts characters.
        std::size_t column = 1;
        for (std::size_t i = lineStart; i < at; ++i)
            if (!isContinuation(static_cast<unsigned char>(m_text[i]))) ++column;
        m_error = CsvSyntaxError{line, column, std::move(reason)};
        return false;
    }
    bool failHere(std::size_t at, std::string reason) {
        return fail(m_line, m_lineStart, at, std::move(reason));
    }

    static bool isPlainInQuotes(char c) {
        const auto u = static_cast<unsigned char>(c);
        return u != '"' && u != '\r' && u != '\n' && u != 0 && u < 0x80;
    }

    bool isBlank(char c) const { return c == ' ' || (c == '\t' && m_delimiter != '\t'); }

    void consumeLineEnd() {
        if (m_pos >= m_text.size()) return;
        if (m_text[m_pos] == '\r') ++m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == '\n') ++m_pos;
        ++m_line;
        m_lineStart = m_pos;
    }

    bool readRecord(std::vector<std::string>& fields) {
        for (;;) {
            std::string field;
            if (!readField(field)) return false;
            fields.push_back(std::move(field));
            if (m_pos < m_text.size() && m_text[m_pos] == m_delimiter) {
                ++m_pos;
                continue;
            }
            consumeLineEnd();
            return true;
        }
    }

    bool readField(std::string& out) {
        // Hand-written files often have `a, "b, c"`; blanks before an opening quote are layout.
        std::size_t j = m_pos;
        while (j < m_text.size() && isBlank(m_text[j])) ++j;
        if (j < m_text.size() && m_text[j] == '"') {
            m_pos = j;
            return readQuoted(out);
        }
        return readUnquoted(out);
    }

    bool readUnquoted(std::string& out) {
        const std::size_t start = m_pos;
        while (m_pos < m_text.size()) {
            const auto c = static_cast<unsigned char>(m_text[m_pos]);
            switch (m_classes[c]) {
                case Plain: ++m_pos; continue;
                case Stop: break;
                case Quote: return failHere(m_pos, kStrayQuoteReason);
                case Nul: return failHere(m_pos, kNulReason);
                case High: {
                    const std::size_t n = utf8SequenceLength(m_text, m_pos);
                    if (n == 0) return failHere(m_pos, invalidUtf8Reason(c));
                    m_pos += n;
                    continue;
                }
            }
            break;
        }
        out.assign(m_text.data() + start, m_pos - start);
        return true;
    }

    bool readQuoted(std::string& out) {
        const std::size_t openLine = m_line, openLineStart = m_lineStart, openAt = m_pos;
        ++m_pos;
        for (;;) {
            if (m_pos >= m_text.size()) return fail(openLine, openLineStart, openAt, kUnclosedReason);
            const char c = m_text[m_pos];
            const auto u = static_cast<unsigned char>(c);
            if (c == '"') {
                if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '"') {
                    out.push_back('"');
                    m_pos += 2;
                    continue;
                }
                ++m_pos;
                break;
            }
            if (c == '\r' || c == '\n') {
                // Line breaks inside the field are kept as written but still count as lines, so
                // the line numbers of later rows match what an editor shows.
                out.push_back(c);
                ++m_pos;
                if (c == '\r' && m_pos < m_text.size() && m_text[m_pos] == '\n') {
                    out.push_back('\n');
                    ++m_pos;
                }
                ++m_line;
                m_lineStart = m_pos;
                continue;
            }
            if (c == '\0') return failHere(m_pos, kNulReason);
            if (u >= 0x80) {
                const std::size_t n = utf8SequenceLength(m_text, m_pos);
                if (n == 0) return failHere(m_pos, invalidUtf8Reason(u));
                out.append(m_text.data() + m_pos, n);
                m_pos += n;
                continue;
            }
            // Copy the run of ordinary characters in one go.
            const std::size_t start = m_pos;
            while (++m_pos < m_text.size() && isPlainInQuotes(m_text[m_pos])) {
            }
            out.append(m_text.data() + start, m_pos - start);
        }
        while (m_pos < m_text.size() && isBlank(m_text[m_pos])) ++m_pos;
        if (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != m_delimiter && c != '\r' && c != '\n') return failHere(m_pos, kAfterQuoteReason);
        }
        return true;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
    std::size_t m_lineStart = 0;
    char m_delimiter = ',';
    std::array<ByteClass, 256> m_classes{};
    std::optional<CsvSyntaxError> m_error;
};

bool startsLikeFormula(std::string_view value) {
    if (value.empty()) return false;
    switch (value.front()) {
        case '=': case '+': case '-': case '@': case '\t': case '\r': return true;
        default: return false;
    }
}

template <class FieldFn>
std::string joinLine(const std::vector<std::string>& fields, char delimiter, FieldFn field) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line.push_back(delimiter);
        line += field(fields[i], delimiter);
    }
    line += "\r\n";
    return line;
}

}  // namespace

std::string describe(const CsvSyntaxError& e) {
    return "line " + std::to_string(e.line) + ", column " + std::to_string(e.column) + ": " +
           e.reason;
}

std::variant<CsvTable, CsvSyntaxError> parseCsvDetailed(std::string_view text) {
    try {
        return CsvParser(text).run();
    } catch (const std::bad_alloc&) {
        return CsvSyntaxError{1, 1, "the file is too large to read into memory"};
    }
}

Result<CsvTable> parseCsv(std::string_view text) {
    auto parsed = parseCsvDetailed(text);
    if (auto* error = std::get_if<CsvSyntaxError>(&parsed))
        return Error{"invalid_csv", describe(*error)};
    return std::get<CsvTable>(std::move(parsed));
}

std::string csvField(std::string_view value, char delimiter) {
    const bool edgeBlank = !value.empty() && (value.front() == ' ' || value.front() == '\t' ||
                                              value.back() == ' ' || value.back() == '\t');
    const char specials[] = {delimiter, '"', '\r', '\n', '\0'};
    if (!edgeBlank && value.find_first_of(specials) == std::string_view::npos)
        return std::string(value);
    std::string out;
    out.reserve(value.size() + 2);
    out.push_back('"');
    for (char c : value) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string csvTextField(std::string_view value, char delimiter) {
    if (!startsLikeFormula(value)) return csvField(value, delimiter);
    std::string guarded = "'";
    guarded += value;
    return csvField(guarded, delimiter);
}

std::string csvLine(const std::vector<std::string>& fields, char delimiter) {
    return joinLine(fields, delimiter, [](const std::string& f, char d) { return csvField(f, d); });
}

std::string csvTextLine(const std::vector<std::string>& fields, char delimiter) {
    return joinLine(fields, delimiter,
                    [](const std::string& f, char d) { return csvTextField(f, d); });
}

}  // namespace qrgate

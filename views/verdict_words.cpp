#include "views/verdict_words.hpp"

#include <cctype>

#include "core/base/time_format.hpp"

namespace qrgate::views {

VerdictKind kindOf(const Verdict& v) {
    if (v.admitted) return v.direction == Direction::Exit ? VerdictKind::Exit : VerdictKind::Admitted;
    if (v.reason == Reason::AlreadyUsed) return VerdictKind::AlreadyUsed;
    return VerdictKind::Refused;
}

const char* headline(VerdictKind kind) { return verdictSignal(kind).headline; }

const char* reasonTitle(Reason r) {
    switch (r) {
        case Reason::None: return "";
        case Reason::Malformed: return "Not a qrgate ticket";
        case Reason::InvalidSignature: return "Forged or altered code";
        case Reason::WrongEvent: return "Ticket for another event";
        case Reason::NotFound: return "Unknown ticket";
        case Reason::Void: return "Ticket cancelled (void)";
        case Reason::NotYetValid: return "Not valid yet";
        case Reason::Expired: return "Ticket expired";
        case Reason::WrongGate: return "Not valid at this gate";
        case Reason::AlreadyUsed: return "Already used";
        case Reason::NotInside: return "Not checked in";
    }
    return "";
}

std::string reasonTitle(std::string_view code) {
    if (auto r = parseReason(code)) return reasonTitle(*r);
    return std::string(code);
}

std::string firstUseText(const FirstCheckin& first, const std::string& zone) {
    std::string when = "First used at " + formatClockLocal(first.at, zone);
    if (!first.gateId.empty()) when += " at gate " + first.gateId;
    return when;
}

const char* confirmAction(Direction direction) { return direction == Direction::Exit ? "Record exit" : "Admit"; }

const char* reasonAdvice(Reason r) {
    switch (r) {
        case Reason::Malformed: return "Ask for the ticket's QR code.";
        case Reason::InvalidSignature: return "Keep the ticket and call a supervisor.";
        case Reason::WrongEvent: return "Ask for their ticket to this event.";
        case Reason::NotFound: return "Search by name (F1) or call a supervisor.";
        case Reason::Void: return "Send the holder to the box office.";
        case Reason::NotYetValid: return "Ask the holder to come back later.";
        case Reason::Expired: return "Send the holder to the box office.";
        case Reason::WrongGate: return "Send the holder to a gate their ticket type allows.";
        case Reason::AlreadyUsed: return "If they say it is their first entry, call a supervisor.";
        case Reason::NotInside: return "Coming in? Switch to Entry with Tab.";
        case Reason::None: return "";
    }
    return "";
}

namespace {

bool isSmallWord(const std::string& w) {
    static const char* const kSmall[] = {"a",    "an",   "the",  "this", "that", "these", "is",  "are",  "was",
                                         "were", "be",   "been", "has",  "have", "had",   "for", "to",   "of",
                                         "at",   "in",   "on",   "or",   "and",  "it",    "its", "their", "they",
                                         "them", "not",  "no",   "such", "by",   "from",  "with", "as",  "but",
                                         "if",   "do",   "does", "one",  "s"};
    for (const char* small : kSmall)
        if (w == small) return true;
    return false;
}

// The words that carry the meaning, lower case, with the endings of "voided", "expires",
// "used" taken off so the forms of one word meet.
std::vector<std::string> meaningfulWords(std::string_view text) {
    std::vector<std::string> words;
    std::string w;
    auto flush = [&] {
        if (isSmallWord(w)) w.clear();
        if (w.size() > 3 && w.back() == 's') w.pop_back();
        if (w.size() > 3 && w.ends_with("ed")) w.resize(w.size() - 2);
        if (w.size() > 3 && w.back() == 'e') w.pop_back();
        if (!w.empty() && !isSmallWord(w)) {
            bool seen = false;
            for (const auto& x : words) seen |= x == w;
            if (!seen) words.push_back(w);
        }
        w.clear();
    };
    for (char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80) w.push_back(static_cast<char>(std::tolower(u)));
        else if (c == '\'') flush();  // "gate's" -> "gate"
        else flush();
    }
    flush();
    return words;
}

}  // namespace

bool repeatsSentence(std::string_view a, std::string_view b) {
    const auto wa = meaningfulWords(a), wb = meaningfulWords(b);
    if (wa.empty() || wb.empty()) return false;
    std::size_t shared = 0;
    for (const auto& x : wa)
        for (const auto& y : wb) shared += x == y;
    if (shared == wa.size() || shared == wb.size()) return true;  // one says nothing the other does not
    return static_cast<double>(shared) / static_cast<double>(wa.size() + wb.size() - shared) >= 0.6;
}

std::vector<std::string> sentencesOf(std::string_view text) {
    std::vector<std::string> parts;
    std::string cur;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool boundary = (c == '.' || c == ';' || c == ':' || c == '?' || c == '!') &&
                              (i + 1 == text.size() || text[i + 1] == ' ');
        if (!boundary || (c != ';' && c != ':')) cur.push_back(c);
        if (boundary) {
            while (!cur.empty() && cur.front() == ' ') cur.erase(cur.begin());
            if (!cur.empty()) parts.push_back(cur);
            cur.clear();
        }
    }
    while (!cur.empty() && cur.front() == ' ') cur.erase(cur.begin());
    if (!cur.empty()) parts.push_back(cur);
    return parts;
}

RefusalWords refusalWords(const Verdict& v) {
    RefusalWords words;
    const VerdictKind kind = kindOf(v);
    if (kind == VerdictKind::Admitted || kind == VerdictKind::Exit) return words;
    if (kind == VerdictKind::Refused) words.title = reasonTitle(v.reason);
    words.whatToDo = reasonAdvice(v.reason);
    if (kind == VerdictKind::AlreadyUsed) return words;  // its first admission is shown instead
    // The engine's message, less what the headline, the title or the advice already say.
    std::vector<std::string> said = {headline(kind), words.title, words.whatToDo};
    std::string detail;
    for (std::string part : sentencesOf(v.message)) {
        bool repeated = false;
        for (const auto& s : said) repeated |= repeatsSentence(part, s);
        if (repeated) continue;
        said.push_back(part);
        if (!part.empty()) part[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(part[0])));
        const char last = part.empty() ? '.' : part.back();
        if (last != '.' && last != '?' && last != '!' && last != ')') part += '.';
        detail += (detail.empty() ? "" : " ") + part;
    }
    words.detail = detail;
    return words;
}

}  // namespace qrgate::views

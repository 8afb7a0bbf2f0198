#include "core/base/model.hpp"

#include <cstdio>

#include "core/base/verdict.hpp"

namespace qrgate {

const char* toString(EntryPolicy p) {
    switch (p) {
        case EntryPolicy::Once: return "once";
        case EntryPolicy::Reentry: return "reentry";
        case EntryPolicy::Unlimited: return "unlimited";
    }
    return "once";
}

const char* toString(TicketState s) { return s == TicketState::Void ? "void" : "valid"; }
const char* toString(Direction d) { return d == Direction::Exit ? "exit" : "entry"; }

const char* toString(CheckinResult r) {
    switch (r) {
        case CheckinResult::Admitted: return "admitted";
        case CheckinResult::Refused: return "refused";
        case CheckinResult::Annul: return "annul";
    }
    return "refused";
}

std::optional<EntryPolicy> parseEntryPolicy(std::string_view text) {
    if (text == "once") return EntryPolicy::Once;
    if (text == "reentry" || text == "re-entry") return EntryPolicy::Reentry;
    if (text == "unlimited") return EntryPolicy::Unlimited;
    return std::nullopt;
}

std::optional<Direction> parseDirection(std::string_view text) {
    if (text == "entry" || text == "in") return Direction::Entry;
    if (text == "exit" || text == "out") return Direction::Exit;
    return std::nullopt;
}

std::string formatTicketNumber(std::int64_t number) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(number));
    return buf;
}

std::string counted(long long n, std::string_view one, std::string_view many) {
    return withThousands(n) + " " + std::string(n == 1 ? one : many);
}

std::string withThousands(long long n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    int count = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (count && count % 3 == 0) out.insert(out.begin(), ',');
        out.insert(out.begin(), *it);
        ++count;
    }
    if (n < 0) out.insert(out.begin(), '-');
    return out;
}

namespace {
struct ReasonCode {
    Reason reason;
    const char* code;
};
constexpr ReasonCode kReasonCodes[] = {
    {Reason::None, ""},
    {Reason::Malformed, "malformed"},
    {Reason::InvalidSignature, "invalid_signature"},
    {Reason::WrongEvent, "wrong_event"},
    {Reason::NotFound, "not_found"},
    {Reason::Void, "void"},
    {Reason::NotYetValid, "not_yet_valid"},
    {Reason::Expired, "expired"},
    {Reason::WrongGate, "wrong_gate"},
    {Reason::AlreadyUsed, "already_used"},
    {Reason::NotInside, "not_inside"},
};
}  // namespace

const char* toCode(Reason r) {
    for (const auto& rc : kReasonCodes)
        if (rc.reason == r) return rc.code;
    return "";
}

std::optional<Reason> parseReason(std::string_view code) {
    for (const auto& rc : kReasonCodes)
        if (code == rc.code) return rc.reason;
    return std::nullopt;
}

}  // namespace qrgate

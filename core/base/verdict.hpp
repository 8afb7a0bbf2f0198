#pragma once
// The answer to one scan: admitted, or refused with exactly one reason.
#include <optional>
#include <string>

#include "core/base/model.hpp"

namespace qrgate {

enum class Reason {
    None,  // admitted
    Malformed,
    InvalidSignature,
    WrongEvent,
    NotFound,
    Void,
    NotYetValid,
    Expired,
    WrongGate,
    AlreadyUsed,
    NotInside,
};

const char* toCode(Reason r);  // "malformed", "invalid_signature", ... ("" for None)
std::optional<Reason> parseReason(std::string_view code);

struct TicketSummary {
    std::string id;
    std::int64_t number = 0;
    std::string name;
    std::string email;
    std::string type;
    std::string typeColour;
};

struct FirstCheckin {
    TimeMs at = 0;
    std::string gateId;
    std::string deviceId;
};

struct Verdict {
    bool admitted = false;
    Reason reason = Reason::None;
    std::string message;  // plain words for the gate volunteer
    Direction direction = Direction::Entry;
    std::optional<TicketSummary> ticket;
    std::optional<FirstCheckin> firstCheckin;  // set with AlreadyUsed
    bool offline = false;
    std::string checkinId;  // nonce of the recorded scan; empty for validate
    TimeMs scannedAt = 0;
    std::string eventTimeZone = "UTC";  // for showing times in local wall-clock time
};

}  // namespace qrgate

#pragma once
// Plain data of the domain: events, ticket types, tickets, check-ins. No behaviour, no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.hpp"

namespace qrgate {

enum class EntryPolicy { Once, Reentry, Unlimited };
enum class TicketState { Valid, Void };
enum class Direction { Entry, Exit };

const char* toString(EntryPolicy p);     // "once" / "reentry" / "unlimited"
const char* toString(TicketState s);     // "valid" / "void"
const char* toString(Direction d);       // "entry" / "exit"
std::optional<EntryPolicy> parseEntryPolicy(std::string_view text);
std::optional<Direction> parseDirection(std::string_view text);

struct Event {
    std::string id;  // 8 Crockford base32 characters, random
    std::string name;
    std::string venue;
    std::optional<TimeMs> startsAt;
    std::optional<TimeMs> endsAt;
    std::string timeZone = "UTC";  // IANA name; validity windows are read in it
    int endGraceMinutes = 120;     // the gates stay open this long after endsAt (docs/design.md)
    std::string publicKeyHex;      // Ed25519 public key, 64 hex characters
    TimeMs createdAt = 0;
};

// When a ticket of a type may be used. Every rule that is set must hold.
struct Validity {
    std::vector<std::string> days;       // local dates "YYYY-MM-DD" in the event's zone; empty = any day
    std::optional<int> dailyStartMinute; // with dailyEndMinute: a window each valid day, local time;
    std::optional<int> dailyEndMinute;   //   end <= start means it runs past midnight into the next day
    std::optional<TimeMs> from;          // absolute window
    std::optional<TimeMs> until;
};

struct TicketType {
    std::int64_t id = 0;
    std::string eventId;
    std::string name;
    EntryPolicy entries = EntryPolicy::Once;
    std::vector<std::string> gates;  // gate ids allowed; empty = every gate
    Validity validity;
    std::string colour = "#2E7D32";
    bool isDefault = false;
};

struct Ticket {
    std::string id;  // 12 Crockford base32 characters, random
    std::string eventId;
    std::int64_t typeId = 0;
    std::string typeName;
    std::int64_t number = 0;  // human ticket number, 1.. within the event
    std::string holderName;
    std::string holderEmail;
    TicketState state = TicketState::Valid;
    std::string secretHashHex;  // hash of the credential in the QR; never the secret itself
    int generation = 0;         // bumped by reissue, which makes older QR codes of the ticket void
    TimeMs issuedAt = 0;
    std::optional<TimeMs> expiresAt;
    int entriesUsed = 0;
    bool inside = false;
    std::optional<TimeMs> entryAt;  // the admission that counts now, with its gate and device
    std::string entryGate;
    std::string entryDevice;
};

std::string formatTicketNumber(std::int64_t number);  // "000042"
std::string withThousands(long long n);               // 100000 -> "100,000"
// A count with its noun in the right number: counted(1, "scan", "scans") -> "1 scan",
// counted(1234, "scan", "scans") -> "1,234 scans".
std::string counted(long long n, std::string_view one, std::string_view many);

enum class CheckinResult { Admitted, Refused, Annul };
const char* toString(CheckinResult r);  // "admitted" / "refused" / "annul"

struct Checkin {
    std::int64_t id = 0;  // local row id; the nonce is the id shared between nodes
    std::string nonce;
    std::string ticketId;  // empty when the code was not a known ticket
    std::string eventId;
    std::string gateId;
    std::string deviceId;
    Direction direction = Direction::Entry;
    CheckinResult result = CheckinResult::Refused;
    std::string reason;  // refusal reason code; for an annul, the nonce it annuls
    TimeMs scannedAt = 0;
    TimeMs recordedAt = 0;
    bool offline = false;
    std::string annulledBy;  // nonce of the annul record, if undone
    std::string holderName;  // joined from the ticket for display
    std::int64_t ticketNumber = 0;
};

}  // namespace qrgate

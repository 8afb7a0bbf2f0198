#pragma once
// Issues tickets: numbers them, derives and signs their secrets with the event's keys and stores
// only the credential hash. Also re-prints (same code) and reissues (new code, old one void).
#include <functional>
#include <string>
#include <vector>

#include "core/base/clock.hpp"
#include "core/store/database.hpp"
#include "core/store/key_store.hpp"
#include "core/base/model.hpp"
#include "core/base/result.hpp"

namespace qrgate {

struct TicketHolder {
    std::string name;
    std::string email;
    std::string type;  // empty = the event's default type
};

struct IssuedTicket {
    Ticket ticket;
    std::string qrData;
};

// Called now and then with (done, total); return false to cancel. Nothing is written when
// issuing is cancelled or fails: it is all one transaction.
using IssueProgress = std::function<bool(std::size_t done, std::size_t total)>;
// Runs inside issueFor's write transaction once the tickets are stored, before the commit: what
// must be written with them or not at all (an import's record, the tickets it updates). An
// exception it throws writes nothing.
using IssueAlsoWrite = std::function<void(const std::vector<IssuedTicket>& issued)>;

class TicketIssuer {
public:
    TicketIssuer(Database& db, const KeyStore& keys, const Clock& clock = SystemClock::instance());

    Result<std::vector<IssuedTicket>> issueCount(const std::string& eventId, std::size_t count,
                                                 const std::string& typeName = "",
                                                 const IssueProgress& progress = {});
    Result<std::vector<IssuedTicket>> issueFor(const std::string& eventId, const std::vector<TicketHolder>& holders,
                                               const IssueProgress& progress = {},
                                               const IssueAlsoWrite& alsoWrite = {});

    // The QR payload of an existing ticket, rebuilt from the key file (needs the admin machine).
    Result<std::string> qrDataFor(const Ticket& ticket) const;
    // The same with keys already loaded (for printing many tickets).
    static Result<std::string> qrDataFor(const Ticket& ticket, const EventKeys& keys);
    // Gives the ticket a new code; the old code is refused as void from now on.
    Result<IssuedTicket> reissue(const std::string& ticketId);

    static constexpr std::size_t kMaxBatch = 1'000'000;

private:
    Database& m_db;
    const KeyStore& m_keys;
    const Clock& m_clock;
};

}  // namespace qrgate

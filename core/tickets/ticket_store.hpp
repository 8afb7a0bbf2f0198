#pragma once
// Reading and changing tickets (not issuing: see TicketIssuer; not admitting: see CheckinEngine).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "core/base/model.hpp"
#include "core/base/result.hpp"

namespace SQLite {
class Statement;
}

namespace qrgate {

// The ticket columns every reader selects, in this order, from
// "tickets t JOIN ticket_types tt ON tt.id = t.type_id"; readTicketColumns reads them from
// column 0 on, so a query may add its own columns after the first kTicketColumnCount.
extern const char* const kTicketColumnsSql;
inline constexpr int kTicketColumnCount = 17;
Ticket readTicketColumns(SQLite::Statement& q);

enum class TicketSort { Number, Name, Email, Type, State };

// Tickets by what the mail outbox (mail_outbox) says of them.
enum class MailFilter {
    NotSent,  // no message to the attendee was accepted by the server yet
    Failed,   // the last attempt failed and none was sent
};

struct TicketQuery {
    std::string eventId;
    // Matches the name folded (core/base/text_fold: "emile" finds Émile, "gosz" Göß) as a
    // substring, the email as a substring, the ticket id, or the number (digits, with or without
    // zeros).
    std::string search;
    std::optional<std::int64_t> typeId;
    std::optional<TicketState> state;
    std::optional<bool> inside;
    std::optional<MailFilter> mail;
    TicketSort sort = TicketSort::Number;
    bool descending = false;
    std::size_t limit = 0;  // 0 = all
    std::size_t offset = 0;

    bool operator==(const TicketQuery&) const = default;
};

// Tickets chosen in a list (the Tickets screen's multi-selection): `ids`, and, when `matching` is
// set, every ticket that query matches (its limit and offset, when set, a range of its rows in its
// order) except `except`. Kept as a query so that "all 100,000 shown" is not 100,000 ids.
struct TicketChoice {
    std::vector<std::string> ids;
    std::optional<TicketQuery> matching;
    std::vector<std::string> except;  // only with `matching`

    bool empty() const { return ids.empty() && !matching; }
    bool operator==(const TicketChoice&) const = default;
};

class TicketStore {
public:
    explicit TicketStore(Database& db);

    std::optional<Ticket> find(const std::string& ticketId);
    std::vector<Ticket> list(const TicketQuery& query);
    // The same one ticket at a time, for exports of 100,000 rows.
    void forEach(const TicketQuery& query, const std::function<void(const Ticket&)>& visit);
    std::size_t count(const TicketQuery& query);
    std::size_t countForEvent(const std::string& eventId);

    // The ids of the chosen tickets: those of `matching` in its order, then `ids` not among them.
    std::vector<std::string> chosenIds(const TicketChoice& choice);

    // Voiding is reversible (restore) and audited; a void ticket is refused at every gate.
    Status setState(const std::string& ticketId, TicketState state, const std::string& actor = "");
    // The same for many, in one write transaction with one audit row per ticket that changed;
    // tickets already in `state` stay as they are. Returns how many changed.
    Result<std::size_t> setState(const TicketChoice& choice, TicketState state, const std::string& actor = "");

    // Changes the holder's name and email (name_folded with them) in one write transaction and
    // audits it ("ticket_edit", what changed from what to what). Checked by the attendee import's
    // rules (core/io/attendee_import): the name is normalised and required, the email optional.
    // Errors: "invalid_name" or "invalid_email" (the message says what is wrong, a sentence),
    // "not_found". Nothing to change writes nothing. The change feed takes the new name to gates.
    Result<Ticket> editHolder(const std::string& ticketId, const std::string& name, const std::string& email,
                              const std::string& actor = "");

private:
    Database& m_db;
};

}  // namespace qrgate

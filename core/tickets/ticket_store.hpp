#pragma once
// Reading and changing tickets (not issuing: see TicketIssuer; not admitting: see CheckinEngine).
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
    std::string search;  // matches name, email or ticket number (digits, with or without zeros)
    std::optional<std::int64_t> typeId;
    std::optional<TicketState> state;
    std::optional<bool> inside;
    std::optional<MailFilter> mail;
    TicketSort sort = TicketSort::Number;
    bool descending = false;
    std::size_t limit = 0;  // 0 = all
    std::size_t offset = 0;
};

class TicketStore {
public:
    explicit TicketStore(Database& db);

    std::optional<Ticket> find(const std::string& ticketId);
    std::vector<Ticket> list(const TicketQuery& query);
    std::size_t count(const TicketQuery& query);
    std::size_t countForEvent(const std::string& eventId);

    // Voiding is reversible (restore) and audited; a void ticket is refused at every gate.
    Status setState(const std::string& ticketId, TicketState state, const std::string& actor = "");

private:
    Database& m_db;
};

}  // namespace qrgate

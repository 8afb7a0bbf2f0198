#pragma once
// What is printed: an event's tickets chosen by the organizer, with what a page shows of the
// event and its types, and the event's keys to rebuild each ticket's QR payload.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/base/crypto.hpp"
#include "core/base/model.hpp"
#include "core/base/result.hpp"
#include "core/store/database.hpp"
#include "core/store/key_store.hpp"

namespace qrgate {

struct TicketSelection {
    enum class Kind { All, Ids, Type, MailNotSent, MailFailed };
    Kind kind = Kind::All;
    std::vector<std::string> ids;  // Kind::Ids
    std::string typeName;          // Kind::Type

    static TicketSelection all() { return {}; }
    static TicketSelection byIds(std::vector<std::string> ids) { return {Kind::Ids, std::move(ids), {}}; }
    static TicketSelection byType(std::string name) { return {Kind::Type, {}, std::move(name)}; }
    static TicketSelection mailNotSent() { return {Kind::MailNotSent, {}, {}}; }
    static TicketSelection mailFailed() { return {Kind::MailFailed, {}, {}}; }
    // "all tickets", "3 chosen tickets", "type VIP", "not yet emailed", "email failed"
    std::string describe() const;
};

// The valid tickets of the selection, by number, with their event and its types. Void tickets are
// never printed: an id list naming one is refused.
struct TicketBatch {
    Event event;
    std::vector<TicketType> types;
    std::vector<Ticket> tickets;
    // Tickets whose email failed (the mail outbox says "failed"): the door list marks them, as
    // their holders may come without a ticket. Filled by markFailedMail.
    std::set<std::string> mailFailedIds;

    const TicketType* typeOf(const Ticket& ticket) const;
};

// Fills batch.mailFailedIds from the mail outbox.
void markFailedMail(Database& db, TicketBatch& batch);

// Error codes: "unknown_event", "unknown_type", "unknown_ticket" (not a ticket of this event),
// "void_ticket", "empty_selection" (the selection holds no valid ticket: nothing to print).
Result<TicketBatch> loadTicketBatch(Database& db, const std::string& eventId, const TicketSelection& selection);

// A batch with the event's keys, which only the organizer's machine has.
struct PaperJob {
    TicketBatch batch;
    EventKeys keys;

    // The ticket's QR payload, rebuilt from the keys.
    Result<std::string> qrDataFor(const Ticket& ticket) const;
};

// loadTicketBatch and the event's key file. Error "no_key_file" when this machine has none (a
// gate's replica): the message says that printing needs the organizer's machine.
Result<PaperJob> loadPaperJob(Database& db, const KeyStore& keys, const std::string& eventId,
                              const TicketSelection& selection);

}  // namespace qrgate

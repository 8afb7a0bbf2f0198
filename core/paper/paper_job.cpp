#include "core/paper/paper_job.hpp"

#include <set>

#include "core/events/event_catalog.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "core/tickets/ticket_store.hpp"

namespace qrgate {

std::string TicketSelection::describe() const {
    switch (kind) {
        case Kind::All: return "all tickets";
        case Kind::Ids: return ids.size() == 1 ? "1 chosen ticket" : withThousands(long(ids.size())) + " chosen tickets";
        case Kind::Type: return "type " + typeName;
        case Kind::MailNotSent: return "not yet emailed";
        case Kind::MailFailed: return "email failed";
    }
    return "";
}

const TicketType* TicketBatch::typeOf(const Ticket& ticket) const {
    for (const auto& t : types)
        if (t.id == ticket.typeId) return &t;
    return nullptr;
}

void markFailedMail(Database& db, TicketBatch& batch) {
    SQLite::Statement q(db.sql(), "SELECT ticket_id FROM mail_outbox WHERE event_id = ? AND state = 'failed'");
    q.bind(1, batch.event.id);
    while (q.executeStep()) batch.mailFailedIds.insert(q.getColumn(0).getString());
}

Result<TicketBatch> loadTicketBatch(Database& db, const std::string& eventId, const TicketSelection& selection) {
    EventCatalog catalog(db);
    auto event = catalog.find(eventId);
    if (!event) return Error{"unknown_event", "No event " + eventId + " in this data folder"};
    TicketBatch batch;
    batch.event = *event;
    batch.types = catalog.types(eventId);
    TicketStore store(db);

    if (selection.kind == TicketSelection::Kind::Ids) {
        std::set<std::string> seen;
        for (const auto& id : selection.ids) {
            if (!seen.insert(id).second) continue;
            auto ticket = store.find(id);
            if (!ticket || ticket->eventId != eventId)
                return Error{"unknown_ticket", "No ticket " + id + " in event " + event->name};
            if (ticket->state == TicketState::Void)
                return Error{"void_ticket", "Ticket " + formatTicketNumber(ticket->number) + " (" + id +
                                                ") is void: restore it before printing it"};
            batch.tickets.push_back(std::move(*ticket));
        }
        std::sort(batch.tickets.begin(), batch.tickets.end(),
                  [](const Ticket& a, const Ticket& b) { return a.number < b.number; });
    } else {
        TicketQuery query;
        query.eventId = eventId;
        query.state = TicketState::Valid;
        if (selection.kind == TicketSelection::Kind::Type) {
            auto type = catalog.findType(eventId, selection.typeName);
            if (!type) {
                std::string names;
                for (const auto& t : batch.types) names += (names.empty() ? "" : ", ") + t.name;
                return Error{"unknown_type", "Event " + event->name + " has no ticket type \"" + selection.typeName +
                                                 "\" (its types: " + names + ")"};
            }
            query.typeId = type->id;
        }
        if (selection.kind == TicketSelection::Kind::MailNotSent) query.mail = MailFilter::NotSent;
        if (selection.kind == TicketSelection::Kind::MailFailed) query.mail = MailFilter::Failed;
        batch.tickets = store.list(query);
    }
    if (batch.tickets.empty())
        return Error{"empty_selection", "Nothing to print: " + selection.describe() + " of " + event->name +
                                            " holds no valid ticket"};
    return batch;
}

Result<std::string> PaperJob::qrDataFor(const Ticket& ticket) const { return TicketIssuer::qrDataFor(ticket, keys); }

Result<PaperJob> loadPaperJob(Database& db, const KeyStore& keys, const std::string& eventId,
                              const TicketSelection& selection) {
    auto batch = loadTicketBatch(db, eventId, selection);
    if (!batch) return batch.error();
    auto eventKeys = keys.load(eventId);
    if (!eventKeys && eventKeys.error().code != "no_keys") return eventKeys.error();  // a damaged key file
    if (!eventKeys)
        return Error{"no_key_file", "This machine has no key file for " + batch->event.name +
                                        ", so it cannot print its QR codes: print on the organizer's machine that "
                                        "issued the tickets (a gate's copy of the event holds no keys)"};
    return PaperJob{std::move(*batch), std::move(*eventKeys)};
}

}  // namespace qrgate

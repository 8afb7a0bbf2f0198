#include "core/tickets/ticket_issuer.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <future>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/events/event_catalog.hpp"
#include "core/tickets/ticket_codec.hpp"
#include "core/tickets/ticket_store.hpp"

namespace qrgate {

namespace {
std::string lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// Signing dominates issuing time; spread it over the cores, a chunk at a time so that progress
// and cancel stay responsive.
void signAll(std::vector<IssuedTicket>& tickets, const EventKeys& keys, std::size_t begin, std::size_t end) {
    const std::size_t workers = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t per = (end - begin + workers - 1) / workers;
    std::vector<std::future<void>> jobs;
    for (std::size_t w = 0; w < workers; ++w) {
        const std::size_t from = begin + w * per, to = std::min(end, from + per);
        if (from >= to) break;
        jobs.push_back(std::async(std::launch::async, [&, from, to] {
            for (std::size_t i = from; i < to; ++i) {
                auto& t = tickets[i].ticket;
                auto payload = TicketCodec::issue(keys, t.eventId, t.id, t.generation);
                t.secretHashHex = TicketCodec::credentialHashHex(payload);
                tickets[i].qrData = TicketCodec::encode(payload);
            }
        }));
    }
    for (auto& j : jobs) j.get();
}
}  // namespace

TicketIssuer::TicketIssuer(Database& db, const KeyStore& keys, const Clock& clock)
    : m_db(db), m_keys(keys), m_clock(clock) {}

Result<std::vector<IssuedTicket>> TicketIssuer::issueCount(const std::string& eventId, std::size_t count,
                                                           const std::string& typeName,
                                                           const IssueProgress& progress) {
    if (count == 0) return Error{"invalid_count", "Give a number of tickets of at least 1."};
    if (count > kMaxBatch)
        return Error{"invalid_count", "At most " + std::to_string(kMaxBatch) + " tickets can be issued at once."};
    std::vector<TicketHolder> holders(count, TicketHolder{"", "", typeName});
    return issueFor(eventId, holders, progress);
}

Result<std::vector<IssuedTicket>> TicketIssuer::issueFor(const std::string& eventId,
                                                         const std::vector<TicketHolder>& holders,
                                                         const IssueProgress& progress,
                                                         const IssueAlsoWrite& alsoWrite) {
    if (holders.empty()) return Error{"invalid_count", "There is nobody to issue tickets for."};
    if (holders.size() > kMaxBatch)
        return Error{"invalid_count", "At most " + std::to_string(kMaxBatch) + " tickets can be issued at once."};
    EventCatalog catalog(m_db, m_clock);
    auto event = catalog.find(eventId);
    if (!event) return Error{"not_found", "No event " + eventId + "."};
    auto keys = m_keys.load(eventId);
    if (!keys) return keys.error();
    if (toHex(keys->publicKey) != event->publicKeyHex)
        return Error{"key_mismatch", "The key file for event " + eventId + " does not belong to this database."};

    const auto types = catalog.types(eventId);  // the default type first
    if (types.empty()) return Error{"no_type", "The event has no ticket type."};
    const TicketType* defaultType = &types.front();
    std::unordered_map<std::string, const TicketType*> typesByName;
    for (const auto& t : types) typesByName.emplace(lower(t.name), &t);

    const TimeMs now = m_clock.nowMs();
    std::vector<IssuedTicket> out(holders.size());
    std::unordered_set<std::string> ids;
    ids.reserve(holders.size());
    for (std::size_t i = 0; i < holders.size(); ++i) {
        const auto& h = holders[i];
        const TicketType* type = defaultType;
        if (!h.type.empty()) {
            auto it = typesByName.find(lower(h.type));
            if (it == typesByName.end()) return Error{"unknown_type", "The event has no ticket type '" + h.type + "'."};
            type = it->second;
        }
        auto& t = out[i].ticket;
        do t.id = randomId(TicketCodec::kTicketIdLength);
        while (!ids.insert(t.id).second);
        t.eventId = eventId;
        t.typeId = type->id;
        t.typeName = type->name;
        t.holderName = h.name;
        t.holderEmail = h.email;
        t.issuedAt = now;
    }

    constexpr std::size_t kChunk = 2000;
    const std::size_t total = out.size();
    for (std::size_t begin = 0; begin < total; begin += kChunk) {
        signAll(out, *keys, begin, std::min(total, begin + kChunk));
        // Signing is about two thirds of the work, storing the rest.
        if (progress && !progress((std::min(total, begin + kChunk) * 2) / 3, total))
            return Error{"cancelled", "Issuing was cancelled; no tickets were created."};
    }

    auto& db = m_db.sql();
    try {
        WriteTransaction tx(m_db);
        SQLite::Statement next(db, "SELECT next_ticket_number FROM events WHERE id = ?");
        next.bind(1, eventId);
        next.executeStep();
        std::int64_t number = next.getColumn(0).getInt64();
        SQLite::Statement reserve(db, "UPDATE events SET next_ticket_number = ? WHERE id = ?");
        reserve.bind(1, static_cast<std::int64_t>(number + static_cast<std::int64_t>(total)));
        reserve.bind(2, eventId);
        reserve.exec();

        SQLite::Statement ins(db,
                              "INSERT INTO tickets(id, event_id, type_id, number, holder_name, holder_email, "
                              "secret_hash, generation, issued_at, name_folded) VALUES(?, ?, ?, ?, ?, ?, ?, 0, ?, "
                              "fold_name(?5))");
        for (std::size_t i = 0; i < total; ++i) {
            auto& t = out[i].ticket;
            t.number = number++;
            ins.bind(1, t.id);
            ins.bind(2, t.eventId);
            ins.bind(3, static_cast<std::int64_t>(t.typeId));
            ins.bind(4, static_cast<std::int64_t>(t.number));
            ins.bind(5, t.holderName);
            ins.bind(6, t.holderEmail);
            ins.bind(7, t.secretHashHex);
            ins.bind(8, static_cast<std::int64_t>(t.issuedAt));
            ins.exec();
            ins.reset();
            if (progress && (i + 1) % kChunk == 0 && !progress(total * 2 / 3 + (i + 1) / 3, total))
                return Error{"cancelled", "Issuing was cancelled; no tickets were created."};
        }
        SQLite::Statement audit(db, "INSERT INTO audit(at, action, detail) VALUES(?, 'tickets_issue', ?)");
        audit.bind(1, static_cast<std::int64_t>(now));
        audit.bind(2, std::to_string(total) + " tickets for " + eventId);
        audit.exec();
        if (alsoWrite) alsoWrite(out);
        tx.commit();
    } catch (const SQLite::Exception& e) {
        // A 60-bit id colliding with an existing ticket lands here; nothing was written.
        return Error{"database_error", std::string("Could not store the tickets: ") + e.what()};
    }
    if (progress) progress(total, total);
    return out;
}

Result<std::string> TicketIssuer::qrDataFor(const Ticket& ticket) const {
    auto keys = m_keys.load(ticket.eventId);
    if (!keys) return keys.error();
    return qrDataFor(ticket, *keys);
}

Result<std::string> TicketIssuer::qrDataFor(const Ticket& ticket, const EventKeys& keys) {
    auto payload = TicketCodec::issue(keys, ticket.eventId, ticket.id, ticket.generation);
    if (TicketCodec::credentialHashHex(payload) != ticket.secretHashHex)
        return Error{"key_mismatch", "The key file does not match ticket " + ticket.id + "."};
    return TicketCodec::encode(payload);
}

Result<IssuedTicket> TicketIssuer::reissue(const std::string& ticketId) {
    TicketStore store(m_db);
    auto ticket = store.find(ticketId);
    if (!ticket) return Error{"not_found", "No ticket " + ticketId + "."};
    auto keys = m_keys.load(ticket->eventId);
    if (!keys) return keys.error();
    ticket->generation += 1;
    auto payload = TicketCodec::issue(*keys, ticket->eventId, ticket->id, ticket->generation);
    ticket->secretHashHex = TicketCodec::credentialHashHex(payload);
    WriteTransaction tx(m_db);
    SQLite::Statement q(m_db.sql(), "UPDATE tickets SET generation = ?, secret_hash = ? WHERE id = ?");
    q.bind(1, ticket->generation);
    q.bind(2, ticket->secretHashHex);
    q.bind(3, ticket->id);
    q.exec();
    SQLite::Statement audit(m_db.sql(), "INSERT INTO audit(at, action, detail) VALUES(?, 'ticket_reissue', ?)");
    audit.bind(1, static_cast<std::int64_t>(m_clock.nowMs()));
    audit.bind(2, ticket->id);
    audit.exec();
    tx.commit();
    return IssuedTicket{*ticket, TicketCodec::encode(payload)};
}

}  // namespace qrgate

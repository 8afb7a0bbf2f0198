#pragma once
// Who in an attendee list already has a ticket: the read-only plan of an import, computed once
// from the checked rows and the event's valid tickets, so that the numbers the preview shows are
// the numbers the import applies (TicketImport plans again, the same way, inside its write).
//
// A row is a duplicate of a VALID ticket of the same type whose holder has the same email
// address, ignoring case; a row without an email address matches on the name instead, folded
// (core/base/text_fold: case, accents, "Łukasz" = "Lukasz"). Counting is a multiset: each ticket
// answers for one row only, so a file listing Ana twice against one ticket for Ana has one
// duplicate and one new row, and importing a file twice is idempotent even with repeats in it.
// Rows with an email address are matched first, in file order, then the rows without one.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/attendee_import.hpp"
#include "core/store/database.hpp"

namespace qrgate {

// What an import does with a duplicate.
enum class DuplicatePolicy {
    Skip,     // nothing: the attendee has a ticket already (the default)
    Another,  // issue another ticket all the same
    Update,   // write the row's name (and email, when it has one) onto the existing ticket
};
std::string_view toString(DuplicatePolicy policy);  // "skip", "another", "update"
std::optional<DuplicatePolicy> parseDuplicatePolicy(std::string_view text);

// A valid ticket of the event as the plan compares it.
struct ExistingHolder {
    std::string ticketId;
    std::string typeName;
    std::string name;
    std::string email;
};

struct DuplicateRow {
    std::size_t row = 0;     // index into the planned rows
    std::string ticketId;    // the valid ticket it matches
    bool changed = false;    // its name or email differs from the ticket's (what Update writes)
};

struct ImportPlan {
    std::vector<std::size_t> newRows;     // indices into the rows, in file order
    std::vector<DuplicateRow> duplicates; // in file order
    std::size_t changed = 0;              // duplicates whose details differ

    // How many tickets applying it issues, and how many existing tickets it changes.
    std::size_t toIssue(DuplicatePolicy policy) const {
        return newRows.size() + (policy == DuplicatePolicy::Another ? duplicates.size() : 0);
    }
    std::size_t toUpdate(DuplicatePolicy policy) const { return policy == DuplicatePolicy::Update ? changed : 0; }
    // The rows to issue tickets for, in file order.
    std::vector<std::size_t> rowsToIssue(DuplicatePolicy policy) const;
};

// `defaultType` is the type a row without one gets (the event's first type).
ImportPlan planImport(const std::vector<AttendeeRow>& rows, const std::vector<ExistingHolder>& existing,
                      const std::string& defaultType);

// The event's valid tickets, for planImport. Reads only.
std::vector<ExistingHolder> validHolders(Database& db, const std::string& eventId);
// planImport against the event as stored now.
ImportPlan planImport(Database& db, const std::string& eventId, const std::vector<AttendeeRow>& rows);

}  // namespace qrgate

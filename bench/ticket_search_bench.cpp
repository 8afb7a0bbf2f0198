// The Tickets screen's queries on an event of 100,000 named tickets (issue 13): what one keystroke
// in the search costs (the count and the first page of 200, as the console asks; the kiosk's 30
// by name), paging sorted by name and by number, the count, and voiding all 100,000 at once.
// Target: a keystroke well under ~30 ms.
//
//   ./build/bench/ticket_search_bench [TICKETS] [REPEATS]
#include <cstdio>
#include <cstdlib>
#include <string>

#include <SQLiteCpp/Statement.h>

#include "bench_machine.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "core/tickets/ticket_store.hpp"
#include "core_bench_common.hpp"

using namespace qrgate;

namespace {

struct Figures {
    double p50 = 0, p95 = 0, max = 0;
};

template <class F>
Figures measure(std::size_t repeats, F&& work) {
    work();  // warm: the first run reads the pages into the cache
    std::vector<double> ms;
    for (std::size_t i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        ms.push_back(bench::secondsSince(start) * 1000);
    }
    return {bench::percentile(ms, 50), bench::percentile(ms, 95), bench::percentile(ms, 100)};
}

void row(const std::string& what, const Figures& f, const std::string& note = "") {
    std::printf("| %s | %.2f | %.2f | %.2f | %s |\n", what.c_str(), f.p50, f.p95, f.max, note.c_str());
}

std::string plan(Database& db, const std::string& sql) {
    SQLite::Statement q(db.sql(), "EXPLAIN QUERY PLAN " + sql);
    std::string out;
    while (q.executeStep()) out += (out.empty() ? "" : "; ") + q.getColumn(3).getString();
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
    const std::size_t repeats = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 30;
    bench::BenchFolder dir("ticket-search");
    auto folder = DataFolder::prepare(dir.root).value();
    auto db = folder.openDatabase().value();
    auto keys = folder.keyStore();
    auto event = bench::createEvent(*db, keys);
    std::vector<TicketHolder> holders(count);
    for (std::size_t i = 0; i < count; ++i)
        holders[i] = {bench::mixedScriptName(i) + " " + std::to_string(i), "guest" + std::to_string(i) + "@example.org", ""};
    auto start = std::chrono::steady_clock::now();
    TicketIssuer(*db, keys).issueFor(event.id, holders).value();
    std::printf("%zu named tickets issued in %.1f s (names in 14 x 14 mixed-script spellings, each with its number)\n",
                count, bench::secondsSince(start));
    std::printf("CPU: %s\n\n", bench::cpuName().c_str());

    TicketStore store(*db);
    TicketQuery base;
    base.eventId = event.id;

    // One keystroke in the console: the first page and the count of matches, as the pager asks
    // and ConsoleController::fetchTickets answers (a short first page is its own count).
    const auto keystroke = [&](const std::string& search, TicketSort sort) {
        TicketQuery q = base;
        q.search = search;
        q.sort = sort;
        q.limit = 200;
        auto rows = store.list(q);
        if (rows.size() < q.limit) return rows.size();
        q.limit = 0;
        return store.count(q);
    };
    std::printf("| what | p50 ms | p95 ms | max ms | matches |\n|---|---|---|---|---|\n");
    for (const char* query : {"e", "em", "emi", "emil", "\xC3\x89MIL", "emile", "emile zola", "l", "lu", "luk", "luka",
                              "gros", "grosz", "x", "xq", "zzzz", "guest4", "12345"}) {
        TicketQuery q = base;
        q.search = query;
        const auto matches = store.count(q);
        row(std::string("keystroke '") + query + "': first 200 by number + count", measure(repeats, [&] {
                return keystroke(query, TicketSort::Number);
            }),
            withThousands(static_cast<long long>(matches)));
    }
    for (const char* query : {"e", "emil", "emile zola", "zzzz"}) {
        TicketQuery q = base;
        q.search = query;
        row(std::string("keystroke '") + query + "': first 200 by name + count", measure(repeats, [&] {
                return keystroke(query, TicketSort::Name);
            }),
            withThousands(static_cast<long long>(store.count(q))));
        row(std::string("kiosk search '") + query + "': 30 by name", measure(repeats, [&] {
                TicketQuery k = q;
                k.sort = TicketSort::Name;
                k.limit = 30;
                return store.list(k).size();
            }));
    }

    row("count, no search", measure(repeats, [&] { return store.count(base); }),
        withThousands(static_cast<long long>(store.count(base))));
    for (TicketSort sort : {TicketSort::Number, TicketSort::Name}) {
        for (std::size_t offset : {std::size_t{0}, count / 2, count - 200}) {
            for (bool descending : {false, true}) {
                TicketQuery q = base;
                q.sort = sort;
                q.descending = descending;
                q.limit = 200;
                q.offset = offset;
                row(std::string("page of 200 by ") + (sort == TicketSort::Name ? "name" : "number") +
                        (descending ? " desc" : "") + " at row " + withThousands(static_cast<long long>(offset)),
                    measure(repeats, [&] { return store.list(q).size(); }));
            }
        }
    }

    // Void and restore all of them in one transaction each (an audit row per ticket, a feed row each).
    TicketChoice all;
    all.matching = base;
    start = std::chrono::steady_clock::now();
    const auto voided = store.setState(all, TicketState::Void, "bench").value();
    const double voidS = bench::secondsSince(start);
    start = std::chrono::steady_clock::now();
    const auto restored = store.setState(all, TicketState::Valid, "bench").value();
    std::printf("\nvoid %zu at once: %.2f s; restore %zu: %.2f s\n", voided, voidS, restored,
                bench::secondsSince(start));
    start = std::chrono::steady_clock::now();
    TicketQuery first = base;
    first.limit = 1;
    const auto id = store.list(first).front().id;
    for (int i = 0; i < 100; ++i)
        if (!store.editHolder(id, "\xC3\x89mile Zola " + std::to_string(i), "emile@example.org")) std::abort();
    std::printf("edit a holder (durable, audited): %.2f ms each\n\n", bench::secondsSince(start) * 10);

    // The same scan written other ways, to see what a keystroke's time goes to.
    std::printf("\n| count, 'emil', written as | p50 ms | p95 ms | max ms | matches |\n|---|---|---|---|---|\n");
    for (const char* where :
         {"1", "t.name_folded LIKE '%emil%'", "instr(t.name_folded, 'emil') > 0", "t.holder_email LIKE '%emil%'",
          "t.name_folded LIKE '%emil%' OR t.holder_email LIKE '%emil%' OR t.id = 'emil'"}) {
        const std::string sql = "SELECT count(*) FROM tickets t WHERE t.event_id = '" + event.id + "' AND (" + where + ")";
        long long n = 0;
        const auto f = measure(repeats, [&] {
            SQLite::Statement c(db->sql(), sql);
            c.executeStep();
            n = c.getColumn(0).getInt64();
            return n;
        });
        row(std::string("`") + where + "`", f, withThousands(n) + "; " + plan(*db, sql));
    }
    // What the store no longer does, on the same data: a rare name's search walking the name
    // index over every ticket, and OFFSET reading and joining every row it skips.
    std::printf("\n| written as before (for comparison) | p50 ms | p95 ms | max ms | rows |\n|---|---|---|---|---|\n");
    const std::string cols = std::string("SELECT ") + kTicketColumnsSql +
                             " FROM tickets t JOIN ticket_types tt ON tt.id = t.type_id WHERE t.event_id = '" + event.id + "'";
    for (const auto& [what, sql] : std::vector<std::pair<std::string, std::string>>{
             {"search 'zzzz', 30 by name, on the name index",
              cols + " AND (t.name_folded LIKE '%zzzz%' OR t.holder_email LIKE '%zzzz%') ORDER BY t.name_folded, t.rowid LIMIT 30"},
             {"page of 200 by name at row 99,800, OFFSET over joined rows",
              cols + " ORDER BY t.name_folded, t.rowid LIMIT 200 OFFSET 99800"},
             {"page of 200 by number at row 99,800, OFFSET over joined rows",
              cols + " ORDER BY t.number LIMIT 200 OFFSET 99800"}}) {
        long long n = 0;
        const auto f = measure(repeats, [&] {
            SQLite::Statement c(db->sql(), sql);
            n = 0;
            while (c.executeStep()) ++n;
            return n;
        });
        row(what, f, withThousands(n));
    }
    std::printf("peak memory: %ld MB\n", bench::peakRssKb() / 1024);
    return 0;
}

// qrgate tickets issue|list|void|restore|reissue|render
#include <iostream>

#include "core/base/ascii_text.hpp"
#include "app/cli_context.hpp"
#include "app/cli_paper.hpp"
#include "core/events/event_catalog.hpp"
#include "core/io/json_views.hpp"
#include "core/base/model.hpp"
#include "core/io/import_history.hpp"
#include "core/io/ticket_import.hpp"
#include "core/store/output_file.hpp"
#include "core/paper/ticket_document.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "core/tickets/ticket_store.hpp"

namespace qrgate::cli {

namespace {
constexpr const char* kHelp = R"(usage:
  qrgate [--data DIR] tickets issue --event ID (--count N [--type T] | --csv FILE) [--json]
        [--duplicates skip|another|update] [--skip-bad-rows [--rejects FILE.csv]]
        issues tickets; --json prints [{"id","number","name","email","qrData"}] of the tickets
        issued. The CSV needs a header with name (or first and last name) and optionally email
        and type, in any order and in English, French, German, Spanish, Portuguese or Hindi;
        comma, semicolon or tab; UTF-8, or Windows-1252 / UTF-16 (converted).
        Any bad row is reported with its line number (the first 20, then how many more) and
        nothing is issued; with --skip-bad-rows the good rows are issued and the bad ones are
        written with their problem to FILE-rejected.csv (or --rejects) to fix and import again.
        An attendee who already has a valid ticket of that type (same email, or same name when
        the row has none) is a duplicate: skipped (the default, so importing a file twice issues
        nobody twice), issued another ticket, or updated with the row's name and email.
  qrgate [--data DIR] tickets undo-import --event ID [--json]
        voids every ticket the event's last import issued, unless one of them has been scanned;
        names or emails it updated are not reverted.
  qrgate [--data DIR] tickets list --event ID [--search TEXT] [--json]
        --search keeps the tickets whose name (case and accents aside: "emile" finds Émile),
        email, id or number holds TEXT, as the console's and the kiosk's search do.
        --json includes each ticket's qrData when this machine has the event's key file.
  qrgate [--data DIR] tickets void TICKET_ID       refuse this ticket at every gate from now on
  qrgate [--data DIR] tickets restore TICKET_ID    undo a void
  qrgate [--data DIR] tickets reissue TICKET_ID    new code for the ticket; the old code becomes void
  qrgate [--data DIR] tickets render TICKET_ID --out FILE.pdf|FILE.png [--size PX] [--paper a4|letter]
        one ticket: FILE.pdf is a one-page ticket (event, start, venue, a large QR code, name,
        type, number); FILE.png is its QR code alone, PX pixels square (default 600).
        Needs the event's key file (the organizer's machine).
)";

int issue(const Context& ctx, const Args& args) {
    auto count = args.value("--count");
    auto csv = args.value("--csv");
    if (count.has_value() == csv.has_value()) return usage("tickets issue needs either --count N or --csv FILE", "tickets");
    if (csv && args.has("--type")) return usage("--type goes with --count; a CSV names types in its type column", "tickets");
    if (!csv && (args.has("--duplicates") || args.has("--skip-bad-rows") || args.has("--rejects")))
        return usage("--duplicates, --skip-bad-rows and --rejects go with --csv", "tickets");
    if (args.has("--rejects") && !args.has("--skip-bad-rows"))
        return usage("--rejects goes with --skip-bad-rows", "tickets");
    TicketImportOptions importOptions;
    if (auto d = args.value("--duplicates")) {
        auto policy = parseDuplicatePolicy(*d);
        if (!policy) return usage("--duplicates must be skip, another or update", "tickets");
        importOptions.duplicates = *policy;
    }
    importOptions.skipBadRows = args.flag("--skip-bad-rows");
    std::size_t n = 0;
    if (count) {
        try {
            std::size_t used = 0;
            long long v = std::stoll(*count, &used);
            if (used != count->size() || v < 1) throw std::invalid_argument("count");
            n = static_cast<std::size_t>(v);
        } catch (const std::exception&) {
            return usage("--count must be a whole number of at least 1", "tickets");
        }
    }
    auto scope = openEvent(ctx, args);
    if (!scope) return kExitFailed;
    auto& [folder, db, eventId] = *scope;
    auto keys = folder.keyStore();

    Result<std::vector<IssuedTicket>> issued = Error{"", ""};
    std::string summary;  // what an import did, for stdout
    if (count) {
        issued = TicketIssuer(*db, keys).issueCount(eventId, n, args.value("--type").value_or(""));
    } else {
        auto imported = TicketImport(*db, keys).importFile(eventId, *csv, importOptions);
        if (imported.error && imported.error->code == "invalid_attendees") {
            // One line per problem keeps the output greppable; each message already names its
            // line and is bounded, and past the first few the import counts instead of listing.
            std::string out;
            for (const auto& p : imported.attendees.problems) out += "qrgate: " + *csv + ": " + p.message + "\n";
            const auto n = imported.attendees.problemCount;
            out += "qrgate: " + *csv + ": " + withThousands(static_cast<long long>(n)) +
                   (n == 1 ? " problem" : " problems") + "; nothing was imported, fix the file and try again\n";
            std::cerr << out;
            return kExitFailed;
        }
        if (imported.error) return fail(imported.error->message);
        if (!imported.encodingNote.empty()) std::cerr << "qrgate: " << *csv << ": " << imported.encodingNote << "\n";
        const auto& rejected = imported.attendees.rejected;
        std::string rejectsNote;
        if (!rejected.empty()) {
            // The rows were left out as asked; each problem still gets its line on stderr.
            std::string out;
            for (const auto& p : imported.attendees.problems) out += "qrgate: " + *csv + ": " + p.message + "\n";
            std::cerr << out;
            const auto rejectsPath = args.value("--rejects").value_or(defaultRejectsPath(*csv));
            if (auto written = writeOutputFile(rejectsPath, rejectedRowsCsv(imported.attendees.header, rejected)); !written)
                return fail(written.error().message + " (" + std::to_string(imported.tickets.size()) +
                            " tickets were issued; the bad rows were not written)");
            rejectsNote = ", skipped " + counted(static_cast<long long>(rejected.size()), "bad row", "bad rows") +
                          " (written to " + rejectsPath + ")";
        }
        summary = "Issued " + counted(static_cast<long long>(imported.tickets.size()), "ticket", "tickets") +
                  ", skipped " + counted(static_cast<long long>(imported.skippedDuplicates), "duplicate", "duplicates") +
                  ", updated " + counted(static_cast<long long>(imported.updated), "ticket", "tickets") + rejectsNote + ".";
        issued = std::move(imported.tickets);
    }
    if (!issued) return fail(issued.error().message);

    if (args.flag("--json")) {
        std::cout << toJson(*issued).dump() << "\n";
    } else {
        std::string out;
        for (const auto& it : *issued)
            out += formatTicketNumber(it.ticket.number) + "\t" + it.ticket.id + "\t" + it.ticket.holderName + "\t" +
                   it.qrData + "\n";
        if (!summary.empty()) {
            std::cout << out << summary << "\n";
        } else {
            std::cout << out;
            std::cerr << "Issued " << counted(static_cast<long long>(issued->size()), "ticket", "tickets") << " for event "
                      << eventId << ".\n";
        }
    }
    return kExitOk;
}

int undoImport(const Context& ctx, const Args& args) {
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    auto eventId = resolveEvent(args, *db);
    if (!eventId) return kExitFailed;
    auto undone = undoLastImport(*db, *eventId, SystemClock::instance(), "cli");
    if (!undone) return fail(undone.error().message);
    if (args.flag("--json")) {
        std::cout << nlohmann::json{{"importId", undone->record.id},
                                    {"source", undone->record.source},
                                    {"voided", undone->voided},
                                    {"updatedNotReverted", undone->record.updated}}
                         .dump()
                  << "\n";
    } else {
        std::cout << "Undid the import of " << undone->record.source << ": voided "
                  << counted(static_cast<long long>(undone->voided), "ticket", "tickets")
                  << (undone->record.updated ? "; the " + counted(static_cast<long long>(undone->record.updated),
                                                                    "updated ticket keeps", "updated tickets keep") +
                                                   " its new name and email"
                                             : std::string())
                  << ".\n";
    }
    return kExitOk;
}

int list(const Context& ctx, const Args& args) {
    auto scope = openEvent(ctx, args);
    if (!scope) return kExitFailed;
    auto& [folder, db, eventId] = *scope;
    auto keys = folder.keyStore();
    auto eventKeys = keys.load(eventId);
    const bool canPrint = eventKeys.ok();
    EventCatalog catalog(*db);
    auto event = catalog.find(eventId);
    TicketStore store(*db);
    TicketQuery query;
    query.eventId = eventId;
    query.search = args.value("--search").value_or("");
    auto tickets = store.list(query);
    if (args.flag("--json")) {
        auto arr = nlohmann::json::array();
        for (const auto& t : tickets) {
            auto j = toJson(t, event->timeZone);
            if (canPrint) {
                auto qr = TicketIssuer::qrDataFor(t, *eventKeys);
                j["qrData"] = qr ? nlohmann::json(*qr) : nlohmann::json(nullptr);
            } else {
                j["qrData"] = nullptr;
            }
            arr.push_back(std::move(j));
        }
        std::cout << arr.dump() << "\n";
        if (!canPrint) std::cerr << "qrgate: no key file for this event on this machine; qrData left out\n";
        return kExitOk;
    }
    std::string out;
    for (const auto& t : tickets)
        out += formatTicketNumber(t.number) + "  " + t.id + "  " + toString(t.state) + (t.inside ? "  inside" : "") +
               "  " + t.typeName + "  " + t.holderName + (t.holderEmail.empty() ? "" : " <" + t.holderEmail + ">") + "\n";
    std::cout << out;
    return kExitOk;
}

int changeState(const Context& ctx, const Args& args, TicketState state) {
    if (args.positionals().size() != 1) return usage("give exactly one TICKET_ID", "tickets");
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    TicketStore store(*db);
    const auto& id = args.positionals()[0];
    auto ticket = store.find(id);
    if (!ticket) return fail("no ticket " + id);
    if (auto s = store.setState(id, state, "cli"); !s) return fail(s.error().message);
    if (args.flag("--json")) {
        ticket->state = state;
        std::cout << toJson(*ticket).dump() << "\n";
    } else {
        std::cout << (state == TicketState::Void ? "Voided" : "Restored") << " ticket " << id << " (#"
                  << formatTicketNumber(ticket->number) << (ticket->holderName.empty() ? "" : ", " + ticket->holderName)
                  << ")\n";
    }
    return kExitOk;
}

int render(const Context& ctx, const Args& args) {
    if (args.positionals().size() != 1) return usage("give exactly one TICKET_ID", "tickets");
    auto out = args.value("--out");
    if (!out) return usage("tickets render needs --out FILE.pdf or FILE.png", "tickets");
    std::string ext = std::filesystem::path(*out).extension().string();
    ext = asciiLower(ext);
    if (ext != ".pdf" && ext != ".png") return usage("--out must end in .pdf or .png", "tickets");
    int pixels = 600;
    if (auto size = args.value("--size")) {
        if (ext != ".png") return usage("--size is the width of a PNG in pixels; a PDF has its paper size", "tickets");
        const auto n = parseWholeNumber(*size);
        if (!n) return usage("--size must be a whole number of pixels", "tickets");
        if (*n < 57 || *n > 8192) return usage("--size must be between 57 and 8192 pixels", "tickets");
        pixels = static_cast<int>(*n);
    }
    int exitCode = kExitOk;
    auto paper = paperOption(args, exitCode, "tickets");
    if (!paper) return exitCode;
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    const auto& id = args.positionals()[0];
    auto ticket = TicketStore(*db).find(id);
    if (!ticket) return fail("no ticket " + id);
    auto job = loadPaperJob(*db, ctx.folder()->keyStore(), ticket->eventId, TicketSelection::byIds({id}));
    if (!job) return fail(job.error().message);
    auto written = ext == ".png" ? writeTicketQrPng(*job, pixels, *out) : writeTicketPdf(*job, *paper, *out);
    if (!written) return fail(written.error().message);
    std::cout << "Wrote " << *out << " (ticket " << formatTicketNumber(ticket->number)
              << (ticket->holderName.empty() ? "" : ", " + ticket->holderName) << ")\n";
    return kExitOk;
}

int reissue(const Context& ctx, const Args& args) {
    if (args.positionals().size() != 1) return usage("give exactly one TICKET_ID", "tickets");
    auto opened = ctx.open();
    if (!opened) return kExitFailed;
    auto& [folder, db] = *opened;
    auto keys = folder.keyStore();
    TicketIssuer issuer(*db, keys);
    auto result = issuer.reissue(args.positionals()[0]);
    if (!result) return fail(result.error().message);
    if (args.flag("--json")) {
        auto j = toJson(result->ticket);
        j["qrData"] = result->qrData;
        std::cout << j.dump() << "\n";
    } else {
        std::cout << result->qrData << "\n";
    }
    return kExitOk;
}
}  // namespace

int runTicketsCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    if (tokens.empty()) return usage("tickets needs a subcommand: issue, list, void, restore, reissue, render or undo-import", "tickets");
    const std::string sub = tokens[0];
    Args args({tokens.begin() + 1, tokens.end()}, {{"--event", "--count", "--type", "--csv", "--out", "--size", "--paper", "--duplicates", "--rejects",
                                                    "--search"},
                                                   {"--json", "--skip-bad-rows"}});
    if (sub == "--help" || args.flag("--help")) {
        std::cout << kHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "tickets");
    if (sub == "issue") return issue(ctx, args);
    if (sub == "list") return list(ctx, args);
    if (sub == "void") return changeState(ctx, args, TicketState::Void);
    if (sub == "restore") return changeState(ctx, args, TicketState::Valid);
    if (sub == "reissue") return reissue(ctx, args);
    if (sub == "undo-import") return undoImport(ctx, args);
    if (sub == "render") return render(ctx, args);
    return usage("unknown subcommand 'tickets " + sub + "'", "tickets");
}

}  // namespace qrgate::cli

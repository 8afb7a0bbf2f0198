// qrgate sheet | doorlist: tickets and lists on paper (PDF). `tickets render` is in cli_tickets.
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/base/ascii_text.hpp"
#include "app/cli_context.hpp"
#include "app/cli_paper.hpp"
#include "core/base/clock.hpp"
#include "core/paper/door_list.hpp"
#include "core/paper/printer_calibration.hpp"
#include "core/paper/ticket_sheet.hpp"

namespace qrgate::cli {

namespace {

constexpr const char* kSheetHelp = R"(usage:
  qrgate [--data DIR] sheet --event ID --out FILE.pdf [--per-page N | --layout NAME] [--paper a4|letter]
        [--tickets ID,... | --type T | --mail failed|unsent] [--printer P] [--json]
        A PDF of the event's valid tickets, each with its QR code, the event, date and venue, the
        holder's name, type and number. --per-page 1, 2, 4, 6, 8 (default) or 12 on plain paper
        (cut along the light marks), or --layout NAME for label stock (see --layouts). --tickets,
        --type and --mail choose which tickets (default: all); --mail unsent = no email accepted
        yet, failed = the last email failed. --printer P applies P's saved calibration (see
        'qrgate printers calibrate'), so label sheets line up on that printer.
        --json prints {"pages","tickets","paper","incompleteNames":[{"id","number","name"}]}.
        Names the fonts on this machine cannot draw in full are listed on stderr; they are
        printed without the missing characters, or as the ticket number.
        Needs the event's key file: print on the organizer's machine that issued the tickets.
  qrgate [--data DIR] sheet --layouts [--json]
        The layout presets. More can be added without code in DATA/layouts.json (docs/paper.md).
)";

constexpr const char* kDoorListHelp = R"(usage:
  qrgate [--data DIR] doorlist --event ID --out FILE.pdf [--paper a4|letter] [--printer P]
        Every valid ticket sorted by name (accents and case ignored), with its number, type, a tick
        box, and whether it was already admitted when the list was printed: the gates' last
        fallback. Needs no key file, so a gate can print it from its own copy of the event.
)";


std::vector<std::string> splitIds(const std::string& list) {
    std::vector<std::string> ids;
    std::stringstream in(list);
    std::string id;
    while (std::getline(in, id, ',')) {
        const auto b = id.find_first_not_of(" \t");
        const auto e = id.find_last_not_of(" \t");
        if (b != std::string::npos) ids.push_back(id.substr(b, e - b + 1));
    }
    return ids;
}

int printLayouts(const LayoutCatalog& catalog, bool json) {
    if (json) {
        auto arr = nlohmann::json::array();
        for (const auto& l : catalog.all()) {
            nlohmann::json j{{"name", l.name},       {"title", l.title},    {"perPage", l.perPage()},
                             {"columns", l.columns}, {"rows", l.rows},      {"kind", l.labels ? "labels" : "grid"}};
            if (l.labels) {
                j["paper"] = l.paper;
                j["labelMm"] = {l.widthMm, l.heightMm};
            }
            arr.push_back(std::move(j));
        }
        std::cout << arr.dump() << "\n";
        return kExitOk;
    }
    std::string out;
    for (const auto& l : catalog.all())
        out += l.name + std::string(l.name.size() < 16 ? 16 - l.name.size() : 1, ' ') + l.title +
               (l.labels ? "" : " (--per-page " + std::to_string(l.perPage()) + ", A4 or Letter)") + "\n";
    std::cout << out;
    return kExitOk;
}

std::optional<PrinterCalibration> calibrationFor(const Args& args, const DataFolder& folder) {
    auto printer = args.value("--printer");
    if (!printer) return PrinterCalibration{};
    return CalibrationStore(folder.printersFile()).load(*printer);
}

void reportIncompleteNames(const std::vector<Ticket>& tickets) {
    if (tickets.empty()) return;
    std::string out = "qrgate: " + withThousands(long(tickets.size())) +
                      (tickets.size() == 1 ? " name" : " names") +
                      " cannot be printed in full with this machine's fonts (printed without the missing characters, "
                      "or as the ticket number):\n";
    for (std::size_t i = 0; i < tickets.size() && i < 20; ++i)
        out += "qrgate:   " + formatTicketNumber(tickets[i].number) + "  " + tickets[i].id + "  " + tickets[i].holderName + "\n";
    if (tickets.size() > 20) out += "qrgate:   and " + withThousands(long(tickets.size() - 20)) + " more\n";
    std::cerr << out;
}

}  // namespace

std::optional<PaperSize> paperOption(const Args& args, int& exitCode, const std::string& command) {
    const auto name = args.value("--paper").value_or("a4");
    auto paper = findPaperSize(name);
    if (!paper) exitCode = usage("--paper must be a4 or letter, not '" + name + "'", command);
    return paper;
}

int runSheetCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    Args args(tokens, {{"--event", "--out", "--per-page", "--layout", "--paper", "--tickets", "--type", "--mail", "--printer"},
                       {"--json", "--layouts", "--help"}});
    if (args.flag("--help")) {
        std::cout << kSheetHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "sheet");
    auto folder = ctx.folder();
    if (!folder) return kExitFailed;
    auto catalog = LayoutCatalog::withFile(folder->root() / "layouts.json");
    if (!catalog) return fail(catalog.error().message);
    if (args.flag("--layouts")) return printLayouts(*catalog, args.flag("--json"));

    // Options first: a usage error says so before anything is opened.
    if (!args.value("--out")) return usage("sheet needs --out FILE.pdf", "sheet");
    if (args.has("--per-page") && args.has("--layout")) return usage("give --per-page or --layout, not both", "sheet");
    const int choices = int(args.has("--tickets")) + int(args.has("--type")) + int(args.has("--mail"));
    if (choices > 1) return usage("choose tickets with one of --tickets, --type or --mail", "sheet");
    SheetOptions options;
    if (auto perPage = args.value("--per-page")) {
        std::optional<SheetLayout> grid;
        if (auto n = parseWholeNumber(*perPage); n && *n > 0 && *n <= 1000) grid = catalog->gridFor(static_cast<int>(*n));
        if (!grid) return usage("--per-page must be 1, 2, 4, 6, 8 or 12, not '" + *perPage + "'", "sheet");
        options.layout = *grid;
    } else if (auto name = args.value("--layout")) {
        auto layout = catalog->find(*name);
        if (!layout) {
            std::string names;
            for (const auto& l : catalog->all()) names += (names.empty() ? "" : ", ") + l.name;
            return usage("no layout '" + *name + "' (there are: " + names + ")", "sheet");
        }
        options.layout = *layout;
    } else {
        options.layout = *catalog->gridFor(8);
    }
    int exitCode = kExitOk;
    auto paper = paperOption(args, exitCode, "sheet");
    if (!paper) return exitCode;
    if (options.layout.labels && args.has("--paper") && paper->name != options.layout.paper)
        return usage("layout " + options.layout.name + " is label stock for " + options.layout.paper + " paper", "sheet");
    options.paper = *paper;
    TicketSelection selection;
    if (auto ids = args.value("--tickets")) {
        selection = TicketSelection::byIds(splitIds(*ids));
        if (selection.ids.empty()) return usage("--tickets needs ticket ids separated by commas", "sheet");
    } else if (auto type = args.value("--type")) {
        selection = TicketSelection::byType(*type);
    } else if (auto mail = args.value("--mail")) {
        const auto m = asciiLower(*mail);
        if (m == "unsent") selection = TicketSelection::mailNotSent();
        else if (m == "failed") selection = TicketSelection::mailFailed();
        else return usage("--mail must be unsent or failed, not '" + *mail + "'", "sheet");
    }

    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    auto eventId = resolveEvent(args, *db);
    if (!eventId) return kExitFailed;
    auto calibration = calibrationFor(args, *folder);
    options.calibration = *calibration;
    auto job = loadPaperJob(*db, folder->keyStore(), *eventId, selection);
    if (!job) return fail(job.error().message);
    const auto out = *args.value("--out");
    auto summary = renderSheet(*job, options, out);
    if (!summary) return fail(summary.error().message);
    reportIncompleteNames(summary->incompleteNames);  // renderSheet's glyph check, made before it drew
    if (args.flag("--json")) {
        auto names = nlohmann::json::array();
        for (const auto& t : summary->incompleteNames)
            names.push_back({{"id", t.id}, {"number", t.number}, {"name", t.holderName}});
        std::cout << nlohmann::json{{"pages", summary->pages},
                                    {"tickets", summary->tickets},
                                    {"paper", summary->paper},
                                    {"layout", options.layout.name},
                                    {"incompleteNames", names}}
                         .dump()
                  << "\n";
    } else {
        std::cout << "Wrote " << out << ": " << counted(long(summary->tickets), "ticket", "tickets") << " on "
                  << withThousands(long(summary->pages)) << (summary->pages == 1 ? " page" : " pages") << " ("
                  << options.layout.title << ", " << summary->paper << ")\n";
    }
    return kExitOk;
}

int runDoorListCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    Args args(tokens, {{"--event", "--out", "--paper", "--printer"}, {"--json", "--help"}});
    if (args.flag("--help")) {
        std::cout << kDoorListHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "doorlist");
    if (!args.value("--out")) return usage("doorlist needs --out FILE.pdf", "doorlist");
    int exitCode = kExitOk;
    auto paper = paperOption(args, exitCode, "doorlist");
    if (!paper) return exitCode;
    auto scope = openEvent(ctx, args);
    if (!scope) return kExitFailed;
    auto& [folder, db, eventId] = *scope;
    auto batch = loadTicketBatch(*db, eventId, TicketSelection::all());
    if (!batch) return fail(batch.error().message);
    markFailedMail(*db, *batch);
    const auto out = *args.value("--out");
    auto summary = renderDoorList(*batch, *paper, SystemClock::instance().nowMs(), out, *calibrationFor(args, folder));
    if (!summary) return fail(summary.error().message);
    if (args.flag("--json")) {
        std::cout << nlohmann::json{{"pages", summary->pages}, {"tickets", summary->tickets}, {"admitted", summary->admitted}}
                         .dump()
                  << "\n";
    } else {
        std::cout << "Wrote " << out << ": " << withThousands(long(summary->tickets)) << " names on "
                  << withThousands(long(summary->pages)) << (summary->pages == 1 ? " page" : " pages") << ", "
                  << withThousands(long(summary->admitted)) << " already in\n";
    }
    return kExitOk;
}

}  // namespace qrgate::cli

#include "app/gui_print_controller.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/base/clock.hpp"
#include "core/paper/calibration_page.hpp"
#include "core/paper/door_list.hpp"
#include "core/paper/printer_calibration.hpp"
#include "core/paper/printing.hpp"
#include "core/paper/ticket_document.hpp"
#include "core/paper/ticket_sheet.hpp"
#include "core/paper/volunteer_card.hpp"
#include "core/tickets/ticket_store.hpp"

namespace qrgate::gui {

namespace fs = std::filesystem;
using views::PaperDocument;
using views::PrintOptions;

namespace {

constexpr std::size_t kUndrawableListed = 50;
constexpr int kTicketPngPixels = 600;

std::string homeDir() {
    const char* home = std::getenv("HOME");
    return home && *home ? home : "/tmp";
}

// "~/x.pdf" as the shell would read it.
std::string expandHome(const std::string& path) {
    if (path == "~") return homeDir();
    if (path.rfind("~/", 0) == 0) return homeDir() + path.substr(1);
    return path;
}

// ~/Documents when there is one (the desktop's usual place for files people keep), else ~;
// written with "~" so that the suggested paths fit their fields (expandHome reads them back).
std::string documentsDir() {
    std::error_code ec;
    return fs::is_directory(fs::path(homeDir()) / "Documents", ec) ? "~/Documents" : "~";
}

// The Tickets screen's selection may be a query ("all shown"): its ids are read here, on a worker.
TicketSelection selectionOf(Database& db, const PrintOptions& o) {
    switch (o.tickets) {
        case PrintOptions::Tickets::All: return TicketSelection::all();
        case PrintOptions::Tickets::Type: return TicketSelection::byType(o.typeName);
        case PrintOptions::Tickets::Selected: return TicketSelection::byIds(TicketStore(db).chosenIds(o.chosen));
        case PrintOptions::Tickets::MailNotSent: return TicketSelection::mailNotSent();
        case PrintOptions::Tickets::MailFailed: return TicketSelection::mailFailed();
    }
    return TicketSelection::all();
}

// CUPS's name for the paper ("media").
std::string mediaOf(const std::string& paper) {
    if (paper == "a4") return "A4";
    if (paper == "letter") return "Letter";
    return {};
}

// A file of our own in the temporary folder for what goes to a printer (removed once sent: CUPS
// has its own copy by then).
fs::path temporaryPdf(const std::string& what) {
    static std::atomic<int> counter{0};
    return fs::temp_directory_path() /
           ("qrgate-" + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".pdf");
}

// What the selection holds, read on the paper worker.
struct SelectionRead {
    std::shared_ptr<const PaperJob> job;
    std::size_t tickets = 0;
    bool noKeyFile = false;
    std::string error;
    std::vector<views::UndrawableName> undrawable;
    std::size_t undrawableCount = 0;
};

SelectionRead readSelection(Database& db, const KeyStore& keys, const PrintOptions& options) {
    SelectionRead read;
    const auto selection = selectionOf(db, options);
    if (options.tickets == PrintOptions::Tickets::Selected && selection.ids.empty()) {
        read.error = "No ticket is selected: select them on the Tickets screen (Ctrl+3).";
        return read;
    }
    auto job = loadPaperJob(db, keys, options.eventId, selection);
    if (!job && job.error().code == "no_key_file") {
        read.noKeyFile = true;
        auto batch = loadTicketBatch(db, options.eventId, selection);
        if (batch) read.tickets = batch->tickets.size();
        else read.error = batch.error().message;
        return read;
    }
    if (!job) {
        read.error = job.error().message;
        return read;
    }
    read.tickets = job->batch.tickets.size();
    const auto names = namesFontsCannotDraw(job->batch.tickets);
    read.undrawableCount = names.size();
    for (std::size_t i = 0; i < names.size() && i < kUndrawableListed; ++i)
        read.undrawable.push_back({names[i].number, names[i].holderName});
    read.job = std::make_shared<const PaperJob>(std::move(*job));
    return read;
}

}  // namespace

struct PrintController::Target {
    std::string path;     // a file to keep; empty when printing
    std::string printer;  // else: sent here
    int copies = 1;
};

PrintController::PrintController(views::ConsoleState& state, UiQueue& ui, const DataFolder& folder, TaskRunner& tasks)
    : m_state(state),
      m_ui(ui),
      m_folder(folder),
      m_tasks(tasks),
      m_printers(folder.databaseFile(), ui, "printers"),
      m_paper(folder.databaseFile(), ui, "paper") {
    m_state.print.documentsDir = documentsDir();
}

PrintController::~PrintController() = default;

bool PrintController::busy() const {
    const auto& p = m_state.print;
    return m_dueAt.has_value() || p.rendering || p.loading || p.printersLoading;
}

void PrintController::reportError(const std::string& what, const std::string& message) {
    m_state.notify(what + ": " + message, true);
}

SheetLayout PrintController::layoutFor(const std::string& name) const {
    for (const auto& l : m_state.print.layouts)
        if (l.name == name) return l;
    if (auto l = LayoutCatalog::builtIn().find(name)) return *l;
    return *LayoutCatalog::builtIn().gridFor(8);
}

PaperSize PrintController::paperFor(const PrintOptions& options) const {
    const auto layout = layoutFor(options.layout);
    return paperSizeOrA4(layout.labels ? layout.paper : options.paper);
}

void PrintController::openPrint() {
    const fs::path layoutsFile = m_folder.root() / "layouts.json";
    m_printers.post([this, layoutsFile](Database&) {
        auto catalog = LayoutCatalog::withFile(layoutsFile);
        std::vector<SheetLayout> layouts = catalog ? catalog->all() : LayoutCatalog::builtIn().all();
        std::string error = catalog ? "" : catalog.error().message + " (the built-in layouts are shown)";
        return [this, layouts = std::move(layouts), error] {
            m_state.print.layouts = layouts;
            m_state.print.layoutsError = error;
        };
    });
    refreshPrinters();
    // Tickets may have been issued, voided or emailed since: read them again.
    m_job.reset();
    m_jobFor.reset();
    if (m_haveOptions) {
        m_state.print.loading = true;
        m_state.print.rendering = true;
        m_dueAt = std::chrono::steady_clock::now();
    }
}

void PrintController::setPrintOptions(const PrintOptions& options) {
    if (m_haveOptions && options == m_options && m_jobFor) return;  // shown already
    const bool printerChanged = !m_haveOptions || options.printer != m_options.printer;
    m_options = options;
    m_haveOptions = true;
    if (printerChanged) loadCalibration(options.printer);
    const bool sameTickets = m_jobFor && m_jobFor->sameTickets(options);
    if (!sameTickets) m_state.print.loading = true;
    // Those tickets read already and no job made of them (no key file, nothing chosen): no page.
    m_state.print.rendering = !sameTickets || m_job;
    m_dueAt = std::chrono::steady_clock::now() + kSettle;
}

void PrintController::tick() {
    m_state.print.busy = m_paperTasks > 0;
    if (m_dueAt && std::chrono::steady_clock::now() >= *m_dueAt) {
        m_dueAt.reset();
        startPreview();
    }
}

void PrintController::startPreview() {
    if (m_options.eventId.empty()) {  // no event yet: nothing to read or draw
        m_state.print.rendering = m_state.print.loading = false;
        return;
    }
    const int generation = ++m_generation;
    const PrintOptions options = m_options;
    const bool haveJob = m_jobFor && m_jobFor->sameTickets(options);
    std::shared_ptr<const PaperJob> job = haveJob ? m_job : nullptr;
    const bool needRead = !haveJob;
    SheetOptions sheet;
    sheet.layout = layoutFor(options.layout);
    sheet.paper = paperFor(options);
    auto keys = m_folder.keyStore();
    m_paper.post(
        [this, generation, options, job, needRead, sheet, keys](Database& db) mutable -> DatabaseWorker::Continuation {
            std::optional<SelectionRead> read;
            if (needRead) {
                read = readSelection(db, keys, options);
                job = read->job;
            }
            std::optional<Result<PageImage>> image;
            double ms = 0;
            if (job) {
                const auto start = std::chrono::steady_clock::now();
                image = renderSheetPreview(*job, sheet, std::max(160, options.previewWidthPx));
                ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            }
            return [this, generation, options, read = std::move(read), image = std::move(image), ms]() mutable {
                if (generation < m_shownGeneration) return;  // a newer one is on screen already
                m_shownGeneration = generation;
                auto& p = m_state.print;
                if (read) {
                    if (!m_jobFor || !m_jobFor->sameTickets(options)) {
                        m_job = read->job;
                        m_jobFor = options;
                    }
                    p.tickets = read->tickets;
                    p.noKeyFile = read->noKeyFile;
                    p.selectionError = read->error;
                    p.undrawable = std::move(read->undrawable);
                    p.undrawableCount = read->undrawableCount;
                }
                p.options = options;
                if (image && *image) {
                    m_preview.upload((*image)->rgba.data(), (*image)->width, (*image)->height, true);
                    p.preview = m_preview.view();
                    p.previewError.clear();
                    p.previewMs = ms;
                } else {
                    // No page for these options: an old one would show tickets not chosen.
                    p.preview = {};
                    p.previewError = image ? "No preview: " + image->error().message : "";
                }
                if (generation == m_generation) {
                    p.rendering = false;
                    p.loading = false;
                }
            };
        },
        [this, generation](const std::string& e) {
            if (generation != m_generation) return;
            m_state.print.rendering = false;
            m_state.print.loading = false;
            m_state.print.previewError = "No preview: " + e;
        },
        "preview");
}

void PrintController::refreshPrinters() {
    m_state.print.printersLoading = true;
    m_printers.post(
        [this](Database&) {
            auto printers = listPrinters();
            return [this, printers = std::move(printers)]() mutable {
                auto& p = m_state.print;
                p.printersLoading = false;
                p.printersLoaded = true;
                if (printers) {
                    p.printers = std::move(*printers);
                    p.printersError.clear();
                } else {
                    p.printers.clear();
                    p.printersError = printers.error().message;
                }
            };
        },
        [this](const std::string& e) {
            m_state.print.printersLoading = false;
            m_state.print.printersLoaded = true;
            m_state.print.printersError = e;
        },
        "printers");
}

void PrintController::loadCalibration(const std::string& printer) {
    m_state.print.calibration = {};
    if (printer.empty()) return;
    const fs::path file = m_folder.printersFile();
    m_printers.post([this, file, printer](Database&) {
        auto calibration = CalibrationStore(file).load(printer);
        return [this, printer, calibration] {
            if (printer == m_options.printer) m_state.print.calibration = calibration;
        };
    });
}

void PrintController::saveCalibration(const std::string& printer, const views::CalibrationMeasurements& m) {
    const fs::path file = m_folder.printersFile();
    const auto calibration =
        calibrationFromMeasurements(m.crossFromLeftMm, m.crossFromTopMm, m.horizontalRulerMm, m.verticalRulerMm);
    m_printers.post(
        [this, file, printer, calibration](Database&) {
            auto saved = CalibrationStore(file).save(printer, calibration);
            return [this, saved = std::move(saved), printer, calibration] {
                if (!saved) return reportError("The calibration was not saved", saved.error().message);
                if (printer == m_options.printer) m_state.print.calibration = calibration;
                m_state.notify("Saved the calibration of " + printer + ": sheets sent to it are corrected from now on.");
            };
        },
        [this](const std::string& e) { reportError("The calibration was not saved", e); });
}

void PrintController::savePaper(PaperDocument document, const std::string& path) {
    runPaperTask(document, Target{expandHome(path), "", 1});
}

void PrintController::printPaper(PaperDocument document, const std::string& printer, int copies) {
    runPaperTask(document, Target{"", printer, std::clamp(copies, 1, 999)});
}

// One document to a file or a printer, as a task. Everything the work needs is captured by
// value; the tickets already read for the preview are reused when they are the ones chosen.
void PrintController::runPaperTask(PaperDocument document, const Target& target) {
    const PrintOptions options = m_options;
    if (options.eventId.empty()) return;
    const bool toPrinter = !target.printer.empty();
    SheetOptions sheet;
    sheet.layout = layoutFor(options.layout);
    sheet.paper = paperFor(options);
    const PaperSize paper = document == PaperDocument::Sheet ? sheet.paper
                            : paperSizeOrA4(options.paper);
    std::shared_ptr<const PaperJob> job = m_jobFor && m_jobFor->sameTickets(options) ? m_job : nullptr;
    const auto dbFile = m_folder.databaseFile();
    const auto keys = m_folder.keyStore();
    const fs::path calibrations = m_folder.printersFile();
    const std::string eventName = m_state.currentEvent() ? m_state.currentEvent()->name : options.eventId;

    const char* noun = document == PaperDocument::Sheet      ? "the sheet"
                       : document == PaperDocument::DoorList ? "the door list"
                                                             : "the calibration page";
    std::string name = std::string(toPrinter ? "Printing " : "Saving ") + noun;
    if (document == PaperDocument::Sheet && job)
        name = std::string(toPrinter ? "Printing " : "Saving ") +
               counted(static_cast<long long>(job->batch.tickets.size()), "ticket", "tickets");
    const std::string failed = std::string(toPrinter ? "Not printed" : "Not saved");

    ++m_paperTasks;
    m_state.print.busy = true;
    m_tasks.start(
        name,
        [=, this](TaskProgress& progress) -> TaskRunner::Continuation {
            // A printer gets its own calibration (the calibration page to be measured: none).
            PrinterCalibration calibration;
            const bool calibrated = document != PaperDocument::CalibrationPage;
            if (calibrated && !target.printer.empty()) calibration = CalibrationStore(calibrations).load(target.printer);
            else if (document == PaperDocument::CalibrationCheck && !options.printer.empty())
                calibration = CalibrationStore(calibrations).load(options.printer);
            const fs::path out = toPrinter ? temporaryPdf("print") : fs::path(target.path);
            auto onProgress = [&](std::size_t done, std::size_t total) { return progress.report(done, total); };

            std::string written;  // "10,000 tickets on 1,250 pages"
            std::optional<Error> error;
            if (document == PaperDocument::Sheet) {
                std::shared_ptr<const PaperJob> j = job;
                if (!j) {
                    auto db = Database::open(dbFile);
                    auto loaded = db ? loadPaperJob(**db, keys, options.eventId, selectionOf(**db, options))
                                     : Result<PaperJob>(db.error());
                    if (!loaded) error = loaded.error();
                    else j = std::make_shared<const PaperJob>(std::move(*loaded));
                }
                if (j) {
                    SheetOptions so = sheet;
                    so.calibration = calibration;
                    auto summary = renderSheet(*j, so, out, onProgress);
                    if (!summary) error = summary.error();
                    else
                        written = counted(static_cast<long long>(summary->tickets), "ticket", "tickets") + " on " +
                                  counted(static_cast<long long>(summary->pages), "page", "pages");
                }
            } else if (document == PaperDocument::DoorList) {
                auto db = Database::open(dbFile);
                auto batch = db ? loadTicketBatch(**db, options.eventId, TicketSelection::all())
                                : Result<TicketBatch>(db.error());
                if (!batch) error = batch.error();
                else {
                    markFailedMail(**db, *batch);
                    auto summary = renderDoorList(*batch, paper, SystemClock::instance().nowMs(), out, calibration, onProgress);
                    if (!summary) error = summary.error();
                    else
                        written = counted(static_cast<long long>(summary->tickets), "name", "names") + " on " +
                                  counted(static_cast<long long>(summary->pages), "page", "pages");
                }
            } else {
                auto done = writeCalibrationPage(paper, out, calibration);
                if (!done) error = done.error();
                else written = "1 page";
            }

            std::string sentTo;
            if (!error && toPrinter) {
                PrintRequest request;
                request.printer = target.printer;
                request.pdf = out;
                request.copies = target.copies;
                request.media = mediaOf(paper.name);
                request.title = eventName + " - " + noun;
                auto job = printPdf(request);
                if (!job) error = job.error();
                else sentTo = target.printer + " (job " + std::to_string(*job) + ")";
            }
            if (toPrinter) {
                std::error_code ec;
                fs::remove(out, ec);
            }
            const bool cancelled = error && error->code == "cancelled";
            return [=, this] {
                --m_paperTasks;
                auto& p = m_state.print;
                if (cancelled) {
                    p.lastResult = "Cancelled: nothing was written.";
                    p.lastResultError = false;
                    m_state.notify(p.lastResult);
                } else if (error) {
                    p.lastResult = failed + ": " + error->message;
                    p.lastResultError = true;
                    reportError(failed, error->message);
                } else {
                    p.lastResult = toPrinter ? "Sent " + written + " to " + sentTo + "."
                                             : "Saved " + written + " to " + target.path;
                    p.lastResultError = false;
                    m_state.notify(p.lastResult);
                }
            };
        },
        [this, failed](const std::string& e) {
            --m_paperTasks;
            m_state.print.lastResult = failed + ": " + e;
            m_state.print.lastResultError = true;
            reportError(failed, e);
        });
}

void PrintController::saveTicket(const std::string& ticketId, views::TicketFile kind, const std::string& path) {
    const std::string out = expandHome(path);
    const auto keys = m_folder.keyStore();
    const PaperSize paper = paperSizeOrA4(m_haveOptions ? m_options.paper : "a4");
    m_paper.post(
        [this, ticketId, kind, out, keys, paper](Database& db) -> DatabaseWorker::Continuation {
            auto ticket = TicketStore(db).find(ticketId);
            if (!ticket) return [this, ticketId] { reportError("Not saved", "no ticket " + ticketId); };
            auto job = loadPaperJob(db, keys, ticket->eventId, TicketSelection::byIds({ticketId}));
            Status written = job ? (kind == views::TicketFile::Png ? writeTicketQrPng(*job, kTicketPngPixels, out)
                                                                   : writeTicketPdf(*job, paper, out))
                                 : Status(job.error());
            return [this, written = std::move(written), number = ticket->number, out] {
                if (!written) return reportError("Not saved", written.error().message);
                m_state.notify("Saved ticket #" + formatTicketNumber(number) + " to " + out);
            };
        },
        [this](const std::string& e) { reportError("Not saved", e); });
}

void PrintController::printTicket(const std::string& ticketId, const std::string& printer, int copies) {
    const auto dbFile = m_folder.databaseFile();
    const auto keys = m_folder.keyStore();
    const fs::path calibrations = m_folder.printersFile();
    const PaperSize paper = paperSizeOrA4(m_haveOptions ? m_options.paper : "a4");
    copies = std::clamp(copies, 1, 999);
    m_tasks.start(
        "Printing a ticket",
        [=, this](TaskProgress&) -> TaskRunner::Continuation {
            auto db = Database::open(dbFile);
            if (!db) return [this, e = db.error()] { reportError("Not printed", e.message); };
            auto ticket = TicketStore(**db).find(ticketId);
            if (!ticket) return [this, ticketId] { reportError("Not printed", "no ticket " + ticketId); };
            auto job = loadPaperJob(**db, keys, ticket->eventId, TicketSelection::byIds({ticketId}));
            if (!job) return [this, e = job.error()] { reportError("Not printed", e.message); };
            const fs::path out = temporaryPdf("ticket");
            auto written = writeTicketPdf(*job, paper, out, CalibrationStore(calibrations).load(printer));
            Result<int> sent = written ? printPdf({printer, out, copies, mediaOf(paper.name),
                                                  "Ticket " + formatTicketNumber(ticket->number)})
                                       : Result<int>(written.error());
            std::error_code ec;
            fs::remove(out, ec);
            return [this, sent = std::move(sent), number = ticket->number, printer] {
                if (!sent) return reportError("Not printed", sent.error().message);
                m_state.notify("Sent ticket #" + formatTicketNumber(number) + " to " + printer + " (job " +
                               std::to_string(*sent) + ").");
            };
        },
        [this](const std::string& e) { reportError("Not printed", e); });
}

// The card needs the event only (no key file, no tickets): a gate's replica can save it too.
void PrintController::saveVolunteerCard(const std::string& path) {
    const Event* current = m_state.currentEvent();
    if (!current) return reportError("Not saved", "create an event first");
    const std::string out = expandHome(path);
    m_paper.post(
        [this, event = *current, out](Database&) -> DatabaseWorker::Continuation {
            Status written = renderVolunteerCard(event, SystemClock::instance().nowMs(), out);
            return [this, written = std::move(written), out] {
                if (!written) return reportError("Not saved", written.error().message);
                m_state.notify("Saved the volunteer card to " + out + ": print one for each gate.");
            };
        },
        [this](const std::string& e) { reportError("Not saved", e); });
}

}  // namespace qrgate::gui

#include "app/gui_import_controller.hpp"

#include <filesystem>

#include "core/base/model.hpp"
#include "core/io/import_mapping.hpp"
#include "core/io/ticket_import.hpp"
#include "core/store/output_file.hpp"

namespace qrgate::gui {

namespace {
std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }
constexpr std::size_t kSampleRows = 50;
}  // namespace

ImportController::ImportController(views::ConsoleState& state, const DataFolder& folder, TaskRunner& tasks,
                                   DatabaseWorker& reader, DatabaseWorker& writer, Hooks hooks)
    : m_state(state), m_folder(folder), m_tasks(tasks), m_reader(reader), m_writer(writer), m_hooks(std::move(hooks)) {}

void ImportController::tick(const std::string& visibleViewId) {
    if (visibleViewId == "import" && m_state.importHistory.eventId != m_state.currentEventId) refreshHistory();
}

void ImportController::refreshHistory() {
    const std::string eventId = m_state.currentEventId;
    m_state.importHistory.eventId = eventId;  // asked for: not again each frame
    if (eventId.empty()) return;
    m_reader.post(
        [this, eventId](Database& db) {
            auto last = lastImport(db, eventId);
            return [this, eventId, last = std::move(last)] {
                if (m_state.importHistory.eventId == eventId) m_state.importHistory.last = last;
            };
        },
        {}, "import-history");
}

void ImportController::open(const std::string& path) {
    m_state.import = {};
    m_state.import.path = path;
    m_state.import.reading = true;
    m_state.importOutcome = {};
    m_text.reset();
    const auto known = m_hooks.typeNames();
    const std::string eventId = m_state.currentEventId;
    const auto file = m_folder.databaseFile();
    m_tasks.start(
        "Reading " + fileName(path),
        [this, path, known, eventId, file](TaskProgress&) -> TaskRunner::Continuation {
            views::ImportPreview p;
            p.path = path;
            std::shared_ptr<const std::string> text;
            auto read = readAttendeeFile(path);
            if (!read) {
                p.fileError = "Cannot read " + path + ".";
                return [this, p = std::move(p)]() mutable {
                    if (m_state.import.path == p.path) m_state.import = std::move(p);
                };
            }
            p.encodingNote = read->note();
            text = std::make_shared<const std::string>(std::move(read->text));
            auto preview = previewAttendees(*text, known, kSampleRows);
            if (preview.syntaxError) {
                p.fileError = "This file is not readable CSV: " + describe(*preview.syntaxError) + ".";
            } else {
                if (preview.header.empty()) p.fileError = "The file is empty.";
                auto db = Database::open(file);
                // The mapping chosen before for this header, if any: the rows are read again with it
                // (only then, so the usual file is parsed once).
                if (auto remembered = db ? rememberedMapping(**db, preview.header) : std::nullopt) {
                    p.mappingRemembered = true;
                    if (*remembered != preview.columns) {
                        preview.columns = *remembered;
                        preview.check = readAttendees(*text, *remembered, known);
                    }
                }
                p.header = std::move(preview.header);
                p.fileRows = preview.fileRows;
                p.sample = std::move(preview.sample);
                p.columns = preview.columns;
                p.result = std::move(preview.check);
                if (db && !eventId.empty()) p.plan = planImport(**db, eventId, p.result.rows);
            }
            return [this, p = std::move(p), text]() mutable {
                if (m_state.import.path != p.path) return;  // another file was chosen meanwhile
                m_state.import = std::move(p);
                m_text = text;
            };
        },
        [this](const std::string& e) {
            m_state.import.reading = false;
            m_state.import.fileError = e;
        });
    refreshHistory();
}

void ImportController::remap(const AttendeeColumns& columns) {
    if (!m_text) return;
    m_state.import.columns = columns;
    m_state.import.mappingRemembered = false;
    auto text = m_text;
    const auto known = m_hooks.typeNames();
    const std::string path = m_state.import.path;
    const std::string eventId = m_state.currentEventId;
    const auto header = m_state.import.header;
    // The choice is remembered for the next file with this header.
    m_writer.post([header, columns](Database& db) {
        rememberMapping(db, header, columns);
        return [] {};
    }, [this](const std::string& e) { m_hooks.reportError("The column choice was not remembered", e); });
    const auto file = m_folder.databaseFile();
    m_tasks.start("Checking " + fileName(path),
                  [this, text, columns, known, path, eventId, file](TaskProgress&) -> TaskRunner::Continuation {
                      auto result = readAttendees(*text, columns, known);
                      ImportPlan plan;
                      if (auto db = Database::open(file); db && !eventId.empty())
                          plan = planImport(**db, eventId, result.rows);
                      return [this, result = std::move(result), plan = std::move(plan), columns, path]() mutable {
                          if (m_state.import.path != path || m_state.import.columns != columns)
                              return;  // a newer file or mapping is being checked
                          m_state.import.result = std::move(result);
                          m_state.import.plan = std::move(plan);
                      };
                  });
}

// The text read for the preview is imported again with the chosen columns, checked and planned
// against the event as stored now; the preview's numbers are what the screen shows before.
void ImportController::run(const views::ImportChoices& choices) {
    const auto& imp = m_state.import;
    const std::string eventId = m_state.currentEventId;
    if (eventId.empty() || !m_text) return;
    auto text = m_text;
    const AttendeeColumns columns = imp.columns;
    const auto file = m_folder.databaseFile();
    auto keys = m_folder.keyStore();
    const std::string path = imp.path;
    const std::string source = fileName(imp.path);
    const std::size_t n = imp.plan.toIssue(choices.duplicates);
    m_tasks.start(
        "Issuing " + counted(static_cast<long long>(n), "ticket", "tickets") + " from " + source,
        [=, this](TaskProgress& progress) -> TaskRunner::Continuation {
            auto db = Database::open(file);
            if (!db) return [this, e = db.error()] { m_hooks.reportError("Nothing was imported", e.message); };
            TicketImportOptions options;
            options.columns = columns;
            options.duplicates = choices.duplicates;
            options.skipBadRows = choices.skipBadRows;
            options.progress = [&](std::size_t done, std::size_t total) { return progress.report(done, total); };
            auto imported = TicketImport(**db, keys).importCsv(eventId, *text, options, source);
            const bool cancelled = progress.cancelled();
            std::optional<AttendeeImport> problems;  // found now, e.g. a type renamed since the preview
            if (imported.error && imported.error->code == "invalid_attendees") problems = std::move(imported.attendees);
            std::string error = imported.error ? imported.error->message : "";
            views::ImportOutcome outcome;
            if (!imported.error) {
                // Only what happened: "Issued 2 tickets, skipped 3 duplicates from people.csv".
                outcome.summary = "Issued " + counted(static_cast<long long>(imported.tickets.size()), "ticket", "tickets");
                if (imported.skippedDuplicates)
                    outcome.summary += ", skipped " + counted(static_cast<long long>(imported.skippedDuplicates),
                                                              "duplicate", "duplicates");
                if (imported.updated)
                    outcome.summary += ", updated " + counted(static_cast<long long>(imported.updated), "ticket", "tickets");
                outcome.summary += " from " + source;
                if (const auto& rejected = imported.attendees.rejected; !rejected.empty()) {
                    const auto rejects = defaultRejectsPath(path);
                    auto written = writeOutputFile(rejects, rejectedRowsCsv(imported.attendees.header, rejected));
                    outcome.summary += "; " + counted(static_cast<long long>(rejected.size()), "bad row", "bad rows") +
                                       (written ? " skipped" : " skipped, and not written: " + written.error().message);
                    if (written) outcome.rejectsPath = rejects;
                }
                outcome.summary += ".";
            }
            return [this, error, problems = std::move(problems), cancelled, path, columns,
                    outcome = std::move(outcome)]() mutable {
                if (cancelled) {
                    m_state.notify("Import cancelled: nothing was issued.");
                } else if (!error.empty()) {
                    if (problems && m_state.import.path == path && m_state.import.columns == columns)
                        m_state.import.result = std::move(*problems);
                    m_hooks.reportError("Nothing was imported", error);
                } else {
                    m_state.notify(outcome.summary);
                    const bool partial = !outcome.rejectsPath.empty();
                    close();
                    m_state.importOutcome = std::move(outcome);
                    // After a partial import the screen stays, to show where the bad rows are.
                    if (!partial) m_state.navigateTo = "tickets";
                }
                refreshHistory();
                m_hooks.ticketsChanged();
            };
        },
        [this](const std::string& e) { m_hooks.reportError("Nothing was imported", e); });
}

void ImportController::close() {
    m_state.import = {};
    m_text.reset();
}

void ImportController::undoLast() {
    const std::string eventId = m_state.currentEventId;
    if (eventId.empty()) return;
    m_writer.post(
        [this, eventId](Database& db) {
            auto undone = undoLastImport(db, eventId, SystemClock::instance(), "console");
            return [this, undone = std::move(undone)] {
                if (!undone) {
                    m_hooks.reportError("Not undone", undone.error().message);
                } else {
                    m_state.importOutcome = {};
                    m_state.notify("Undid the import of " + undone->record.source + ": voided " +
                                   counted(static_cast<long long>(undone->voided), "ticket", "tickets") + ".");
                }
                refreshHistory();
                m_hooks.ticketsChanged();
            };
        },
        [this](const std::string& e) { m_hooks.reportError("Not undone", e); });
}

}  // namespace qrgate::gui

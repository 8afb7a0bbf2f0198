#pragma once
// The console's paper: the Print screen's figures and preview, sheets, door lists and
// calibration pages saved or printed, and one ticket as PNG, PDF or on paper.
//
// Threads: the selection (the tickets, the glyph check) and the preview are made on the "paper"
// DatabaseWorker, the newest request only (its lane drops the ones still waiting), after the
// options have stayed the same for a moment; the tickets are read again only when the tickets
// chosen change, not for a new layout or paper. CUPS and the calibration file are read on a
// second worker, so a slow print server never holds a preview back. Writing and sending files
// are TaskRunner tasks (progress, Cancel). Results come back through the UiQueue; the preview is
// uploaded into a GL texture on the UI thread.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "app/gui_textures.hpp"
#include "core/paper/paper_job.hpp"
#include "core/paper/sheet_layouts.hpp"
#include "core/runtime/db_worker.hpp"
#include "core/runtime/task_runner.hpp"
#include "core/runtime/ui_queue.hpp"
#include "core/store/data_folder.hpp"
#include "views/console_commands.hpp"
#include "views/console_state.hpp"

namespace qrgate::gui {

class PrintController final : public views::PrintCommands {
public:
    PrintController(views::ConsoleState& state, UiQueue& ui, const DataFolder& folder, TaskRunner& tasks);
    ~PrintController() override;

    // UI thread, each frame: starts the preview once the options have settled.
    void tick();
    // A preview, the selection or the printers are on the way (scripts wait for them).
    bool busy() const;

    // views::PrintCommands
    void openPrint() override;
    void setPrintOptions(const views::PrintOptions& options) override;
    void refreshPrinters() override;
    void savePaper(views::PaperDocument document, const std::string& path) override;
    void printPaper(views::PaperDocument document, const std::string& printer, int copies) override;
    void saveCalibration(const std::string& printer, const views::CalibrationMeasurements& measured) override;
    void saveTicket(const std::string& ticketId, views::TicketFile kind, const std::string& path) override;
    void printTicket(const std::string& ticketId, const std::string& printer, int copies) override;
    void saveVolunteerCard(const std::string& path) override;

    // How long the options must stay unchanged before a preview is drawn.
    static constexpr std::chrono::milliseconds kSettle{30};

private:
    struct Target;  // where a document goes: a file, or a printer through a temporary file
    void startPreview();
    void loadCalibration(const std::string& printer);
    void runPaperTask(views::PaperDocument document, const Target& target);
    SheetLayout layoutFor(const std::string& name) const;
    PaperSize paperFor(const views::PrintOptions& options) const;
    void reportError(const std::string& what, const std::string& message);

    views::ConsoleState& m_state;
    UiQueue& m_ui;
    DataFolder m_folder;
    TaskRunner& m_tasks;
    GlTexture m_preview;

    views::PrintOptions m_options;
    bool m_haveOptions = false;
    std::optional<std::chrono::steady_clock::time_point> m_dueAt;  // a preview is wanted from then on
    int m_generation = 0;       // of the newest preview asked for
    int m_shownGeneration = 0;  // of the one on screen
    // The tickets of m_jobFor, read once for every layout and paper (immutable, shared with the
    // workers and the tasks).
    std::shared_ptr<const PaperJob> m_job;
    std::optional<views::PrintOptions> m_jobFor;
    int m_paperTasks = 0;

    // Last, so they stop (and drop what they would hand back) before the rest goes.
    DatabaseWorker m_printers;  // CUPS, printers.json, layouts.json
    DatabaseWorker m_paper;     // the selection and the preview
};

}  // namespace qrgate::gui

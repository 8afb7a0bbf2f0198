#pragma once
// The console's Import screen: reading a file (converted to UTF-8 when it is not), its preview
// with the column mapping remembered for its header and the plan of new rows and duplicates,
// the import itself (a task with progress and Cancel, the bad rows written to a rejects file when
// the organizer asked for a partial import) and undoing the event's last import.
//
// Threads: reading and checking are tasks (the file may be large), the plan and the last import
// are read on the console's reader, the remembered mapping written on its writer; results come
// back through the UiQueue. The preview's plan is computed by the same core function as the
// import's (core/io/import_plan), so the numbers shown are the ones applied.
#include <functional>
#include <memory>
#include <string>

#include "core/runtime/db_worker.hpp"
#include "core/runtime/task_runner.hpp"
#include "core/store/data_folder.hpp"
#include "views/console_commands.hpp"
#include "views/console_state.hpp"

namespace qrgate::gui {

class ImportController {
public:
    struct Hooks {
        std::function<std::vector<std::string>()> typeNames;  // the current event's, for checking rows
        std::function<void()> ticketsChanged;                 // refresh the tickets table and the figures
        std::function<void(const std::string& what, const std::string& message)> reportError;
    };
    ImportController(views::ConsoleState& state, const DataFolder& folder, TaskRunner& tasks, DatabaseWorker& reader,
                     DatabaseWorker& writer, Hooks hooks);

    // UI thread, each frame: loads the current event's last import while the screen shows.
    void tick(const std::string& visibleViewId);

    void open(const std::string& path);
    void remap(const AttendeeColumns& columns);
    void run(const views::ImportChoices& choices);
    void close();
    void undoLast();

private:
    void refreshHistory();

    views::ConsoleState& m_state;
    DataFolder m_folder;
    TaskRunner& m_tasks;
    DatabaseWorker& m_reader;
    DatabaseWorker& m_writer;
    Hooks m_hooks;
    std::shared_ptr<const std::string> m_text;  // the file as read (UTF-8), previewed and imported
};

}  // namespace qrgate::gui

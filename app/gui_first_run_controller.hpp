#pragma once
// The getting started guide's work: the demo event, the test ticket and its page (PDF, printer,
// picture for a kiosk's camera folder), its email, a real gate kiosk run as a child process of
// this program, the check-in log watched for the test ticket's verdict, and Finish voiding the
// test ticket. Database work runs on the guide's own worker, printing and SMTP on a second one,
// so a slow print server or mail server never holds up the log; answers change
// ConsoleState::firstRun on the UI thread through the UiQueue.
#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string>

#include "core/runtime/db_worker.hpp"
#include "core/runtime/ui_queue.hpp"
#include "core/store/data_folder.hpp"
#include "views/console_state.hpp"
#include "views/first_run_commands.hpp"

namespace qrgate::gui {

class FirstRunController final : public views::FirstRunCommands {
public:
    FirstRunController(views::ConsoleState& state, UiQueue& ui, const DataFolder& folder);
    // Stops the test kiosk (a console closing takes its test gate with it).
    ~FirstRunController() override;

    // UI thread, each frame: opens the guide once on a data folder without events (when the
    // console's first answers are in), watches the kiosk child and the check-in log.
    void tick(double nowSeconds, bool consoleReady);
    bool busy() const { return m_db.pending() > 0 || m_slow.pending() > 0; }

    // views::FirstRunCommands
    void createDemoEvent() override;
    void makeTestTicket() override;
    void saveTestTicket(const std::string& path) override;
    void printTestTicket(const std::string& printer) override;
    void emailTestTicket(const std::string& to) override;
    void startTestKiosk(bool usePicture) override;
    void stopTestKiosk() override;
    void finishGuide() override;

    // The demo event is there: the console makes it current and reads its events again.
    std::function<void(const std::string& eventId)> onEventChosen;

private:
    void watchKiosk();
    void pollScans();

    views::ConsoleState& m_state;
    UiQueue& m_ui;
    DataFolder m_folder;
    DatabaseWorker m_db;    // the guide's reads and writes
    DatabaseWorker m_slow;  // printing and SMTP
    std::filesystem::path m_pictureDir;  // the kiosk's camera folder: a picture of the test ticket
    pid_t m_kiosk = -1;
    std::int64_t m_scanBaseline = 0;  // the newest check-in at the test gate when the kiosk started
    double m_nextPoll = 0;
    bool m_polling = false;
};

}  // namespace qrgate::gui

#pragma once
// The admin console's commands, carried out on core/: short reads and writes on two database
// workers (one reads, one writes), long ones (issuing, importing, exporting) as tasks with
// progress and Cancel. Results change ConsoleState on the UI thread through the UiQueue.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "app/gui_health_controller.hpp"
#include "app/gui_backup_controller.hpp"
#include "app/gui_import_controller.hpp"
#include "app/gui_mail_controller.hpp"
#include "app/gui_print_controller.hpp"
#include "app/gui_textures.hpp"
#include "core/replica/device_registry.hpp"
#include "core/store/data_folder.hpp"
#include "core/runtime/db_worker.hpp"
#include "core/runtime/task_runner.hpp"
#include "sync/node_config.hpp"
#include "core/runtime/ui_queue.hpp"
#include "sync/node_config.hpp"
#include "views/console_commands.hpp"
#include "views/console_state.hpp"

namespace qrgate::sync {
class SyncNode;
}

namespace qrgate::gui {

class ConsoleController final : public views::ConsoleCommands {
public:
    ConsoleController(views::ConsoleState& state, UiQueue& ui, const DataFolder& folder,
                      sync::ListenAddress listen = {});
    ~ConsoleController() override;

    // Loads the events and settings; then tick() keeps the live figures fresh.
    void start();
    // UI thread, each frame: periodic refreshes, the running tasks for the views.
    void tick(double nowSeconds, const std::string& visibleViewId);
    bool busy() const {
        return m_tasks.busy() || m_print->busy() || m_mail->busy() || m_health->busy() || m_backup->busy();
    }
    // True once the first answers (events, settings) are in.
    bool ready() const { return m_ready; }

    std::function<void()> onQuit;
    std::function<void(float uiScale)> onScale;

    // views::ConsoleCommands
    void useEvent(const std::string& eventId) override;
    void createEvent(const EventDraft& draft) override;
    void updateEvent(const std::string& eventId, const EventDraft& draft) override;
    void saveType(const TicketType& type) override;
    void fetchTickets(const views::TicketPager::Request& request) override;
    void selectTicket(const std::string& ticketId) override;
    void setTicketState(const std::string& ticketId, TicketState state) override;
    void reissueTicket(const std::string& ticketId) override;
    void issueTickets(std::size_t count, const std::string& typeName) override;
    void setTicketsState(const TicketChoice& choice, TicketState state) override;
    void editTicket(const std::string& ticketId, const std::string& name, const std::string& email) override;
    void exportAttendees(const TicketQuery& query, const std::string& path) override;
    void openImport(const std::string& path) override;
    void remapImport(const AttendeeColumns& columns) override;
    void runImport(const views::ImportChoices& choices) override;
    void closeImport() override;
    void undoLastImport() override;
    void setLogQuery(const CheckinQuery& query) override;
    void exportCheckins(const std::string& path) override;
    void createPairing() override;
    // What the node says became of the code on the Gates screen (used, expired).
    static void applyPairingState(views::PairingOffer& offer, const PairingCodeState& state);
    void revokeDevice(const std::string& deviceId) override;
    views::PrintCommands& paper() override { return *m_print; }
    views::MailCommands& mail() override { return *m_mail; }
    views::BackupCommands& backup() override { return *m_backup; }
    BackupController& backupController() { return *m_backup; }  // the app takes "Restore and restart" from it
    views::FirstRunCommands* firstRun() override { return m_firstRun; }
    // The getting started guide's commands (app/gui_first_run_controller), owned by the app.
    void setFirstRun(views::FirstRunCommands* guide) { m_firstRun = guide; }
    void cancelTask(int taskId) override;
    void runHealthChecks() override { m_health->run(); }
    void applySettings(const views::ConsoleSettings& settings) override;
    views::Texture qrTexture(const std::string& qrData) override;
    void requestQuit() override;

private:
    void refreshEvents();
    void refreshStats();
    void refreshLog();
    void startNode();
    void refreshSync(bool withLists);
    void reportError(const std::string& what, const std::string& message);
    std::vector<std::string> typeNames() const;

    views::ConsoleState& m_state;
    UiQueue& m_ui;
    DataFolder m_folder;
    DatabaseWorker m_reader;
    DatabaseWorker m_writer;
    TaskRunner m_tasks;
    std::unique_ptr<PrintController> m_print;  // the Print screen and the ticket detail's paper
    std::unique_ptr<MailController> m_mail;    // the Email screen
    std::unique_ptr<HealthController> m_health;  // Settings, Health
    std::unique_ptr<BackupController> m_backup;  // the Settings screen's Backups panel
    QrTextureCache m_qr;
    sync::ListenAddress m_listen;  // QRGATE_LISTEN or 0.0.0.0:8443, like `qrgate serve`
    // The node serves on its own threads; workers reach it through this pointer (thread-safe).
    std::shared_ptr<sync::SyncNode> m_node;
    std::thread m_nodeStarter;  // binding and the first TLS certificate stay off the UI thread
    double m_nextPoll = 0;
    std::int64_t m_lastActivity = -1;  // admitted + refused + exits, to notice new scans
    bool m_ready = false;
    std::unique_ptr<ImportController> m_import;  // the Import screen
    views::FirstRunCommands* m_firstRun = nullptr;
    std::shared_ptr<std::atomic<std::size_t>> m_focusPage = std::make_shared<std::atomic<std::size_t>>(0);
    std::shared_ptr<std::atomic<int>> m_pagerGeneration = std::make_shared<std::atomic<int>>(0);
};

}  // namespace qrgate::gui

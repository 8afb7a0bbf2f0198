#pragma once
// The console's email: the Email screen's settings, template, preview, counts and outbox, the
// connection test and the test message, and sending.
//
// Threads: mail.json, the password file, the template, the counts, the outbox rows and the
// preview's ticket are read and written on the "mail" DatabaseWorker (lanes keep the newest
// read of a kind). The connection test and the test message talk to the server on a second
// worker, so a server that takes its timeout to answer never holds the screen's figures back.
// Sending (enqueue, then sendQueuedMail) is a TaskRunner task: its progress comes from the
// sender's thread through the UiQueue, Cancel sets the flag the sender polls. The outbox rows
// are read again at most once a second while a run goes on.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/mail/mail_outbox.hpp"
#include "core/mail/mail_sender.hpp"
#include "core/mail/mail_settings.hpp"
#include "core/paper/sheet_layouts.hpp"
#include "core/runtime/db_worker.hpp"
#include "core/runtime/task_runner.hpp"
#include "core/runtime/ui_queue.hpp"
#include "core/store/data_folder.hpp"
#include "views/console_commands.hpp"
#include "views/console_state.hpp"

namespace qrgate::gui {

class MailController final : public views::MailCommands {
public:
    MailController(views::ConsoleState& state, UiQueue& ui, const DataFolder& folder, TaskRunner& tasks);
    ~MailController() override;

    // UI thread, each frame: Cancel pressed in the task bar, the outbox rows while sending.
    void tick();
    // Something is being read, tried or sent (scripts wait for it).
    bool busy() const;
    // The running send's task, so the console can leave it out of the task bar on the Email
    // screen (which shows its own progress); 0 when none.
    int sendTaskId() const { return m_sendTask ? m_sendTask->id() : 0; }

    // views::MailCommands
    void openMail() override;
    void saveMailSettings(const MailSettings& settings, const std::optional<std::string>& password) override;
    void testConnection(const MailSettings& settings, const std::optional<std::string>& password) override;
    void saveTemplate(const MailTemplate& tmpl) override;
    void previewTicket(std::int64_t number) override;
    void sendTestMessage(const MailSettings& settings, const std::optional<std::string>& password,
                         const std::string& to) override;
    void sendMail(Recipients who) override;
    void cancelSending() override;
    void resendTicket(const std::string& ticketId) override;
    void resendState(OutboxState state) override;

private:
    // What a run queues before it sends (on the task's thread); returns a line saying what.
    using QueueStep = std::function<Result<std::string>(MailOutbox&, const MailSettings&, TimeMs now)>;
    // Queues, then sends everything queued, as a task; or only queues when a run is going on
    // already (it takes the new rows too) or this machine cannot send.
    void queueAndSend(const std::string& taskName, QueueStep queue);
    void startRun(const std::string& taskName, QueueStep queue);
    void queueOnly(QueueStep queue);
    void finishRun(Result<SendReport> report, const std::string& queued);
    void loadSettings();
    void loadTemplate();
    void refreshCounts();
    void refreshEntries();
    // A job on a worker, counted for busy(); its answer (or failure) is handed to the UI thread.
    void post(DatabaseWorker& worker, DatabaseWorker::Job job, std::function<void(const std::string&)> onFailure);
    MailSettingsStore store() const;
    PaperSize paper() const;
    std::string eventId() const { return m_state.mail.eventId; }

    views::ConsoleState& m_state;
    UiQueue& m_ui;
    DataFolder m_folder;
    TaskRunner& m_tasks;
    int m_pending = 0;  // worker jobs on their way
    std::optional<TaskHandle> m_sendTask;
    std::shared_ptr<std::atomic<bool>> m_cancel;  // of the running send; the sender polls it
    bool m_entriesStale = false;
    std::chrono::steady_clock::time_point m_nextEntries{};
    // Progress is posted from the sender's thread; it is dropped once this controller is gone.
    std::shared_ptr<std::atomic<bool>> m_alive = std::make_shared<std::atomic<bool>>(true);

    // Last, so they stop (and drop what they would hand back) before the rest goes.
    DatabaseWorker m_smtp;  // connection tests and test messages
    DatabaseWorker m_mail;  // files and the database
};

}  // namespace qrgate::gui

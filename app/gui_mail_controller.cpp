#include "app/gui_mail_controller.hpp"

#include "core/base/clock.hpp"
#include "core/mail/mail_outbox.hpp"
#include "core/mail/mail_sender.hpp"
#include "core/mail/mail_template.hpp"
#include "core/mail/smtp_transport.hpp"
#include "core/paper/paper_job.hpp"
#include "core/tickets/ticket_store.hpp"

namespace qrgate::gui {

using views::OutcomeLine;
using Tone = OutcomeLine::Tone;

namespace {

constexpr auto kEntriesEvery = std::chrono::seconds(1);  // the outbox rows while a run goes on
constexpr std::size_t kPreviewPage = 200;

TimeMs now() { return SystemClock::instance().nowMs(); }

// The password to try: the one typed, else the stored one.
std::string passwordFor(const std::optional<std::string>& typed, const MailSettingsStore& store) {
    if (typed) return *typed;
    auto stored = store.password();
    return stored ? *stored : std::string();
}

// "Queued 120 messages; 3 sent before were left out; ..." from what enqueue did.
std::string queuedLine(const EnqueueSummary& s) {
    std::string line = "Queued " + counted(static_cast<long long>(s.queued), "ticket", "tickets");
    if (s.badAddress > 0)
        line += "; " + counted(static_cast<long long>(s.badAddress), "address is", "addresses are") + " not an email address";
    if (s.inDoubt > 0) line += "; " + counted(static_cast<long long>(s.inDoubt), "in doubt was", "in doubt were") + " left out";
    if (s.busy > 0) line += "; " + counted(static_cast<long long>(s.busy), "was", "were") + " being sent by another run";
    return line + ".";
}

// The attendee for the preview: ticket `number`, or the first valid one with an address.
Result<Ticket> previewTicketOf(Database& db, const std::string& eventId, std::int64_t number) {
    TicketStore tickets(db);
    TicketQuery q;
    q.eventId = eventId;
    q.limit = kPreviewPage;
    if (number > 0) {
        q.search = std::to_string(number);
        for (const auto& t : tickets.list(q))
            if (t.number == number) return t;
        return Error{"unknown_ticket", "This event has no ticket #" + formatTicketNumber(number) + "."};
    }
    q.state = TicketState::Valid;
    for (;; q.offset += kPreviewPage) {
        const auto page = tickets.list(q);
        for (const auto& t : page)
            if (!t.holderEmail.empty()) return t;
        if (page.size() < kPreviewPage) break;
    }
    return Error{"no_address", "No valid ticket has an email address yet: there is nobody to send to."};
}

}  // namespace

MailController::MailController(views::ConsoleState& state, UiQueue& ui, const DataFolder& folder, TaskRunner& tasks)
    : m_state(state),
      m_ui(ui),
      m_folder(folder),
      m_tasks(tasks),
      m_smtp(folder.databaseFile(), ui, "smtp"),
      m_mail(folder.databaseFile(), ui, "mail") {}

MailController::~MailController() {
    // A run still sending stops at its next look at the flag; the task runner then joins it.
    if (m_cancel) m_cancel->store(true);
    m_alive->store(false);
}

bool MailController::busy() const { return m_pending > 0 || m_state.mail.sending; }

MailSettingsStore MailController::store() const {
    return MailSettingsStore(m_folder.mailSettingsFile(), m_folder.mailPasswordFile());
}

PaperSize MailController::paper() const {
    // The attached PDF on the paper chosen on the Print screen (A4 unless changed there).
    return paperSizeOrA4(m_state.print.options.paper);
}

void MailController::post(DatabaseWorker& worker, DatabaseWorker::Job job,
                          std::function<void(const std::string&)> onFailure) {
    ++m_pending;
    worker.post(
        [this, job = std::move(job)](Database& db) -> DatabaseWorker::Continuation {
            auto done = job(db);
            return [this, done = std::move(done)] {
                --m_pending;
                if (done) done();
            };
        },
        [this, onFailure = std::move(onFailure)](const std::string& e) {
            --m_pending;
            if (onFailure) onFailure(e);
        });
}

void MailController::tick() {
    // Cancel pressed in the task bar (another screen): the sender only looks at its own flag.
    if (m_sendTask && m_sendTask->cancelRequested() && m_cancel && !m_cancel->load()) {
        m_cancel->store(true);
        m_state.mail.cancelRequested = true;
    }
    if (m_entriesStale && std::chrono::steady_clock::now() >= m_nextEntries) {
        refreshEntries();
        refreshCounts();  // what each choice of recipients would take changes with every message
    }
}

void MailController::openMail() {
    auto& mail = m_state.mail;
    if (mail.eventId != m_state.currentEventId) {
        // Another event: nothing of the last one's figures stays on screen.
        const bool sending = mail.sending;
        auto settings = mail.settings;
        const bool settingsLoaded = mail.settingsLoaded;
        const int settingsVersion = mail.settingsVersion, templateVersion = mail.templateVersion;
        mail = {};
        mail.sending = sending;
        mail.settings = settings;
        mail.settingsLoaded = settingsLoaded;
        mail.settingsVersion = settingsVersion;
        mail.templateVersion = templateVersion;
        mail.eventId = m_state.currentEventId;
    }
    if (mail.eventId.empty()) return;
    loadSettings();
    loadTemplate();
    refreshCounts();
    refreshEntries();
    if (!mail.preview) previewTicket(0);
}

void MailController::loadSettings() {
    const auto store = this->store();
    post(
        m_mail,
        [this, store](Database&) {
            auto settings = store.load();
            const bool hasPassword = store.hasPassword();
            return [this, settings = std::move(settings), hasPassword] {
                auto& mail = m_state.mail;
                mail.settingsLoaded = true;
                ++mail.settingsVersion;
                mail.settings = settings ? *settings : MailSettings{};
                mail.settingsError = settings ? "" : settings.error().message + " The defaults are shown; Save replaces it.";
                mail.hasPassword = hasPassword;
            };
        },
        [this](const std::string& e) {
            m_state.mail.settingsLoaded = true;
            m_state.mail.settingsError = "The mail settings could not be read: " + e;
        });
}

void MailController::loadTemplate() {
    const std::string eventId = this->eventId();
    post(
        m_mail,
        [this, eventId](Database& db) {
            auto tmpl = loadMailTemplate(db, eventId);
            return [this, eventId, tmpl = std::move(tmpl)] {
                if (eventId != this->eventId()) return;
                auto& mail = m_state.mail;
                mail.templateLoaded = true;
                ++mail.templateVersion;
                mail.savedTemplate = tmpl;
            };
        },
        [this](const std::string& e) { m_state.mail.templateSaved = {"The message could not be read: " + e, Tone::Bad}; });
}

void MailController::refreshCounts() {
    const std::string eventId = this->eventId();
    const KeyStore keys = m_folder.keyStore();
    const bool onePerAddress = m_state.mail.settings.onePerAddress;
    post(
        m_mail,
        [this, eventId, keys, onePerAddress](Database& db) {
            MailOutbox outbox(db);
            // What enqueue would take for each choice, by enqueue's own rule (plan reads, never writes).
            auto plan = [&](Recipients who) { return outbox.plan(eventId, who, onePerAddress); };
            auto tickets = [](const Result<MailPlan>& p) { return p ? p->summary.queued + p->summary.badAddress : 0; };
            views::RecipientCounts recipients;
            const auto all = plan(Recipients::All);
            recipients.all = tickets(all);
            // A ticket without an address never has an outbox row, so "all" meets every one of them.
            recipients.noAddress = all ? all->summary.noAddress : 0;
            recipients.notSent = tickets(plan(Recipients::NotSent));
            recipients.failed = tickets(plan(Recipients::Failed));
            recipients.unknown = tickets(plan(Recipients::Unknown));
            auto counts = outbox.counts(eventId);
            const bool noKeyFile = !keys.has(eventId);
            return [this, eventId, recipients, counts, noKeyFile] {
                if (eventId != this->eventId()) return;
                auto& mail = m_state.mail;
                mail.countsLoaded = true;
                mail.recipients = recipients;
                if (!mail.sending) mail.outbox = counts;  // while sending, the sender's figures are newer
                mail.noKeyFile = noKeyFile;
            };
        },
        [this](const std::string& e) { m_state.notify("The outbox could not be read: " + e, true); });
}

void MailController::refreshEntries() {
    m_entriesStale = false;
    m_nextEntries = std::chrono::steady_clock::now() + kEntriesEvery;
    const std::string eventId = this->eventId();
    post(
        m_mail,
        [this, eventId](Database& db) {
            auto entries = MailOutbox(db).list(eventId);
            return [this, eventId, entries = std::move(entries)]() mutable {
                if (eventId != this->eventId()) return;
                auto& mail = m_state.mail;
                mail.entries = std::move(entries);
                mail.entriesLoaded = true;
                mail.entriesError.clear();
                ++mail.entriesVersion;
            };
        },
        [this](const std::string& e) { m_state.mail.entriesError = "The outbox could not be read: " + e; });
}

void MailController::saveMailSettings(const MailSettings& settings, const std::optional<std::string>& password) {
    const auto store = this->store();
    m_state.mail.savingSettings = true;
    post(
        m_mail,
        [this, store, settings, password](Database&) {
            Status saved = store.save(settings);
            if (saved && password) saved = store.savePassword(*password);
            const bool hasPassword = store.hasPassword();
            return [this, settings, saved = std::move(saved), hasPassword, forgot = password && password->empty()] {
                auto& mail = m_state.mail;
                mail.savingSettings = false;
                mail.hasPassword = hasPassword;
                if (!saved) {
                    mail.settingsSaved = {"Not saved: " + saved.error().message, Tone::Bad};
                    return;
                }
                mail.settings = settings;
                mail.settingsError.clear();
                mail.settingsSaved = {forgot ? "Saved; the password was removed from this machine." : "Saved.", Tone::Good};
                refreshCounts();  // one message per address or not: the plans change
            };
        },
        [this](const std::string& e) {
            m_state.mail.savingSettings = false;
            m_state.mail.settingsSaved = {"Not saved: " + e, Tone::Bad};
        });
}

void MailController::testConnection(const MailSettings& settings, const std::optional<std::string>& password) {
    const auto store = this->store();
    m_state.mail.testingConnection = true;
    m_state.mail.connection = {};
    post(
        m_smtp,
        [this, store, settings, password](Database&) {
            auto transport = SmtpTransport::create(settings, passwordFor(password, store));
            Status tried = transport ? (*transport)->testConnection() : Status(transport.error());
            std::string line;
            if (tried) {
                line = "Connected to " + (*transport)->endpoint().describe();
                line += settings.user.empty() ? "; no login asked." : " and logged in as " + settings.user + ".";
            } else {
                line = tried.error().message;
            }
            return [this, ok = static_cast<bool>(tried), line] {
                m_state.mail.testingConnection = false;
                m_state.mail.connection = {line, ok ? Tone::Good : Tone::Bad};
            };
        },
        [this](const std::string& e) {
            m_state.mail.testingConnection = false;
            m_state.mail.connection = {e, Tone::Bad};
        });
}

void MailController::saveTemplate(const MailTemplate& tmpl) {
    const std::string eventId = this->eventId();
    post(
        m_mail,
        [this, eventId, tmpl](Database& db) {
            Status saved = saveMailTemplate(db, eventId, tmpl, now());
            return [this, eventId, tmpl, saved = std::move(saved)] {
                if (eventId != this->eventId()) return;
                auto& mail = m_state.mail;
                if (!saved) {
                    mail.templateSaved = {"Not saved: " + saved.error().message, Tone::Bad};
                    return;
                }
                mail.savedTemplate = tmpl;
                mail.templateSaved = {"Saved: the next messages say this.", Tone::Good};
            };
        },
        [this](const std::string& e) { m_state.mail.templateSaved = {"Not saved: " + e, Tone::Bad}; });
}

void MailController::previewTicket(std::int64_t number) {
    const std::string eventId = this->eventId();
    const KeyStore keys = m_folder.keyStore();
    m_state.mail.previewLoading = true;
    post(
        m_mail,
        [this, eventId, keys, number](Database& db) -> DatabaseWorker::Continuation {
            auto ticket = previewTicketOf(db, eventId, number);
            std::optional<views::MailPreviewTicket> preview;
            std::string error;
            bool noKeyFile = false;
            if (!ticket) {
                error = ticket.error().message;
            } else {
                const auto only = TicketSelection::byIds({ticket->id});
                auto job = loadPaperJob(db, keys, eventId, only);
                noKeyFile = !job && job.error().code == "no_key_file";
                auto batch = job ? Result<TicketBatch>(job->batch) : loadTicketBatch(db, eventId, only);
                if (!batch) {
                    error = batch.error().message;
                } else {
                    preview = views::MailPreviewTicket{*ticket, templateValuesFor(batch->event, batch->tickets), ""};
                    if (job) {
                        auto qr = job->qrDataFor(*ticket);
                        if (qr) preview->qrData = *qr;
                    }
                }
            }
            return [this, eventId, preview = std::move(preview), error, noKeyFile]() mutable {
                if (eventId != this->eventId()) return;
                auto& mail = m_state.mail;
                mail.previewLoading = false;
                mail.previewError = error;
                if (preview) mail.preview = std::move(preview);
                if (noKeyFile) mail.noKeyFile = true;
            };
        },
        [this](const std::string& e) {
            m_state.mail.previewLoading = false;
            m_state.mail.previewError = "No preview: " + e;
        });
}

void MailController::sendTestMessage(const MailSettings& settings, const std::optional<std::string>& password,
                                     const std::string& to) {
    const auto& mail = m_state.mail;
    if (!mail.preview) return;
    const std::string eventId = this->eventId(), ticketId = mail.preview->ticket.id;
    const auto store = this->store();
    const DataFolder folder = m_folder;
    const PaperSize paper = this->paper();
    m_state.mail.sendingTest = true;
    m_state.mail.testMessage = {};
    post(
        m_smtp,
        [=, this](Database&) {
            Status sent = qrgate::sendTestMessage(folder, settings, passwordFor(password, store), eventId, ticketId, to, paper);
            return [this, sent = std::move(sent), to] {
                m_state.mail.sendingTest = false;
                m_state.mail.testMessage = sent ? OutcomeLine{"Sent to " + to + ": the server took it.", Tone::Good}
                                                : OutcomeLine{sent.error().message, Tone::Bad};
            };
        },
        [this](const std::string& e) {
            m_state.mail.sendingTest = false;
            m_state.mail.testMessage = {e, Tone::Bad};
        });
}

void MailController::sendMail(Recipients who) {
    const std::string eventId = this->eventId();
    queueAndSend("Sending email", [who, eventId](MailOutbox& outbox, const MailSettings& settings,
                                                 TimeMs at) -> Result<std::string> {
        auto summary = outbox.enqueue(eventId, who, settings.onePerAddress, at);
        if (!summary) return summary.error();
        return queuedLine(*summary);
    });
}

void MailController::resendTicket(const std::string& ticketId) {
    queueAndSend("Sending email", [ticketId](MailOutbox& outbox, const MailSettings&, TimeMs at) -> Result<std::string> {
        auto queued = outbox.resendTicket(ticketId, at);
        if (!queued) return queued.error();
        const auto entry = outbox.entryForTicket(ticketId);
        return "Queued ticket #" + formatTicketNumber(entry ? entry->ticketNumber : 0) + " again.";
    });
}

void MailController::resendState(OutboxState state) {
    const std::string eventId = this->eventId();
    queueAndSend("Sending email", [state, eventId](MailOutbox& outbox, const MailSettings&, TimeMs at) -> Result<std::string> {
        const int n = outbox.resendState(eventId, state, at);
        return "Queued " + counted(static_cast<long long>(n), "ticket", "tickets") + " " + toString(state) + " before again.";
    });
}

void MailController::queueAndSend(const std::string& taskName, QueueStep queue) {
    const auto& mail = m_state.mail;
    if (mail.eventId.empty()) return;
    if (mail.sending || mail.noKeyFile || !mail.settings.configured()) queueOnly(std::move(queue));
    else startRun(taskName, std::move(queue));
}

// Rows queued without a run of ours starting: the running one sends them, or the next Send.
void MailController::queueOnly(QueueStep queue) {
    const MailSettings settings = m_state.mail.settings;
    post(
        m_mail,
        [this, queue = std::move(queue), settings](Database& db) {
            MailOutbox outbox(db);
            auto queued = queue(outbox, settings, now());
            return [this, queued = std::move(queued)] {
                const auto& mail = m_state.mail;
                if (!queued) {
                    m_state.notify("Not queued: " + queued.error().message, true);
                } else {
                    const char* then = mail.sending            ? " It goes out with the run in progress."
                                       : mail.noKeyFile         ? " It is sent from the organizer's machine."
                                                               : " Set up the mail server (Settings), then Send.";
                    m_state.notify(*queued + then);
                }
                refreshCounts();
                refreshEntries();
            };
        },
        [this](const std::string& e) { m_state.notify("Not queued: " + e, true); });
}

void MailController::startRun(const std::string& taskName, QueueStep queue) {
    auto& mail = m_state.mail;
    const std::string eventId = mail.eventId;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    mail.sending = true;
    mail.cancelRequested = false;
    mail.progress.reset();
    mail.sendResult = {};
    const DataFolder folder = m_folder;
    const PaperSize paper = this->paper();
    auto alive = m_alive;
    m_sendTask = m_tasks.start(
        taskName,
        [this, eventId, cancel, folder, paper, alive, queue = std::move(queue)](TaskProgress& task) -> TaskRunner::Continuation {
            const MailSettingsStore store(folder.mailSettingsFile(), folder.mailPasswordFile());
            auto settings = store.load();
            if (!settings) return [this, e = settings.error()] { finishRun(e, ""); };
            auto password = store.password();
            if (!password) return [this, e = password.error()] { finishRun(e, ""); };
            if (!folder.keyStore().has(eventId))  // nothing is queued that this machine cannot send
                return [this] { finishRun(Error{"no_key_file", "Email needs the organizer's machine: this one has no key file for the event."}, ""); };
            std::string queued;
            {
                auto db = folder.openDatabase();
                if (!db) return [this, e = db.error()] { finishRun(e, ""); };
                MailOutbox outbox(**db);
                auto step = queue(outbox, *settings, now());
                if (!step) return [this, e = step.error()] { finishRun(e, ""); };
                queued = *step;
            }
            SendRequest request;
            request.eventId = eventId;
            request.settings = *settings;
            request.password = *password;
            request.paper = paper;
            request.cancel = cancel.get();
            request.onProgress = [this, alive, cancel, &task](const SendProgress& p) {
                const int done = p.sentThisRun + p.failedThisRun + p.unknownThisRun;
                const int left = p.counts.queued + p.counts.sending;
                if (!task.report(static_cast<std::size_t>(done), static_cast<std::size_t>(done + left)))
                    cancel->store(true);  // Cancel in the task bar
                m_ui.post([this, alive, p] {
                    if (!alive->load()) return;
                    auto& mail = m_state.mail;
                    mail.progress = p;
                    mail.outbox = p.counts;
                    m_entriesStale = true;
                });
            };
            auto report = sendQueuedMail(folder, request);
            return [this, report = std::move(report), queued]() mutable { finishRun(std::move(report), queued); };
        },
        [this](const std::string& e) { finishRun(Error{"exception", e}, ""); });
}

void MailController::finishRun(Result<SendReport> report, const std::string& queued) {
    auto& mail = m_state.mail;
    mail.sending = false;
    mail.cancelRequested = false;
    m_sendTask.reset();
    m_cancel.reset();
    if (!report) {
        if (report.error().code == "no_key_file") mail.noKeyFile = true;
        mail.sendResult = {(queued.empty() ? "" : queued + " ") + "Not sent: " + report.error().message, Tone::Bad};
        m_state.notify(mail.sendResult.text, true);
    } else {
        const SendProgress& p = report->last;
        mail.progress = p;
        mail.outbox = p.counts;
        std::string line = counted(static_cast<long long>(p.sentThisRun), "message", "messages") + " sent";
        if (p.failedThisRun > 0) line += ", " + withThousands(p.failedThisRun) + " failed";
        if (p.unknownThisRun > 0) line += ", " + withThousands(p.unknownThisRun) + " unknown";
        Tone tone = p.failedThisRun + p.unknownThisRun > 0 ? Tone::Bad : Tone::Good;
        if (report->stopped && report->stopped->code == "cancelled") {
            line = "Cancelled: " + line + "; the rest stays queued.";
            tone = Tone::Plain;
        } else if (report->stopped) {
            line = "Stopped: " + report->stopped->message + " (" + line + "; the rest stays queued for the next run).";
            tone = Tone::Bad;
        } else {
            line = "Done: " + line + (tone == Tone::Bad ? " (see the Outbox)." : ".");
        }
        if (report->interruptedBefore > 0)
            line += " " + counted(static_cast<long long>(report->interruptedBefore), "message", "messages") +
                    " of an earlier run that stopped half-way became unknown.";
        mail.sendResult = {line, tone};
        m_state.notify(line, tone == Tone::Bad);
    }
    refreshCounts();
    refreshEntries();
}

void MailController::cancelSending() {
    if (!m_cancel) return;
    m_cancel->store(true);
    m_state.mail.cancelRequested = true;
    if (m_sendTask) m_sendTask->cancel();
}

}  // namespace qrgate::gui

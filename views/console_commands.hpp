#pragma once
// What the admin console's screens ask for. The views call these; the app implements them on
// top of core/ (workers, tasks) and answers by changing ConsoleState on the UI thread. Tests
// implement them with a recorder.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <imgui.h>

#include "core/checkin/checkin_log.hpp"
#include "core/events/event_catalog.hpp"
#include "core/base/model.hpp"
#include "core/io/attendee_import.hpp"
#include "core/io/import_plan.hpp"
#include "views/backup_state.hpp"
#include "views/console_state.hpp"
#include "views/first_run_commands.hpp"
#include "views/texture.hpp"
#include "views/ticket_pager.hpp"

namespace qrgate::views {

// The Print screen's and the ticket detail's paper: sheets, the door list, the calibration page,
// one ticket as PNG or PDF, and printing them. Long runs are tasks (progress and Cancel in the
// console's task bar); answers arrive in ConsoleState::print and as notices.
class PrintCommands {
public:
    virtual ~PrintCommands() = default;

    // The screen was opened: read the layouts, the printers and the selection afresh.
    virtual void openPrint() = 0;
    // The options changed: new figures and a new preview (debounced, off the UI thread).
    virtual void setPrintOptions(const PrintOptions& options) = 0;
    virtual void refreshPrinters() = 0;
    // With the options last set: write `path` / send it to `printer` (the sheet and the door
    // list with that printer's calibration; the calibration page without, to be measured).
    virtual void savePaper(PaperDocument document, const std::string& path) = 0;
    virtual void printPaper(PaperDocument document, const std::string& printer, int copies) = 0;
    virtual void saveCalibration(const std::string& printer, const CalibrationMeasurements& measured) = 0;

    virtual void saveTicket(const std::string& ticketId, TicketFile kind, const std::string& path) = 0;
    virtual void printTicket(const std::string& ticketId, const std::string& printer, int copies) = 0;
    // The Gates screen: the current event's volunteer card (one page, PDF) to `path`.
    virtual void saveVolunteerCard(const std::string& path) = 0;
};

// The Email screen: settings, the event's template, sending and the outbox. Network and sending
// run off the UI thread; answers arrive in ConsoleState::mail.
class MailCommands {
public:
    virtual ~MailCommands() = default;

    // The screen was opened or the event changed: settings, template, counts, outbox, preview.
    virtual void openMail() = 0;
    // Writes mail.json; with `password`, the password file too (an empty one removes it).
    virtual void saveMailSettings(const MailSettings& settings, const std::optional<std::string>& password) = 0;
    // Tries these settings against the server, with `password` or else the stored one.
    virtual void testConnection(const MailSettings& settings, const std::optional<std::string>& password) = 0;
    virtual void saveTemplate(const MailTemplate& tmpl) = 0;
    // The attendee the preview is filled for: ticket `number`, or 0 for the first valid ticket
    // with an email address.
    virtual void previewTicket(std::int64_t number) = 0;
    // The saved template filled for the preview's ticket, sent to `to` with these settings; not
    // recorded in the outbox.
    virtual void sendTestMessage(const MailSettings& settings, const std::optional<std::string>& password,
                                 const std::string& to) = 0;
    // Queues `who` and sends the queue with the saved settings, as a task.
    virtual void sendMail(Recipients who) = 0;
    virtual void cancelSending() = 0;
    virtual void resendTicket(const std::string& ticketId) = 0;
    virtual void resendState(OutboxState state) = 0;
};

// What the organizer chose on the Import screen before pressing Issue.
struct ImportChoices {
    DuplicatePolicy duplicates = DuplicatePolicy::Skip;
    bool skipBadRows = false;  // issue the good rows, write the bad ones to a rejects file
    bool operator==(const ImportChoices&) const = default;
};

class ConsoleCommands {
public:
    virtual ~ConsoleCommands() = default;

    virtual void useEvent(const std::string& eventId) = 0;
    virtual void createEvent(const EventDraft& draft) = 0;
    virtual void updateEvent(const std::string& eventId, const EventDraft& draft) = 0;
    virtual void saveType(const TicketType& type) = 0;  // id 0 = add

    virtual void fetchTickets(const TicketPager::Request& request) = 0;
    virtual void selectTicket(const std::string& ticketId) = 0;
    virtual void setTicketState(const std::string& ticketId, TicketState state) = 0;
    virtual void reissueTicket(const std::string& ticketId) = 0;
    virtual void issueTickets(std::size_t count, const std::string& typeName) = 0;
    // Void N... / Restore N...: the chosen tickets in one transaction (a notice says how many changed).
    virtual void setTicketsState(const TicketChoice& choice, TicketState state) = 0;
    // Edit...: the holder's name and email; the answer arrives in ConsoleState::ticketEdit.
    virtual void editTicket(const std::string& ticketId, const std::string& name, const std::string& email) = 0;
    // Export CSV...: the tickets `query` matches (the search and filter shown, or the whole event).
    virtual void exportAttendees(const TicketQuery& query, const std::string& path) = 0;

    virtual void openImport(const std::string& path) = 0;
    virtual void remapImport(const AttendeeColumns& columns) = 0;
    // Imports the previewed file with its columns: all rows or none, unless choices.skipBadRows.
    virtual void runImport(const ImportChoices& choices) = 0;
    virtual void closeImport() = 0;
    virtual void undoLastImport() = 0;  // voids what the current event's last import issued

    virtual void setLogQuery(const CheckinQuery& query) = 0;
    virtual void exportCheckins(const std::string& path) = 0;

    // Gates & devices: a one-time pairing code for a kiosk (answer in ConsoleState::sync.pairing),
    // and stopping a device's token.
    virtual void createPairing() = 0;
    virtual void revokeDevice(const std::string& deviceId) = 0;

    virtual PrintCommands& paper() = 0;
    virtual MailCommands& mail() = 0;
    virtual BackupCommands& backup() = 0;  // the Settings screen's Backups panel
    // The getting started guide's own commands; none where there is no guide (view tests).
    virtual FirstRunCommands* firstRun() { return nullptr; }

    virtual void cancelTask(int taskId) = 0;
    // Settings, Health: the checks of `qrgate doctor`, off the UI thread (ConsoleState::health).
    virtual void runHealthChecks() = 0;
    virtual void applySettings(const ConsoleSettings& settings) = 0;

    // A texture of the QR code for `qrData`, made once and cached.
    virtual Texture qrTexture(const std::string& qrData) = 0;
    virtual void requestQuit() = 0;
};

}  // namespace qrgate::views

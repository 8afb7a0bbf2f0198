#pragma once
// What the admin console shows, owned by the app and changed only on the UI thread (results of
// worker jobs arrive as closures through the UiQueue). Views read it and hold only their own
// view state (selection, filter text, a form's draft).
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/base/link_state.hpp"
#include "core/io/attendee_import.hpp"
#include "core/io/import_history.hpp"
#include "core/io/import_plan.hpp"
#include "core/checkin/checkin_log.hpp"
#include "core/checkin/conflict_log.hpp"
#include "core/replica/device_registry.hpp"
#include "core/base/model.hpp"
#include "core/runtime/task_runner.hpp"
#include "views/first_run_state.hpp"
#include "views/health_state.hpp"
#include "views/backup_state.hpp"
#include "views/mail_state.hpp"
#include "views/print_state.hpp"
#include "views/ticket_pager.hpp"
#include "views/ticket_selection.hpp"

namespace qrgate::views {

struct Notice {
    std::string text;
    bool error = false;
    double shownUntil = 0;  // ImGui time; set when first drawn
    double seconds = 0;     // how long it shows; 0: 4 s, 8 s for an error
};

// A CSV chosen for import: its columns, the mapping, and what reading it with that mapping gave.
struct ImportPreview {
    std::string path;
    std::string fileError;  // unreadable file or CSV syntax: nothing else is set
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> sample;  // first rows as in the file
    std::size_t fileRows = 0;
    AttendeeColumns columns;
    AttendeeImport result;  // rows and problems for `columns`
    bool reading = false;
    std::string encodingNote;        // "Read as Windows-1252 (converted)"; empty for UTF-8
    bool mappingRemembered = false;  // `columns` are the ones chosen before for this header
    ImportPlan plan;                 // result.rows against the event's valid tickets: new, duplicates
};

// The Import screen's record of what happened, kept after the file is closed.
struct ImportOutcome {
    std::string summary;      // "Issued 3 tickets, skipped 2 duplicates, ..." of the last import
    std::string rejectsPath;  // where a partial import wrote its bad rows; empty when none
};

// The current event's last import, for "Undo last import".
struct ImportHistoryState {
    std::string eventId;               // whose it is; empty until loaded
    std::optional<ImportRecord> last;  // none: nothing to undo
};

// What the app answered to the Tickets screen's Edit... (TicketStore::editHolder): the modal
// closes once `saved`, and shows a refusal under the field it is about.
struct TicketEditAnswer {
    std::string ticketId;
    bool saving = false;
    bool saved = false;
    std::string nameError;
    std::string emailError;
    std::string error;  // anything else (the ticket is gone, the database refused)
};

struct ArrivalsChart {
    TimeMs from = 0;
    TimeMs bucketMs = 10 * 60 * 1000;
    std::vector<std::int64_t> counts;
};

struct ConsoleSettings {
    float uiScale = 1.0f;  // times the monitor's content scale
    bool operator==(const ConsoleSettings&) const = default;
};

// The console's own sync node (the leader kiosks follow) and what the Gates & devices screen
// lists. Filled by the app from SyncNode::status(), DeviceRegistry and ConflictLog.
struct PairingOffer {
    std::string invite;  // "qrgate-pair:v1?url=...&code=...&fp=..." (shown as a QR code)
    std::string code;    // "ABCDE-FGHJK"
    TimeMs expiresAt = 0;
    // What the node says became of it (polled while it is shown): a used or expired code is
    // shown as such, with a new one offered, never as a code still to scan.
    enum class Stage { Open, Used, Expired };
    Stage stage = Stage::Open;
    TimeMs usedAt = 0;
    std::string usedBy;  // the device's name, "Gate North"
};

struct SyncOverview {
    bool starting = true;
    std::string error;        // the node could not start (port taken, ...): shown, never fatal
    std::string listen;       // what it was asked to listen on, "0.0.0.0:8443"
    std::string role;         // "leader" / "follower"
    std::string url;
    std::string fingerprint;  // empty over plain http
    LinkState linkState = LinkState::None;  // a follower's link to its leader
    std::int64_t pendingUploads = 0;
    std::int64_t conflictCount = 0;

    std::vector<Device> devices;
    std::vector<Conflict> conflicts;  // newest first
    bool listsLoaded = false;

    TimeMs nowMs = 0;  // for ages and the code's expiry; set by the app each second
    std::optional<PairingOffer> pairing;  // the last code made, until it expires
    bool pairingBusy = false;
    std::string pairingError;
};

struct ConsoleState {
    std::string dataDir;
    std::string databaseError;  // set when the data folder could not be opened

    std::vector<Event> events;
    std::string currentEventId;
    std::vector<TicketType> types;  // of the current event

    CheckinStats stats;
    ArrivalsChart arrivals;
    bool statsLoaded = false;

    std::vector<Checkin> log;  // newest first, for the log view's filter
    CheckinQuery logQuery;
    bool logLoaded = false;

    TicketPager tickets;
    // The Tickets screen's multi-selection; the Print screen prints it ("the selected tickets").
    TicketSelection ticketSelection;
    std::optional<Ticket> selectedTicket;
    TicketEditAnswer ticketEdit;
    std::string selectedQrData;  // empty when the key file is not on this machine
    std::string selectedQrError;

    ImportPreview import;
    ImportOutcome importOutcome;
    ImportHistoryState importHistory;
    std::vector<TaskHandle> tasks;  // running long operations
    std::deque<Notice> notices;
    ConsoleSettings settings;
    SyncOverview sync;
    PrintState print;
    MailState mail;
    FirstRunState firstRun;  // the getting started guide
    HealthState health;  // the Settings screen's Health panel
    BackupState backup;  // the Settings screen's Backups panel
    std::string navigateTo;  // a screen asks the shell to show another (e.g. Tickets -> Import)
    double monitorScale = 1.0;

    const Event* currentEvent() const {
        for (const auto& e : events)
            if (e.id == currentEventId) return &e;
        return nullptr;
    }
    void notify(std::string text, bool error = false, double seconds = 0) {
        notices.push_back({std::move(text), error, 0, seconds});
    }
};

}  // namespace qrgate::views

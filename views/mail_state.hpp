#pragma once
// What the Email screen shows: the mail settings and the event's template as saved, the attendee
// the preview is filled for, what each choice of recipients would send, a run in progress, and
// the outbox's rows. Changed by the app on the UI thread only; the view keeps its own drafts of
// the settings and the template and sends them when the organizer saves.
#include <optional>
#include <string>
#include <vector>

#include "core/base/model.hpp"
#include "core/mail/mail_outbox.hpp"
#include "core/mail/mail_sender.hpp"
#include "core/mail/mail_settings.hpp"
#include "core/mail/mail_template.hpp"

namespace qrgate::views {

// One line under a button saying what came of it: green when it worked, red when not, plain
// when neither (cancelled).
struct OutcomeLine {
    enum class Tone { Good, Bad, Plain };
    std::string text;
    Tone tone = Tone::Good;
    bool empty() const { return text.empty(); }
};

// What Send would take for each choice of recipients (MailOutbox::plan): the tickets with an
// address (a malformed one included: it is marked failed at once), and the tickets without one.
struct RecipientCounts {
    int notSent = 0, all = 0, failed = 0, unknown = 0;
    int noAddress = 0;  // valid tickets without an email address: never sent
    int of(Recipients who) const {
        switch (who) {
            case Recipients::NotSent: return notSent;
            case Recipients::All: return all;
            case Recipients::Failed: return failed;
            case Recipients::Unknown: return unknown;
        }
        return 0;
    }
};

// The attendee whose ticket the template preview is filled with.
struct MailPreviewTicket {
    Ticket ticket;
    TemplateValues values;
    std::string qrData;  // the ticket's QR payload (the image in the message); empty without the key file
};

struct MailState {
    std::string eventId;  // the event the figures below are for

    // mail.json and whether smtp-password exists (its content never reaches the screen).
    bool settingsLoaded = false;
    int settingsVersion = 0;  // counts loads: the view takes a fresh draft when it changes
    MailSettings settings;
    bool hasPassword = false;
    std::string settingsError;  // a damaged mail.json (defaults are shown)
    bool savingSettings = false;
    OutcomeLine settingsSaved;
    bool testingConnection = false;
    OutcomeLine connection;  // testConnection's one line

    // The event's template (the default until the organizer saves one).
    bool templateLoaded = false;
    int templateVersion = 0;  // counts loads, like settingsVersion
    MailTemplate savedTemplate;
    OutcomeLine templateSaved;

    bool previewLoading = false;
    std::optional<MailPreviewTicket> preview;
    std::string previewError;  // "No ticket #12 with an email address", ...
    bool sendingTest = false;
    OutcomeLine testMessage;

    // This machine has no key file for the event (a gate's replica): no QR codes, no email.
    bool noKeyFile = false;

    bool countsLoaded = false;
    RecipientCounts recipients;  // what each choice would take now
    OutboxCounts outbox;         // the event's rows by state

    // A run: enqueue, then send until the queue is empty, cancelled, or the server is gone.
    bool sending = false;
    bool cancelRequested = false;
    std::optional<SendProgress> progress;  // of the run going on or the last one
    OutcomeLine sendResult;                // how the last run ended

    // The outbox's rows by ticket number, replaced whole (`entriesVersion` counts replacements).
    bool entriesLoaded = false;
    int entriesVersion = 0;
    std::vector<OutboxEntry> entries;
    std::string entriesError;
};

}  // namespace qrgate::views

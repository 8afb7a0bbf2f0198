#pragma once
// ConsoleCommands that record what the screens ask for, and a console state with an event, for
// the view tests (no window, no app behind them).
#include <string>
#include <vector>

#include "views/console_commands.hpp"

namespace qrgate::views {

// The Print screen's and the ticket detail's commands, as lines: "setPrintOptions grid-8 a4 all".
struct RecordingPaper : PrintCommands {
    explicit RecordingPaper(std::vector<std::string>& calls) : calls(calls) {}
    std::vector<std::string>& calls;
    std::vector<PrintOptions> options;  // every setPrintOptions, in order

    void openPrint() override { calls.push_back("openPrint"); }
    void setPrintOptions(const PrintOptions& o) override {
        options.push_back(o);
        calls.push_back("setPrintOptions");
    }
    void refreshPrinters() override { calls.push_back("refreshPrinters"); }
    static const char* name(PaperDocument d) {
        switch (d) {
            case PaperDocument::Sheet: return "sheet";
            case PaperDocument::DoorList: return "doorlist";
            case PaperDocument::CalibrationPage: return "calibration";
            case PaperDocument::CalibrationCheck: return "calibration-check";
        }
        return "?";
    }
    void savePaper(PaperDocument d, const std::string& path) override {
        calls.push_back(std::string("savePaper ") + name(d) + " " + path);
    }
    void printPaper(PaperDocument d, const std::string& printer, int copies) override {
        calls.push_back(std::string("printPaper ") + name(d) + " " + printer + " " + std::to_string(copies));
    }
    void saveCalibration(const std::string& printer, const CalibrationMeasurements&) override {
        calls.push_back("saveCalibration " + printer);
    }
    void saveTicket(const std::string& id, TicketFile kind, const std::string& path) override {
        calls.push_back(std::string("saveTicket ") + id + (kind == TicketFile::Png ? " png " : " pdf ") + path);
    }
    void printTicket(const std::string& id, const std::string& printer, int copies) override {
        calls.push_back("printTicket " + id + " " + printer + " " + std::to_string(copies));
    }
    void saveVolunteerCard(const std::string& path) override { calls.push_back("saveVolunteerCard " + path); }
};

// The Email screen's commands, as lines: "sendMail unsent", "resendTicket T000...".
struct RecordingMail : MailCommands {
    explicit RecordingMail(std::vector<std::string>& calls) : calls(calls) {}
    std::vector<std::string>& calls;
    std::vector<MailSettings> saved;                     // every saveMailSettings, in order
    std::vector<std::optional<std::string>> passwords;  // with the password each carried
    std::vector<MailSettings> tested;
    std::vector<MailTemplate> templates;

    void openMail() override { calls.push_back("openMail"); }
    void saveMailSettings(const MailSettings& s, const std::optional<std::string>& password) override {
        saved.push_back(s);
        passwords.push_back(password);
        calls.push_back("saveMailSettings " + s.smtpUrl);
    }
    void testConnection(const MailSettings& s, const std::optional<std::string>&) override {
        tested.push_back(s);
        calls.push_back("testConnection " + s.smtpUrl);
    }
    void saveTemplate(const MailTemplate& t) override {
        templates.push_back(t);
        calls.push_back("saveTemplate " + t.subject);
    }
    void previewTicket(std::int64_t number) override { calls.push_back("previewTicket " + std::to_string(number)); }
    void sendTestMessage(const MailSettings&, const std::optional<std::string>&, const std::string& to) override {
        calls.push_back("sendTestMessage " + to);
    }
    void sendMail(Recipients who) override { calls.push_back(std::string("sendMail ") + toString(who)); }
    void cancelSending() override { calls.push_back("cancelSending"); }
    void resendTicket(const std::string& id) override { calls.push_back("resendTicket " + id); }
    void resendState(OutboxState s) override { calls.push_back(std::string("resendState ") + toString(s)); }
};

// The Backups panel's commands, as lines: "backupNow /path", "startAutoBackups /media/usb 15 12".
struct RecordingBackup : BackupCommands {
    explicit RecordingBackup(std::vector<std::string>& calls) : calls(calls) {}
    std::vector<std::string>& calls;
    std::vector<std::string> passphrases;  // what each command carried, in order

    void backupNow(const std::string& file, const std::string& passphrase) override {
        passphrases.push_back(passphrase);
        calls.push_back("backupNow " + file);
    }
    void checkBackup(const std::string& file, const std::string& passphrase) override {
        passphrases.push_back(passphrase);
        calls.push_back("checkBackup " + file);
    }
    void startAutoBackups(const AutoBackupSettings& s, const std::string& passphrase) override {
        passphrases.push_back(passphrase);
        calls.push_back("startAutoBackups " + s.folder + " " + std::to_string(s.intervalMinutes) + " " +
                        std::to_string(s.keep));
    }
    void stopAutoBackups() override { calls.push_back("stopAutoBackups"); }
    void restoreAndRestart() override { calls.push_back("restoreAndRestart"); }
};

struct RecordingCommands : ConsoleCommands {
    std::vector<TicketPager::Request> fetches;
    std::vector<std::string> calls;
    void useEvent(const std::string& id) override { calls.push_back("useEvent " + id); }
    void createEvent(const EventDraft& d) override { calls.push_back("createEvent " + d.name); }
    void updateEvent(const std::string& id, const EventDraft&) override { calls.push_back("updateEvent " + id); }
    void saveType(const TicketType& t) override { calls.push_back("saveType " + t.name); }
    void fetchTickets(const TicketPager::Request& r) override { fetches.push_back(r); }
    void selectTicket(const std::string& id) override { calls.push_back("selectTicket " + id); }
    void setTicketState(const std::string& id, TicketState) override { calls.push_back("setTicketState " + id); }
    void reissueTicket(const std::string& id) override { calls.push_back("reissue " + id); }
    void issueTickets(std::size_t n, const std::string&) override { calls.push_back("issue " + std::to_string(n)); }
    std::vector<TicketChoice> stateChanges;  // every setTicketsState, in order
    void setTicketsState(const TicketChoice& c, TicketState s) override {
        stateChanges.push_back(c);
        calls.push_back(std::string("setTicketsState ") + toString(s));
    }
    void editTicket(const std::string& id, const std::string& name, const std::string& email) override {
        calls.push_back("editTicket " + id + " " + name + " <" + email + ">");
    }
    std::vector<TicketQuery> exports;  // every exportAttendees, in order
    void exportAttendees(const TicketQuery& q, const std::string& path) override {
        exports.push_back(q);
        calls.push_back("exportAttendees " + path);
    }
    void openImport(const std::string& p) override { calls.push_back("openImport " + p); }
    void remapImport(const AttendeeColumns&) override { calls.push_back("remapImport"); }
    void runImport(const ImportChoices& c) override {
        calls.push_back("runImport " + std::string(toString(c.duplicates)) + (c.skipBadRows ? " skip-bad-rows" : ""));
    }
    void closeImport() override { calls.push_back("closeImport"); }
    void undoLastImport() override { calls.push_back("undoLastImport"); }
    void setLogQuery(const CheckinQuery& q) override { calls.push_back("setLogQuery " + q.eventId); }
    void exportCheckins(const std::string& p) override { calls.push_back("export " + p); }
    void createPairing() override { calls.push_back("createPairing"); }
    void revokeDevice(const std::string& id) override { calls.push_back("revokeDevice " + id); }
    RecordingPaper paperCommands{calls};
    PrintCommands& paper() override { return paperCommands; }
    RecordingMail mailCommands{calls};
    MailCommands& mail() override { return mailCommands; }
    RecordingBackup backupCommands{calls};
    BackupCommands& backup() override { return backupCommands; }
    void cancelTask(int id) override { calls.push_back("cancel " + std::to_string(id)); }
    void runHealthChecks() override { calls.push_back("runHealthChecks"); }
    void applySettings(const ConsoleSettings&) override { calls.push_back("applySettings"); }
    std::vector<std::string> qrAsked;
    Texture qrTexture(const std::string& data) override {
        qrAsked.push_back(data);
        return {};
    }
    void requestQuit() override { calls.push_back("quit"); }
};

inline ConsoleState stateWithAnEvent() {
    ConsoleState s;
    s.dataDir = "/tmp/qrgate";
    Event e;
    e.id = "EV000001";
    e.name = "Fête de la Musique — Ünïcödé";
    e.venue = "Place de la République";
    e.timeZone = "Europe/Paris";
    s.events.push_back(e);
    s.currentEventId = e.id;
    TicketType t;
    t.id = 1;
    t.eventId = e.id;
    t.name = "General";
    t.isDefault = true;
    s.types.push_back(t);
    s.stats.tickets = 100000;
    s.stats.uniqueAdmitted = 1234;
    s.stats.refused = 56;
    s.stats.refusedByReason = {{"already_used", 40}, {"not_found", 16}};
    s.stats.perGate["A"] = {1000, 40, 3};
    s.arrivals.from = 1'790'000'000'000;
    s.arrivals.counts = {0, 3, 10, 40, 120, 80, 12};
    return s;
}

}  // namespace qrgate::views

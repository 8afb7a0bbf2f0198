#pragma once
// Email tickets: four tabs. Settings (the SMTP server, the sender, the pace, Test connection),
// Message (the event's subject and body with a live preview on a real attendee, and a test
// message), Send (whom, how many, then progress, rate, time left and Cancel) and Outbox (every
// row with its state, filter, search and Resend). On a gate's replica (no key file) it says that
// email needs the organizer's machine.
#include <optional>
#include <string>
#include <vector>

#include "views/console_view.hpp"

namespace qrgate::views {

enum class MailTab { Settings, Message, Send, Outbox };

// The Settings tab: a draft of mail.json and a password typed (never the stored one).
class MailSettingsPanel {
public:
    // A fresh draft when the saved settings were (re)loaded.
    void sync(const MailState& mail);
    void draw(const MailState& mail, MailCommands& commands);

    const MailSettings& draft() const { return m_draft; }
    // The password typed in the field, when one was.
    std::optional<std::string> typedPassword() const;
    // What is on screen is not what is saved (the draft, or a password typed).
    bool unsaved(const MailState& mail) const { return !(m_draft == mail.settings) || typedPassword().has_value(); }
    // Why these settings cannot be saved or tried, in one line; empty when they can.
    std::string problem() const;

    // Automation (GUI scripts): what typing in a field would do. Fields: server, ca, user,
    // password, name, from, rate.
    bool setField(const std::string& field, const std::string& value);
    void setPlainLocal(bool on) { m_draft.plainLocal = on; }
    void setOnePerAddress(bool on) { m_draft.onePerAddress = on; }
    void pressSave() { m_saveRequested = true; }
    void pressTest() { m_testRequested = true; }

private:
    void drawServer(const MailState& mail, MailCommands& commands, float labelW);
    void drawSender(float labelW);
    void drawPace(float labelW);
    void drawButtons(const MailState& mail, MailCommands& commands);

    MailSettings m_draft;
    int m_version = -1;
    std::string m_password;
    bool m_saveRequested = false;
    bool m_testRequested = false;
};

// The Message tab: a draft of the template, the placeholders, the preview and a test message.
class MailMessagePanel {
public:
    void sync(const MailState& mail);
    void draw(const ConsoleState& state, const MailSettingsPanel& settings, ConsoleCommands& commands);

    const MailTemplate& draft() const { return m_draft; }
    bool unsaved(const MailState& mail) const { return !(m_draft == mail.savedTemplate); }
    void setSubject(const std::string& subject) { m_draft.subject = subject; }
    void setBody(const std::string& body) { m_draft.body = body; }
    void pressSave() { m_saveRequested = true; }
    void pressSendTest() { m_sendTestRequested = true; }
    // Where a placeholder button inserts (the field last typed in, at its cursor).
    void insertPlaceholder(const std::string& placeholder);

private:
    void drawEditor(const MailState& mail, MailCommands& commands, float height);
    void drawPreview(const ConsoleState& state, const MailSettingsPanel& settings, ConsoleCommands& commands);
    void drawTestMessage(const MailState& mail, const MailSettingsPanel& settings, MailCommands& commands);

    MailTemplate m_draft;
    int m_version = -1;
    bool m_saveRequested = false;
    bool m_sendTestRequested = false;
    // The field last typed in and its cursor (bytes), for the placeholder buttons.
    bool m_lastInBody = true;
    int m_subjectCursor = -1;
    int m_bodyCursor = -1;
    std::string m_previewNumber;  // the ticket number typed
    std::string m_testTo;
    std::string m_testToFor;  // the sender address m_testTo was suggested from
};

// The Outbox tab: the rows, filtered by state and a search, with Resend.
class OutboxPanel {
public:
    void draw(const ConsoleState& state, MailCommands& commands);

    void setFilter(std::optional<OutboxState> state) { m_filter = state; }
    void setSearch(const std::string& text) { m_search = text; }
    // The rows shown now (indices into MailState::entries), for tests.
    const std::vector<int>& shownRows() const { return m_rows; }

private:
    void drawToolbar(const MailState& mail, MailCommands& commands);
    void drawTable(const ConsoleState& state);
    void drawConfirm(const MailState& mail, MailCommands& commands);
    void refilter(const MailState& mail);

    std::optional<OutboxState> m_filter;
    std::string m_search;
    std::vector<int> m_rows;
    int m_rowsVersion = -1;
    std::optional<OutboxState> m_rowsFilter;
    std::string m_rowsSearch;
    std::string m_resend;         // a row's Resend pressed this frame (ticket id)
    std::string m_confirmTicket;  // a sent row waiting for "send again?"
    bool m_openConfirm = false;
};

class MailView final : public ConsoleView {
public:
    const char* id() const override { return "mail"; }
    const char* title() const override { return "Email tickets"; }
    const char* icon() const override { return "\xE2\x9C\x89"; }  // ✉
    void onShow(ConsoleState& state, ConsoleCommands& commands) override;
    void draw(ConsoleState& state, ConsoleCommands& commands) override;

    // Automation (GUI scripts and tests): what the widgets would do.
    void showTab(MailTab tab) { m_tabRequest = tab; }
    MailTab tab() const { return m_tab; }
    MailSettingsPanel& settings() { return m_settings; }
    MailMessagePanel& message() { return m_message; }
    OutboxPanel& outbox() { return m_outbox; }
    void setRecipients(Recipients who) { m_recipients = who; }
    Recipients recipients() const { return m_recipients; }
    void pressSend() {
        m_sendRequested = true;
        m_tabRequest = MailTab::Send;
    }

private:
    void drawNoKeys(const ConsoleState& state);
    void drawSend(ConsoleState& state, ConsoleCommands& commands);
    void drawRecipients(const MailState& mail);
    void drawProgress(const MailState& mail, MailCommands& commands);
    void drawConfirmSend(const MailState& mail, MailCommands& commands);
    std::string sendProblem(const MailState& mail) const;

    MailSettingsPanel m_settings;
    MailMessagePanel m_message;
    OutboxPanel m_outbox;
    MailTab m_tab = MailTab::Send;
    std::optional<MailTab> m_tabRequest;
    bool m_tabChosen = false;  // opened on Settings until the server is set, then on Send
    std::string m_eventId;     // the event the screen last asked for
    Recipients m_recipients = Recipients::NotSent;
    bool m_sendRequested = false;
    bool m_openConfirmSend = false;
};

}  // namespace qrgate::views

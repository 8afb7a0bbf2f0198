#include "views/mail_view.hpp"

#include <algorithm>
#include <cstdio>

#include "views/console_screens.hpp"
#include "views/mail_widgets.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

std::unique_ptr<ConsoleView> makeMailView() { return std::make_unique<MailView>(); }

namespace {

struct RecipientChoice {
    Recipients who;
    const char* label;
    const char* note;
};

constexpr RecipientChoice kChoices[] = {
    {Recipients::NotSent, "Not yet sent", "new tickets, and those that failed"},
    {Recipients::All, "Everyone", "also those already sent: a second round"},
    {Recipients::Failed, "Failed only", "the server refused them, or they were given up"},
    {Recipients::Unknown, "Unknown only", "in doubt: check with them first that they did not get it"},
};

std::string messagesText(long long n) { return counted(n, "message", "messages"); }

// "about 14 min left", "about 40 s left"
std::string timeLeftText(int seconds) {
    char b[64];
    if (seconds < 90) std::snprintf(b, sizeof b, "about %d s left", seconds);
    else if (seconds < 90 * 60) std::snprintf(b, sizeof b, "about %d min left", (seconds + 59) / 60);
    else std::snprintf(b, sizeof b, "about %d h %02d min left", seconds / 3600, (seconds % 3600 + 59) / 60);
    return b;
}

}  // namespace

void MailView::onShow(ConsoleState& state, ConsoleCommands& commands) {
    m_eventId = state.currentEventId;
    commands.mail().openMail();
}

void MailView::draw(ConsoleState& state, ConsoleCommands& commands) {
    const Event* event = state.currentEvent();
    if (!event) {
        screenTitle("Email tickets");
        mutedText("Create an event first (Events, Ctrl+2).");
        return;
    }
    if (state.currentEventId != m_eventId) {  // another event chosen in the navigation
        m_eventId = state.currentEventId;
        commands.mail().openMail();
    }
    auto& mail = state.mail;
    m_settings.sync(mail);
    m_message.sync(mail);
    if (!m_tabChosen && mail.settingsLoaded) {
        m_tabChosen = true;
        if (!m_tabRequest) m_tabRequest = mail.settings.configured() ? MailTab::Send : MailTab::Settings;
    }

    std::string subtitle = event->name;
    if (mail.countsLoaded) {
        const auto& c = mail.outbox;
        char figures[160];
        std::snprintf(figures, sizeof figures, "  \xC2\xB7  %s sent, %s failed, %s unknown, %s queued",
                      withThousands(c.sent).c_str(), withThousands(c.failed).c_str(), withThousands(c.unknown).c_str(),
                      withThousands(c.queued + c.sending).c_str());
        subtitle += figures;
    }
    screenTitle("Email tickets", subtitle.c_str());
    if (mail.noKeyFile) drawNoKeys(state);

    if (!ImGui::BeginTabBar("##mailTabs")) return;
    // Each tab's content in a child window of its own (its id scope, which tests click into).
    auto tab = [&](const char* label, MailTab which, const char* child, auto&& drawContent) {
        ImGuiTabItemFlags flags = 0;
        if (m_tabRequest == which) flags |= ImGuiTabItemFlags_SetSelected;
        if (!ImGui::BeginTabItem(label, nullptr, flags)) return;
        m_tab = which;
        if (child) ImGui::BeginChild(child, {0, 0}, false);
        drawContent();
        if (child) ImGui::EndChild();
        ImGui::EndTabItem();
    };
    // Send and Message lay out two child windows of their own side by side.
    tab("Send", MailTab::Send, nullptr, [&] { drawSend(state, commands); });
    tab("Outbox", MailTab::Outbox, "##mailOutbox", [&] { m_outbox.draw(state, commands.mail()); });
    tab("Message", MailTab::Message, nullptr, [&] { m_message.draw(state, m_settings, commands); });
    tab("Settings", MailTab::Settings, "##mailSettings", [&] { m_settings.draw(mail, commands.mail()); });
    ImGui::EndTabBar();
    if (m_tabRequest == m_tab) m_tabRequest.reset();
}

void MailView::drawNoKeys(const ConsoleState& state) {
    const Event* event = state.currentEvent();
    char detail[512];
    std::snprintf(detail, sizeof detail,
                  "This machine has no key file for %s (a gate's copy of the event): the QR codes the messages carry "
                  "can only be made there. The settings and the outbox can still be looked at.",
                  event ? event->name.c_str() : "this event");
    warningPanel("##mailNoKeys", "Email needs the organizer's machine.", detail);
}

std::string MailView::sendProblem(const MailState& mail) const {
    if (mail.noKeyFile) return "Email needs the organizer's machine (this one has no key file for the event).";
    if (mail.sending) return "Sending\xE2\x80\xA6";
    if (!mail.settingsLoaded || !mail.countsLoaded) return "Reading the outbox\xE2\x80\xA6";
    if (!mail.settings.configured()) return "Set the mail server and the sender address first (Settings).";
    if (m_settings.unsaved(mail)) return "Save the settings first: sending uses the saved ones.";
    if (m_message.unsaved(mail)) return "Save the message first (or revert it): sending uses the saved text.";
    if (mail.recipients.of(m_recipients) == 0) return "Nobody to send to with this choice.";
    return {};
}

void MailView::drawSend(ConsoleState& state, ConsoleCommands& commands) {
    const auto& mail = state.mail;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float leftW = std::min(px(620), (ImGui::GetContentRegionAvail().x - spacing) * 0.62f);
    ImGui::BeginChild("##mailSend", {leftW, 0}, false);
    drawRecipients(mail);

    const std::string why = sendProblem(mail);
    const int count = mail.recipients.of(m_recipients);
    const std::string label = (count > 0 ? "Send " + messagesText(count) : std::string("Send")) + "###send";
    const bool pressed = actionButton(label.c_str(), why.empty(), {px(240), px(36)});
    if (pressed || (m_sendRequested && why.empty())) {
        m_sendRequested = false;
        // A second round to people who have their ticket already: asked once more.
        if (m_recipients == Recipients::All && mail.recipients.all > mail.recipients.notSent) m_openConfirmSend = true;
        else commands.mail().sendMail(m_recipients);
    }
    if (!why.empty()) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        mutedText("%s", why.c_str());
    }
    drawConfirmSend(mail, commands.mail());
    drawProgress(mail, commands.mail());
    ImGui::EndChild();

    ImGui::SameLine(0, px(24));
    ImGui::BeginChild("##mailSendWith", {0, 0}, false);
    sectionTitle("Sent with");
    const auto& s = mail.settings;
    if (!mail.settingsLoaded) {
        mutedText("Reading the settings\xE2\x80\xA6");
    } else if (!s.configured()) {
        mutedText("No mail server yet.");
        if (ImGui::Button("Set it up\xE2\x80\xA6")) m_tabRequest = MailTab::Settings;
    } else {
        const float labelW = px(80);
        const float valueW = ImGui::GetContentRegionAvail().x - labelW;
        auto row = [&](const char* label, const std::string& value) {
            ImGui::TextUnformatted(label);
            ImGui::SameLine(labelW);
            const std::string shown = ellipsized(value, valueW);
            mutedText("%s", shown.c_str());
            if (shown != value && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", value.c_str());
        };
        row("Server", serverDescription(s));
        row("From", s.fromName.empty() ? s.fromAddress : s.fromName + " <" + s.fromAddress + ">");
        row("Pace", s.ratePerMinute > 0 ? withThousands(s.ratePerMinute) + " messages a minute" : "no limit");
        row("Grouping", s.onePerAddress ? "one message per address, all its tickets" : "one message per ticket");
        // As the attendee of the preview reads it.
        row("Subject", mail.preview ? fillTemplate({mail.savedTemplate.subject, ""}, mail.preview->values, {}).subject
                                    : mail.savedTemplate.subject);
        if (ImGui::Button("Change settings\xE2\x80\xA6")) m_tabRequest = MailTab::Settings;
        ImGui::SameLine();
        if (ImGui::Button("Edit the message\xE2\x80\xA6")) m_tabRequest = MailTab::Message;
    }
    ImGui::Dummy({0, px(8)});
    mutedText("Each attendee gets their QR code in the message and the one-page ticket as a PDF. Sending survives a "
              "restart: what was queued is sent by the next run, and nothing is sent twice by itself.");
    ImGui::EndChild();
}

void MailView::drawRecipients(const MailState& mail) {
    sectionTitle("Recipients");
    if (ImGui::BeginTable("##recipients", 3, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("who", ImGuiTableColumnFlags_WidthFixed, px(150));
        ImGui::TableSetupColumn("count", ImGuiTableColumnFlags_WidthFixed, px(70));
        ImGui::TableSetupColumn("note", ImGuiTableColumnFlags_WidthStretch);
        for (const auto& c : kChoices) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::RadioButton(c.label, m_recipients == c.who)) m_recipients = c.who;
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            const std::string n = mail.countsLoaded ? withThousands(mail.recipients.of(c.who)) : "\xE2\x80\xA6";
            // Right-aligned, so the figures line up.
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(n.c_str()).x);
            ImGui::TextUnformatted(n.c_str());
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            mutedText("%s", c.note);
        }
        ImGui::EndTable();
    }
    if (mail.countsLoaded && mail.recipients.noAddress > 0)
        mutedText("%s %s no email address: %s never sent (print %s instead).",
                  withThousands(mail.recipients.noAddress).c_str(),
                  mail.recipients.noAddress == 1 ? "valid ticket has" : "valid tickets have",
                  mail.recipients.noAddress == 1 ? "it is" : "they are", mail.recipients.noAddress == 1 ? "it" : "them");
    ImGui::Dummy({0, px(6)});
}

void MailView::drawConfirmSend(const MailState& mail, MailCommands& commands) {
    const int again = mail.recipients.all - mail.recipients.notSent;
    const std::string question = withThousands(again) + (again == 1 ? " attendee has" : " attendees have") +
                                 " had their ticket by email already and will get it again.";
    if (confirmModal("Send to everyone?", m_openConfirmSend, question, "Send to everyone"))
        commands.sendMail(Recipients::All);
}

void MailView::drawProgress(const MailState& mail, MailCommands& commands) {
    if (!mail.progress && !mail.sending && mail.sendResult.empty()) return;
    sectionTitle(mail.sending ? "Sending" : "Last run");
    if (mail.progress) {
        const auto& p = *mail.progress;
        const int done = p.sentThisRun + p.failedThisRun + p.unknownThisRun;
        const int left = p.counts.queued + p.counts.sending;
        const int total = done + left;
        char overlay[96];
        std::snprintf(overlay, sizeof overlay, "%s of %s", withThousands(done).c_str(), withThousands(total).c_str());
        ImGui::ProgressBar(total > 0 ? static_cast<float>(done) / static_cast<float>(total) : 1.0f, {-FLT_MIN, px(24)},
                           overlay);
        stateFigure(OutboxState::Sent, p.sentThisRun, "sent");
        ImGui::SameLine(0, px(18));
        stateFigure(OutboxState::Failed, p.failedThisRun, "failed");
        ImGui::SameLine(0, px(18));
        stateFigure(OutboxState::Unknown, p.unknownThisRun, "unknown");
        ImGui::SameLine(0, px(18));
        stateFigure(OutboxState::Queued, left, "queued");
        std::string pace = p.messagesPerMinute > 0 ? [&] {
            char b[64];
            std::snprintf(b, sizeof b, "%.1f messages a minute", p.messagesPerMinute);
            return std::string(b);
        }()
                                                   : std::string("measuring the pace\xE2\x80\xA6");
        if (mail.sending && p.secondsLeft && left > 0) pace += "  \xC2\xB7  " + timeLeftText(*p.secondsLeft);
        mutedText("%s", pace.c_str());
        if (mail.sending && !p.waiting.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, colour::kAlreadyUsed);
            ImGui::TextWrapped("%s", p.waiting.c_str());
            ImGui::PopStyleColor();
        }
        // After the run its outcome says what failed; a problem retried away would only alarm.
        if (mail.sending && !p.lastProblem.empty()) errorText("Last problem: %s", p.lastProblem.c_str());
    } else if (mail.sending) {
        mutedText("Queueing the messages\xE2\x80\xA6");
    }
    if (mail.sending) {
        if (dangerButton(mail.cancelRequested ? "Cancelling\xE2\x80\xA6###cancelSend" : "Cancel###cancelSend",
                         !mail.cancelRequested, {px(140), 0}))
            commands.cancelSending();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stops after the message on its way; the rest stays queued.");
    }
    outcomeLine(mail.sendResult);
}

}  // namespace qrgate::views

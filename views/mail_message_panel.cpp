// The Email screen's Message tab: the event's subject and body with the placeholders, filled in
// live for a real attendee (the QR code where {qr} stands, as in the HTML part), and a test
// message to the organizer.
#include <imgui.h>
#include <imgui_stdlib.h>  // after imgui.h: it uses IMGUI_API

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "views/mail_view.hpp"
#include "views/mail_widgets.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {

constexpr const char* kQr = "{qr}";

// Remembers the cursor of the field being typed in, for the placeholder buttons.
int rememberCursor(ImGuiInputTextCallbackData* data) {
    *static_cast<int*>(data->UserData) = data->CursorPos;
    return 0;
}

// The body filled for the preview, cut where the QR code goes: text, code, text, code, ...
// (the HTML part puts the codes after the text when the body has no {qr}).
struct FilledPreview {
    std::string subject;
    std::vector<std::string> pieces;  // a QR code between each two
};

FilledPreview fillForPreview(const MailTemplate& tmpl, const TemplateValues& values) {
    FilledPreview out;
    out.subject = fillTemplate({tmpl.subject, ""}, values, {}).subject;
    std::size_t from = 0;
    while (true) {
        const auto at = tmpl.body.find(kQr, from);
        const std::string part = tmpl.body.substr(from, at == std::string::npos ? std::string::npos : at - from);
        std::string text = fillTemplate({"-", part}, values, {}).text;
        // The blank lines around {qr} are the image's own margin here.
        text.erase(0, text.find_first_not_of('\n') == std::string::npos ? text.size() : text.find_first_not_of('\n'));
        while (!text.empty() && text.back() == '\n') text.pop_back();
        out.pieces.push_back(std::move(text));
        if (at == std::string::npos) break;
        from = at + std::char_traits<char>::length(kQr);
    }
    if (out.pieces.size() == 1) out.pieces.push_back("");  // no {qr}: the code after the text
    return out;
}

}  // namespace

void MailMessagePanel::sync(const MailState& mail) {
    if (m_version == mail.templateVersion) return;
    m_version = mail.templateVersion;
    m_draft = mail.savedTemplate;
    m_subjectCursor = m_bodyCursor = -1;
}

void MailMessagePanel::insertPlaceholder(const std::string& placeholder) {
    std::string& text = m_lastInBody ? m_draft.body : m_draft.subject;
    int& cursor = m_lastInBody ? m_bodyCursor : m_subjectCursor;
    const std::size_t at = cursor < 0 ? text.size() : std::min(static_cast<std::size_t>(cursor), text.size());
    text.insert(at, placeholder);
    cursor = static_cast<int>(at + placeholder.size());
}

void MailMessagePanel::draw(const ConsoleState& state, const MailSettingsPanel& settings, ConsoleCommands& commands) {
    const auto& mail = state.mail;
    if (!mail.templateLoaded) {
        mutedText("Reading the message\xE2\x80\xA6");
        return;
    }
    const float editorW = std::floor((ImGui::GetContentRegionAvail().x - px(24)) * 0.52f);
    ImGui::BeginChild("##mailEditor", {editorW, 0}, false);
    drawEditor(mail, commands.mail(), ImGui::GetContentRegionAvail().y);
    ImGui::EndChild();
    ImGui::SameLine(0, px(24));
    ImGui::BeginChild("##mailPreview", {0, 0}, false);
    drawPreview(state, settings, commands);
    ImGui::EndChild();
}

void MailMessagePanel::drawEditor(const MailState& mail, MailCommands& commands, float height) {
    const float labelW = px(80);
    fieldLabel("Subject", labelW);
    ImGui::InputText("##subject", &m_draft.subject, ImGuiInputTextFlags_CallbackAlways, rememberCursor,
                     &m_subjectCursor);
    if (ImGui::IsItemActive()) m_lastInBody = false;

    const auto unknown = unknownPlaceholders(m_draft);
    const float row = ImGui::GetFrameHeightWithSpacing();
    // Under the body: the placeholders (two rows of buttons), a warning, the buttons and their line.
    const float below = row * 4 + ImGui::GetTextLineHeightWithSpacing() * (unknown.empty() ? 1 : 3);
    const float bodyH = std::max(px(140), height - row - below);
    ImGui::InputTextMultiline("##body", &m_draft.body, {-FLT_MIN, bodyH}, ImGuiInputTextFlags_CallbackAlways,
                              rememberCursor, &m_bodyCursor);
    if (ImGui::IsItemActive()) m_lastInBody = true;

    // The placeholder buttons, wrapped to the column.
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    ImGui::AlignTextToFramePadding();
    mutedText("Insert:");
    for (const auto& p : mailPlaceholders()) {
        const float w = ImGui::CalcTextSize(p.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SameLine();
        if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        if (ImGui::Button(p.c_str())) insertPlaceholder(p);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("At the cursor in the %s%s", m_lastInBody ? "body" : "subject",
                              p == kQr ? " (the QR code image; after the text when the body has none)" : "");
    }
    if (!unknown.empty()) {
        std::string list;
        for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
        ImGui::PushStyleColor(ImGuiCol_Text, colour::kAlreadyUsed);
        ImGui::TextWrapped("Not a placeholder: %s. It is sent as written; check the spelling.", list.c_str());
        ImGui::PopStyleColor();
    }

    const bool blankSubject = m_draft.subject.find_first_not_of(" \t") == std::string::npos;
    const bool canSave = unsaved(mail) && !blankSubject;
    if (actionButton("Save", canSave, {px(120), 0}) || (m_saveRequested && canSave)) {
        commands.saveTemplate(m_draft);
        m_saveRequested = false;
    }
    if (blankSubject && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("The subject is empty: write what the message is about.");
    ImGui::SameLine();
    ImGui::BeginDisabled(!unsaved(mail));
    if (ImGui::Button("Revert", {px(110), 0})) m_draft = mail.savedTemplate;
    ImGui::EndDisabled();
    ImGui::SameLine();
    const MailTemplate standard = defaultMailTemplate();
    ImGui::BeginDisabled(m_draft == standard);
    if (ImGui::Button("Default text", {px(140), 0})) m_draft = standard;
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("qrgate's own subject and body, to start again from (saved when you press Save).");
    if (blankSubject) errorText("The subject is empty: write what the message is about.");
    else if (unsaved(mail)) mutedText("Not saved yet: sending uses the saved text.");
    else if (!mail.templateSaved.empty()) outcomeLine(mail.templateSaved);
    // ImGui's editor does not wrap: a long line runs on sideways as you type.
    else mutedText("Long lines run on to the right here; the preview shows them as they are read.");
}

void MailMessagePanel::drawPreview(const ConsoleState& state, const MailSettingsPanel& settings,
                                   ConsoleCommands& commands) {
    const auto& mail = state.mail;
    ImGui::PushFont(fonts().bold);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Preview");
    ImGui::PopFont();
    // The attendee: a ticket number, or the first with an address.
    const float numberW = px(120), showW = px(70), firstW = px(70);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    ImGui::SameLine();
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(),
                                  ImGui::GetWindowContentRegionMax().x - numberW - showW - firstW - 2 * spacing));
    ImGui::SetNextItemWidth(numberW);
    const bool enter = ImGui::InputTextWithHint("##previewNumber", "Ticket no.", &m_previewNumber,
                                                ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("A ticket number to preview the message for.");
    const std::int64_t number = std::atoll(m_previewNumber.c_str());
    ImGui::SameLine();
    if ((ImGui::Button("Show", {showW, 0}) || enter) && number > 0) commands.mail().previewTicket(number);
    ImGui::SameLine();
    if (ImGui::Button("First", {firstW, 0})) {
        m_previewNumber.clear();
        commands.mail().previewTicket(0);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The first valid ticket with an email address.");

    if (mail.previewLoading) mutedText("Reading the ticket\xE2\x80\xA6");
    else if (!mail.previewError.empty()) errorText("%s", mail.previewError.c_str());
    if (!mail.preview) return;
    const auto& p = *mail.preview;
    const std::string to = p.ticket.holderEmail.empty() ? "no email address: never sent" : p.ticket.holderEmail;
    const std::string who = "To: " + (p.ticket.holderName.empty() ? std::string() : p.ticket.holderName + "  ") + "<" +
                            to + ">  \xC2\xB7  #" + formatTicketNumber(p.ticket.number);
    const std::string shownWho = ellipsized(who, ImGui::GetContentRegionAvail().x);
    mutedText("%s", shownWho.c_str());
    if (shownWho != who && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", who.c_str());

    const FilledPreview filled = fillForPreview(m_draft, p.values);
    ImGui::PushFont(fonts().bold);
    const std::string subject = ellipsized(filled.subject, ImGui::GetContentRegionAvail().x);
    ImGui::TextUnformatted(subject.c_str());
    ImGui::PopFont();
    if (subject != filled.subject && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", filled.subject.c_str());

    // The message as the attendee reads it, on white like most mail programs show it.
    // Below it: the test message's row and its line (two when it wraps).
    const float testH = ImGui::GetFrameHeightWithSpacing() + ImGui::GetTextLineHeightWithSpacing() * 2;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(250, 250, 248, 255));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(25, 28, 34, 255));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {px(14), px(12)});
    ImGui::BeginChild("##mailPreviewBody", {0, std::max(px(160), ImGui::GetContentRegionAvail().y - testH)}, false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding);
    const Texture qr = p.qrData.empty() ? Texture{} : commands.qrTexture(p.qrData);
    const float qrSide = std::min(px(180), ImGui::GetContentRegionAvail().x);
    ImGui::PushTextWrapPos(0);
    for (std::size_t i = 0; i < filled.pieces.size(); ++i) {
        if (!filled.pieces[i].empty()) ImGui::TextUnformatted(filled.pieces[i].c_str());
        if (i + 1 == filled.pieces.size()) break;
        ImGui::Dummy({0, px(2)});
        if (qr.id) ImGui::Image(qr.id, {qrSide, qrSide});
        else {
            ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(120, 120, 120, 255));
            ImGui::TextUnformatted(p.qrData.empty() ? "[QR code: made on the organizer's machine]" : "[QR code]");
            ImGui::PopStyleColor();
        }
        ImGui::Dummy({0, px(2)});
    }
    ImGui::PopTextWrapPos();
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(120, 120, 120, 255));
    ImGui::TextWrapped("Attached: the one-page ticket as a PDF.");
    ImGui::PopStyleColor();
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);

    drawTestMessage(mail, settings, commands.mail());
}

void MailMessagePanel::drawTestMessage(const MailState& mail, const MailSettingsPanel& settings, MailCommands& commands) {
    // Suggested: the sender's own address, until the organizer types another.
    const std::string& from = settings.draft().fromAddress;
    if (m_testTo.empty() || m_testTo == m_testToFor) m_testTo = from;
    m_testToFor = from;
    std::string why;
    if (mail.noKeyFile) why = "The QR codes need the organizer's machine.";
    else if (!settings.problem().empty()) why = "Set up the mail server and the sender first (Settings).";
    else if (unsaved(mail)) why = "Save the message first: the test message carries the saved text.";
    else if (!mail.preview) why = "No ticket to send.";
    else if (!isPlausibleAddress(m_testTo)) why = "Write the address to send the test to.";
    else if (mail.sendingTest) why = "Sending the test message\xE2\x80\xA6";

    const float buttonW = px(150);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Test to");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - buttonW - ImGui::GetStyle().ItemSpacing.x);
    ImGui::InputTextWithHint("##testTo", "your own address", &m_testTo);
    ImGui::SameLine();
    ImGui::BeginDisabled(!why.empty());
    if (ImGui::Button("Send test", {buttonW, 0}) || (m_sendTestRequested && why.empty())) {
        commands.sendTestMessage(settings.draft(), settings.typedPassword(), m_testTo);
        m_sendTestRequested = false;
    }
    ImGui::EndDisabled();
    if (!why.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", why.c_str());
    if (!mail.testMessage.empty()) outcomeLine(mail.testMessage);
    else if (!why.empty()) mutedText("%s", why.c_str());
    else mutedText("This ticket, marked [Test], to you; not recorded in the outbox.");
}

}  // namespace qrgate::views

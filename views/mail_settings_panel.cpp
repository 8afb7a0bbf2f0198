// The Email screen's Settings tab: how this machine sends mail. Edits a draft; Save is enabled
// only while it differs from mail.json (or a password was typed) and is valid. The stored
// password is never shown: the field says whether one is stored, and typing replaces it.
#include <imgui.h>
#include <imgui_stdlib.h>  // after imgui.h: it uses IMGUI_API

#include <algorithm>
#include <cstdio>

#include "views/mail_view.hpp"
#include "views/mail_widgets.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {

std::string urlProblem(const MailSettings& s) {
    if (s.smtpUrl.find_first_not_of(' ') == std::string::npos) return "Write the mail server's address.";
    auto endpoint = parseSmtpEndpoint(s.smtpUrl, s.plainLocal);
    return endpoint ? "" : endpoint.error().message;
}

std::string senderProblem(const MailSettings& s) {
    if (s.fromAddress.find_first_not_of(' ') == std::string::npos) return "Write the address the messages come from.";
    if (!isPlausibleAddress(s.fromAddress)) return "\"" + s.fromAddress + "\" is not an email address.";
    for (char c : s.fromName)
        if (c == '\r' || c == '\n') return "The sender's name holds a line break.";
    return {};
}

const RatePreset* presetFor(int perMinute) {
    for (const auto& p : ratePresets())
        if (p.perMinute == perMinute) return &p;
    return nullptr;
}

std::string presetLabel(const RatePreset& p) {
    return p.name + "  \xC2\xB7  " + (p.perMinute > 0 ? std::to_string(p.perMinute) + " a minute" : "no limit");
}

}  // namespace

void MailSettingsPanel::sync(const MailState& mail) {
    if (m_version == mail.settingsVersion) return;
    m_version = mail.settingsVersion;
    m_draft = mail.settings;
    m_password.clear();
}

std::optional<std::string> MailSettingsPanel::typedPassword() const {
    if (m_password.empty()) return std::nullopt;
    return m_password;
}

std::string MailSettingsPanel::problem() const {
    if (auto url = urlProblem(m_draft); !url.empty()) return url;
    return senderProblem(m_draft);
}

bool MailSettingsPanel::setField(const std::string& field, const std::string& value) {
    if (field == "server") m_draft.smtpUrl = value;
    else if (field == "ca") m_draft.caFile = value;
    else if (field == "user") m_draft.user = value;
    else if (field == "password") m_password = value;
    else if (field == "name") m_draft.fromName = value;
    else if (field == "from") m_draft.fromAddress = value;
    else if (field == "rate") m_draft.ratePerMinute = std::max(0, std::atoi(value.c_str()));
    else return false;
    return true;
}

void MailSettingsPanel::draw(const MailState& mail, MailCommands& commands) {
    if (!mail.settingsLoaded) {
        mutedText("Reading the mail settings\xE2\x80\xA6");
        return;
    }
    if (!mail.settingsError.empty()) errorText("%s", mail.settingsError.c_str());
    const float formW = std::min(px(660), ImGui::GetContentRegionAvail().x);
    const float labelW = px(150);
    ImGui::BeginGroup();
    // Every line of the form wraps within it (a long error would widen the group and push the
    // notes beside it off their column).
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + formW);
    ImGui::PushItemWidth(formW - labelW);
    drawServer(mail, commands, labelW);
    drawSender(labelW);
    drawPace(labelW);
    ImGui::PopItemWidth();
    ImGui::Dummy({0, px(6)});
    drawButtons(mail, commands);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (ImGui::GetContentRegionAvail().x - formW < px(220)) return;  // no room for the notes beside the form
    ImGui::SameLine(0, px(32));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0);
    sectionTitle("Where to find these");
    mutedText("Gmail and Google Workspace: smtp://smtp.gmail.com:587, your whole address as the user and an app "
              "password (Google account, Security).");
    mutedText("Microsoft 365 and Outlook.com: smtp://smtp.office365.com:587.");
    mutedText("A mail relay on this machine (postfix, ...): smtp://127.0.0.1:25 with No encryption.");
    sectionTitle("Kept where");
    mutedText("In the data folder: mail.json, and the password in smtp-password, a file only your user can read.");
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}

void MailSettingsPanel::drawServer(const MailState& mail, MailCommands& commands, float labelW) {
    sectionTitle("Mail server");
    const float fieldW = ImGui::CalcItemWidth();
    fieldLabel("Server", labelW);
    ImGui::SetNextItemWidth(fieldW);
    ImGui::InputTextWithHint("##smtpUrl", "smtp://smtp.example.org:587", &m_draft.smtpUrl);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + labelW);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + fieldW);
    if (const std::string why = urlProblem(m_draft); !why.empty() && !m_draft.smtpUrl.empty()) errorText("%s", why.c_str());
    else mutedText("smtp:// with STARTTLS, or smtps:// (TLS from the start)");
    ImGui::PopTextWrapPos();
    // smtps:// is TLS by its nature: the box means nothing there.
    const bool implicitTls = m_draft.smtpUrl.rfind("smtps://", 0) == 0;
    ImGui::BeginDisabled(implicitTls && !m_draft.plainLocal);
    ImGui::Checkbox("No encryption (local relay only)", &m_draft.plainLocal);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("For a mail relay on this machine (localhost, 127.0.0.1) only: anything further away "
                          "would see the password and every ticket in clear.");
    ImGui::EndGroup();

    fieldLabel("CA file", labelW);
    ImGui::SetNextItemWidth(fieldW);
    ImGui::InputTextWithHint("##caFile", "optional: a CA certificate (PEM) to trust besides the system's",
                             &m_draft.caFile);
    fieldLabel("User", labelW);
    ImGui::SetNextItemWidth(fieldW);
    ImGui::InputTextWithHint("##user", "empty: no login", &m_draft.user);
    fieldLabel("Password", labelW);
    const float forgetW = mail.hasPassword ? px(90) + ImGui::GetStyle().ItemSpacing.x : 0;
    ImGui::SetNextItemWidth(fieldW - forgetW);
    ImGui::InputTextWithHint("##password", mail.hasPassword ? "stored on this machine (type to replace it)" : "none stored",
                             &m_password, ImGuiInputTextFlags_Password);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Kept in the data folder in a file only you can read, never in mail.json.");
    if (mail.hasPassword) {
        ImGui::SameLine();
        // mail.json as saved, the password file removed.
        if (ImGui::Button("Forget", {px(90), 0})) commands.saveMailSettings(mail.settings, std::string());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Removes the stored password from this machine.");
    }
}

void MailSettingsPanel::drawSender(float labelW) {
    sectionTitle("Sender");
    const float fieldW = ImGui::CalcItemWidth();
    fieldLabel("Name", labelW);
    ImGui::SetNextItemWidth(fieldW);
    ImGui::InputTextWithHint("##fromName", "e.g. Summer Fest tickets", &m_draft.fromName);
    fieldLabel("Address", labelW);
    ImGui::SetNextItemWidth(fieldW);
    ImGui::InputTextWithHint("##fromAddress", "tickets@example.org", &m_draft.fromAddress);
    if (const std::string why = senderProblem(m_draft); !why.empty() && !m_draft.fromAddress.empty()) {
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + labelW);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + fieldW);
        errorText("%s", why.c_str());
        ImGui::PopTextWrapPos();
    }
}

void MailSettingsPanel::drawPace(float labelW) {
    sectionTitle("Pace");
    const float fieldW = ImGui::CalcItemWidth();
    fieldLabel("Per minute", labelW);
    const float rateW = px(130);
    ImGui::SetNextItemWidth(rateW);
    ImGui::InputInt("##rate", &m_draft.ratePerMinute, 10, 60);
    m_draft.ratePerMinute = std::clamp(m_draft.ratePerMinute, 0, 100000);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Messages started per minute; 0 sends as fast as the server takes them.");
    ImGui::SameLine();
    const float comboW = fieldW - rateW - ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetNextItemWidth(comboW);
    const RatePreset* current = presetFor(m_draft.ratePerMinute);
    const std::string preview = current ? ellipsized(current->name, comboW - px(40)) : std::string("Limits of common providers");
    if (ImGui::BeginCombo("##ratePresets", preview.c_str())) {
        for (const auto& p : ratePresets()) {
            if (ImGui::Selectable(presetLabel(p).c_str(), current == &p)) m_draft.ratePerMinute = p.perMinute;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.note.c_str());
        }
        ImGui::EndCombo();
    }
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + labelW);
    ImGui::Checkbox("One message per address with all its tickets", &m_draft.onePerAddress);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("A family booked under one address gets one message carrying every ticket, instead of one each.");
}

void MailSettingsPanel::drawButtons(const MailState& mail, MailCommands& commands) {
    const std::string why = problem();
    const bool canSave = why.empty() && unsaved(mail) && !mail.savingSettings;
    if (actionButton("Save", canSave, {px(130), 0}) || (m_saveRequested && canSave)) {
        commands.saveMailSettings(m_draft, typedPassword());
        m_password.clear();  // sent; the field goes back to saying whether one is stored
        m_saveRequested = false;
    }
    if (!canSave && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", !why.empty() ? why.c_str() : mail.savingSettings ? "Saving\xE2\x80\xA6" : "Nothing changed.");
    ImGui::SameLine();
    ImGui::BeginDisabled(!unsaved(mail));
    if (ImGui::Button("Revert", {px(110), 0})) {
        m_draft = mail.settings;
        m_password.clear();
    }
    ImGui::EndDisabled();
    ImGui::SameLine(0, px(24));
    const bool canTest = why.empty() && !mail.testingConnection;
    ImGui::BeginDisabled(!canTest);
    if (ImGui::Button(mail.testingConnection ? "Testing\xE2\x80\xA6###test" : "Test connection###test", {px(180), 0}) ||
        (m_testRequested && canTest)) {
        commands.testConnection(m_draft, typedPassword());
        m_testRequested = false;
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", !why.empty() ? why.c_str()
                                             : "Connects, logs in and says goodbye with what is on screen (saved or "
                                               "not); sends nothing.");
    if (!mail.settingsSaved.empty()) {  // beside the buttons: the tab fits 1280x800 with both lines
        ImGui::SameLine(0, px(16));
        ImGui::AlignTextToFramePadding();
        outcomeLine(mail.settingsSaved);
    }
    outcomeLine(mail.connection);
}

}  // namespace qrgate::views

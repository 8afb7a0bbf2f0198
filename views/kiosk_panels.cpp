// The kiosk's panels over the gate screen: manual search, settings, and the PIN of a locked kiosk.
#include <cstdio>
#include <cstring>

#include "views/keys.hpp"
#include "views/kiosk_view.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {

void centreNextWindow(ImVec2 size) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x / 2, vp->Pos.y + vp->Size.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
    ImGui::SetNextWindowSize(size);
}
}  // namespace

void KioskView::guarded(KioskState& state, KioskCommands& commands, Guarded action) {
    if (state.settings.locked && !state.settings.pinHash.empty()) {
        m_pending = action;
        m_pinOpen = true;
        m_pin[0] = 0;
        m_pinWrong = false;
        return;
    }
    runGuarded(state, commands, action);
}

void KioskView::runGuarded(KioskState& state, KioskCommands& commands, Guarded action) {
    switch (action) {
        case Guarded::Settings: requestSettings(state); break;
        case Guarded::LeaveFullscreen: commands.setFullscreen(false); break;
        case Guarded::Quit: commands.quit(); break;
        case Guarded::None: break;
    }
}

void KioskView::requestSettings(KioskState& state) {
    m_draft = state.settings;
    std::snprintf(m_gate, sizeof m_gate, "%s", m_draft.gate.c_str());
    m_cameraEdit.reset(m_draft, state.cameras);
    m_listCameras = true;
    m_newPin[0] = 0;
    m_settingsOpen = true;
}

void KioskView::openSearch(const std::string& text) {
    // The search is for the person in front of the gate now: the last verdict can go.
    m_flow.dismiss();
    m_searchOpen = true;
    m_focusSearch = true;
    if (!text.empty()) {
        std::snprintf(m_search, sizeof m_search, "%s", text.c_str());
        m_searchDirty = true;
    }
}

void KioskView::drawSearch(KioskState& state, KioskCommands& commands, double now) {
    if (!m_searchOpen) return;
    if (m_searchDirty) {
        commands.search(m_search);
        m_searchDirty = false;
    }
    centreNextWindow({px(900), px(560)});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {px(24), px(20)});
    ImGui::Begin("Find a ticket", &m_searchOpen, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove);
    ImGui::PopStyleVar();
    mutedText("For people whose phone died: search by name, email or ticket number, then admit.");
    if (m_focusSearch) {
        ImGui::SetKeyboardFocusHere();
        m_focusSearch = false;
    }
    ImGui::SetNextItemWidth(-1);
    ImGui::PushFont(fonts().large);
    if (ImGui::InputTextWithHint("##find", "Name, email or number", m_search, sizeof m_search)) commands.search(m_search);
    ImGui::PopFont();
    if (keys::pressed(keys::kEscape)) m_searchOpen = false;
    if (m_search[0] && state.searchFor == m_search && state.searchResults.empty()) mutedText("No ticket matches.");
    if (ImGui::BeginTable("##results", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH,
                          {0, ImGui::GetContentRegionAvail().y})) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("No.", ImGuiTableColumnFlags_WidthFixed, px(80));
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("Email", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, px(90));
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, px(120));
        ImGui::TableHeadersRow();
        for (const auto& t : state.searchResults) {
            ImGui::PushID(t.id.c_str());
            ImGui::TableNextRow(0, px(44));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(formatTicketNumber(t.number).c_str());
            ImGui::TableNextColumn();
            ImGui::PushFont(fonts().bold);
            ImGui::TextUnformatted(t.holderName.empty() ? "(no name)" : t.holderName.c_str());
            ImGui::PopFont();
            ImGui::TextDisabled("%s", t.typeName.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(t.holderEmail.c_str());
            ImGui::TableNextColumn();
            if (t.state == TicketState::Void) chip("void", colour::kRefused);
            else if (t.inside) chip("inside", colour::kExit);
            else if (t.entriesUsed > 0) chip("used", colour::kAlreadyUsed, IM_COL32(20, 20, 20, 255));
            else chip("valid", IM_COL32(40, 70, 52, 255), IM_COL32(150, 230, 170, 255));
            ImGui::TableNextColumn();
            const char* label = state.direction == Direction::Exit ? "Exit" : (m_flow.mode() == KioskMode::Confirm ? "Check" : "Admit");
            if (primaryButton(label, true, {px(110), px(36)})) {
                perform(m_flow.onManual(m_nextManualId--, t.id, now), commands);
                m_searchOpen = false;
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

void KioskView::drawSettings(KioskState& state, KioskCommands& commands, double) {
    if (!m_settingsOpen) return;
    centreNextWindow({px(720), 0});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {px(28), px(22)});
    ImGui::Begin("Gate settings", &m_settingsOpen,
                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::PopStyleVar();
    const float labelW = px(190);
    auto label = [&](const char* text) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text);
        ImGui::SameLine(labelW);
        ImGui::SetNextItemWidth(px(460));
    };
    label("Gate name");
    if (ImGui::InputText("##gate", m_gate, sizeof m_gate)) m_draft.gate = m_gate;
    if (m_listCameras) {
        commands.listCameras();
        m_listCameras = false;
    }
    drawCameraChoice(state.cameras, state.camerasListed, m_draft, m_cameraEdit, labelW, px(460));
    label("Mode");
    int mode = m_draft.mode == KioskMode::Auto ? 0 : 1;
    const char* modes[] = {"Auto: admit on scan", "Confirm: check, then admit on Enter"};
    if (ImGui::Combo("##mode", &mode, modes, 2)) m_draft.mode = mode == 0 ? KioskMode::Auto : KioskMode::Confirm;
    label("Verdict shown for");
    float seconds = m_draft.verdictMs / 1000.0f;
    if (ImGui::SliderFloat("##verdictMs", &seconds, 1.0f, 3.0f, "%.1f s")) m_draft.verdictMs = static_cast<int>(seconds * 1000 + 0.5f);
    label("Sounds");
    ImGui::Checkbox("A short sound for each verdict (when there is an audio device)", &m_draft.sounds);
    ImGui::Separator();
    label("Lock");
    ImGui::Checkbox("Ask for the PIN before settings, leaving fullscreen or quitting", &m_draft.locked);
    label(m_draft.pinHash.empty() ? "Set a PIN" : "New PIN");
    ImGui::InputTextWithHint("##pin", m_draft.pinHash.empty() ? "4 or more digits" : "leave empty to keep", m_newPin,
                             sizeof m_newPin, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal);
    const std::size_t pinLen = std::strlen(m_newPin);
    const bool pinOk = pinLen == 0 || pinLen >= 4;
    const bool lockOk = !m_draft.locked || !m_draft.pinHash.empty() || pinLen >= 4;
    const bool gateOk = !m_draft.gate.empty();
    if (!pinOk) errorText("A PIN has at least 4 digits.");
    if (!lockOk) errorText("Set a PIN to lock the kiosk.");
    if (!gateOk) errorText("Give the gate a name.");
    ImGui::Separator();
    // Pairing acts at once (it is not part of the draft): it gets a token from the leader.
    label("Pair with leader");
    ImGui::SetNextItemWidth(px(340));
    const bool enter = ImGui::InputTextWithHint("##invite", "qrgate-pair:v1?url=... or the code", m_invite, sizeof m_invite,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    const bool canPair = m_invite[0] != 0 && !state.pairing.busy;
    if (primaryButton(state.pairing.busy ? "Pairing..." : "Pair", canPair, {px(110), 0}) || (enter && canPair)) {
        commands.pairWithLeader(m_invite);
        m_invite[0] = 0;
    }
    ImGui::SetCursorPosX(labelW);
    ImGui::PushTextWrapPos(labelW + px(460));
    if (state.pairing.failed) errorText("%s", state.pairing.message.c_str());
    else if (!state.pairing.message.empty()) mutedText("%s", state.pairing.message.c_str());
    else if (state.status.leader.empty()) mutedText("Standalone. Type the console's invitation, or show its pairing QR code to the camera.");
    else mutedText("Following %s.", state.status.leader.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Dummy({0, px(6)});
    const bool changed = !(m_draft == state.settings) || pinLen > 0;
    if (primaryButton("Save", changed && pinOk && lockOk && gateOk, {px(130), 0})) {
        commands.saveSettings(m_draft, m_newPin);
        m_settingsOpen = false;
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel", {px(130), 0}) || keys::pressed(keys::kEscape)) m_settingsOpen = false;
    ImGui::SameLine();
    if (ImGui::Button(state.fullscreen ? "Leave fullscreen" : "Fullscreen", {px(170), 0})) {
        commands.setFullscreen(!state.fullscreen);
    }
    ImGui::SameLine();
    if (dangerButton("Quit", true, {px(100), 0})) commands.quit();
    ImGui::End();
}

void KioskView::drawPin(KioskState& state, KioskCommands& commands, double) {
    if (!m_pinOpen) return;
    centreNextWindow({px(420), 0});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {px(28), px(22)});
    ImGui::Begin("Kiosk locked", &m_pinOpen,
                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::PopStyleVar();
    ImGui::TextUnformatted("Enter the PIN to continue.");
    ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1);
    ImGui::PushFont(fonts().large);
    bool enter = ImGui::InputText("##pinEntry", m_pin, sizeof m_pin,
                                  ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal |
                                      ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopFont();
    if (m_pinWrong) errorText("Wrong PIN.");
    if (primaryButton("Unlock", m_pin[0] != 0, {px(120), 0}) || enter) {
        if (commands.checkPin(m_pin)) {
            m_pinOpen = false;
            Guarded action = m_pending;
            m_pending = Guarded::None;
            runGuarded(state, commands, action);
        } else {
            m_pinWrong = true;
            m_pin[0] = 0;
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel", {px(120), 0}) || keys::pressed(keys::kEscape)) m_pinOpen = false;
    ImGui::End();
}

}  // namespace qrgate::views

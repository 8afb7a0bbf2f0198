// The kiosk without an event (a fresh gate PC): "Pair this gate" — one line on what to do, the
// camera preview to hold the console's pairing QR code up to, and a field for the invitation —
// or, once it follows a leader, "Waiting for the leader's event data…" until the replica has
// the event. The controller looks for the event and the kiosk turns to scanning by itself.
#include <algorithm>
#include <string>

#include "views/kiosk_view.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {
constexpr ImU32 kPanelBg = IM_COL32(16, 20, 28, 255);
constexpr ImU32 kSoft = IM_COL32(200, 208, 222, 255);

}  // namespace

void KioskView::drawPairing(KioskState& state, KioskCommands& commands, ImVec2 pos, ImVec2 size) {
    auto* dl = ImGui::GetWindowDrawList();
    const ImVec2 end{pos.x + size.x, pos.y + size.y};
    dl->AddRectFilled(pos, end, kPanelBg);
    const bool waiting = kioskHasLeader(state.status);

    float y = pos.y + px(26);
    const std::string title = waiting ? "Waiting for the leader's event data\xE2\x80\xA6" : "Pair this gate";
    y += centredLine(dl, fonts().display, IM_COL32_WHITE, title, pos.x, end.x, y) + px(10);
    std::string line;
    if (waiting)
        line = "Following " + state.status.leader + ". Scanning starts by itself as soon as " +
               (state.wantedEventId.empty() ? std::string("the event") : "event " + state.wantedEventId) + " has arrived.";
    else
        line = "On the organizer's console open Gates, press Pair a gate, and hold its QR code up to the camera "
               "\xE2\x80\x94 or type the invitation below.";
    y += centredLine(dl, fonts().large, kSoft, line, pos.x, end.x, y) + px(18);

    // The camera preview, whole (letterboxed), so the QR code can be aimed at it.
    const float below = waiting ? px(56) : px(120);
    const float boxH = std::max(px(80), end.y - y - below);
    const float boxW = std::min(size.x * 0.8f, boxH * 16.f / 9.f);
    const ImVec2 a{pos.x + (size.x - boxW) / 2, y}, b{a.x + boxW, y + boxH};
    dl->AddRectFilled(a, b, IM_COL32(8, 10, 14, 255), px(8));
    if (state.preview.id && state.preview.width > 0 && state.preview.height > 0) {
        const float s = std::min(boxW / state.preview.width, boxH / state.preview.height);
        const float w = state.preview.width * s, h = state.preview.height * s;
        const ImVec2 p{a.x + (boxW - w) / 2, a.y + (boxH - h) / 2};
        dl->AddImage(state.preview.id, p, {p.x + w, p.y + h});
    } else {
        const std::string cam = state.settings.camera == "none" ? "No camera: scan the pairing code with the handheld scanner"
                                                                : "Camera " + state.status.camera;
        centredLine(dl, fonts().bold, IM_COL32(255, 200, 120, 255), cam, a.x, b.x, a.y + boxH / 2 - px(10));
    }
    dl->AddRect(a, b, colour::kAccent, px(8), 0, px(3));
    y = b.y + px(16);

    if (waiting) {
        std::string words = leaderStatusText(state.status);
        if (!state.status.leaderError.empty() && !leaderStatusOk(state.status)) words += "  (" + state.status.leaderError + ")";
        centredLine(dl, fonts().bold, leaderStatusOk(state.status) ? kSoft : IM_COL32(255, 160, 140, 255), words, pos.x, end.x, y);
        return;
    }

    // The invitation, typed or pasted: the same pairing as the settings' "Pair with leader".
    const float fieldW = std::min(size.x * 0.6f, px(640)), buttonW = px(140), gap = px(12);
    ImGui::SetCursorScreenPos({pos.x + (size.x - fieldW - gap - buttonW) / 2, y});
    ImGui::PushFont(fonts().large);
    ImGui::SetNextItemWidth(fieldW);
    const char* hint = state.status.leader.empty() ? "qrgate-pair:v1?url=...&code=...&fp=..." : "the pairing code, or the whole invitation";
    const bool enter = ImGui::InputTextWithHint("##pair-invite", hint, m_pairInvite, sizeof m_pairInvite,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine(0, gap);
    const bool canPair = m_pairInvite[0] != 0 && !state.pairing.busy;
    if (primaryButton(state.pairing.busy ? "Pairing..." : "Pair", canPair, {buttonW, 0}) || (enter && canPair)) {
        commands.pairWithLeader(m_pairInvite);
        m_pairInvite[0] = 0;
    }
    ImGui::PopFont();
    y += fonts().large->FontSize + px(22);
    if (!state.pairing.message.empty())
        centredLine(dl, fonts().bold, state.pairing.failed ? IM_COL32(255, 140, 120, 255) : kSoft, state.pairing.message, pos.x,
                end.x, y);
}

}  // namespace qrgate::views

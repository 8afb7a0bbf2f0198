#include "views/mail_widgets.hpp"

#include "views/theme.hpp"

namespace qrgate::views {

ImU32 outboxStateColour(OutboxState state) {
    switch (state) {
        case OutboxState::Sent: return colour::kAdmitted;
        case OutboxState::Failed: return colour::kRefused;
        case OutboxState::Unknown: return colour::kAlreadyUsed;
        case OutboxState::Queued:
        case OutboxState::Sending: break;
    }
    return IM_COL32(78, 86, 100, 255);
}

void outboxStateChip(OutboxState state) {
    // Dark words on amber (as the kiosk's ALREADY USED), white on the others.
    chip(toString(state), outboxStateColour(state),
         state == OutboxState::Unknown ? IM_COL32(30, 22, 0, 255) : IM_COL32_WHITE);
}

void stateFigure(OutboxState state, int count, const char* word) {
    const float r = ImGui::GetTextLineHeight() * 0.28f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddCircleFilled({p.x + r, p.y + ImGui::GetTextLineHeight() * 0.5f}, r,
                                                outboxStateColour(state));
    ImGui::Dummy({2 * r, ImGui::GetTextLineHeight()});
    ImGui::SameLine(0, px(6));
    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted(withThousands(count).c_str());
    ImGui::PopFont();
    ImGui::SameLine(0, px(4));
    ImGui::TextUnformatted(word);
}

void outcomeLine(const OutcomeLine& line) {
    if (line.empty()) return;
    switch (line.tone) {
        case OutcomeLine::Tone::Good:
            ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(110, 215, 140, 255));
            ImGui::TextWrapped("%s", line.text.c_str());
            ImGui::PopStyleColor();
            break;
        case OutcomeLine::Tone::Bad: errorText("%s", line.text.c_str()); break;
        case OutcomeLine::Tone::Plain: mutedText("%s", line.text.c_str()); break;
    }
}

std::string serverDescription(const MailSettings& settings) {
    auto endpoint = parseSmtpEndpoint(settings.smtpUrl, settings.plainLocal);
    return endpoint ? endpoint->describe() : endpoint.error().message;
}

}  // namespace qrgate::views

// The Email screen's Outbox tab: one row per ticket queued, sent, failed or in doubt, filtered
// by state and a search, drawn with a clipper (10,000 rows cost what the visible ones cost), with
// Resend per row ("send again?" for one already sent) and for every failed or unknown row.
#include <imgui.h>
#include <imgui_stdlib.h>  // after imgui.h: it uses IMGUI_API

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/base/time_format.hpp"
#include "views/mail_view.hpp"
#include "views/mail_widgets.hpp"
#include "views/layout.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {

constexpr OutboxState kStates[] = {OutboxState::Queued, OutboxState::Sending, OutboxState::Sent, OutboxState::Failed,
                                   OutboxState::Unknown};

int countOf(const OutboxCounts& c, OutboxState s) {
    switch (s) {
        case OutboxState::Queued: return c.queued;
        case OutboxState::Sending: return c.sending;
        case OutboxState::Sent: return c.sent;
        case OutboxState::Failed: return c.failed;
        case OutboxState::Unknown: return c.unknown;
    }
    return 0;
}

std::string lowerAscii(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool matches(const OutboxEntry& e, const std::string& needle) {
    if (needle.empty()) return true;
    if (lowerAscii(e.holderName).find(needle) != std::string::npos) return true;
    if (lowerAscii(e.recipient).find(needle) != std::string::npos) return true;
    // The number as printed (000042) or typed (42, #42).
    std::string digits = needle[0] == '#' ? needle.substr(1) : needle;
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return false;
    return formatTicketNumber(e.ticketNumber).find(digits) != std::string::npos;
}

// "21 Nov 19:30" in the event's time zone.
std::string shortTime(TimeMs t, const std::string& timeZone) {
    if (t <= 0) return "";
    static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const LocalDateTime l = toLocal(t, timeZone);
    char b[32];
    std::snprintf(b, sizeof b, "%d %s %02d:%02d", l.day, kMonths[std::clamp(l.month, 1, 12) - 1], l.minuteOfDay / 60,
                  l.minuteOfDay % 60);
    return b;
}

// A cell's text cut to the column with an ellipsis; the whole of it in a tooltip.
void cellText(const std::string& text, bool muted = false) {
    const std::string shown = ellipsized(text, ImGui::GetContentRegionAvail().x);
    if (muted) ImGui::PushStyleColor(ImGuiCol_Text, colour::kMuted);
    ImGui::TextUnformatted(shown.c_str());
    if (muted) ImGui::PopStyleColor();
    if (shown != text && ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(px(520));
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

}  // namespace

void OutboxPanel::refilter(const MailState& mail) {
    const std::string needle = lowerAscii(m_search);
    if (m_rowsVersion == mail.entriesVersion && m_rowsFilter == m_filter && m_rowsSearch == needle) return;
    m_rowsVersion = mail.entriesVersion;
    m_rowsFilter = m_filter;
    m_rowsSearch = needle;
    m_rows.clear();
    for (std::size_t i = 0; i < mail.entries.size(); ++i) {
        const auto& e = mail.entries[i];
        if ((!m_filter || e.state == *m_filter) && matches(e, needle)) m_rows.push_back(static_cast<int>(i));
    }
}

void OutboxPanel::draw(const ConsoleState& state, MailCommands& commands) {
    const auto& mail = state.mail;
    drawToolbar(mail, commands);
    refilter(mail);
    if (!mail.entriesError.empty()) errorText("%s", mail.entriesError.c_str());
    if (m_rows.empty()) {  // a line across the screen, not one cut to a column
        ImGui::Dummy({0, px(8)});
        mutedText("%s", !mail.entriesLoaded     ? "Reading the outbox\xE2\x80\xA6"
                        : mail.entries.empty() ? "Nothing sent yet: choose the recipients on the Send tab."
                                               : "No row matches the state and the search.");
    } else {
        drawTable(state);
    }
    if (!m_resend.empty()) {
        const auto row = std::find_if(mail.entries.begin(), mail.entries.end(),
                                      [&](const OutboxEntry& e) { return e.ticketId == m_resend; });
        if (row != mail.entries.end() && row->state == OutboxState::Sent) {
            m_confirmTicket = m_resend;  // it arrived once: asked before it goes again
            m_openConfirm = true;
        } else {
            commands.resendTicket(m_resend);
        }
        m_resend.clear();
    }
    drawConfirm(mail, commands);
}

void OutboxPanel::drawToolbar(const MailState& mail, MailCommands& commands) {
    ImGui::SetNextItemWidth(px(190));
    auto filterLabel = [&](std::optional<OutboxState> s) {
        const int n = s ? countOf(mail.outbox, *s) : mail.outbox.total();
        return std::string(s ? toString(*s) : "All states") + " (" + withThousands(n) + ")";
    };
    if (ImGui::BeginCombo("##outboxFilter", filterLabel(m_filter).c_str())) {
        if (ImGui::Selectable(filterLabel(std::nullopt).c_str(), !m_filter)) m_filter.reset();
        for (auto s : kStates)
            if (ImGui::Selectable(filterLabel(s).c_str(), m_filter == s)) m_filter = s;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    const float resendW = px(190);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetNextItemWidth(std::max(px(160), ImGui::GetContentRegionAvail().x - 2 * (resendW + spacing)));
    ImGui::InputTextWithHint("##outboxSearch", "Search name, address or number", &m_search);
    ImGui::SameLine();
    const std::string failed = "Resend all failed (" + withThousands(mail.outbox.failed) + ")###resendFailed";
    ImGui::BeginDisabled(mail.outbox.failed == 0);
    if (ImGui::Button(failed.c_str(), {resendW, 0})) commands.resendState(OutboxState::Failed);
    ImGui::EndDisabled();
    ImGui::SameLine();
    const std::string unknown = "Resend all unknown (" + withThousands(mail.outbox.unknown) + ")###resendUnknown";
    ImGui::BeginDisabled(mail.outbox.unknown == 0);
    if (ImGui::Button(unknown.c_str(), {resendW, 0})) commands.resendState(OutboxState::Unknown);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Only once you know they did not arrive: an unknown message may be in their inbox.");
    if (mail.outbox.unknown > 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, colour::kAlreadyUsed);
        ImGui::TextWrapped("Unknown: qrgate stopped while sending; it may have arrived \xE2\x80\x94 check with the attendee "
                           "before sending it again.");
        ImGui::PopStyleColor();
    }
}

void OutboxPanel::drawTable(const ConsoleState& state) {
    const auto& mail = state.mail;
    const Event* event = state.currentEvent();
    const std::string timeZone = event ? event->timeZone : "UTC";
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_Resizable;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
    // Sideways scrolling rather than squeezed columns at 150 % and 200 %.
    const bool open = beginScrollingTable("##outbox", 8, flags, em(54));
    ImGui::PopStyleColor();
    if (!open) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("No.", ImGuiTableColumnFlags_WidthFixed, px(62));
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Address", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthFixed, px(84));
    ImGui::TableSetupColumn("Tries", ImGuiTableColumnFlags_WidthFixed, px(44));
    ImGui::TableSetupColumn("Last reply or reason", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, px(100));
    ImGui::TableSetupColumn("##resend", ImGuiTableColumnFlags_WidthFixed, px(76));
    ImGui::TableHeadersRow();

    const float rowH = ImGui::GetTextLineHeight() + px(10);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(m_rows.size()), rowH);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const OutboxEntry& e = mail.entries[static_cast<std::size_t>(m_rows[static_cast<std::size_t>(i)])];
            ImGui::TableNextRow(0, rowH);
            ImGui::PushID(e.ticketId.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(formatTicketNumber(e.ticketNumber).c_str());
            ImGui::TableNextColumn();
            cellText(e.holderName.empty() ? "(no name)" : e.holderName, e.holderName.empty());
            ImGui::TableNextColumn();
            cellText(e.recipient);
            ImGui::TableNextColumn();
            outboxStateChip(e.state);
            ImGui::TableNextColumn();
            ImGui::Text("%d", e.attempts);
            ImGui::TableNextColumn();
            cellText(e.reply, true);
            ImGui::TableNextColumn();
            cellText(shortTime(e.sentAt.value_or(e.updatedAt), timeZone), true);
            ImGui::TableNextColumn();
            ImGui::BeginDisabled(e.state == OutboxState::Sending);
            if (ImGui::SmallButton("Resend")) m_resend = e.ticketId;
            ImGui::EndDisabled();
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void OutboxPanel::drawConfirm(const MailState& mail, MailCommands& commands) {
    std::string question;
    const auto row = std::find_if(mail.entries.begin(), mail.entries.end(),
                                  [&](const OutboxEntry& e) { return e.ticketId == m_confirmTicket; });
    if (row != mail.entries.end())
        question = "Ticket #" + formatTicketNumber(row->ticketNumber) + " was sent to " + row->recipient +
                   " already. Send it again?";
    if (confirmModal("Send again?", m_openConfirm, question, "Send again")) commands.resendTicket(m_confirmTicket);
}

}  // namespace qrgate::views

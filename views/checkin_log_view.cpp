// The live check-in log: newest first, filters by gate, result, reason and time; CSV export.
#include <cstdio>

#include "core/base/time_format.hpp"
#include "views/console_screens.hpp"
#include "views/count_words.hpp"
#include "views/layout.hpp"
#include "views/theme.hpp"
#include "views/verdict_words.hpp"

namespace qrgate::views {

namespace {

const char* kResults[] = {"All results", "Admitted", "Refused", "Undone"};
const char* kReasons[] = {"any reason",    "already_used", "not_found", "void",       "wrong_gate",  "wrong_event",
                          "invalid_signature", "malformed", "not_yet_valid", "expired", "not_inside"};

class CheckinLogView final : public ConsoleView {
public:
    const char* id() const override { return "log"; }
    const char* title() const override { return "Check-in log"; }
    const char* icon() const override { return "\xE2\x98\xB0"; }  // ☰

    void draw(ConsoleState& state, ConsoleCommands& commands) override {
        const Event* event = state.currentEvent();
        screenTitle("Check-in log", "Every scan at every gate, newest first; updates live.");
        if (!event) {
            mutedText("Create an event first (Events, Ctrl+2).");
            return;
        }
        const std::string zone = event->timeZone;
        ToolbarFlow flow;  // wraps onto a second line rather than running off a narrow window
        flow.item(px(120));
        ImGui::SetNextItemWidth(px(120));
        ImGui::InputTextWithHint("##gate", "Gate", m_gate, sizeof m_gate);
        flow.item(px(150));
        ImGui::SetNextItemWidth(px(150));
        ImGui::Combo("##result", &m_result, kResults, 4);
        flow.item(px(190));
        ImGui::SetNextItemWidth(px(190));
        if (ImGui::BeginCombo("##reason", m_reason == 0 ? "Any reason" : reasonTitle(kReasons[m_reason]).c_str())) {
            for (int i = 0; i < static_cast<int>(std::size(kReasons)); ++i) {
                std::string label = i == 0 ? std::string("Any reason") : reasonTitle(kReasons[i]);
                if (ImGui::Selectable(label.c_str(), m_reason == i)) m_reason = i;
            }
            ImGui::EndCombo();
        }
        flow.item(px(160));
        ImGui::SetNextItemWidth(px(160));
        ImGui::InputTextWithHint("##from", "From 18:00 or date", m_from, sizeof m_from);
        flow.item(px(160));
        ImGui::SetNextItemWidth(px(160));
        ImGui::InputTextWithHint("##until", "Until", m_until, sizeof m_until);

        CheckinQuery q;
        q.eventId = state.currentEventId;
        q.gateId = trimmed(m_gate);
        if (m_result == 1) q.result = CheckinResult::Admitted;
        if (m_result == 2) q.result = CheckinResult::Refused;
        if (m_result == 3) q.result = CheckinResult::Annul;
        if (m_reason > 0) q.reason = kReasons[m_reason];
        bool timeError = false;
        q.from = parseFilterTime(m_from, zone, timeError);
        q.until = parseFilterTime(m_until, zone, timeError);
        q.limit = 5000;
        if (!sameQuery(q, state.logQuery)) commands.setLogQuery(q);
        if (timeError) errorText("Times as 18:30 (today) or 2026-07-18 18:30.");

        // Export
        if (!timeError) flow.rightAligned(px(140));
        if (ImGui::Button("Export CSV...", {px(140), 0})) {
            if (!m_exportPath[0])
                std::snprintf(m_exportPath, sizeof m_exportPath, "%s/checkins-%s.csv", state.dataDir.c_str(),
                              state.currentEventId.c_str());
            ImGui::OpenPopup("Export check-ins");
        }
        drawExportPopup(commands);

        const std::string shown =
            scansShownText(static_cast<std::int64_t>(state.log.size()), state.log.size() >= q.limit);
        mutedText("%s", shown.c_str());

        const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                      ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_Resizable;
        // Columns keep readable widths; the table scrolls sideways when the window is narrow.
        if (beginScrollingTable("##log", 7, flags, em(50))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, px(90));
            ImGui::TableSetupColumn("Result", ImGuiTableColumnFlags_WidthFixed, px(110));
            ImGui::TableSetupColumn("Reason", ImGuiTableColumnFlags_WidthStretch, 1.2f);
            ImGui::TableSetupColumn("Ticket", ImGuiTableColumnFlags_WidthFixed, px(80));
            ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.4f);
            ImGui::TableSetupColumn("Gate", ImGuiTableColumnFlags_WidthFixed, px(80));
            ImGui::TableSetupColumn("Device", ImGuiTableColumnFlags_WidthStretch, 0.8f);
            ImGui::TableHeadersRow();
            // Exactly what the clipper is told: a chip a pixel taller than the text made every
            // row taller, and a border ran through the last row's text (issue 13).
            const float rowH = clipperRowHeight(std::max(ImGui::GetTextLineHeight(), chipHeight()));
            ImGuiListClipper clipper;
            clipper.Begin(static_cast<int>(state.log.size()), rowH);
            while (clipper.Step()) {
                for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                    const Checkin& c = state.log[i];
                    ImGui::TableNextRow(0, rowH);
                    ImGui::TableNextColumn();
                    std::string iso = formatIsoLocal(c.scannedAt, zone);
                    ImGui::TextUnformatted(iso.size() >= 19 ? iso.substr(11, 8).c_str() : iso.c_str());
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", iso.c_str());
                    ImGui::TableNextColumn();
                    resultChip(c);
                    ImGui::TableNextColumn();
                    if (c.result == CheckinResult::Refused) ellipsizedText(reasonTitle(c.reason));
                    else if (c.result == CheckinResult::Annul) ImGui::TextDisabled("undo of an admission");
                    else if (!c.annulledBy.empty()) ImGui::TextDisabled("undone later");
                    ImGui::TableNextColumn();
                    if (c.ticketNumber) ImGui::TextUnformatted(formatTicketNumber(c.ticketNumber).c_str());
                    ImGui::TableNextColumn();
                    ellipsizedText(c.holderName);
                    ImGui::TableNextColumn();
                    ellipsizedText(c.gateId);
                    ImGui::TableNextColumn();
                    ellipsizedTextDisabled(c.deviceId + (c.offline ? "  (offline)" : ""));
                }
            }
            ImGui::EndTable();
            if (state.log.empty() && state.logLoaded) emptyTableNote("No scans match.");
        }
    }

private:
    static void resultChip(const Checkin& c) {
        if (c.result == CheckinResult::Admitted) {
            if (c.direction == Direction::Exit) chip("exit", colour::kExit);
            else chip("admitted", colour::kAdmitted);
        } else if (c.result == CheckinResult::Annul) {
            chip("undo", IM_COL32(90, 96, 110, 255));
        } else if (c.reason == "already_used") {
            chip("used", colour::kAlreadyUsed, IM_COL32(20, 20, 20, 255));
        } else {
            chip("refused", colour::kRefused);
        }
    }

    void drawExportPopup(ConsoleCommands& commands) {
        ImGui::SetNextWindowSize({px(560), 0});
        if (ImGui::BeginPopupModal("Export check-ins", nullptr, ImGuiWindowFlags_NoResize)) {
            mutedText("Every scan of the event as CSV (UTF-8, ISO times in the event's zone).");
            ImGui::SetNextItemWidth(-1);
            ImGui::InputText("##exportPath", m_exportPath, sizeof m_exportPath);
            if (primaryButton("Export", m_exportPath[0] != 0, {px(120), 0})) {
                commands.exportCheckins(m_exportPath);
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button("Cancel", {px(120), 0})) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
    }

    static std::string trimmed(const char* s) {
        std::string t = s;
        while (!t.empty() && t.back() == ' ') t.pop_back();
        while (!t.empty() && t.front() == ' ') t.erase(t.begin());
        return t;
    }

    // "18:30" means today in the event's zone; full dates as the event form takes them.
    static std::optional<TimeMs> parseFilterTime(const char* text, const std::string& zone, bool& error) {
        std::string t = trimmed(text);
        if (t.empty()) return std::nullopt;
        if (t.size() <= 5 && t.find(':') != std::string::npos) {
            int h = 0, m = 0;
            if (std::sscanf(t.c_str(), "%d:%d", &h, &m) == 2 && h >= 0 && h < 24 && m >= 0 && m < 60) {
                auto today = toLocal(SystemClock::instance().nowMs(), zone);
                return fromLocal(today.year, today.month, today.day, h * 60 + m, zone);
            }
        }
        auto parsed = parseIsoTime(t, zone);
        if (!parsed) error = true;
        return parsed;
    }

    static bool sameQuery(const CheckinQuery& a, const CheckinQuery& b) {
        return a.eventId == b.eventId && a.gateId == b.gateId && a.result == b.result && a.reason == b.reason &&
               a.from == b.from && a.until == b.until && a.limit == b.limit;
    }

    char m_gate[64] = "";
    int m_result = 0;
    int m_reason = 0;
    char m_from[64] = "";
    char m_until[64] = "";
    char m_exportPath[1024] = "";
};

}  // namespace

std::unique_ptr<ConsoleView> makeCheckinLogView() { return std::make_unique<CheckinLogView>(); }

}  // namespace qrgate::views

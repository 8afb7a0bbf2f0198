// Dashboard: admitted of total, inside now, refusals by reason, per gate, arrivals per 10 minutes.
// Refreshed live by the app (a stats job every second); this screen only draws.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "core/base/time_format.hpp"
#include "core/events/validity.hpp"
#include "views/console_screens.hpp"
#include "views/layout.hpp"
#include "views/theme.hpp"
#include "views/verdict_words.hpp"

namespace qrgate::views {

namespace {

void drawArrivals(const ArrivalsChart& chart, const std::string& zone, ImVec2 size) {
    auto* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    const float axisH = px(22), labelW = px(36);
    ImVec2 plotMin{origin.x + labelW, origin.y + px(8)};
    ImVec2 plotMax{origin.x + size.x, origin.y + size.y - axisH};
    std::int64_t maxCount = 1;
    for (auto c : chart.counts) maxCount = std::max(maxCount, c);
    // Round the scale up to a friendly number so the grid lines read well.
    std::int64_t step = 1;
    for (std::int64_t mult = 1;; mult *= 10) {
        bool found = false;
        for (std::int64_t s : {1, 2, 5}) {
            step = s * mult;
            if (maxCount <= step * 4) {
                found = true;
                break;
            }
        }
        if (found) break;
    }
    std::int64_t top = ((maxCount + step - 1) / step) * step;
    const float h = plotMax.y - plotMin.y;
    for (std::int64_t v = 0; v <= top; v += step) {
        float y = plotMax.y - h * static_cast<float>(v) / static_cast<float>(top);
        dl->AddLine({plotMin.x, y}, {plotMax.x, y}, IM_COL32(255, 255, 255, 18));
        std::string label = withThousands(v);
        ImFont* f = fonts().small;
        float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, label.c_str()).x;
        dl->AddText(f, f->FontSize, {plotMin.x - w - px(6), y - f->FontSize * 0.5f}, colour::kMuted, label.c_str());
    }
    const std::size_t n = std::max<std::size_t>(chart.counts.size(), 1);
    const float slot = (plotMax.x - plotMin.x) / static_cast<float>(n);
    const float gap = std::max(1.0f, slot * 0.18f);
    int hovered = -1;
    ImVec2 mouse = ImGui::GetIO().MousePos;
    for (std::size_t i = 0; i < chart.counts.size(); ++i) {
        float x0 = plotMin.x + slot * static_cast<float>(i) + gap * 0.5f;
        float x1 = x0 + slot - gap;
        float y0 = plotMax.y - h * static_cast<float>(chart.counts[i]) / static_cast<float>(top);
        bool over = mouse.x >= x0 && mouse.x < x1 && mouse.y >= plotMin.y && mouse.y <= plotMax.y;
        if (over) hovered = static_cast<int>(i);
        if (chart.counts[i] > 0)
            dl->AddRectFilled({x0, y0}, {x1, plotMax.y}, over ? IM_COL32(110, 170, 255, 255) : colour::kAccent, px(2),
                              ImDrawFlags_RoundCornersTop);
    }
    // The time axis: the full hours under the slots that start them, every hour when they fit,
    // else every second or third... (the bars' index used to decide, and for half of each hour
    // no hour mark fell on an index it allowed: the axis lost every label).
    ImFont* axisFont = fonts().small;
    const float hourLabelW = axisFont->CalcTextSizeA(axisFont->FontSize, FLT_MAX, 0, "00:00").x + px(12);
    const float slotsPerHour = chart.bucketMs > 0 ? 3'600'000.0f / static_cast<float>(chart.bucketMs) : 1.0f;
    const int everyHours = std::max(1, static_cast<int>(std::ceil(hourLabelW / std::max(1.0f, slot * slotsPerHour))));
    for (std::size_t i = 0; i < chart.counts.size(); ++i) {
        const TimeMs t = chart.from + static_cast<TimeMs>(i) * chart.bucketMs;
        const auto local = toLocal(t, zone);
        if (local.minuteOfDay % 60 != 0 || (local.minuteOfDay / 60) % everyHours != 0) continue;
        const float x = plotMin.x + slot * static_cast<float>(i);
        if (x + hourLabelW - px(12) > plotMax.x) continue;
        const std::string label = formatClockLocal(t, zone);
        dl->AddLine({x, plotMax.y}, {x, plotMax.y + px(3)}, IM_COL32(255, 255, 255, 60));
        dl->AddText(axisFont, axisFont->FontSize, {x, plotMax.y + px(4)}, colour::kMuted, label.c_str());
    }
    dl->AddLine({plotMin.x, plotMax.y}, {plotMax.x, plotMax.y}, IM_COL32(255, 255, 255, 60));
    ImGui::Dummy(size);
    if (hovered >= 0 && ImGui::IsItemHovered()) {
        TimeMs t = chart.from + hovered * chart.bucketMs;
        ImGui::SetTooltip("%s - %s\n%s admitted", formatClockLocal(t, zone).c_str(),
                          formatClockLocal(t + chart.bucketMs, zone).c_str(),
                          withThousands(chart.counts[hovered]).c_str());
    }
}

class DashboardView final : public ConsoleView {
public:
    const char* id() const override { return "dashboard"; }
    const char* title() const override { return "Dashboard"; }
    const char* icon() const override { return "\xE2\x97\x94"; }  // ◔

    void draw(ConsoleState& state, ConsoleCommands&) override {
        const Event* event = state.currentEvent();
        if (!event) {
            screenTitle("Dashboard");
            emptyState();
            return;
        }
        std::string subtitle = event->venue.empty() ? "" : event->venue;
        if (event->startsAt)
            subtitle += (subtitle.empty() ? "" : "  \xC2\xB7  ") + formatShortLocal(*event->startsAt, event->timeZone);
        subtitle += (subtitle.empty() ? "" : "  \xC2\xB7  ") + std::string("live, updated every second");
        std::string title = "Dashboard \xE2\x80\x94 " + event->name;
        screenTitle(title.c_str(), subtitle.c_str());

        const auto& s = state.stats;
        // Until the first figures arrive, show that they are coming rather than zeros.
        auto num = [&](long long v) { return state.statsLoaded ? withThousands(v) : std::string("..."); };
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        const float cardW = (ImGui::GetContentRegionAvail().x - spacing * 3) / 4;
        char foot[96];
        double pct = s.tickets ? 100.0 * static_cast<double>(s.uniqueAdmitted) / static_cast<double>(s.tickets) : 0;
        std::snprintf(foot, sizeof foot, "of %s  \xC2\xB7  %.1f%%", counted(s.tickets, "ticket", "tickets").c_str(), pct);
        statCard("##admitted", "Admitted", num(s.uniqueAdmitted), state.statsLoaded ? foot : "", colour::kAdmitted, cardW);
        ImGui::SameLine();
        char exits[64];
        std::snprintf(exits, sizeof exits, "%s", counted(s.exits, "exit recorded", "exits recorded").c_str());
        statCard("##inside", "Inside now", num(s.inside), state.statsLoaded ? exits : "", colour::kExit, cardW);
        ImGui::SameLine();
        std::int64_t used = s.refusedByReason.count("already_used") ? s.refusedByReason.at("already_used") : 0;
        char refusedFoot[64];
        std::snprintf(refusedFoot, sizeof refusedFoot, "%s already used", withThousands(used).c_str());
        statCard("##refused", "Refused scans", num(s.refused), state.statsLoaded ? refusedFoot : "", colour::kRefused, cardW);
        ImGui::SameLine();
        char voidFoot[64];
        std::snprintf(voidFoot, sizeof voidFoot, "%s void", withThousands(s.voided).c_str());
        statCard("##tickets", "Valid tickets", num(s.tickets), state.statsLoaded ? voidFoot : "", colour::kAlreadyUsed, cardW);

        ImGui::Dummy({0, px(6)});
        float progress = s.tickets ? static_cast<float>(s.uniqueAdmitted) / static_cast<float>(s.tickets) : 0.0f;
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, colour::kAdmitted);
        ImGui::ProgressBar(progress, {-1, px(10)}, "");
        ImGui::PopStyleColor();
        ImGui::Dummy({0, px(8)});

        const float leftW = ImGui::GetContentRegionAvail().x * 0.62f;
        ImGui::BeginChild("##arrivals", {leftW, px(300)}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        sectionTitle("Arrivals per 10 minutes");
        if (state.statsLoaded) mutedText("Admissions over the last %s",
                                       counted(static_cast<long long>(state.arrivals.counts.size() / 6), "hour", "hours").c_str());
        else mutedText("Loading...");
        ImGui::Dummy({0, px(4)});
        drawArrivals(state.arrivals, event->timeZone, {ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y});
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("##reasons", {0, px(300)}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        sectionTitle("Refused by reason");
        if (s.refusedByReason.empty()) mutedText("No refusals yet.");
        std::int64_t maxR = 1;
        for (const auto& [_, n] : s.refusedByReason) maxR = std::max(maxR, n);
        for (const auto& [code, n] : s.refusedByReason) {
            std::string label = reasonTitle(code);
            ImGui::TextUnformatted(label.c_str());
            ImGui::SameLine(ImGui::GetContentRegionAvail().x - px(40));
            ImGui::Text("%s", withThousands(n).c_str());
            ImGui::PushStyleColor(ImGuiCol_PlotHistogram, code == "already_used" ? colour::kAlreadyUsed : colour::kRefused);
            ImGui::ProgressBar(static_cast<float>(n) / static_cast<float>(maxR), {-1, px(6)}, "");
            ImGui::PopStyleColor();
        }
        ImGui::EndChild();

        ImGui::Dummy({0, px(4)});
        ImGui::BeginChild("##gates", {0, 0}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        sectionTitle("Per gate");
        if (s.perGate.empty()) {
            mutedText("No scans yet. Start a gate with:  qrgate kiosk --gate A");
        } else if (beginScrollingTable("##gateTable", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH, em(24))) {
            ImGui::TableSetupColumn("Gate");
            ImGui::TableSetupColumn("Admitted");
            ImGui::TableSetupColumn("Refused");
            ImGui::TableSetupColumn("Exits");
            ImGui::TableHeadersRow();
            for (const auto& [gate, g] : s.perGate) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(gate.empty() ? "(no gate)" : gate.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(withThousands(g.admitted).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(withThousands(g.refused).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(withThousands(g.exits).c_str());
            }
            ImGui::EndTable();
        }
        ImGui::EndChild();
    }

private:
    static void emptyState() {
        ImGui::Dummy({0, px(30)});
        ImGui::BeginChild("##empty", {px(620), px(220)}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        ImGui::PushFont(fonts().heading);
        ImGui::TextUnformatted("Welcome to qrgate");
        ImGui::PopFont();
        ImGui::Dummy({0, px(4)});
        ImGui::TextWrapped("There is no event in this data folder yet. Create one on the Events screen "
                           "(Ctrl+2), then issue tickets or import an attendee list.");
        ImGui::Dummy({0, px(8)});
        mutedText("Gates run  qrgate kiosk  on their own PCs; their check-ins appear here live.");
        ImGui::EndChild();
    }
};

}  // namespace

std::unique_ptr<ConsoleView> makeDashboardView() { return std::make_unique<DashboardView>(); }

}  // namespace qrgate::views

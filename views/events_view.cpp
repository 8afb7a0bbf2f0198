// Events: the list, the event form (draft; Save only when changed and valid) and the event's
// ticket types with their rules.
#include <algorithm>
#include <cstdio>

#include "core/base/time_format.hpp"
#include "core/events/event_dates.hpp"
#include "core/events/validity.hpp"
#include "core/events/validity_text.hpp"
#include "views/console_screens.hpp"
#include "views/event_form.hpp"
#include "views/keys.hpp"
#include "views/layout.hpp"
#include "views/theme.hpp"
#include "views/time_zone_picker.hpp"
#include "views/type_colour_picker.hpp"

namespace qrgate::views {

namespace {

// An input with its inline error underneath.
bool field(const char* label, std::string& value, const std::string& error, const char* hint = nullptr) {
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(-1);
    std::string id = std::string("##") + label;
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s", value.c_str());
    bool changed = hint ? ImGui::InputTextWithHint(id.c_str(), hint, buf, sizeof buf)
                        : ImGui::InputText(id.c_str(), buf, sizeof buf);
    if (changed) value = buf;
    if (!error.empty()) errorText("%s", error.c_str());
    return changed;
}

const char* kEntryNames[] = {"Once", "Re-entry (in and out)", "Unlimited"};

// The events list's second line: where the event stands ("Ended" muted, "On now" green), then
// its dates, cut with an ellipsis to the row's width.
void eventDatesLine(const Event& e, TimeMs now) {
    const auto phase = eventPhase(e, now);
    std::string dates = formatEventDates(e, now);
    switch (phase) {
        case EventPhase::Undated: break;
        case EventPhase::Upcoming: mutedText("Upcoming"); break;
        case EventPhase::Ongoing:
            ImGui::PushStyleColor(ImGuiCol_Text, colour::kAdmitted);
            ImGui::TextUnformatted("On now");
            ImGui::PopStyleColor();
            break;
        case EventPhase::Closing: {
            const auto closes = *EventEnd::of(e).gatesCloseAt();
            ImGui::PushStyleColor(ImGuiCol_Text, colour::kAlreadyUsed);
            ImGui::Text("Ended, open till %s", formatClockLocal(closes, e.timeZone).c_str());
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("The event has ended; the gates stay open for its grace period until %s.",
                                  formatClockLocal(closes, e.timeZone).c_str());
            break;
        }
        case EventPhase::Ended: mutedText("Ended"); break;
    }
    if (phase != EventPhase::Undated) ImGui::SameLine(0, px(8));
    const bool over = phase == EventPhase::Ended;
    ImGui::PushStyleColor(ImGuiCol_Text, over || dates.empty() ? colour::kMuted : colour::kText);
    const std::string shown = dates.empty() ? "No dates set" : ellipsized(dates, ImGui::GetContentRegionAvail().x - px(8));
    ImGui::TextUnformatted(shown.c_str());
    ImGui::PopStyleColor();
    if (shown != dates && !dates.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", dates.c_str());
}

class EventsView final : public ConsoleView {
public:
    const char* id() const override { return "events"; }
    const char* title() const override { return "Events"; }
    const char* icon() const override { return "\xE2\x97\xB7"; }  // ◷

    void onShow(ConsoleState& state, ConsoleCommands&) override { syncSelection(state, true); }

    // "events-add-type" opens the new ticket type form, "events-zone TEXT" the time zone list
    // with TEXT in its filter (for screenshots).
    bool scriptCommand(const std::string& line, ConsoleState& state) override {
        if (line == "events-add-type") {
            const Event* event = state.currentEvent();
            openNewType(state, event ? event->timeZone : "UTC");
            return true;
        }
        if (line.rfind("events-zone ", 0) == 0) {
            m_zonePicker.openWith(line.substr(12));
            m_scrollToTop = true;
            return true;
        }
        return false;
    }

    void draw(ConsoleState& state, ConsoleCommands& commands) override {
        syncSelection(state, false);
        screenTitle("Events", "Each event has its own signing key, ticket types and tickets.");
        if (keys::ctrlPressed(keys::letter('N'))) startNew(state);

        const float listW = std::min(px(300), ImGui::GetContentRegionAvail().x * 0.36f);
        ImGui::BeginChild("##eventList", {listW, 0}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        if (primaryButton("+  New event", true, {-1, 0})) startNew(state);
        ImGui::Dummy({0, px(4)});
        for (const auto& e : state.events) {
            ImGui::PushID(e.id.c_str());
            bool selected = !m_creating && e.id == m_selectedId;
            ImVec2 start = ImGui::GetCursorPos();
            if (ImGui::Selectable("##row", selected, 0, {0, px(80)})) select(state, e.id);
            ImGui::SetCursorPos({start.x + px(10), start.y + px(6)});
            // A long name is cut with an ellipsis (whole in a tooltip), leaving room for "current".
            const bool current = e.id == state.currentEventId;
            const float nameW = ImGui::GetContentRegionAvail().x - px(10) -
                                (current ? chipWidth("current") + ImGui::GetStyle().ItemSpacing.x : 0);
            ImGui::PushFont(fonts().bold);
            ellipsizedText(e.name, nameW);
            ImGui::PopFont();
            if (current) {
                ImGui::SameLine();
                chip("current", colour::kAccent);
            }
            ImGui::SetCursorPosX(start.x + px(10));
            eventDatesLine(e, state.sync.nowMs);
            ImGui::SetCursorPosX(start.x + px(10));
            std::string line = e.venue.empty() ? e.id : e.venue + "  \xC2\xB7  " + e.id;
            ellipsizedText(line, ImGui::GetContentRegionAvail().x - px(10), colour::kMuted);
            ImGui::SetCursorPos({start.x, start.y + px(86)});
            ImGui::PopID();
        }
        if (state.events.empty()) mutedText("No events yet.");
        ImGui::EndChild();
        ImGui::SameLine();

        ImGui::BeginChild("##eventDetail", {0, 0}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        if (m_scrollToTop) ImGui::SetScrollY(0);
        m_scrollToTop = false;
        drawEventForm(state, commands);
        if (!m_creating && !m_selectedId.empty()) {
            ImGui::Dummy({0, px(10)});
            ImGui::Separator();
            drawTypes(state, commands);
        }
        ImGui::EndChild();
    }

private:
    void startNew(ConsoleState&) {
        m_creating = true;
        m_form.load(nullptr, localTimeZoneName());
    }
    void select(ConsoleState& state, const std::string& id) {
        m_creating = false;
        m_selectedId = id;
        for (const auto& e : state.events)
            if (e.id == id) m_form.load(&e);
        m_typeId = -1;
    }
    static bool sameEvent(const Event& a, const Event& b) {
        return a.id == b.id && a.name == b.name && a.venue == b.venue && a.startsAt == b.startsAt &&
               a.endsAt == b.endsAt && a.timeZone == b.timeZone && a.endGraceMinutes == b.endGraceMinutes;
    }
    // Follows the data: after a create or save, and when the stored event changes.
    void syncSelection(ConsoleState& state, bool force) {
        if (m_creating) {
            if (!m_saving || state.events.size() <= m_eventsAtSave) {
                if (state.events.empty() || !force) return;
            }
            m_creating = false;
            m_saving = false;
            force = true;
        }
        if (m_selectedId.empty() || force) m_selectedId = state.currentEventId;
        const Event* e = nullptr;
        for (const auto& ev : state.events)
            if (ev.id == m_selectedId) e = &ev;
        if (!e) {
            if (state.events.empty()) startNew(state);
            return;
        }
        if (force || !sameEvent(m_loadedFrom, *e)) {
            EventForm fresh;
            fresh.load(e);
            // Keep the user's pending edits unless they are exactly what was just saved.
            if (force || !m_form.changed() || m_form.eventId() != e->id || fresh.fields() == m_form.fields())
                m_form.load(e);
            m_loadedFrom = *e;
        }
    }

    void drawEventForm(ConsoleState& state, ConsoleCommands& commands) {
        sectionTitle(m_creating ? "New event" : "Event details");
        auto& f = m_form.fields();
        EventCheck check = m_form.check();
        const bool showErrors = m_form.changed();
        auto err = [&](const std::string& e) { return showErrors ? e : std::string(); };
        ImGui::PushItemWidth(-1);
        field("Name", f.name, err(check.name), "Summer Festival 2026");
        field("Venue", f.venue, "", "Riverside Park, Gate road 1");
        ImGui::Columns(2, nullptr, false);
        field("Starts", f.starts, err(check.starts), "YYYY-MM-DD HH:MM (optional)");
        ImGui::NextColumn();
        field("Ends", f.ends, err(check.ends), "YYYY-MM-DD HH:MM (optional)");
        ImGui::Columns(1);
        ImGui::TextUnformatted("Time zone");
        m_zonePicker.draw("##timeZone", f.timeZone, state.sync.nowMs);
        if (!err(check.timeZone).empty()) errorText("%s", check.timeZone.c_str());
        ImGui::PopItemWidth();
        ImGui::AlignTextToFramePadding();
        const char* graceLabel = "Gates stay open after the end for";
        ImGui::TextUnformatted(graceLabel);
        // The field and "minutes (?)" follow on the line when they fit (at 150 % they do not).
        const float fieldAndUnit = px(70) + ImGui::CalcTextSize("minutes (?)").x + 3 * ImGui::GetStyle().ItemSpacing.x;
        if (ImGui::GetContentRegionAvail().x >= ImGui::CalcTextSize(graceLabel).x + fieldAndUnit) ImGui::SameLine();
        ImGui::SetNextItemWidth(px(70));
        char grace[8];
        std::snprintf(grace, sizeof grace, "%s", f.graceMinutes.c_str());
        if (ImGui::InputText("##graceMinutes", grace, sizeof grace, ImGuiInputTextFlags_CharsDecimal))
            f.graceMinutes = grace;
        ImGui::SameLine();
        ImGui::TextUnformatted("minutes");
        helpMarker("After the event's end plus these minutes, scans are refused as expired, unless a ticket "
                   "type has its own 'Valid until' or days. Without an end time there is no such rule.");
        if (!err(check.graceMinutes).empty()) errorText("%s", check.graceMinutes.c_str());
        if (showErrors && !check.general.empty()) errorText("%s", check.general.c_str());
        ImGui::Dummy({0, px(4)});
        if (primaryButton(m_creating ? "Create event" : "Save changes", m_form.canSave(), {px(160), 0}) ||
            (m_form.canSave() && keys::ctrlPressed(keys::letter('S')))) {
            if (m_creating) {
                commands.createEvent(*check.draft);
                m_saving = true;
                m_eventsAtSave = state.events.size();
            } else {
                commands.updateEvent(m_form.eventId(), *check.draft);
            }
        }
        ImGui::SameLine();
        ImGui::BeginDisabled(!m_form.changed());
        if (ImGui::Button("Revert", {px(100), 0})) m_form.revert();
        ImGui::EndDisabled();
        if (m_creating && !state.events.empty()) {
            ImGui::SameLine();
            if (ImGui::Button("Cancel", {px(100), 0})) {
                m_creating = false;
                syncSelection(state, true);
            }
        }
        if (!m_creating && m_form.eventId() != state.currentEventId) {
            ImGui::SameLine();
            if (ImGui::Button("Use as current event")) commands.useEvent(m_form.eventId());
        }
        if (!m_creating) {
            ImGui::SameLine();
            mutedText("Id %s", m_form.eventId().c_str());
        }
    }

    void drawTypes(ConsoleState& state, ConsoleCommands& commands) {
        sectionTitle("Ticket types");
        if (m_form.eventId() != state.currentEventId) {
            mutedText("Make this the current event to see and edit its ticket types.");
            return;
        }
        const Event* event = state.currentEvent();
        const std::string zone = event ? event->timeZone : "UTC";
        if (ImGui::BeginTable("##types", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
            ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthStretch, 1.7f);
            ImGui::TableSetupColumn("Entries", ImGuiTableColumnFlags_WidthStretch, 1.1f);
            ImGui::TableSetupColumn("Gates", ImGuiTableColumnFlags_WidthStretch, 0.8f);
            ImGui::TableSetupColumn("Valid", ImGuiTableColumnFlags_WidthStretch, 1.0f);
            ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, px(80));
            ImGui::TableHeadersRow();
            for (const auto& t : state.types) {
                ImGui::PushID(static_cast<int>(t.id));
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                // A long type name or rule is cut with an ellipsis, the whole in a tooltip.
                const float defaultW = t.isDefault ? ImGui::CalcTextSize("default").x + ImGui::GetStyle().ItemSpacing.x : 0;
                fittedChip(t.name, ImGui::GetContentRegionAvail().x - defaultW, colour::fromHex(t.colour));
                if (t.isDefault) {
                    ImGui::SameLine();
                    ImGui::TextDisabled("default");
                }
                ImGui::TableNextColumn();
                ellipsizedText(kEntryNames[static_cast<int>(t.entries)]);
                ImGui::TableNextColumn();
                std::string gates;
                for (const auto& g : t.gates) gates += (gates.empty() ? "" : ", ") + g;
                ellipsizedText(gates.empty() ? "all gates" : gates);
                ImGui::TableNextColumn();
                ellipsizedText(describeValidity(t, zone));
                ImGui::TableNextColumn();
                if (ImGui::SmallButton("Edit")) {
                    m_typeId = t.id;
                    m_scrollToTypeForm = true;
                    m_typeForm.load(&t, t.eventId, zone);
                }
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        if (m_typeId < 0 && ImGui::Button("+  Add ticket type")) openNewType(state, zone);
        if (m_typeId >= 0) drawTypeForm(commands);
    }

    // A new type gets a colour none of the event's types has yet.
    void openNewType(const ConsoleState& state, const std::string& zone) {
        m_typeId = 0;
        m_scrollToTypeForm = true;
        std::vector<std::string> taken;
        for (const auto& t : state.types) taken.push_back(t.colour);
        m_typeForm.load(nullptr, state.currentEventId, zone, taken);
    }

    void drawTypeForm(ConsoleCommands& commands) {
        // Drawn inline: the screen's own scroll shows all of it (no second scroll area).
        ImGui::Dummy({0, px(6)});
        if (m_scrollToTypeForm) ImGui::SetScrollHereY(0.0f);  // a form just opened below the fold
        m_scrollToTypeForm = false;
        ImGui::PushID("typeForm");
        sectionTitle(m_typeForm.isNew() ? "New ticket type" : "Edit ticket type");
        auto& f = m_typeForm.fields();
        TypeCheck c = m_typeForm.check();
        const bool show = m_typeForm.changed();
        auto err = [&](const std::string& e) { return show ? e : std::string(); };
        ImGui::Columns(2, nullptr, false);
        field("Name", f.name, err(c.name), "VIP");
        ImGui::NextColumn();
        ImGui::TextUnformatted("Entries");
        ImGui::SetNextItemWidth(-1);
        ImGui::Combo("##entries", &f.entries, kEntryNames, 3);
        ImGui::Columns(1);
        ImGui::TextUnformatted("Colour (the type's badge at the gate)");
        typeColourPicker("##colour", f.colour);
        ImGui::Checkbox("Default type (tickets issued without a type get this one)", &f.isDefault);
        ImGui::Columns(3, nullptr, false);
        field("Gates (empty = all)", f.gates, err(c.gates), "A, B");
        ImGui::NextColumn();
        field("Days (empty = any)", f.days, err(c.days), "2026-07-18, ...");
        ImGui::NextColumn();
        field("Daily window", f.daily, err(c.daily), "18:00-02:00");
        ImGui::Columns(1);
        ImGui::Columns(2, nullptr, false);
        field("Valid from", f.from, err(c.from), "2026-07-18 12:00");
        ImGui::NextColumn();
        field("Valid until", f.until, err(c.until), "2026-07-20 06:00");
        ImGui::Columns(1);
        mutedText("A type with its own 'Valid until' or days may be used after the event's end.");
        if (show && !c.general.empty()) errorText("%s", c.general.c_str());
        if (primaryButton(m_typeForm.isNew() ? "Add type" : "Save type", m_typeForm.canSave(), {px(140), 0})) {
            commands.saveType(*c.type);
            m_typeId = -1;
        }
        ImGui::SameLine();
        if (ImGui::Button("Close", {px(100), 0})) m_typeId = -1;
        ImGui::PopID();
    }

    static std::string describeValidity(const TicketType& t, const std::string& zone) {
        std::string out;
        if (!t.validity.days.empty()) out += std::to_string(t.validity.days.size()) + " day(s)";
        if (t.validity.dailyStartMinute && t.validity.dailyEndMinute)
            out += (out.empty() ? "" : ", ") + formatDailyWindow(*t.validity.dailyStartMinute, *t.validity.dailyEndMinute);
        if (t.validity.from) out += (out.empty() ? "from " : ", from ") + formatLocalInput(t.validity.from, zone);
        if (t.validity.until) out += (out.empty() ? "until " : ", until ") + formatLocalInput(t.validity.until, zone);
        return out.empty() ? "any time" : out;
    }

    EventForm m_form;
    TimeZonePicker m_zonePicker;
    bool m_scrollToTop = false, m_scrollToTypeForm = false;
    bool m_creating = false;
    bool m_saving = false;
    std::size_t m_eventsAtSave = 0;
    std::string m_selectedId;
    Event m_loadedFrom;
    TypeForm m_typeForm;
    std::int64_t m_typeId = -1;  // -1 no form, 0 new, else editing
};

}  // namespace

std::unique_ptr<ConsoleView> makeEventsView() { return std::make_unique<EventsView>(); }

}  // namespace qrgate::views

// The Tickets screen's modals: issue N tickets, edit the selected attendee, export the list as
// CSV, and the "Void 1,234 tickets?" / "Restore ...?" questions.
#include <cstdio>

#include "core/io/attendee_import.hpp"
#include "views/console_screens.hpp"
#include "views/tickets_view.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {
bool escapePressed() { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false); }

void fieldError(const std::string& text) {
    if (text.empty()) return;
    ImGui::PushTextWrapPos(0);
    errorText("%s", text.c_str());
    ImGui::PopTextWrapPos();
}
}  // namespace

void TicketsView::setEditFields(const std::string& name, const std::string& email) {
    std::snprintf(m_editName, sizeof m_editName, "%s", name.c_str());
    std::snprintf(m_editEmail, sizeof m_editEmail, "%s", email.c_str());
    // A field being typed in keeps its own copy of the text: new ids make the fields read these.
    ++m_editFieldsGeneration;
}

void TicketsView::drawIssuePopup(ConsoleState& state, ConsoleCommands& commands) {
    if (m_openIssue) {
        ImGui::OpenPopup("Issue tickets");
        m_openIssue = false;
    }
    ImGui::SetNextWindowSize({px(440), 0});
    if (ImGui::BeginPopupModal("Issue tickets", nullptr, ImGuiWindowFlags_NoResize)) {
        mutedText("Anonymous tickets, numbered after the last one. For named tickets, import a CSV.");
        ImGui::Dummy({0, px(4)});
        ImGui::TextUnformatted("How many");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputInt("##count", &m_issueCount, 10, 1000);
        if (m_issueCount < 1) m_issueCount = 1;
        if (m_issueCount > 1'000'000) m_issueCount = 1'000'000;
        ImGui::TextUnformatted("Ticket type");
        ImGui::SetNextItemWidth(-1);
        if (m_issueType >= static_cast<int>(state.types.size())) m_issueType = 0;
        if (ImGui::BeginCombo("##issueType", state.types.empty() ? "General" : state.types[m_issueType].name.c_str())) {
            for (std::size_t i = 0; i < state.types.size(); ++i)
                if (ImGui::Selectable(state.types[i].name.c_str(), m_issueType == static_cast<int>(i)))
                    m_issueType = static_cast<int>(i);
            ImGui::EndCombo();
        }
        ImGui::Dummy({0, px(6)});
        bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
        if (primaryButton("Issue", true, {px(120), 0}) || enter) {
            commands.issueTickets(static_cast<std::size_t>(m_issueCount),
                                  state.types.empty() ? "" : state.types[m_issueType].name);
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel", {px(120), 0}) || escapePressed()) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

// A draft of the name and email; Save while the draft differs and the import's rules accept it.
// What the app refuses (say, the ticket is gone) shows under the field it is about.
void TicketsView::drawEditPopup(ConsoleState& state, ConsoleCommands& commands) {
    const auto& sel = state.selectedTicket;
    if (m_openEdit) {
        m_openEdit = false;
        if (sel && sel->id == m_selectedId) {
            m_editId = sel->id;
            setEditFields(sel->holderName, sel->holderEmail);
            state.ticketEdit = {};
            ImGui::OpenPopup("Edit attendee");
        }
    }
    ImGui::SetNextWindowSize({px(480), 0});
    if (!ImGui::BeginPopupModal("Edit attendee", nullptr, ImGuiWindowFlags_NoResize)) return;
    const auto& answer = state.ticketEdit;
    if (answer.ticketId == m_editId && answer.saved) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    const bool known = sel && sel->id == m_editId;
    if (known) mutedText("Ticket #%s. Gates show the new name as soon as they hear from this machine.",
                         formatTicketNumber(sel->number).c_str());

    // The import's rules as the draft is typed; what the app refused stands until a field changes.
    const auto check = checkAttendeeFields(m_editName, m_editEmail);
    const bool mine = answer.ticketId == m_editId;
    const std::string nameError = !check.nameProblem.empty() ? check.nameProblem : mine ? answer.nameError : "";
    const std::string emailError = !check.emailProblem.empty() ? check.emailProblem : mine ? answer.emailError : "";

    ImGui::Dummy({0, px(4)});
    ImGui::PushID(m_editFieldsGeneration);
    ImGui::TextUnformatted("Name");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool nameChanged = ImGui::InputText("##editName", m_editName, sizeof m_editName);
    fieldError(nameError);
    ImGui::TextUnformatted("Email");
    ImGui::SetNextItemWidth(-1);
    const bool emailChanged = ImGui::InputText("##editEmail", m_editEmail, sizeof m_editEmail);
    fieldError(emailError);
    ImGui::PopID();
    if ((nameChanged || emailChanged) && mine) state.ticketEdit = {};  // a new draft: the old answer is past
    fieldError(answer.ticketId == m_editId ? answer.error : "");

    ImGui::Dummy({0, px(6)});
    const bool changed = known && (check.name != sel->holderName || check.email != sel->holderEmail);
    const bool saving = mine && answer.saving;
    const bool canSave = changed && !saving && nameError.empty() && emailError.empty();
    const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
    const bool pressed = actionButton(saving ? "Saving...###save" : "Save###save", canSave, {px(120), 0});
    if (pressed || ((enter || m_pressSave) && canSave)) commands.editTicket(m_editId, check.name, check.email);
    m_pressSave = false;
    ImGui::SameLine();
    if (ImGui::Button("Cancel", {px(120), 0}) || escapePressed()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void TicketsView::drawExportPopup(ConsoleState& state, ConsoleCommands& commands) {
    if (m_openExport) {
        m_openExport = false;
        ImGui::OpenPopup("Export attendees");
    }
    ImGui::SetNextWindowSize({px(560), 0});
    if (!ImGui::BeginPopupModal("Export attendees", nullptr, ImGuiWindowFlags_NoResize)) return;
    mutedText("One row per ticket: number, name, email, type, state, checked in, inside, issued at. UTF-8; the "
              "file imports again as it is.");
    ImGui::Dummy({0, px(4)});
    const auto shown = state.tickets.total();
    const long long everything = state.stats.tickets + state.stats.voided;
    const std::string shownLabel =
        "What is shown: " + (shown ? counted(static_cast<long long>(*shown), "ticket", "tickets") : std::string("...")) +
        "###shown";
    const std::string allLabel = "Every ticket of the event: " + counted(everything, "ticket", "tickets") + "###all";
    if (ImGui::RadioButton(shownLabel.c_str(), !m_exportAll)) m_exportAll = false;
    if (ImGui::RadioButton(allLabel.c_str(), m_exportAll)) m_exportAll = true;
    ImGui::Dummy({0, px(4)});
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##exportPath", m_exportPath, sizeof m_exportPath);
    if (primaryButton("Export", m_exportPath[0] != 0, {px(120), 0})) {
        TicketQuery query = buildQuery(state);
        if (m_exportAll) {
            TicketQuery all;
            all.eventId = query.eventId;
            query = all;
        }
        commands.exportAttendees(query, m_exportPath);
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel", {px(120), 0}) || escapePressed()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void TicketsView::drawStateConfirms(ConsoleState& state, ConsoleCommands& commands) {
    const auto& selection = state.ticketSelection;
    // Automation's Yes: in the question when it is open, else straight away.
    const bool voidNow = m_stateNow == TicketState::Void, restoreNow = m_stateNow == TicketState::Valid;
    if (m_stateNow && !ImGui::IsPopupOpen(voidNow ? "Void tickets?" : "Restore tickets?")) {
        if (!selection.empty()) commands.setTicketsState(selection.choice(), *m_stateNow);
        m_stateNow.reset();
    }
    const long long n = static_cast<long long>(selection.count(state.tickets.total().value_or(0)));
    const std::string tickets = counted(n, "ticket", "tickets");
    const std::string them = n == 1 ? "it" : "them";
    if (confirmModal("Void tickets?", m_openVoid,
                     "Void " + tickets + "? Every gate refuses " + them +
                         " from now on; you can restore " + them + " later. Tickets already void stay as they are.",
                     ("Void " + tickets).c_str(), voidNow && m_stateNow))
        commands.setTicketsState(selection.choice(), TicketState::Void);
    if (confirmModal("Restore tickets?", m_openRestore,
                     "Restore " + tickets + "? " + (n == 1 ? "Its code opens" : "Their codes open") +
                         " the gates again. Valid tickets stay as they are.",
                     ("Restore " + tickets).c_str(), restoreNow && m_stateNow))
        commands.setTicketsState(selection.choice(), TicketState::Valid);
    m_stateNow.reset();
}

}  // namespace qrgate::views

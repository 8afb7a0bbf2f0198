#include "views/tickets_view.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/base/time_format.hpp"
#include "views/console_screens.hpp"
#include "views/keys.hpp"
#include "views/layout.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {
const char* kStateFilters[] = {"All states", "Valid", "Void", "Inside now"};
}

std::unique_ptr<ConsoleView> makeTicketsView() { return std::make_unique<TicketsView>(); }

void TicketsView::setSearch(const std::string& text) {
    std::snprintf(m_search, sizeof m_search, "%s", text.c_str());
}

TicketQuery TicketsView::buildQuery(const ConsoleState& state) const {
    TicketQuery q;
    q.eventId = state.currentEventId;
    q.search = m_search;
    while (!q.search.empty() && q.search.back() == ' ') q.search.pop_back();
    while (!q.search.empty() && q.search.front() == ' ') q.search.erase(q.search.begin());
    if (q.search.size() > 1 && q.search[0] == '#') q.search.erase(q.search.begin());
    if (m_typeFilter > 0 && m_typeFilter <= static_cast<int>(state.types.size()))
        q.typeId = state.types[m_typeFilter - 1].id;
    if (m_stateFilter == 1) q.state = TicketState::Valid;
    if (m_stateFilter == 2) q.state = TicketState::Void;
    if (m_stateFilter == 3) q.inside = true;
    q.sort = m_sort;
    q.descending = m_descending;
    return q;
}

void TicketsView::onShow(ConsoleState& state, ConsoleCommands&) {
    state.tickets.setQuery(buildQuery(state));
    state.ticketSelection.showing(buildQuery(state));
}

void TicketsView::draw(ConsoleState& state, ConsoleCommands& commands) {
    const Event* event = state.currentEvent();
    if (!event) {
        screenTitle("Tickets");
        mutedText("Create an event first (Events, Ctrl+2).");
        return;
    }
    char subtitle[160];
    auto total = state.tickets.total();
    std::snprintf(subtitle, sizeof subtitle, "%s  \xC2\xB7  %s issued, %s shown", event->name.c_str(),
                  counted(state.stats.tickets + state.stats.voided, "ticket", "tickets").c_str(),
                  total ? withThousands(static_cast<long long>(*total)).c_str() : "...");
    screenTitle("Tickets", subtitle);
    drawToolbar(state, commands);
    state.tickets.setQuery(buildQuery(state));
    state.ticketSelection.showing(buildQuery(state));
    drawSelectionBar(state);

    const float detailW = std::min(px(330), ImGui::GetContentRegionAvail().x * 0.4f);
    const float tableW = ImGui::GetContentRegionAvail().x - detailW - ImGui::GetStyle().ItemSpacing.x;
    drawTable(state, commands, tableW);
    ImGui::SameLine();
    ImGui::BeginChild("##ticketDetail", {0, 0}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    drawDetail(state, commands);
    ImGui::EndChild();

    for (const auto& r : state.tickets.takeRequests()) commands.fetchTickets(r);
    drawIssuePopup(state, commands);
    drawEditPopup(state, commands);
    drawExportPopup(state, commands);
    drawStateConfirms(state, commands);
}

void TicketsView::drawToolbar(ConsoleState& state, ConsoleCommands& commands) {
    if (keys::ctrlPressed(keys::letter('F'))) m_focusSearch = true;
    if (keys::ctrlPressed(keys::letter('I'))) m_openIssue = true;
    if (m_focusSearch) {
        ImGui::SetKeyboardFocusHere();
        m_focusSearch = false;
    }
    ToolbarFlow flow;  // wraps onto a second line rather than running off a narrow window
    // The search box takes what the filters and buttons leave (within limits), so at 1280x800 the
    // toolbar is one line; narrower, it wraps.
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float others = px(170) + px(150) + px(150) + px(160) + 4 * spacing + px(16);
    const float searchW = std::clamp(ImGui::GetContentRegionAvail().x - others, px(240), px(420));
    flow.item(searchW);
    ImGui::SetNextItemWidth(searchW);
    ImGui::InputTextWithHint("##search", "Search name, email or ticket number  (Ctrl+F)", m_search, sizeof m_search);
    flow.item(px(170));
    ImGui::SetNextItemWidth(px(170));
    const char* typeLabel = m_typeFilter == 0 || m_typeFilter > static_cast<int>(state.types.size())
                                ? "All types"
                                : state.types[m_typeFilter - 1].name.c_str();
    if (ImGui::BeginCombo("##typeFilter", typeLabel)) {
        if (ImGui::Selectable("All types", m_typeFilter == 0)) m_typeFilter = 0;
        for (std::size_t i = 0; i < state.types.size(); ++i)
            if (ImGui::Selectable(state.types[i].name.c_str(), m_typeFilter == static_cast<int>(i) + 1))
                m_typeFilter = static_cast<int>(i) + 1;
        ImGui::EndCombo();
    }
    flow.item(px(150));
    ImGui::SetNextItemWidth(px(150));
    ImGui::Combo("##stateFilter", &m_stateFilter, kStateFilters, 4);
    flow.rightAligned(px(160) + px(150) + spacing);
    if (ImGui::Button("Import CSV...", {px(150), 0})) state.navigateTo = "import";
    ImGui::SameLine();
    if (primaryButton("+  Issue tickets", true, {px(160), 0})) m_openIssue = true;
    ImGui::Dummy({0, px(2)});
}

// Select all shown, what is chosen, and Export CSV... on the right; it flows onto a second line
// in a narrow window.
void TicketsView::drawSelectionBar(ConsoleState& state) {
    auto& selection = state.ticketSelection;
    const std::size_t shown = state.tickets.total().value_or(0);
    if (m_pendingSelectAll || (keys::ctrlPressed(keys::letter('A')) && !ImGui::GetIO().WantTextInput)) {
        selection.selectAllShown();
        m_pendingSelectAll = false;
    }
    ToolbarFlow flow;
    flow.item(buttonWidth("Select all shown"));
    if (ImGui::Button("Select all shown") && shown > 0) selection.selectAllShown();
    const std::size_t chosen = selection.count(shown);
    if (chosen == 0) {
        const char* hint = "Ctrl+click adds a ticket, Shift+click the rows up to it.";
        flow.item(ImGui::CalcTextSize(hint).x);
        ImGui::AlignTextToFramePadding();
        mutedText("%s", hint);
    } else {
        const std::string text = withThousands(static_cast<long long>(chosen)) + " selected";
        ImGui::PushFont(fonts().bold);
        const float textW = ImGui::CalcTextSize(text.c_str()).x;
        ImGui::PopFont();
        flow.item(textW);
        ImGui::AlignTextToFramePadding();
        ImGui::PushFont(fonts().bold);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopFont();
        flow.item(buttonWidth("Clear"));
        if (ImGui::SmallButton("Clear")) selection.clear();
    }
    flow.rightAligned(buttonWidth("Export CSV..."));
    if (ImGui::Button("Export CSV...")) {
        if (!m_exportPath[0])
            std::snprintf(m_exportPath, sizeof m_exportPath, "%s/attendees-%s.csv", state.dataDir.c_str(),
                          state.currentEventId.c_str());  // beside the check-ins' export
        m_openExport = true;
    }
}

void TicketsView::click(ConsoleState& state, ConsoleCommands& commands, const std::string& id, std::size_t row,
                        bool ctrl, bool shift) {
    auto& selection = state.ticketSelection;
    m_confirmReissue = false;
    if (shift) {
        selection.extendTo(row);
    } else if (ctrl) {
        selection.toggle(id, row);
    } else {
        selection.selectOnly(id, row);
        m_selectedId = id;
        commands.selectTicket(id);
    }
}

void TicketsView::drawTable(ConsoleState& state, ConsoleCommands& commands, float width) {
    // No row stripes and no panel fill: lines between rows read as well and cost a software
    // renderer far fewer pixels per frame.
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
    // Columns keep readable widths and the table scrolls sideways when the window is narrow.
    const bool open = beginScrollingTable("##tickets", 6, flags, em(36), {width, 0});
    ImGui::PopStyleColor();
    if (!open) return;
    ImGui::TableSetupScrollFreeze(2, 1);  // the check box and the number stay when it scrolls sideways
    ImGui::TableSetupColumn("##pick", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort |
                                          ImGuiTableColumnFlags_NoResize | ImGuiTableColumnFlags_NoReorder,
                            px(26), 99);
    ImGui::TableSetupColumn("No.", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthFixed, px(62), 0);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f, 1);
    ImGui::TableSetupColumn("Email", ImGuiTableColumnFlags_WidthStretch, 1.0f, 2);
    ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthFixed, px(76), 3);
    ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthFixed, px(118), 4);
    ImGui::TableHeadersRow();
    if (auto* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        if (specs->SpecsCount > 0 && specs->Specs[0].ColumnUserID < 5) {
            static const TicketSort kByColumn[] = {TicketSort::Number, TicketSort::Name, TicketSort::Email,
                                                   TicketSort::Type, TicketSort::State};
            m_sort = kByColumn[specs->Specs[0].ColumnUserID];
            m_descending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        }
        specs->SpecsDirty = false;
        state.tickets.setQuery(buildQuery(state));
        state.ticketSelection.showing(buildQuery(state));
    }
    // Every row exactly rowH tall, as the clipper is told: a taller row put a border through
    // the last row's text (issue 13).
    const float selectableH = std::max(ImGui::GetTextLineHeight(), chipHeight()) + px(4);
    const float rowH = clipperRowHeight(selectableH);
    if (m_scrollRequest != 0) {
        ImGui::SetScrollY(ImGui::GetScrollY() + m_scrollRequest * rowH);
        m_scrollRequest = 0;
    }
    const std::size_t rows = state.tickets.total().value_or(0);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows), rowH);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            ImGui::TableNextRow(0, rowH);
            const Ticket* t = state.tickets.row(static_cast<std::size_t>(i));
            ImGui::TableNextColumn();
            if (!t) {
                ImGui::TableNextColumn();
                ImGui::TextDisabled("...");
                continue;
            }
            const auto row = static_cast<std::size_t>(i);
            ImGui::PushID(t->id.c_str());
            const bool chosen = state.ticketSelection.contains(t->id, row);
            // The check box comes first so that it, not the row's selectable, takes its clicks. No
            // frame padding above it (that would be the row's text baseline and push the selectable
            // down) and no taller than the selectable, so the row keeps the clipper's height.
            bool ticked = chosen;
            ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (selectableH - ImGui::GetFontSize()) / 2);
            ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, {px(2), 0});
            if (ImGui::Checkbox("##pick", &ticked)) click(state, commands, t->id, row, true, false);
            ImGui::PopStyleVar();
            ImGui::TableNextColumn();
            if (ImGui::Selectable(formatTicketNumber(t->number).c_str(), chosen,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                                  {0, selectableH})) {
                const ImGuiIO& io = ImGui::GetIO();
                click(state, commands, t->id, row, io.KeyCtrl, io.KeyShift);
            }
            ImGui::TableNextColumn();
            if (t->holderName.empty()) ImGui::TextDisabled("(no name)");
            else ellipsizedText(t->holderName);
            ImGui::TableNextColumn();
            ellipsizedText(t->holderEmail);
            ImGui::TableNextColumn();
            ellipsizedText(t->typeName);
            ImGui::TableNextColumn();
            if (t->state == TicketState::Void) chip("void", colour::kRefused);
            else chip("valid", IM_COL32(40, 70, 52, 255), IM_COL32(150, 230, 170, 255));
            if (t->inside) {
                ImGui::SameLine(0, px(4));
                chip("inside", colour::kExit);
            }
            ImGui::PopID();
        }
    }
    float maxY = ImGui::GetScrollMaxY();
    m_scrollFraction = maxY > 0 ? ImGui::GetScrollY() / maxY : 0;
    ImGui::EndTable();
    if (rows == 0 && state.tickets.total())
        emptyTableNote(m_search[0] ? "No ticket matches." : "No tickets yet: issue some or import a list.");
}

void TicketsView::drawDetail(ConsoleState& state, ConsoleCommands& commands) {
    if (m_pendingClick) {
        click(state, commands, m_pendingClick->id, m_pendingClick->row, m_pendingClick->ctrl, m_pendingClick->shift);
        m_pendingClick.reset();
    }
    // The detail shows the selection's one ticket; Ctrl+click back to one shows that one.
    const auto single = state.ticketSelection.single();
    if (single && *single != m_selectedId) {
        m_selectedId = *single;
        m_confirmReissue = false;
        commands.selectTicket(*single);
    }
    const std::size_t chosen = state.ticketSelection.count(state.tickets.total().value_or(0));
    if (!single && chosen > 0) return drawChosen(state, chosen);
    const auto& sel = state.selectedTicket;
    if (!single || !sel || sel->id != m_selectedId) {
        sectionTitle(single ? "Loading the ticket..." : "No ticket selected");
        mutedText("Select a row to see the ticket's QR code, save or print it, edit its name and email, void or "
                  "restore it, or give it a new code.");
        ImGui::Dummy({0, px(12)});
        mutedText("Ctrl+click or the check boxes choose many tickets, Shift+click a range, Ctrl+A all shown: then "
                  "void, restore or print them at once.");
        ImGui::Dummy({0, px(12)});
        mutedText("Shortcuts: Ctrl+F search, Ctrl+I issue tickets, Ctrl+4 import a CSV.");
        return;
    }
    const Ticket& t = *sel;
    ImGui::PushFont(fonts().heading);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(t.holderName.empty() ? "(no name)" : t.holderName.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    const TicketType* type = nullptr;
    for (const auto& ty : state.types)
        if (ty.id == t.typeId) type = &ty;
    ToolbarFlow chips;  // the chips wrap in a narrow panel
    chips.item(chipWidth(t.typeName.c_str()));
    chip(t.typeName.c_str(), type ? colour::fromHex(type->colour) : colour::kAccent);
    chips.item(chipWidth(t.state == TicketState::Void ? "void" : "valid"));
    if (t.state == TicketState::Void) chip("void", colour::kRefused);
    else chip("valid", IM_COL32(40, 70, 52, 255), IM_COL32(150, 230, 170, 255));
    if (t.inside) {
        chips.item(chipWidth("inside"));
        chip("inside", colour::kExit);
    }
    ImGui::Text("Ticket #%s", formatTicketNumber(t.number).c_str());
    if (!t.holderEmail.empty()) mutedText("%s", t.holderEmail.c_str());
    mutedText("Id %s  \xC2\xB7  entries used %d", t.id.c_str(), t.entriesUsed);

    ImGui::Dummy({0, px(6)});
    // Smaller on a short window, so that Edit, Void and Reissue stay in sight below it.
    const float qrSide = std::max(px(150), std::min({ImGui::GetContentRegionAvail().x, px(260),
                                                     ImGui::GetContentRegionAvail().y - px(200)}));
    if (!state.selectedQrData.empty()) {
        Texture tex = commands.qrTexture(state.selectedQrData);
        ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(p, {p.x + qrSide, p.y + qrSide}, IM_COL32_WHITE, px(6));
        if (tex.id) {
            const float pad = px(10);
            ImGui::SetCursorScreenPos({p.x + pad, p.y + pad});
            ImGui::Image(tex.id, {qrSide - 2 * pad, qrSide - 2 * pad});
        }
        ImGui::SetCursorScreenPos({p.x, p.y + qrSide + px(6)});
        if (t.state == TicketState::Void) mutedText("This code is refused at every gate while the ticket is void.");
        if (ImGui::SmallButton("Copy code")) ImGui::SetClipboardText(state.selectedQrData.c_str());
    } else if (!state.selectedQrError.empty()) {
        mutedText("%s", state.selectedQrError.c_str());
    } else {
        mutedText("Loading the code...");
    }
    ImGui::Dummy({0, px(4)});
    const float pairW = std::min(px(150), sharedWidth(2));  // the paper buttons' width, two to a row
    m_paper.draw(t, !state.selectedQrData.empty(), state, commands);
    ImGui::SameLine();  // beside Print...
    if (fittedButton("Edit...", {pairW, 0})) m_openEdit = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Change the name and email on this ticket");

    ImGui::Dummy({0, px(10)});
    const float half = std::min(px(150), sharedWidth(2));  // two buttons side by side in the panel
    if (t.state == TicketState::Valid) {
        if (dangerButton("Void ticket", true, {half, 0})) commands.setTicketState(t.id, TicketState::Void);
    } else {
        if (primaryButton("Restore ticket", true, {half, 0})) commands.setTicketState(t.id, TicketState::Valid);
    }
    ImGui::SameLine();
    if (!m_confirmReissue) {
        if (fittedButton("Reissue...", {half, 0})) m_confirmReissue = true;
    } else {
        ImGui::NewLine();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted("Give this ticket a new code? Its current code will be refused from now on.");
        ImGui::PopTextWrapPos();
        if (dangerButton("Yes, new code", true, {half, 0})) {
            commands.reissueTicket(t.id);
            m_confirmReissue = false;
        }
        ImGui::SameLine();
        if (fittedButton("Keep the code", {half, 0})) m_confirmReissue = false;
    }
}

// Many tickets chosen: what can be done with all of them.
void TicketsView::drawChosen(ConsoleState& state, std::size_t chosen) {
    const std::string n = withThousands(static_cast<long long>(chosen));
    ImGui::PushFont(fonts().heading);
    ImGui::TextUnformatted(counted(static_cast<long long>(chosen), "ticket", "tickets").c_str());
    ImGui::PopFont();
    mutedText(state.ticketSelection.allShown() ? "selected: every one shown, loaded or not" : "selected");
    ImGui::Dummy({0, px(10)});
    // One to a line: "Restore 100,000..." needs the room.
    const float wide = std::min(px(240), sharedWidth(1));
    if (dangerButton(("Void " + n + "...").c_str(), true, {wide, 0})) m_openVoid = true;
    if (primaryButton(("Restore " + n + "...").c_str(), true, {wide, 0})) m_openRestore = true;
    ImGui::Dummy({0, px(10)});
    ImGui::PushTextWrapPos(0);
    mutedText("Print sheets (Ctrl+7) prints them: choose \"The selected tickets\" there.");
    ImGui::Dummy({0, px(6)});
    mutedText("A change of the search, filter or sort keeps the tickets chosen one by one and lets go of a range "
              "or \"all shown\".");
    ImGui::PopTextWrapPos();
    ImGui::Dummy({0, px(10)});
    if (fittedButton("Clear selection", {wide, 0})) state.ticketSelection.clear();
}

}  // namespace qrgate::views

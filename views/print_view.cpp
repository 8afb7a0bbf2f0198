#include "views/print_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "views/console_screens.hpp"
#include "views/paper_widgets.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

std::unique_ptr<ConsoleView> makePrintView() { return std::make_unique<PrintView>(); }

namespace {

using Tickets = PrintOptions::Tickets;

const char* paperTitle(const std::string& name) {
    if (name == "a4") return "A4 (210 \xC3\x97 297 mm)";
    if (name == "letter") return "US Letter (8.5 \xC3\x97 11 in)";
    return name.c_str();
}

std::string selectedTicketLabel(const ConsoleState& state) {
    if (!state.selectedTicket) return "The selected ticket (select one on the Tickets screen)";
    const Ticket& t = *state.selectedTicket;
    return "The selected ticket: #" + formatTicketNumber(t.number) +
           (t.holderName.empty() ? std::string() : "  " + t.holderName);
}

std::string ticketsLabel(const PrintOptions& o, const ConsoleState& state) {
    switch (o.tickets) {
        case Tickets::All: return "All valid tickets";
        case Tickets::Type: return "Type: " + o.typeName;
        case Tickets::Selected: return selectedTicketLabel(state);
        case Tickets::MailNotSent: return "Not yet emailed";
        case Tickets::MailFailed: return "Email failed";
    }
    return "";
}

std::string signedMm(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%+.1f mm", v);
    return b;
}

}  // namespace

void PrintView::setSheetPath(const std::string& path) { std::snprintf(m_sheetPath, sizeof m_sheetPath, "%s", path.c_str()); }

void PrintView::onShow(ConsoleState&, ConsoleCommands& commands) {
    m_sent.reset();  // the tickets may have changed meanwhile: the figures and preview are made again
    commands.paper().openPrint();
}

const SheetLayout* PrintView::currentLayout(const ConsoleState& state) const {
    const auto& all = state.print.layouts.empty() ? LayoutCatalog::builtIn().all() : state.print.layouts;
    for (const auto& l : all)
        if (l.name == m_draft.layout) return &l;
    return all.empty() ? nullptr : &all.front();
}

void PrintView::syncDraft(const ConsoleState& state) {
    m_draft.eventId = state.currentEventId;
    if (m_draft.tickets == Tickets::Type &&
        std::none_of(state.types.begin(), state.types.end(), [&](const TicketType& t) { return t.name == m_draft.typeName; }))
        m_draft.tickets = Tickets::All;  // another event, or the type was renamed
    if (const SheetLayout* l = currentLayout(state)) m_draft.layout = l->name;
    if (!findPaperSize(m_draft.paper)) m_draft.paper = "a4";

    const Event* event = state.currentEvent();
    const std::string eventName = event ? event->name : "";
    if (m_pathsEvent != state.currentEventId + "|" + state.print.documentsDir) {
        m_pathsEvent = state.currentEventId + "|" + state.print.documentsDir;
        const auto& dir = state.print.documentsDir;
        std::snprintf(m_sheetPath, sizeof m_sheetPath, "%s", suggestedPaperPath(dir, eventName, "tickets").c_str());
        std::snprintf(m_doorListPath, sizeof m_doorListPath, "%s", suggestedPaperPath(dir, eventName, "door-list").c_str());
        // One calibration page for every event: no event in its name.
        std::snprintf(m_calibrationPath, sizeof m_calibrationPath, "%s%sqrgate-calibration-page.pdf", dir.c_str(),
                      dir.empty() || dir.back() == '/' ? "" : "/");
    }
}

void PrintView::draw(ConsoleState& state, ConsoleCommands& commands) {
    const Event* event = state.currentEvent();
    if (!event) {
        screenTitle("Print sheets");
        mutedText("Create an event first (Events, Ctrl+2).");
        return;
    }
    syncDraft(state);
    const auto& print = state.print;
    screenTitle("Print sheets", event->name.c_str());
    if (print.noKeyFile) drawNoKeys(state);

    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float optionsW = std::min(px(500), (ImGui::GetContentRegionAvail().x - spacing) * 0.55f);
    ImGui::BeginChild("##printOptions", {optionsW, 0}, false);
    drawOptions(state, optionsW);
    drawFigures(state);
    drawSave(state, commands);
    drawPrint(state, commands);
    drawDoorList(state, commands);
    drawCalibration(state, commands);
    ImGui::EndChild();
    ImGui::SameLine(0, px(24));
    ImGui::BeginChild("##printPreview", {0, 0}, false, ImGuiWindowFlags_NoScrollbar);
    drawPreview(state);
    ImGui::EndChild();

    // The Tickets screen's selection, as it is now (the combo may have chosen it this frame).
    m_draft.ticketIds.clear();
    if (m_draft.tickets == Tickets::Selected && state.selectedTicket) m_draft.ticketIds = {state.selectedTicket->id};
    if (!m_sent || *m_sent != m_draft) {
        commands.paper().setPrintOptions(m_draft);
        m_sent = m_draft;
    }
}

void PrintView::drawNoKeys(const ConsoleState& state) {
    const Event* event = state.currentEvent();
    const char* headline = "Printing QR codes needs the organizer's machine.";
    char detail[512];
    std::snprintf(detail, sizeof detail,
                  "This machine has no key file for %s (a gate's copy of the event). The door list needs no keys: "
                  "save or print it below.",
                  event ? event->name.c_str() : "this event");
    warningPanel("##noKeys", headline, detail);
}

void PrintView::drawOptions(ConsoleState& state, float width) {
    const float labelW = px(90);
    const float fieldW = width - labelW - px(8);
    fieldLabel("Tickets", labelW);
    const std::string current = ellipsized(ticketsLabel(m_draft, state), fieldW - px(40));
    if (ImGui::BeginCombo("##printTickets", current.c_str())) {
        auto item = [&](const std::string& label, Tickets kind, const std::string& type = {}, bool enabled = true) {
            const bool selected = m_draft.tickets == kind && (kind != Tickets::Type || m_draft.typeName == type);
            if (ImGui::Selectable(label.c_str(), selected, enabled ? 0 : ImGuiSelectableFlags_Disabled)) {
                m_draft.tickets = kind;
                m_draft.typeName = type;
            }
        };
        item("All valid tickets", Tickets::All);
        for (const auto& t : state.types) item("Type: " + t.name + "##type" + t.name, Tickets::Type, t.name);
        item(selectedTicketLabel(state), Tickets::Selected, {}, state.selectedTicket.has_value());
        item("Not yet emailed", Tickets::MailNotSent);
        item("Email failed", Tickets::MailFailed);
        ImGui::EndCombo();
    }

    const auto& layouts = state.print.layouts.empty() ? LayoutCatalog::builtIn().all() : state.print.layouts;
    const SheetLayout* layout = currentLayout(state);
    fieldLabel("Layout", labelW);
    const std::string layoutTitle = ellipsized(layout ? layout->title : "", fieldW - px(40));
    if (ImGui::BeginCombo("##printLayout", layoutTitle.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (const auto& l : layouts)
            if (ImGui::Selectable((l.title + "##" + l.name).c_str(), layout && l.name == layout->name)) m_draft.layout = l.name;
        ImGui::EndCombo();
    }
    if (!state.print.layoutsError.empty()) errorText("%s", state.print.layoutsError.c_str());

    fieldLabel("Paper", labelW);
    const bool labels = layout && layout->labels;
    const std::string paper = labels ? layout->paper : m_draft.paper;
    ImGui::BeginDisabled(labels);
    std::string paperText = paperTitle(paper);
    if (labels) paperText += "  \xC2\xB7  fixed by the label stock";
    if (ImGui::BeginCombo("##printPaper", ellipsized(paperText, fieldW - px(40)).c_str())) {
        for (const auto& p : paperSizes())
            if (ImGui::Selectable(paperTitle(p.name), p.name == m_draft.paper)) m_draft.paper = p.name;
        ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    if (labels && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Label stock comes on one paper size: %s.", paperTitle(paper));
}

void PrintView::drawFigures(const ConsoleState& state) {
    const auto& print = state.print;
    ImGui::Dummy({0, px(2)});
    if (print.loading) {
        mutedText("Counting the tickets\xE2\x80\xA6");
        return;
    }
    if (!print.selectionError.empty()) {
        errorText("%s", print.selectionError.c_str());
        return;
    }
    const SheetLayout* layout = currentLayout(state);
    const std::size_t perPage = layout ? static_cast<std::size_t>(std::max(1, layout->perPage())) : 1;
    const std::size_t pages = (print.tickets + perPage - 1) / perPage;
    ImGui::PushFont(fonts().bold);
    ImGui::Text("%s %s, %s %s", withThousands(static_cast<long long>(pages)).c_str(), pages == 1 ? "page" : "pages",
                withThousands(static_cast<long long>(print.tickets)).c_str(), print.tickets == 1 ? "ticket" : "tickets");
    ImGui::PopFont();
    if (print.noKeyFile) return;
    if (print.undrawableCount == 0) {
        mutedText("\xE2\x9C\x93 Every name can be printed in full with this machine's fonts.");
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, colour::kAlreadyUsed);
    ImGui::TextWrapped("%s %s cannot be printed in full with this machine's fonts: printed without the missing "
                       "characters, or as the ticket number.",
                       withThousands(static_cast<long long>(print.undrawableCount)).c_str(),
                       print.undrawableCount == 1 ? "name" : "names");
    ImGui::PopStyleColor();
    const float lineH = ImGui::GetTextLineHeightWithSpacing();
    const std::size_t shown = print.undrawable.size() + (print.undrawableCount > print.undrawable.size() ? 1 : 0);
    ImGui::BeginChild("##undrawable", {0, lineH * static_cast<float>(std::min<std::size_t>(shown, 4)) + px(4)}, false);
    for (const auto& n : print.undrawable) mutedText("#%s  %s", formatTicketNumber(n.number).c_str(), n.name.c_str());
    if (print.undrawableCount > print.undrawable.size())
        mutedText("and %s more",
                  withThousands(static_cast<long long>(print.undrawableCount - print.undrawable.size())).c_str());
    ImGui::EndChild();
}

void PrintView::drawSave(ConsoleState& state, ConsoleCommands& commands) {
    const auto& print = state.print;
    sectionTitle("Save as PDF");
    const float buttonW = px(130);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - buttonW - ImGui::GetStyle().ItemSpacing.x);
    ImGui::InputText("##sheetPath", m_sheetPath, sizeof m_sheetPath);
    ImGui::SameLine();
    const bool ready = !print.noKeyFile && !print.loading && print.selectionError.empty() && print.tickets > 0;
    const bool canSave = ready && !print.busy && m_sheetPath[0];
    if (actionButton("Save PDF", canSave, {buttonW, 0}) || (m_saveSheetRequested && canSave)) {
        if (!m_sent || *m_sent != m_draft) {  // what is on screen is what is saved
            commands.paper().setPrintOptions(m_draft);
            m_sent = m_draft;
        }
        commands.paper().savePaper(PaperDocument::Sheet, m_sheetPath);
    }
    if (m_saveSheetRequested && (canSave || (!print.loading && !print.busy))) m_saveSheetRequested = false;
    if (!canSave && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", print.noKeyFile ? "The QR codes need the organizer's machine."
                                : print.busy    ? "Wait for the file being written."
                                                : "Nothing to save: choose tickets and a file name.");
    if (!print.lastResult.empty()) {
        if (print.lastResultError) errorText("%s", print.lastResult.c_str());
        else mutedText("%s", print.lastResult.c_str());
    }
}

void PrintView::drawPrint(ConsoleState& state, ConsoleCommands& commands) {
    const auto& print = state.print;
    sectionTitle("Print");
    const float buttonW = px(130), copiesW = px(110);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    // The printer's name needs room: when the column is narrow (150 %, 200 %) it takes a line of
    // its own and the copies and Print go under it.
    const float besideW = ImGui::GetContentRegionAvail().x - buttonW - copiesW - 2 * spacing;
    const bool ownLine = besideW < px(220);
    printerCombo("##printer", print, m_draft.printer, ownLine ? ImGui::GetContentRegionAvail().x : besideW);
    if (!ownLine) ImGui::SameLine();
    ImGui::SetNextItemWidth(copiesW);
    ImGui::InputInt("##copies", &m_copies);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copies");
    m_copies = std::clamp(m_copies, 1, 999);
    ImGui::SameLine();
    std::string why = printingProblem(print);
    if (why.empty() && print.noKeyFile) why = "The QR codes need the organizer's machine; the door list can be printed.";
    else if (why.empty() && (print.loading || !print.selectionError.empty() || print.tickets == 0))
        why = "Nothing to print: choose tickets first.";
    else if (why.empty() && print.busy) why = "Wait for the file being written or sent.";
    if (actionButton("Print", why.empty(), {buttonW, 0}) || (m_printSheetRequested && why.empty())) {
        if (!m_sent || *m_sent != m_draft) {  // what is on screen is what is printed
            commands.paper().setPrintOptions(m_draft);
            m_sent = m_draft;
        }
        commands.paper().printPaper(PaperDocument::Sheet, m_draft.printer, m_copies);
    }
    if (m_printSheetRequested && (why.empty() || (!print.loading && !print.busy && !print.printersLoading)))
        m_printSheetRequested = false;
    if (!why.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", why.c_str());
    const std::string problem = printingProblem(print);
    if (!problem.empty()) {
        mutedText("%s", problem.c_str());
        ImGui::BeginDisabled(print.printersLoading);
        if (ImGui::SmallButton("Look for printers again")) commands.paper().refreshPrinters();
        ImGui::EndDisabled();
    }
}

void PrintView::drawDoorList(ConsoleState& state, ConsoleCommands& commands) {
    const auto& print = state.print;
    sectionTitle("Door list");
    mutedText("Every valid ticket by name, with a tick box: for a gate without a working PC. Needs no key file.");
    const float buttonW = px(130);
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputText("##doorListPath", m_doorListPath, sizeof m_doorListPath);
    if (ImGui::Button("Save PDF##door", {buttonW, 0}) && !print.busy && m_doorListPath[0])
        commands.paper().savePaper(PaperDocument::DoorList, m_doorListPath);
    ImGui::SameLine();
    const std::string why = printingProblem(print);
    ImGui::BeginDisabled(!why.empty() || print.busy);
    if (ImGui::Button("Print##door", {buttonW, 0})) commands.paper().printPaper(PaperDocument::DoorList, m_draft.printer, m_copies);
    ImGui::EndDisabled();
    if (!why.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", why.c_str());
}

void PrintView::drawCalibration(ConsoleState& state, ConsoleCommands& commands) {
    const auto& print = state.print;
    ImGui::Dummy({0, px(4)});
    if (!ImGui::CollapsingHeader("Printer calibration")) return;
    mutedText("Print the page as it is, measure it, and enter what you measured: sheets sent to the printer are then "
              "corrected so label sheets line up.");
    const float buttonW = px(130);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputText("##calibrationPath", m_calibrationPath, sizeof m_calibrationPath);
    const PaperDocument page = m_calibratedPage ? PaperDocument::CalibrationCheck : PaperDocument::CalibrationPage;
    if (ImGui::Button("Save PDF##calibration", {buttonW, 0}) && !print.busy && m_calibrationPath[0])
        commands.paper().savePaper(page, m_calibrationPath);
    ImGui::SameLine();
    const std::string why = printingProblem(print);
    ImGui::BeginDisabled(!why.empty() || print.busy);
    if (ImGui::Button("Print##calibration", {buttonW, 0})) commands.paper().printPaper(page, m_draft.printer, 1);
    ImGui::EndDisabled();
    if (!why.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", why.c_str());
    ImGui::Checkbox("With the saved calibration, to check it", &m_calibratedPage);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Printed with the calibration, its rulers measure 100 mm.");

    ImGui::TextUnformatted("Measured on the page printed as it is (mm):");
    const float half = (ImGui::GetContentRegionAvail().x - spacing) / 2;
    auto number = [&](const char* label, double& value) {
        ImGui::SetNextItemWidth(px(90));
        ImGui::InputDouble(label, &value, 0, 0, "%.1f");
    };
    ImGui::BeginGroup();
    number("cross from left##m", m_measured.crossFromLeftMm);
    number("cross from top##m", m_measured.crossFromTopMm);
    ImGui::EndGroup();
    ImGui::SameLine(half);
    ImGui::BeginGroup();
    number("ruler across##m", m_measured.horizontalRulerMm);
    number("ruler down##m", m_measured.verticalRulerMm);
    ImGui::EndGroup();
    const bool havePrinter = !m_draft.printer.empty() && why.empty();
    if (actionButton("Save calibration", havePrinter && !print.busy, {px(180), 0}))
        commands.paper().saveCalibration(m_draft.printer, m_measured);
    if (!havePrinter && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("A calibration belongs to a printer: %s", why.empty() ? "choose one." : why.c_str());
    if (!m_draft.printer.empty()) {
        const auto& c = print.calibration;
        if (c.isIdentity()) mutedText("%s has no calibration yet.", m_draft.printer.c_str());
        else
            mutedText("%s: offset %s across, %s down; scale %.1f %% \xC3\x97 %.1f %%", m_draft.printer.c_str(),
                      signedMm(c.offsetXmm).c_str(), signedMm(c.offsetYmm).c_str(), c.scaleX * 100, c.scaleY * 100);
    }
}

void PrintView::drawPreview(ConsoleState& state) {
    const auto& print = state.print;
    const SheetLayout* layout = currentLayout(state);
    const std::string paperName = layout && layout->labels ? layout->paper : m_draft.paper;
    const auto paper = findPaperSize(paperName).value_or(*findPaperSize("a4"));

    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted("First page");
    ImGui::PopFont();
    if (print.rendering && !print.noKeyFile) {
        ImGui::SameLine();
        mutedText("Rendering\xE2\x80\xA6");
    } else if (print.previewMs > 0 && print.preview.id) {
        ImGui::SameLine();
        ImGui::PushFont(fonts().small);
        mutedText("drawn in %.0f ms", print.previewMs);
        ImGui::PopFont();
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float aspect = static_cast<float>(paper.widthMm / paper.heightMm);
    const float w = std::max(px(80), std::min(avail.x - px(8), (avail.y - px(8)) * aspect));
    const float h = w / aspect;
    // Rendered as wide as the column, in steps of 16 pixels: a small resize, or the task bar
    // taking some height while a sheet is written, draws nothing new (the page is shown at most
    // that wide, scaled down when the height is short).
    m_draft.previewWidthPx = std::clamp(static_cast<int>(std::ceil((avail.x - px(8)) / 16.0f)) * 16, 160, 2400);

    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled({p.x + px(4), p.y + px(4)}, {p.x + w + px(4), p.y + h + px(4)}, IM_COL32(0, 0, 0, 110), px(2));
    if (print.preview.id && !print.noKeyFile) {
        dl->AddImage(print.preview.id, p, {p.x + w, p.y + h});
        ImGui::Dummy({w, h});
        return;
    }
    dl->AddRectFilled(p, {p.x + w, p.y + h}, IM_COL32(58, 62, 72, 255), px(2));
    std::string message = print.noKeyFile                ? "No preview: the QR codes need the organizer's machine."
                          : !print.previewError.empty()  ? print.previewError
                          : !print.selectionError.empty() ? "Nothing to show."
                                                          : "Rendering the first page\xE2\x80\xA6";
    ImGui::SetCursorScreenPos({p.x + px(16), p.y + h / 2 - px(20)});
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - px(32));
    mutedText("%s", message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::SetCursorScreenPos(p);
    ImGui::Dummy({w, h});
}

}  // namespace qrgate::views

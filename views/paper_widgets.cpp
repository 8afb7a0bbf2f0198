#include "views/paper_widgets.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "views/theme.hpp"

namespace qrgate::views {

namespace {
// The next UTF-8 character of `s` from `i` (advanced past it); U+FFFD for a broken one.
char32_t nextCodePoint(const std::string& s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int length = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (length == 0 || i + length > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = length == 1 ? b : b & (0x7F >> length);
    for (int k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += length;
    return cp;
}
}  // namespace

std::string suggestedPaperPath(const std::string& folder, const std::string& eventName, const std::string& what,
                               const std::string& extension) {
    std::string slug;
    for (std::size_t i = 0; i < eventName.size() && slug.size() < 48;) {
        const std::size_t start = i;
        const char32_t cp = nextCodePoint(eventName, i);
        // Letters and digits of any script stay (ASCII in lower case, the rest as written); spaces,
        // punctuation and symbols become dashes.
        const bool separator = cp < 0x80 ? !std::isalnum(static_cast<int>(cp))
                                         : cp <= 0xBF || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
                                               (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFFFD || cp >= 0x1F000;
        if (separator) {
            if (!slug.empty() && slug.back() != '-') slug += '-';
        } else if (cp < 0x80) {
            slug += static_cast<char>(std::tolower(static_cast<int>(cp)));
        } else {
            slug.append(eventName, start, i - start);
        }
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    std::string name = "qrgate-" + (slug.empty() ? std::string("event") : slug) + "-" + what + "." + extension;
    if (folder.empty()) return name;
    return folder.back() == '/' ? folder + name : folder + "/" + name;
}

std::string printingProblem(const PrintState& print) {
    if (!print.printersError.empty()) return print.printersError;
    if (print.printersLoading && print.printers.empty()) return "Looking for printers...";
    if (!print.printersLoaded) return "The printers have not been read yet.";
    if (print.printers.empty()) return "This machine has no printers (CUPS lists none): save a PDF instead.";
    return {};
}

bool printerCombo(const char* id, const PrintState& print, std::string& printer, float width) {
    const PrinterInfo* current = nullptr;
    for (const auto& p : print.printers)
        if (p.name == printer) current = &p;
    bool changed = false;
    if (!current && !print.printers.empty()) {
        current = &print.printers.front();
        for (const auto& p : print.printers)
            if (p.isDefault) current = &p;
        printer = current->name;
        changed = true;
    }
    auto label = [](const PrinterInfo& p) {
        std::string s = p.description.empty() ? p.name : p.description + " (" + p.name + ")";
        if (p.isDefault) s += "  \xC2\xB7 default";
        if (p.state == "stopped") s += "  \xC2\xB7 stopped";
        return s;
    };
    ImGui::SetNextItemWidth(width);
    ImGui::BeginDisabled(print.printers.empty());
    const std::string preview = current ? label(*current) : std::string("No printer");
    if (ImGui::BeginCombo(id, ellipsized(preview, width - ImGui::GetFrameHeight() - px(12)).c_str())) {
        for (const auto& p : print.printers) {
            if (ImGui::Selectable((label(p) + "##" + p.name).c_str(), current == &p)) {
                changed = changed || printer != p.name;
                printer = p.name;
            }
        }
        ImGui::EndCombo();
    }
    if (current && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", preview.c_str());
    ImGui::EndDisabled();
    return changed;
}

void TicketPaperActions::draw(const Ticket& ticket, bool haveCode, ConsoleState& state, ConsoleCommands& commands) {
    // Two to a row: three in the detail's width would cut their labels.
    const float w = std::min(px(150), (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2);
    ImGui::BeginDisabled(!haveCode);
    const std::string event = state.currentEvent() ? state.currentEvent()->name : "";
    const std::string what = "ticket-" + formatTicketNumber(ticket.number);
    if (ImGui::Button("Save PNG...", {w, 0})) {
        m_kind = TicketFile::Png;
        std::snprintf(m_path, sizeof m_path, "%s",
                      suggestedPaperPath(state.print.documentsDir, event, what, "png").c_str());
        m_openSave = true;
    }
    ImGui::SameLine();
    if (ImGui::Button("Save PDF...", {w, 0})) {
        m_kind = TicketFile::Pdf;
        std::snprintf(m_path, sizeof m_path, "%s",
                      suggestedPaperPath(state.print.documentsDir, event, what, "pdf").c_str());
        m_openSave = true;
    }
    if (ImGui::Button("Print...", {w, 0})) {
        if (!state.print.printersLoaded && !state.print.printersLoading) commands.paper().refreshPrinters();
        m_openPrint = true;
    }
    ImGui::EndDisabled();
    if (!haveCode && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("This ticket's QR code can only be made on the organizer's machine.");
    drawSavePopup(ticket, state, commands);
    drawPrintPopup(ticket, state, commands);
}

void TicketPaperActions::drawSavePopup(const Ticket& ticket, ConsoleState&, ConsoleCommands& commands) {
    if (m_openSave) {
        ImGui::OpenPopup("Save ticket");
        m_openSave = false;
    }
    ImGui::SetNextWindowSize({px(560), 0});
    if (!ImGui::BeginPopupModal("Save ticket", nullptr, ImGuiWindowFlags_NoResize)) return;
    mutedText(m_kind == TicketFile::Png ? "The QR code alone, 600 pixels square."
                                        : "A one-page ticket: event, start, venue, a large QR code, name, type, number.");
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputText("##ticketPath", m_path, sizeof m_path, ImGuiInputTextFlags_EnterReturnsTrue);
    if (primaryButton("Save", m_path[0] != 0, {px(120), 0}) || (enter && m_path[0])) {
        commands.paper().saveTicket(ticket.id, m_kind, m_path);
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel", {px(120), 0}) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void TicketPaperActions::drawPrintPopup(const Ticket& ticket, ConsoleState& state, ConsoleCommands& commands) {
    if (m_openPrint) {
        ImGui::OpenPopup("Print ticket");
        m_openPrint = false;
    }
    ImGui::SetNextWindowSize({px(560), 0});
    if (!ImGui::BeginPopupModal("Print ticket", nullptr, ImGuiWindowFlags_NoResize)) return;
    mutedText("Ticket #%s as a one-page ticket, on the printer's paper.", formatTicketNumber(ticket.number).c_str());
    printerCombo("##ticketPrinter", state.print, m_printer, px(330));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(110));
    ImGui::InputInt("copies##ticket", &m_copies);
    m_copies = std::clamp(m_copies, 1, 999);
    const std::string problem = printingProblem(state.print);
    if (!problem.empty()) mutedText("%s", problem.c_str());
    if (primaryButton("Print", problem.empty(), {px(120), 0})) {
        commands.paper().printTicket(ticket.id, m_printer, m_copies);
        ImGui::CloseCurrentPopup();
    }
    if (!problem.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", problem.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Cancel", {px(120), 0}) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace qrgate::views

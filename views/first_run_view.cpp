#include "views/first_run_view.hpp"

#include <algorithm>
#include <cstdio>

#include "core/base/time_format.hpp"
#include "views/layout.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {

constexpr const char* kPopup = "Getting started###guide";
const char* kStepTitles[kGuideSteps] = {"Create the event", "Add attendees", "Dry run"};

// An input editing `value`, as wide as `width` (0: the rest of the line).
bool textField(const char* id, std::string& value, const char* hint, float width = 0, ImGuiInputTextFlags flags = 0) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s", value.c_str());
    ImGui::SetNextItemWidth(width > 0 ? width : -1);
    if (!ImGui::InputTextWithHint(id, hint, buf, sizeof buf, flags)) return false;
    value = buf;
    return true;
}

ImU32 toneColour(GuideLine::Tone tone) {
    switch (tone) {
        case GuideLine::Tone::Good: return colour::kAdmitted;
        case GuideLine::Tone::Warn: return colour::kAlreadyUsed;
        case GuideLine::Tone::Bad: return IM_COL32(240, 90, 90, 255);  // the refusal red, readable on the panel
        case GuideLine::Tone::Plain: break;
    }
    return colour::kText;
}

void guideLine(const GuideLine& line) {
    if (line.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, toneColour(line.tone));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(line.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

// "a.  On paper" with a done mark at the right: the dry run's three parts.
void partTitle(const char* letter, const char* title, bool done) {
    ImGui::Dummy({0, px(6)});
    ImGui::PushFont(fonts().bold);
    ImGui::Text("%s  %s", letter, title);
    ImGui::PopFont();
    if (done) {
        // At the right end of the line (relative to the cursor: SameLine(x) counts from a table
        // column's start differently).
        ImGui::SameLine();
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - chipWidth("done"));
        chip("done", colour::kAdmitted);
    }
}

}  // namespace

FirstRunView::FirstRunView() { m_form.load(nullptr, localTimeZoneName()); }

void FirstRunView::open(ConsoleState& state) {
    auto& g = state.firstRun;
    g.open = true;
    g.offered = true;
    g.step = GuideStep::Event;
    for (int i = 0; i < kGuideSteps; ++i)
        if (g.marks[i] == StepMark::Open) {
            g.step = static_cast<GuideStep>(i);
            break;
        }
}

bool FirstRunView::canGoOn(const ConsoleState& state) {
    switch (state.firstRun.step) {
        case GuideStep::Event: return state.currentEvent() != nullptr;
        case GuideStep::Attendees: return state.currentEvent() && state.stats.tickets > 0;
        case GuideStep::DryRun: return !state.firstRun.finishing;
    }
    return false;
}

bool FirstRunView::canIssue(const ConsoleState& state) const {
    return state.currentEvent() && m_issueCount > 0 && m_issueCount <= 100000 && state.tasks.empty();
}

bool FirstRunView::haveTestTicket(const ConsoleState& state) {
    return !state.firstRun.testTicketId.empty() && state.firstRun.testTicketEventId == state.currentEventId;
}

bool FirstRunView::pressed(Press p, bool button) {
    if (m_pressed == p) {
        m_pressed = Press::None;
        return true;
    }
    return button;
}

bool FirstRunView::scriptCommand(const std::string& line, ConsoleState& state) {
    auto arg = [&](const char* verb) -> std::optional<std::string> {
        const std::string prefix = std::string(verb) + " ";
        if (line.rfind(prefix, 0) != 0) return std::nullopt;
        return line.substr(prefix.size());
    };
    if (line == "guide-open") open(state);
    else if (line == "guide-close") press(Press::Close);
    else if (auto fields = arg("guide-event")) {
        // NAME|STARTS|ENDS|ZONE, as typed into the form
        std::vector<std::string> parts;
        std::size_t from = 0;
        for (;;) {
            const auto bar = fields->find('|', from);
            parts.push_back(fields->substr(from, bar == std::string::npos ? std::string::npos : bar - from));
            if (bar == std::string::npos) break;
            from = bar + 1;
        }
        parts.resize(4);
        auto& f = m_form.fields();
        f.name = parts[0];
        f.starts = parts[1];
        f.ends = parts[2];
        if (!parts[3].empty()) f.timeZone = parts[3];
    } else if (line == "guide-create") press(Press::CreateEvent);
    else if (line == "guide-demo") press(Press::Demo);
    else if (line == "guide-restore") press(Press::Restore);
    else if (line == "guide-next") press(Press::Next);
    else if (line == "guide-skip-step") press(Press::SkipStep);
    else if (auto n = arg("guide-issue")) {
        m_issueCount = std::atoi(n->c_str());
        press(Press::Issue);
    } else if (auto path = arg("guide-pdf")) {
        m_pdfPath = *path;
        press(Press::SavePdf);
    } else if (auto printer = arg("guide-printer")) {
        m_printer = *printer;  // as chosen in the printer combo
    } else if (line == "guide-print") press(Press::Print);
    else if (auto to = arg("guide-email")) {
        m_email = *to;
        press(Press::Email);
    } else if (auto how = arg("guide-kiosk")) {
        if (*how != "camera" && *how != "picture") return false;
        press(*how == "camera" ? Press::KioskCamera : Press::KioskPicture);
    } else if (line == "guide-finish") press(Press::Finish);
    else return false;
    return true;
}

void FirstRunView::draw(ConsoleState& state, ConsoleCommands& commands) {
    auto& g = state.firstRun;
    if (!g.open) {
        // Closed from outside (Finish's answer, Help's own button): the modal goes too.
        if (ImGui::IsPopupOpen(kPopup) && ImGui::BeginPopupModal(kPopup)) {
            ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
        return;
    }
    if (!ImGui::IsPopupOpen(kPopup)) ImGui::OpenPopup(kPopup);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 size{std::min(px(860), vp->WorkSize.x - px(48)), std::min(px(700), vp->WorkSize.y - px(40))};
    ImGui::SetNextWindowPos({vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f},
                            ImGuiCond_Always, {0.5f, 0.5f});
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {px(28), px(22)});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, px(10));
    ImGui::PushStyleColor(ImGuiCol_PopupBg, colour::kPanel);
    const bool shown = ImGui::BeginPopupModal(kPopup, nullptr,
                                              ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                                  ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                                  ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
    if (!shown) return;

    FirstRunCommands* guide = commands.firstRun();
    if (g.step != m_shownStep || !m_stepEntered) {
        m_shownStep = g.step;
        m_stepEntered = true;
        if (g.step == GuideStep::DryRun && !state.print.printersLoaded && !state.print.printersLoading)
            commands.paper().refreshPrinters();
    }
    drawHeader(state, size.x);
    // The footer: a separator, a little air and a row of buttons.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float footer = ImGui::GetFrameHeight() + px(2) + 3 * style.ItemSpacing.y + px(2);
    ImGui::BeginChild("##guideBody", {0, -footer}, false);
    switch (g.step) {
        case GuideStep::Event: drawEventStep(state, commands, guide); break;
        case GuideStep::Attendees: drawAttendeesStep(state, commands); break;
        case GuideStep::DryRun: drawDryRunStep(state, commands, guide); break;
    }
    ImGui::EndChild();
    drawFooter(state, guide);
    // A press lasts one frame, as a click does: one for a button not drawn now is dropped.
    m_pressed = Press::None;
    if (!g.open) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void FirstRunView::drawHeader(ConsoleState& state, float width) {
    auto& g = state.firstRun;
    ImGui::PushFont(fonts().heading);
    ImGui::TextUnformatted("Getting started");
    ImGui::PopFont();
    const char* skip = "Skip the guide";
    ImGui::SameLine(ImGui::GetContentRegionMax().x - buttonWidth(skip));
    if (pressed(Press::Close, ImGui::Button(skip))) g.open = false;
    // On a short window (150 % on 800 pixels) the line gives its room to the step's body.
    if (ImGui::GetWindowHeight() >= px(600)) {
        mutedText("Three steps to a gate that admits a ticket. Each can be skipped; Help reopens this guide.");
        ImGui::Dummy({0, px(8)});
    }

    // The steps as numbered pills joined by a line: done green, skipped grey, the current one blue.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float inner = width - 2 * px(28);
    const float slot = inner / kGuideSteps;
    const float r = px(13);
    const float rowH = r * 2 + ImGui::GetTextLineHeight() + px(8);
    for (int i = 0; i < kGuideSteps; ++i) {
        const ImVec2 c{origin.x + slot * (static_cast<float>(i) + 0.5f), origin.y + r};
        if (i + 1 < kGuideSteps) {
            const bool reached = g.marks[i] != StepMark::Open;
            dl->AddLine({c.x + r + px(6), c.y}, {c.x + slot - r - px(6), c.y},
                        reached ? colour::kAdmitted : IM_COL32(70, 76, 88, 255), px(2));
        }
        const bool current = static_cast<int>(g.step) == i;
        ImU32 fill = IM_COL32(52, 58, 70, 255);
        if (g.marks[i] == StepMark::Done) fill = colour::kAdmitted;
        else if (g.marks[i] == StepMark::Skipped) fill = IM_COL32(88, 94, 106, 255);
        if (current) fill = colour::kAccent;
        dl->AddCircleFilled(c, r, fill);
        char digit[8];
        std::snprintf(digit, sizeof digit, "%s", g.marks[i] == StepMark::Done && !current ? "\xE2\x9C\x93" : "");
        if (!digit[0]) std::snprintf(digit, sizeof digit, "%d", i + 1);
        ImFont* bold = fonts().bold;
        const ImVec2 d = bold->CalcTextSizeA(bold->FontSize, FLT_MAX, 0, digit);
        dl->AddText(bold, bold->FontSize, {c.x - d.x / 2, c.y - d.y / 2}, IM_COL32_WHITE, digit);
        std::string label = kStepTitles[i];
        if (g.marks[i] == StepMark::Skipped) label += " (skipped)";
        else if (g.marks[i] == StepMark::Done) label += " (done)";
        label = ellipsized(label, slot - px(8));
        ImFont* f = current ? fonts().bold : fonts().body;
        const ImVec2 t = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, label.c_str());
        dl->AddText(f, f->FontSize, {c.x - t.x / 2, c.y + r + px(4)}, current ? colour::kText : colour::kMuted,
                    label.c_str());
    }
    ImGui::Dummy({inner, rowH});
    ImGui::Separator();
    ImGui::Dummy({0, px(4)});
}

void FirstRunView::drawEventStep(ConsoleState& state, ConsoleCommands& commands, FirstRunCommands* guide) {
    auto& g = state.firstRun;
    if (const Event* event = state.currentEvent()) {
        sectionTitle("Your event");
        ImGui::PushFont(fonts().bold);
        ellipsizedText(event->name, 0, colour::kAdmitted);
        ImGui::PopFont();
        mutedText("Ready. Its settings and ticket types are on the Events screen; press Next to add attendees.");
        guideLine(g.eventLine);
        return;
    }
    const float side = std::min(px(250), ImGui::GetContentRegionAvail().x * 0.36f);
    if (!ImGui::BeginTable("##guideEventStep", 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV)) return;
    ImGui::TableSetupColumn("form", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("ready", ImGuiTableColumnFlags_WidthFixed, side);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    sectionTitle("Create your event");
    auto& f = m_form.fields();
    const EventCheck check = m_form.check();
    const bool showErrors = m_form.changed();
    ImGui::TextUnformatted("Name");
    textField("##guideName", f.name, "Summer Festival 2026");
    if (showErrors && !check.name.empty()) errorText("%s", check.name.c_str());
    // Labels, fields and errors a row each, so both columns line up.
    if (ImGui::BeginTable("##guideDates", 2)) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Starts");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Ends");
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        textField("##guideStarts", f.starts, "YYYY-MM-DD HH:MM");
        ImGui::TableNextColumn();
        textField("##guideEnds", f.ends, "YYYY-MM-DD HH:MM");
        if (showErrors && (!check.starts.empty() || !check.ends.empty())) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (!check.starts.empty()) errorText("%s", check.starts.c_str());
            ImGui::TableNextColumn();
            if (!check.ends.empty()) errorText("%s", check.ends.c_str());
        }
        ImGui::EndTable();
    }
    mutedText("Dates are optional; after the end the gates refuse tickets as expired.");
    ImGui::TextUnformatted("Time zone");
    ImGui::PushItemWidth(-1);
    m_zonePicker.draw("##guideZone", f.timeZone, state.sync.nowMs);
    ImGui::PopItemWidth();
    if (showErrors && !check.timeZone.empty()) errorText("%s", check.timeZone.c_str());
    if (showErrors && !check.general.empty()) errorText("%s", check.general.c_str());
    ImGui::Dummy({0, px(6)});
    const bool busy = g.makingDemo;
    if (pressed(Press::CreateEvent, actionButton("Create event", m_form.canSave() && !busy, {px(170), 0})) &&
        m_form.canSave() && !busy)
        commands.createEvent(*m_form.check().draft);

    ImGui::TableNextColumn();
    ImGui::Indent(px(12));
    sectionTitle("Or start from");
    ImGui::PushTextWrapPos(0);
    mutedText("A ready-made event with a VIP type and five tickets, to try everything first.");
    ImGui::PopTextWrapPos();
    if (pressed(Press::Demo, primaryButton(busy ? "Making the demo..." : "Try a demo event", !busy && guide, {-1, 0})) &&
        guide && !busy)
        guide->createDemoEvent();
    ImGui::Dummy({0, px(14)});
    ImGui::PushTextWrapPos(0);
    mutedText("Moving to a new laptop? Bring everything back from a backup file.");
    ImGui::PopTextWrapPos();
    if (pressed(Press::Restore, fittedButton("Restore from a backup...", {-1, 0}))) {
        // The Settings screen's Backups panel checks the file, then restores it and restarts the
        // console on the restored folder (docs/backup.md).
        g.open = false;
        state.navigateTo = "settings";
        state.backup.openForm = "restore";
        ++state.backup.openFormSerial;
    }
    ImGui::Unindent(px(12));
    ImGui::EndTable();
    guideLine(g.eventLine);
}

void FirstRunView::drawAttendeesStep(ConsoleState& state, ConsoleCommands& commands) {
    auto& g = state.firstRun;
    sectionTitle("2. Add attendees");
    if (!state.currentEvent()) {
        mutedText("Create an event first (step 1).");
        return;
    }
    if (state.stats.tickets > 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, colour::kAdmitted);
        ImGui::Text("%s issued for %s.", counted(state.stats.tickets, "ticket", "tickets").c_str(),
                    state.currentEvent()->name.c_str());
        ImGui::PopStyleColor();
    } else {
        mutedText("No tickets yet. Bring your attendee list, or issue tickets without names.");
    }
    ImGui::Dummy({0, px(8)});

    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted("From a spreadsheet");
    ImGui::PopFont();
    mutedText("A CSV with a name and an email column (and a type, if you like): one ticket per row.");
    if (pressed(Press::ImportCsv, ImGui::Button("Import a CSV...", {px(200), 0}))) {
        g.open = false;  // the Import screen takes over; Help > Getting started guide comes back here
        state.navigateTo = "import";
        state.notify("Import your CSV, then Help \xE2\x80\xBA Getting started guide takes you on.");
    }
    ImGui::Dummy({0, px(10)});

    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted("Without names");
    ImGui::PopFont();
    mutedText("Tickets for the door or for sale: each has its own code.");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Issue");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(110));
    ImGui::InputInt("##guideCount", &m_issueCount, 1, 10);
    m_issueCount = std::clamp(m_issueCount, 0, 100000);
    ImGui::SameLine();
    ImGui::TextUnformatted("tickets of type");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(px(180));
    std::string shownType = m_issueType;
    if (shownType.empty())
        for (const auto& t : state.types)
            if (t.isDefault) shownType = t.name;
    if (ImGui::BeginCombo("##guideType", shownType.c_str())) {
        for (const auto& t : state.types)
            if (ImGui::Selectable(t.name.c_str(), t.name == shownType)) m_issueType = t.name;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    const bool can = canIssue(state);
    if (pressed(Press::Issue, actionButton("Issue", can, {px(100), 0})) && can)
        commands.issueTickets(static_cast<std::size_t>(m_issueCount), m_issueType);
}

void FirstRunView::drawDryRunStep(ConsoleState& state, ConsoleCommands& commands, FirstRunCommands* guide) {
    auto& g = state.firstRun;
    if (!state.currentEvent()) {
        mutedText("Create an event first (step 1).");
        return;
    }
    if (!haveTestTicket(state)) {
        if (guide && !g.makingTestTicket && g.testTicketLine.empty()) guide->makeTestTicket();
        if (g.makingTestTicket) mutedText("Making the test ticket...");
        guideLine(g.testTicketLine);
        if (!g.makingTestTicket && !g.testTicketLine.empty() && guide && ImGui::Button("Try again"))
            guide->makeTestTicket();
        return;
    }
    ImGui::PushTextWrapPos(0);
    ImGui::Text("Test ticket #%s is a real ticket of this event, held by \"Test ticket\" and marked TEST on paper. "
                "Finish voids it, so a copy left lying around admits nobody.",
                formatTicketNumber(g.testTicketNumber).c_str());
    ImGui::PopTextWrapPos();
    // Paper and email on the left, the gate on the right: the whole dry run in sight at 1280x800.
    if (!ImGui::BeginTable("##guideDryRun", 2, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV)) return;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID("paper");

    // a. On paper
    partTitle("a.", "On paper", g.paperDone);
    if (m_pdfPath.empty()) m_pdfPath = g.pdfSuggestion;
    const auto& printers = state.print.printers;
    if (m_printer.empty()) {
        for (const auto& p : printers)
            if (p.isDefault) m_printer = p.name;
        if (m_printer.empty() && !printers.empty()) m_printer = printers.front().name;
    }
    const float comboW = std::min(px(260), ImGui::GetContentRegionAvail().x * 0.45f);
    ImGui::SetNextItemWidth(comboW);
    const char* none = state.print.printersLoading ? "Looking for printers..." : "No printer found";
    if (ImGui::BeginCombo("##guidePrinter", m_printer.empty() ? none : m_printer.c_str())) {
        for (const auto& p : printers)
            if (ImGui::Selectable(p.name.c_str(), p.name == m_printer)) m_printer = p.name;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    const bool canPrint = guide && !m_printer.empty() && !g.paperBusy;
    if (pressed(Press::Print, actionButton("Print test ticket", canPrint)) && canPrint) guide->printTestTicket(m_printer);
    textField("##guidePdf", m_pdfPath, "~/Documents/qrgate-test-ticket.pdf",
              ImGui::GetContentRegionAvail().x - buttonWidth("Save as PDF") - ImGui::GetStyle().ItemSpacing.x);
    ImGui::SameLine();
    const bool canSave = guide && !m_pdfPath.empty() && !g.paperBusy;
    if (pressed(Press::SavePdf, ImGui::Button("Save as PDF")) && canSave) guide->saveTestTicket(m_pdfPath);
    guideLine(g.paperLine);

    // b. By email
    partTitle("b.", "By email", g.mailDone);
    if (!g.mailConfigured) {
        mutedText("Email is not set up yet. You can skip this part.");
        if (pressed(Press::SetUpEmail, ImGui::Button("Set up email..."))) {
            g.open = false;  // the Email screen's settings; Help brings the guide back
            state.navigateTo = "mail";
        }
    } else {
        textField("##guideEmail", m_email, "you@example.org",
                  ImGui::GetContentRegionAvail().x - buttonWidth("Email it to me") - ImGui::GetStyle().ItemSpacing.x);
        ImGui::SameLine();
        const bool canMail = guide && m_email.find('@') != std::string::npos && !g.mailBusy;
        if (pressed(Press::Email, actionButton(g.mailBusy ? "Sending..." : "Email it to me", canMail)) && canMail)
            guide->emailTestTicket(m_email);
    }
    guideLine(g.mailLine);
    ImGui::PopID();

    ImGui::TableNextColumn();
    ImGui::Indent(px(10));
    // c. At a gate
    partTitle("c.", "At a gate", g.admitted);
    ImGui::PushTextWrapPos(0);
    mutedText("A kiosk window opens as gate \"Test gate\" and scans the test ticket; its verdict shows here.");
    ImGui::PopTextWrapPos();
    const bool canStart = guide && !g.kioskRunning && !g.kioskStarting;
    if (g.hasCamera) {
        if (pressed(Press::KioskCamera, actionButton("Scan it in a kiosk window", canStart, {-1, 0})) && canStart)
            guide->startTestKiosk(false);
    }
    if (pressed(Press::KioskPicture, g.hasCamera ? fittedButton("Use a picture of it instead", {-1, 0}, canStart)
                                                 : actionButton("Scan a picture of it in a kiosk window", canStart, {-1, 0})) &&
        canStart)
        guide->startTestKiosk(true);
    if (g.kioskRunning && fittedButton("Close the kiosk window", {-1, 0}) && guide) guide->stopTestKiosk();
    if (!g.hasCamera) {
        ImGui::PushTextWrapPos(0);
        mutedText("No camera found: the kiosk reads a picture of the test ticket instead.");
        ImGui::PopTextWrapPos();
    }
    guideLine(g.kioskLine);
    if (g.scanLine.empty() && g.kioskRunning) mutedText("Waiting for the scan...");
    if (!g.scanLine.empty()) {
        // The verdict as the kiosk shows it: a coloured band with the words on it.
        const ImU32 band = g.scanLine.tone == GuideLine::Tone::Good   ? colour::kAdmitted
                           : g.scanLine.tone == GuideLine::Tone::Warn ? colour::kAlreadyUsed
                                                                      : colour::kRefused;
        ImGui::PushFont(fonts().bold);
        const float wrap = ImGui::GetContentRegionAvail().x - px(24);
        const ImVec2 text = ImGui::CalcTextSize(g.scanLine.text.c_str(), nullptr, false, wrap);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(at, {at.x + ImGui::GetContentRegionAvail().x, at.y + text.y + px(20)}, band,
                                                  px(6));
        ImGui::SetCursorScreenPos({at.x + px(12), at.y + px(10)});
        ImGui::PushStyleColor(ImGuiCol_Text, g.scanLine.tone == GuideLine::Tone::Warn ? IM_COL32(20, 20, 20, 255)
                                                                                       : IM_COL32_WHITE);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
        ImGui::TextUnformatted(g.scanLine.text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ImGui::PopFont();
        ImGui::SetCursorScreenPos({at.x, at.y + text.y + px(26)});
        ImGui::Dummy({0, 0});
    }
    guideLine(g.finishLine);
    ImGui::Unindent(px(10));
    ImGui::EndTable();
}

void FirstRunView::drawFooter(ConsoleState& state, FirstRunCommands* guide) {
    auto& g = state.firstRun;
    ImGui::Separator();
    ImGui::Dummy({0, px(2)});
    const int index = static_cast<int>(g.step);
    if (index > 0) {
        if (pressed(Press::Back, ImGui::Button("Back", {px(100), 0}))) g.step = static_cast<GuideStep>(index - 1);
        ImGui::SameLine();
    }
    const bool last = g.step == GuideStep::DryRun;
    const char* next = last ? (g.finishing ? "Finishing..." : "Finish") : "Next";
    const char* skip = "Skip this step";
    const float right = px(130) + buttonWidth(skip) + ImGui::GetStyle().ItemSpacing.x;
    if (index > 0) ImGui::SameLine(ImGui::GetContentRegionMax().x - right);
    else ImGui::SetCursorPosX(ImGui::GetContentRegionMax().x - right);
    if (!last) {
        if (pressed(Press::SkipStep, ImGui::Button(skip))) {
            if (g.mark(g.step) == StepMark::Open) g.setMark(g.step, StepMark::Skipped);
            g.step = static_cast<GuideStep>(index + 1);
        }
        ImGui::SameLine();
    } else {
        ImGui::SameLine(ImGui::GetContentRegionMax().x - px(130));
    }
    const bool can = canGoOn(state);
    const bool go = pressed(last ? Press::Finish : Press::Next, actionButton(next, can, {px(130), 0})) && can;
    if (!go) return;
    if (last) {
        // The dry run counts as done when the test ticket was admitted at the kiosk.
        g.setMark(g.step, g.admitted ? StepMark::Done : StepMark::Skipped);
        if (guide) guide->finishGuide();
        else g.open = false;
        return;
    }
    g.setMark(g.step, StepMark::Done);
    g.step = static_cast<GuideStep>(index + 1);
}

}  // namespace qrgate::views

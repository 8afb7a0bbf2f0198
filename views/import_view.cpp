// Import attendees from a CSV: preview, column mapping, who is new and who already has a ticket,
// every problem with its line, and only then issuing (all or nothing, or the good rows with the
// bad ones written to a rejects file) as a task with progress and Cancel; and undoing the last
// import.
#include <cstdio>
#include <filesystem>

#include "views/console_screens.hpp"
#include "views/file_browser.hpp"
#include "views/layout.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {

class ImportView final : public ConsoleView {
public:
    const char* id() const override { return "import"; }
    const char* title() const override { return "Import"; }
    const char* icon() const override { return "\xE2\x87\xA9"; }  // ⇩

    void draw(ConsoleState& state, ConsoleCommands& commands) override {
        screenTitle("Import attendees",
                    "A CSV exported from a spreadsheet: a header row with name (or first and last name), "
                    "optionally email and type. Nothing is written until you press Issue.");
        if (!state.currentEvent()) {
            mutedText("Create an event first (Events, Ctrl+2).");
            return;
        }
        auto& imp = state.import;
        if (imp.path != m_lastPath) {
            std::snprintf(m_path, sizeof m_path, "%s", imp.path.c_str());
            m_lastPath = imp.path;
            m_choices = {};  // a new file starts from the safe choice: skip duplicates
        }
        const float buttons = 3 * px(120) + 3 * ImGui::GetStyle().ItemSpacing.x;
        ImGui::SetNextItemWidth(std::max(px(200), ImGui::GetContentRegionAvail().x - buttons));
        bool enter = ImGui::InputTextWithHint("##path", "/home/me/attendees.csv  (or drop a file on the window)", m_path,
                                              sizeof m_path, ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if (ImGui::Button("Browse...", {px(120), 0})) {
            std::error_code ec;
            const std::filesystem::path typed(m_path);
            m_browser.open(std::filesystem::is_directory(typed, ec) ? typed : typed.parent_path());
        }
        if (auto chosen = m_browser.draw("Choose a CSV file")) {
            std::snprintf(m_path, sizeof m_path, "%s", chosen->c_str());
            commands.openImport(*chosen);
        }
        ImGui::SameLine();
        if (primaryButton("Read file", m_path[0] != 0, {px(120), 0}) || (enter && m_path[0])) commands.openImport(m_path);
        ImGui::SameLine();
        ImGui::BeginDisabled(imp.path.empty());
        if (ImGui::Button("Clear", {px(120), 0})) commands.closeImport();
        ImGui::EndDisabled();

        if (imp.reading) {
            mutedText("Reading %s ...", imp.path.c_str());
            return;
        }
        if (imp.path.empty()) {
            drawOutcome(state.importOutcome, commands);
            drawUndo(state, commands);
            ImGui::Dummy({0, px(20)});
            mutedText("Example:");
            ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(16, 18, 22, 255));
            ImGui::BeginChild("##example", {px(520), px(110)}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
            ImGui::TextUnformatted("name,email,type\nAna Lima,ana@example.org,VIP\n\"M\xC3\xBCller, Dana\",dana@example.org,\n"
                                   "\xC3\x89mile Dubois,,General");
            ImGui::EndChild();
            ImGui::PopStyleColor();
            return;
        }
        if (!imp.fileError.empty()) {
            errorText("%s", imp.fileError.c_str());
            return;
        }
        if (!imp.encodingNote.empty()) mutedText("%s.", imp.encodingNote.c_str());
        drawMapping(imp, commands);
        drawPreview(imp);
        drawCounts(imp);
        drawDuplicates(imp);
        drawActions(imp, commands);
        drawProblems(imp);
        drawUndo(state, commands);
    }

    // For tests: the choice the radio buttons hold.
    DuplicatePolicy duplicates() const { return m_choices.duplicates; }

private:
    void drawMapping(ImportPreview& imp, ConsoleCommands& commands) {
        sectionTitle("Columns");
        mutedText(imp.mappingRemembered ? "%s. Columns as you chose them for this header before; change any that are wrong."
                                        : "%s. Columns detected from the header; change any that are wrong.",
                  counted(static_cast<long long>(imp.fileRows), "data row", "data rows").c_str());
        AttendeeColumns c = imp.columns;
        bool changed = false;
        if (!ImGui::BeginTable("##mapping", 5)) return;
        for (const char* h : {"Name", "Email", "Type", "First name", "Last name"}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        ImGui::TableNextRow();
        auto combo = [&](const char* label, int& column) {
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-FLT_MIN);
            std::string id = std::string("##map") + label;
            const char* current = column >= 0 && column < static_cast<int>(imp.header.size())
                                      ? imp.header[column].c_str()
                                      : "(none)";
            if (ImGui::BeginCombo(id.c_str(), current)) {
                if (ImGui::Selectable("(none)", column < 0)) {
                    column = -1;
                    changed = true;
                }
                for (std::size_t i = 0; i < imp.header.size(); ++i) {
                    std::string item = imp.header[i] + "##" + std::to_string(i);
                    if (ImGui::Selectable(item.c_str(), column == static_cast<int>(i))) {
                        column = static_cast<int>(i);
                        changed = true;
                    }
                }
                ImGui::EndCombo();
            }
        };
        combo("Name", c.name);
        combo("Email", c.email);
        combo("Type", c.type);
        combo("First name", c.firstName);
        combo("Last name", c.lastName);
        ImGui::EndTable();
        if (changed) commands.remapImport(c);
    }

    void drawPreview(const ImportPreview& imp) {
        sectionTitle("Preview");
        const int cols = static_cast<int>(std::min<std::size_t>(imp.header.size(), 12));
        if (cols == 0) return;
        const float h = std::min(px(200), (imp.sample.size() + 1.5f) * (ImGui::GetTextLineHeight() + px(12)));
        if (ImGui::BeginTable("##preview", cols + 1,
                              ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV,
                              {0, h})) {
            ImGui::TableSetupScrollFreeze(1, 1);
            ImGui::TableSetupColumn("Line", ImGuiTableColumnFlags_WidthFixed, px(50));
            for (int i = 0; i < cols; ++i) {
                std::string role = roleOf(imp.columns, i);
                std::string label = imp.header[i] + (role.empty() ? "" : "  \xE2\x86\x92 " + role);
                ImGui::TableSetupColumn(label.c_str(), ImGuiTableColumnFlags_WidthFixed, px(180));
            }
            ImGui::TableHeadersRow();
            for (std::size_t r = 0; r < imp.sample.size(); ++r) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%zu", r + 2);
                for (int i = 0; i < cols; ++i) {
                    ImGui::TableNextColumn();
                    if (i < static_cast<int>(imp.sample[r].size())) {
                        bool used = !roleOf(imp.columns, i).empty();
                        if (!used) ImGui::PushStyleColor(ImGuiCol_Text, colour::kMuted);
                        ImGui::TextUnformatted(imp.sample[r][i].c_str());
                        if (!used) ImGui::PopStyleColor();
                    }
                }
            }
            ImGui::EndTable();
        }
    }

    // What the file holds against the event now: the numbers the import applies.
    void drawCounts(const ImportPreview& imp) {
        const auto& res = imp.result;
        if (res.fileProblem) return;
        sectionTitle("What is in the file");
        const auto& plan = imp.plan;
        // Each count a phrase of its own; they wrap as a toolbar does when the line is narrow.
        ToolbarFlow flow;
        const float gap = px(24);
        const auto phrase = [&](const std::string& text, ImU32 colour) {
            flow.item(ImGui::CalcTextSize(text.c_str()).x + gap);
            if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
            ImGui::TextUnformatted(text.c_str());
            if (colour) ImGui::PopStyleColor();
            ImGui::SameLine(0, 0);
            ImGui::Dummy({gap, 0});
        };
        phrase(counted(static_cast<long long>(plan.newRows.size()), "attendee is", "attendees are") + " new", 0);
        phrase(counted(static_cast<long long>(plan.duplicates.size()), "already has a ticket", "already have a ticket"), 0);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Same email address (ignoring case), or the same name when the row has no email,\n"
                              "with a valid ticket of the same type. Each ticket counts for one row only.");
        phrase(counted(static_cast<long long>(plan.changed), "duplicate has", "duplicates have") + " changed details", 0);
        if (res.rejected.empty()) phrase("no bad rows", colour::kMuted);
        else phrase(counted(static_cast<long long>(res.rejected.size()), "bad row", "bad rows"), IM_COL32(255, 110, 100, 255));  // errorText's

    }

    void drawDuplicates(const ImportPreview& imp) {
        if (imp.plan.duplicates.empty()) return;
        ToolbarFlow flow;
        const char* lead = "Who already has a ticket:";
        flow.item(ImGui::CalcTextSize(lead).x);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(lead);
        int choice = static_cast<int>(m_choices.duplicates);
        const std::string skip = "Skip them";
        const std::string another = "Issue another ticket";
        const std::string update = "Update name and email (" + withThousands(static_cast<long long>(imp.plan.changed)) + " changed)";
        const auto radio = [&](const std::string& label, const char* id, DuplicatePolicy policy) {
            flow.item(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                      ImGui::CalcTextSize(label.c_str()).x + px(16));
            ImGui::Dummy({px(12), 0});
            ImGui::SameLine(0, 0);
            ImGui::RadioButton((label + id).c_str(), &choice, static_cast<int>(policy));
        };
        radio(skip, "###dup-skip", DuplicatePolicy::Skip);
        radio(another, "###dup-another", DuplicatePolicy::Another);
        radio(update, "###dup-update", DuplicatePolicy::Update);
        m_choices.duplicates = static_cast<DuplicatePolicy>(choice);
    }

    // Issue (all rows, or nothing while a row has a problem) and the partial import.
    void drawActions(const ImportPreview& imp, ConsoleCommands& commands) {
        const auto& res = imp.result;
        const auto& plan = imp.plan;
        const DuplicatePolicy policy = m_choices.duplicates;
        const std::size_t issue = plan.toIssue(policy), update = plan.toUpdate(policy);
        ImGui::Dummy({0, px(6)});
        const bool clean = res.problems.empty() && !res.rows.empty();
        std::string label;
        if (issue > 0) label = "Issue " + counted(static_cast<long long>(issue), "ticket", "tickets");
        if (update > 0) label += (label.empty() ? "Update " : ", update ") + counted(static_cast<long long>(update), "ticket", "tickets");
        const bool somethingToDo = !label.empty();
        if (!somethingToDo) label = res.rows.empty() ? "Issue tickets" : "Nothing to import: everybody has a ticket";
        ToolbarFlow flow;
        flow.item(px(360));
        if (primaryButton((label + "###issue").c_str(), clean && somethingToDo, {px(360), px(40)})) {
            m_choices.skipBadRows = false;
            commands.runImport(m_choices);
        }
        // The partial import: the good rows now, the bad ones to a file to fix and import again.
        if (res.canSkipBadRows() && !res.rows.empty() && somethingToDo) {
            std::string what = label;  // "issue 2 tickets, update 1 ticket"
            what[0] = static_cast<char>(what[0] - 'A' + 'a');
            std::string partial = "Import the " + counted(static_cast<long long>(res.rows.size()), "good row", "good rows") + " (" +
                                  what + "), skip the " +
                                  counted(static_cast<long long>(res.rejected.size()), "bad one", "bad ones");
            flow.item(buttonWidth(partial.c_str()));
            if (fittedButton((partial + "###partial").c_str(), {std::min(buttonWidth(partial.c_str()), ImGui::GetContentRegionAvail().x), px(40)})) {
                m_choices.skipBadRows = true;
                commands.runImport(m_choices);
            }
            mutedText("Issue is for a file without problems. The partial import writes the bad rows to %s, to fix and "
                      "import again.",
                      defaultRejectsPath(imp.path).c_str());
        }
    }

    void drawProblems(const ImportPreview& imp) {
        const auto& res = imp.result;
        if (res.problems.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(120, 220, 150, 255));
            ImGui::Text("\xE2\x9C\x93  %s ready.", counted(static_cast<long long>(res.rows.size()), "row is", "rows are").c_str());
            ImGui::PopStyleColor();
            return;
        }
        sectionTitle("Problems");
        errorText("%s. Fix the file and read it again, or change the column mapping; nothing was issued.",
                  counted(static_cast<long long>(res.problemCount), "problem", "problems").c_str());
        ImGui::BeginChild("##problems", {0, px(140)}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        for (const auto& p : res.problems) errorText("%s", p.message.c_str());
        ImGui::EndChild();
    }

    void drawOutcome(const ImportOutcome& outcome, ConsoleCommands& commands) {
        if (outcome.summary.empty()) return;
        ImGui::Dummy({0, px(8)});
        ImGui::TextWrapped("%s", outcome.summary.c_str());
        if (!outcome.rejectsPath.empty()) {
            errorText("The bad rows are in %s", outcome.rejectsPath.c_str());
            mutedText("Fix them there and import that file: it has the same columns, plus one saying what was wrong.");
            if (ImGui::Button("Read the bad rows' file")) commands.openImport(outcome.rejectsPath);
        }
    }

    void drawUndo(const ConsoleState& state, ConsoleCommands& commands) {
        const auto& last = state.importHistory.last;
        if (!last) return;
        sectionTitle("Last import");
        std::string text = last->source + ": " + counted(static_cast<long long>(last->issued), "ticket issued", "tickets issued");
        if (last->updated) text += ", " + counted(static_cast<long long>(last->updated), "ticket updated", "tickets updated");
        ImGui::AlignTextToFramePadding();
        mutedText("%s.", text.c_str());
        ImGui::SameLine(0, px(16));
        if (ImGui::Button("Undo last import...")) ImGui::OpenPopup("Undo the last import?");
        if (ImGui::BeginPopupModal("Undo the last import?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
            ImGui::Text("Void the %s that %s issued?", counted(static_cast<long long>(last->issued), "ticket", "tickets").c_str(),
                        last->source.c_str());
            mutedText("Refused if any of them has been scanned. Voids reach every gate.");
            if (last->updated)
                mutedText("The names and emails it updated on %s stay as they are now.",
                          counted(static_cast<long long>(last->updated), "existing ticket", "existing tickets").c_str());
            ImGui::Dummy({0, px(6)});
            const std::string confirm = "Void " + counted(static_cast<long long>(last->issued), "ticket", "tickets");
            if (primaryButton(confirm.c_str(), true, {px(180), 0})) {
                commands.undoLastImport();
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button("Cancel", {px(120), 0})) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
    }

    static std::string roleOf(const AttendeeColumns& c, int i) {
        if (c.name == i) return "name";
        if (c.email == i) return "email";
        if (c.type == i) return "type";
        if (c.firstName == i) return "first name";
        if (c.lastName == i) return "last name";
        return "";
    }

    char m_path[1024] = "";
    std::string m_lastPath;
    ImportChoices m_choices;
    FileBrowser m_browser;
};

}  // namespace

std::unique_ptr<ConsoleView> makeImportView() { return std::make_unique<ImportView>(); }

}  // namespace qrgate::views

// Import attendees from a CSV: preview, column mapping, every problem with its line, and only
// then issuing (all or nothing) as a task with progress and Cancel.
#include <cstdio>

#include "views/console_screens.hpp"
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
        }
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - px(260));
        bool enter = ImGui::InputTextWithHint("##path", "/home/me/attendees.csv  (or drop a file on the window)", m_path,
                                              sizeof m_path, ImGuiInputTextFlags_EnterReturnsTrue);
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
        drawMapping(imp, commands);
        drawPreview(imp);
        drawProblems(imp, commands);
    }

private:
    void drawMapping(ImportPreview& imp, ConsoleCommands& commands) {
        sectionTitle("Columns");
        mutedText("%s data rows. Columns detected from the header; change any that are wrong.",
                  withThousands(static_cast<long long>(imp.fileRows)).c_str());
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
        const float h = std::min(px(260), (imp.sample.size() + 1.5f) * (ImGui::GetTextLineHeight() + px(12)));
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

    void drawProblems(const ImportPreview& imp, ConsoleCommands& commands) {
        const auto& res = imp.result;
        if (res.problems.empty()) {
            ImGui::Dummy({0, px(4)});
            ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(120, 220, 150, 255));
            ImGui::Text("\xE2\x9C\x93  All %s rows are ready.", withThousands(res.rows.size()).c_str());
            ImGui::PopStyleColor();
        } else {
            sectionTitle("Problems");
            errorText("%s problem%s. Fix the file and read it again, or change the column mapping; nothing was issued.",
                      withThousands(static_cast<long long>(res.problemCount)).c_str(), res.problemCount == 1 ? "" : "s");
            ImGui::BeginChild("##problems", {0, px(160)}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
            for (const auto& p : res.problems) errorText("%s", p.message.c_str());
            ImGui::EndChild();
        }
        ImGui::Dummy({0, px(6)});
        const bool ready = res.problems.empty() && !res.rows.empty();
        char label[64];
        std::snprintf(label, sizeof label, "Issue %s tickets", withThousands(res.rows.size()).c_str());
        if (primaryButton(label, ready, {px(220), px(40)})) commands.runImport();
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
};

}  // namespace

std::unique_ptr<ConsoleView> makeImportView() { return std::make_unique<ImportView>(); }

}  // namespace qrgate::views

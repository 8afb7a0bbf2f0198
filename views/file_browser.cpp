#include "views/file_browser.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "views/keys.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {
std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}
}  // namespace

std::filesystem::path homeFolder() {
    const char* home = std::getenv("HOME");
    return home && *home ? std::filesystem::path(home) : std::filesystem::path("/");
}

std::vector<FileEntry> listFolder(const std::filesystem::path& folder, const std::string& extension,
                                  std::string& error) {
    std::vector<FileEntry> out;
    error.clear();
    std::error_code ec;
    std::filesystem::directory_iterator it(folder, std::filesystem::directory_options::skip_permission_denied, ec);
    if (ec) {
        error = "Cannot read " + folder.string() + ": " + ec.message() + ".";
        return out;
    }
    const std::string ext = lower(extension);
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code typeError;
        const bool directory = it->is_directory(typeError);  // follows links: a linked folder opens
        if (!directory) {
            if (!it->is_regular_file(typeError)) continue;
            if (!ext.empty() && (name.size() < ext.size() || lower(name.substr(name.size() - ext.size())) != ext))
                continue;
        }
        out.push_back({name, directory});
    }
    std::sort(out.begin(), out.end(), [](const FileEntry& a, const FileEntry& b) {
        if (a.directory != b.directory) return a.directory;
        const std::string la = lower(a.name), lb = lower(b.name);
        return la != lb ? la < lb : a.name < b.name;
    });
    return out;
}

void FileBrowser::open(const std::filesystem::path& folder, std::string extension) {
    m_extension = std::move(extension);
    std::error_code ec;
    goTo(!folder.empty() && std::filesystem::is_directory(folder, ec) ? folder : homeFolder());
    m_open = true;
    m_popupRequested = true;
}

void FileBrowser::goTo(const std::filesystem::path& folder) {
    std::error_code ec;
    auto canonical = std::filesystem::weakly_canonical(folder, ec);
    m_folder = ec ? folder : canonical;
    if (m_folder.empty()) m_folder = "/";
    m_entries = listFolder(m_folder, m_extension, m_error);
    m_selected = m_entries.empty() ? -1 : 0;
    m_scrollToSelection = true;
    std::snprintf(m_typed, sizeof m_typed, "%s", m_folder.string().c_str());
}

void FileBrowser::moveSelection(int delta) {
    if (m_entries.empty()) return;
    m_selected = std::clamp(m_selected + delta, 0, static_cast<int>(m_entries.size()) - 1);
    m_scrollToSelection = true;
}

std::optional<std::string> FileBrowser::activate() {
    if (m_selected < 0 || m_selected >= static_cast<int>(m_entries.size())) return std::nullopt;
    const FileEntry entry = m_entries[static_cast<std::size_t>(m_selected)];
    if (entry.directory) {
        goTo(m_folder / entry.name);
        return std::nullopt;
    }
    m_open = false;
    return (m_folder / entry.name).string();
}

std::optional<std::string> FileBrowser::draw(const char* title) {
    if (!m_open) return std::nullopt;
    if (m_popupRequested) {
        ImGui::OpenPopup(title);
        m_popupRequested = false;
    }
    const ImVec2 size{px(640), px(460)};
    ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, {0.5f, 0.5f});
    std::optional<std::string> chosen;
    if (!ImGui::BeginPopupModal(title, &m_open)) return std::nullopt;

    // The typed path: a folder opens, a file is chosen. The keyboard starts in the list.
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - px(200));
    const bool typedEnter = ImGui::InputText("##typed", m_typed, sizeof m_typed, ImGuiInputTextFlags_EnterReturnsTrue);
    const bool typing = ImGui::IsItemActive();
    if (typedEnter) {
        std::error_code ec;
        const std::filesystem::path typed(m_typed);
        if (std::filesystem::is_directory(typed, ec)) goTo(typed);
        else if (std::filesystem::is_regular_file(typed, ec)) chosen = typed.string(), m_open = false;
        else m_error = "No file or folder " + typed.string() + ".";
    }
    ImGui::SameLine();
    if (ImGui::Button("Parent", {px(90), 0})) goUp();
    ImGui::SameLine();
    if (ImGui::Button("Home", {px(90), 0})) goTo(homeFolder());
    if (!m_error.empty()) errorText("%s", m_error.c_str());

    if (!typing && !chosen) {
        if (ImGui::IsKeyPressed(keys::kDown)) moveSelection(1);  // repeats while held
        if (ImGui::IsKeyPressed(keys::kUp)) moveSelection(-1);
        if (keys::pressed(keys::kBackspace)) goUp();
        if (keys::pressed(keys::kEnter) || keys::pressed(keys::kKeypadEnter)) chosen = activate();
    }

    const float footer = ImGui::GetFrameHeightWithSpacing() + px(8);
    ImGui::BeginChild("##entries", {0, -footer}, true);
    for (int i = 0; i < static_cast<int>(m_entries.size()) && !chosen; ++i) {
        const auto& e = m_entries[static_cast<std::size_t>(i)];
        // Folders end in "/", as in a shell listing; the fonts may have no folder icon.
        const std::string shown = e.name + (e.directory ? "/" : "");
        if (ImGui::Selectable((shown + "##" + std::to_string(i)).c_str(), i == m_selected,
                              ImGuiSelectableFlags_AllowDoubleClick)) {
            m_selected = i;
            if (ImGui::IsMouseDoubleClicked(0)) chosen = activate();
        }
        if (i == m_selected && m_scrollToSelection) {
            ImGui::SetScrollHereY();
            m_scrollToSelection = false;
        }
    }
    if (m_entries.empty() && m_error.empty())
        mutedText("No folders or %s files here.", m_extension.empty() ? "" : m_extension.c_str());
    ImGui::EndChild();

    const bool fileSelected = m_selected >= 0 && m_selected < static_cast<int>(m_entries.size()) &&
                              !m_entries[static_cast<std::size_t>(m_selected)].directory;
    if (primaryButton("Open", m_selected >= 0, {px(120), 0}) && !chosen) chosen = activate();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", {px(120), 0}) || keys::pressed(keys::kEscape)) m_open = false;
    ImGui::SameLine();
    mutedText("%s", fileSelected ? "Enter opens the file" : "Enter opens the folder; Backspace goes up");
    if (!m_open) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return chosen;
}

}  // namespace qrgate::views

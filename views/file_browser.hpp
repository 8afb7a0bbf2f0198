#pragma once
// A small file chooser drawn with ImGui, for the screens that read or write a file (Import's
// Browse..., later Print's Save PDF): folders and the files with one extension, sorted (folders
// first, names without regard to case), Parent and Home, a typed path, and the keyboard
// (Up/Down to move, Enter to open a folder or choose a file, Backspace for the parent folder,
// Escape to close). It reads the folder itself when it is opened or changes folder: a listing of
// one folder is quick, and it keeps the core out of a view's detail.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace qrgate::views {

struct FileEntry {
    std::string name;
    bool directory = false;
};

// The folder's sub-folders and its files ending in `extension` (case-insensitive; empty = all),
// hidden ones (".name") left out, folders first, each group sorted by name ignoring case.
// `error` says why the folder could not be read (then the list is empty).
std::vector<FileEntry> listFolder(const std::filesystem::path& folder, const std::string& extension,
                                  std::string& error);

class FileBrowser {
public:
    // Opens the chooser (as a modal popup, on the next draw) in `folder`, or in the home folder when
    // it is empty or not a folder.
    void open(const std::filesystem::path& folder, std::string extension = ".csv");
    bool isOpen() const { return m_open; }
    // Draws it while open; returns the chosen file's path once, on the frame it is chosen.
    std::optional<std::string> draw(const char* title);

    // For tests and keyboard handling without a window.
    const std::filesystem::path& folder() const { return m_folder; }
    const std::vector<FileEntry>& entries() const { return m_entries; }
    int selected() const { return m_selected; }
    void moveSelection(int delta);
    // Enter on the selection: a folder is opened (nullopt), a file is chosen.
    std::optional<std::string> activate();
    void goTo(const std::filesystem::path& folder);
    void goUp() { goTo(m_folder.parent_path()); }

private:
    bool m_open = false;
    bool m_popupRequested = false;
    bool m_scrollToSelection = false;
    std::string m_extension;
    std::filesystem::path m_folder;
    std::vector<FileEntry> m_entries;
    std::string m_error;
    int m_selected = -1;
    char m_typed[1024] = "";
};

// The user's home folder ($HOME), or "/" without one.
std::filesystem::path homeFolder();

}  // namespace qrgate::views

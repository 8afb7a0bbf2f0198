#pragma once
// Print sheets: which tickets, which layout and paper, a live preview of the first page, the
// page and ticket counts and the names the fonts cannot draw; Save PDF, Print, the door list and
// the calibration page. On a gate's replica (no key file) it says that QR codes need the
// organizer's machine and still offers the door list.
#include <optional>
#include <string>

#include "views/console_view.hpp"

namespace qrgate::views {

class PrintView final : public ConsoleView {
public:
    const char* id() const override { return "print"; }
    const char* title() const override { return "Print sheets"; }
    const char* icon() const override { return "\xE2\x96\xA7"; }  // ▧
    void onShow(ConsoleState& state, ConsoleCommands& commands) override;
    void draw(ConsoleState& state, ConsoleCommands& commands) override;

    // Automation (GUI scripts): what the widgets would do.
    void setLayout(const std::string& name) { m_draft.layout = name; }
    void setPaper(const std::string& name) { m_draft.paper = name; }
    void setSheetPath(const std::string& path);
    void pressSaveSheet() { m_saveSheetRequested = true; }
    void setPrinter(const std::string& name) { m_draft.printer = name; }
    void pressPrintSheet() { m_printSheetRequested = true; }
    // The options as the screen would send them now.
    const PrintOptions& draft() const { return m_draft; }

private:
    void syncDraft(const ConsoleState& state);
    void drawNoKeys(const ConsoleState& state);
    void drawOptions(ConsoleState& state, float width);
    void drawFigures(const ConsoleState& state);
    void drawSave(ConsoleState& state, ConsoleCommands& commands);
    void drawPrint(ConsoleState& state, ConsoleCommands& commands);
    void drawDoorList(ConsoleState& state, ConsoleCommands& commands);
    void drawCalibration(ConsoleState& state, ConsoleCommands& commands);
    void drawPreview(ConsoleState& state);
    const SheetLayout* currentLayout(const ConsoleState& state) const;

    PrintOptions m_draft;
    std::optional<PrintOptions> m_sent;
    std::string m_pathsEvent;  // the event the suggested paths were made for
    char m_sheetPath[512] = "";
    char m_doorListPath[512] = "";
    char m_calibrationPath[512] = "";
    int m_copies = 1;
    bool m_calibratedPage = false;  // print the calibration page with the saved calibration (to check it)
    CalibrationMeasurements m_measured;
    bool m_saveSheetRequested = false;
    bool m_printSheetRequested = false;
};

}  // namespace qrgate::views

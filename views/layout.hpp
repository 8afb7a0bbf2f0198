#pragma once
// Layouts that hold: the few mechanisms every console screen uses so that it stays usable at
// 1280x800, on a 1920x1080 screen and at 150% / 200% UI scale (docs/gui.md, "Layouts that hold").
//  - Text that may not fit is cut with an ellipsis and shows all of itself in a tooltip.
//  - A button too narrow for its label does the same (theme's coloured buttons use it too).
//  - Toolbars flow onto the next line instead of running off the window (ToolbarFlow).
//  - Tables keep readable column widths and scroll sideways instead of squeezing them.
//  - A clipped table's rows are exactly as tall as its clipper is told (clipperRowHeight).
#include <string>

#include <imgui.h>

namespace qrgate::views {

// `n` times the current font's size: widths that should hold whatever the scale.
float em(float n);

// `text` on the current line, cut to `width` (0: the rest of the line or table cell) with an
// ellipsis; the whole text in a tooltip when it was cut. `colour` 0 keeps the style's colour.
// Returns true when the text was cut.
bool ellipsizedText(const std::string& text, float width = 0, ImU32 colour = 0);
// The same in the muted colour (ImGui::TextDisabled's).
bool ellipsizedTextDisabled(const std::string& text, float width = 0);

// A plain button whose label is cut with an ellipsis when `size.x` is too narrow for it, the
// whole label in a tooltip (also while disabled). The ImGui id stays the whole label.
bool fittedButton(const char* label, ImVec2 size = {0, 0}, bool enabled = true);
// The label as it fits a button `buttonWidth` wide ("Save…###Save PDF"), or the label itself
// when it fits or the width is automatic. Used by fittedButton and theme's coloured buttons.
std::string fittedButtonLabel(const char* label, float buttonWidth);
// Shows `fullLabel` in a tooltip when the last item is hovered and its label was cut.
void tooltipIfCut(const std::string& shownLabel, const char* fullLabel);
// The width of each of `count` items sharing the rest of the line.
float sharedWidth(int count);
// A button's natural width for `label` in the current font.
float buttonWidth(const char* label);

// Lays a toolbar's items left to right and starts a new line when the next item would run past
// the window's right edge. Call item(width) before each item (the first included).
class ToolbarFlow {
public:
    ToolbarFlow();
    void item(float width);
    // A group of items `width` wide pushed to the right end of the line, or to the start of the
    // next line when it does not fit after what is already there.
    void rightAligned(float width);

private:
    float m_right = 0;  // the content region's right edge, screen coordinates
    bool m_first = true;
};

// BeginTable with horizontal scrolling: the table's inner width is at least `minContentWidth`
// (the sum of its columns' readable widths, in em), so at a large UI scale or in a narrow
// window the columns keep their width and a horizontal scroll bar appears instead of the text
// being squeezed into slivers. Stretch columns still share any extra width.
bool beginScrollingTable(const char* id, int columns, ImGuiTableFlags flags, float minContentWidth,
                         ImVec2 size = {0, 0});

// The height of a table row whose cells hold items at most `contentHeight` tall: what
// ImGuiListClipper must be told and TableNextRow given. A clipper told less than the real row
// height seeks back into the last row drawn when it ends, and the table then draws a row border
// through that row's text (and the last rows cannot be scrolled to).
float clipperRowHeight(float contentHeight);

// Call right after EndTable when the table had no rows: `text` centred across the table's whole
// width, a row below its headers (not squeezed into the first column).
void emptyTableNote(const char* text);

}  // namespace qrgate::views

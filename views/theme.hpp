#pragma once
// The look of qrgate: colours, fonts, spacing and the few widgets every screen shares (cards,
// chips, section titles). One place so the console and the kiosk look like one product.
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "core/base/model.hpp"
#include "core/checkin/verdict_signals.hpp"

namespace qrgate::views {

struct Fonts {
    ImFont* body = nullptr;     // running text, tables
    ImFont* bold = nullptr;     // labels, buttons that matter
    ImFont* small = nullptr;    // hints, status line
    ImFont* heading = nullptr;  // screen titles
    ImFont* display = nullptr;  // big numbers on cards
    // The kiosk's verdict screen (only loaded for the kiosk; fall back to display otherwise).
    ImFont* verdict = nullptr;  // ADMITTED / REFUSED
    ImFont* name = nullptr;     // the attendee's name
    ImFont* large = nullptr;    // ticket number, reasons
};

// Font files in memory (TTF), owned by the caller for the atlas' lifetime.
struct FontFiles {
    const void* regular = nullptr;
    std::size_t regularSize = 0;
    const void* bold = nullptr;
    std::size_t boldSize = 0;
};

// Builds the atlas at `scale` (monitor DPI times the user's setting). Without font files
// (tests) ImGui's built-in font stands in at every size.
Fonts loadFonts(ImGuiIO& io, const FontFiles& files, float scale, bool kiosk);
void applyTheme(ImGuiStyle& style, float scale);
const Fonts& fonts();
void setFonts(const Fonts& f);

namespace colour {
inline constexpr ImU32 kAccent = IM_COL32(56, 132, 255, 255);
// The verdict colours: the table the volunteer card prints from (core/checkin/verdict_signals.hpp).
constexpr ImU32 verdictColour(VerdictKind kind) {
    const SignalColour c = verdictSignal(kind).colour;
    return IM_COL32(c.r, c.g, c.b, 255);
}
inline constexpr ImU32 kAdmitted = verdictColour(VerdictKind::Admitted);       // green
inline constexpr ImU32 kAlreadyUsed = verdictColour(VerdictKind::AlreadyUsed); // amber
inline constexpr ImU32 kRefused = verdictColour(VerdictKind::Refused);         // red
inline constexpr ImU32 kExit = verdictColour(VerdictKind::Exit);               // blue
inline constexpr ImU32 kGateProblem = verdictColour(VerdictKind::GateProblem); // slate violet: the gate, not the person
inline constexpr ImU32 kPanel = IM_COL32(32, 36, 44, 255);
inline constexpr ImU32 kWindow = IM_COL32(22, 25, 31, 255);
inline constexpr ImU32 kMuted = IM_COL32(150, 158, 172, 255);
inline constexpr ImU32 kText = IM_COL32(232, 236, 242, 255);
ImVec4 toVec(ImU32 c);
// "#RRGGBB" -> colour; fallback when malformed.
ImU32 fromHex(std::string_view hex, ImU32 fallback = kAccent);
}  // namespace colour

// Scaled length: design sizes are written for a 1.0 scale.
float px(float designPixels);
void setScale(float scale);
float scale();

// Widgets shared by the screens.
void screenTitle(const char* title, const char* subtitle = nullptr);
// One line centred at `y` in [x0, x1], shrunk to fit the width. Returns the height used.
// `text` broken at spaces into lines no wider than `width` in `font`.
std::vector<std::string> wrapWords(ImFont* font, const std::string& text, float width);
float centredLine(ImDrawList* dl, ImFont* font, ImU32 col, const std::string& text, float x0, float x1, float y,
                  float size = 0);  // size 0: the font's own
void sectionTitle(const char* title);
void mutedText(const char* fmt, ...) IM_FMTARGS(1);
void errorText(const char* fmt, ...) IM_FMTARGS(1);
// A rounded coloured label ("valid", "void", "admitted").
void chip(const char* text, ImU32 background, ImU32 foreground = IM_COL32_WHITE);
// The height chip() takes on its line: at least a line of text (table rows are sized from it).
float chipHeight();
float chipWidth(const char* text);
// A chip no wider than `width`: its text cut with an ellipsis, the whole in a tooltip.
void fittedChip(const std::string& text, float width, ImU32 background, ImU32 foreground = IM_COL32_WHITE);
// A stat card: caption above a big number, optional footnote; fixed width.
void statCard(const char* id, const char* caption, const std::string& value, const char* footnote, ImU32 accent,
              float width);
bool primaryButton(const char* label, bool enabled = true, ImVec2 size = {0, 0});
bool dangerButton(const char* label, bool enabled = true, ImVec2 size = {0, 0});
// A screen's main button: blue when it can be pressed, plainly grey when not (a disabled blue
// button still reads as one to press).
bool actionButton(const char* label, bool enabled, ImVec2 size = {0, 0});
// A form row: the label in the left column, then the next widget on the same line filling the rest.
void fieldLabel(const char* text, float labelWidth);
// An amber box across the screen: a bold headline and a line of detail (what this machine
// cannot do, and what still works).
void warningPanel(const char* id, const char* headline, const char* detail);
// `text` as it fits `width` in the current font, cut with an ellipsis when it does not (ImGui's
// combos and table cells clip their text without one).
std::string ellipsized(const std::string& text, float width);
void helpMarker(const char* text);
// A modal asking `question` with `yes` and Cancel (Esc); opened when `openRequest` is set (which
// it clears). True in the frame `yes` is pressed (`pressYes`: as if it were, for automation).
bool confirmModal(const char* title, bool& openRequest, const std::string& question, const char* yes,
                  bool pressYes = false);
// Text centred horizontally in the current window at the cursor's line.
void centredText(ImFont* font, ImU32 colour, const std::string& text);
using qrgate::withThousands;  // core/model.hpp; core messages count the same way

}  // namespace qrgate::views

#include <cfloat>
#include "views/theme.hpp"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include "views/keys.hpp"
#include "views/layout.hpp"

namespace qrgate::views {

namespace {
Fonts g_fonts;
float g_scale = 1.0f;

// Running text and labels: Latin with every accent, Greek, Cyrillic, punctuation, and the
// symbols the screens use (arrows, check marks, bullets, the navigation's icons).
const ImWchar kTextRanges[] = {
    0x0020, 0x024F,  // Basic Latin .. Latin Extended-B
    0x0370, 0x03FF,  // Greek
    0x0400, 0x052F,  // Cyrillic
    0x1E00, 0x1EFF,  // Latin Extended Additional (Vietnamese)
    0x2000, 0x206F,  // punctuation
    0x20AC, 0x20AC,  // euro
    0x2190, 0x21FF,  // arrows
    0x2300, 0x23FF,  // technical
    0x25A0, 0x25FF,  // geometric shapes
    0x2600, 0x26FF,  // symbols
    0x2700, 0x27BF,  // dingbats
    0,
};
// Large type (titles, the kiosk's name line): the letters of people's names and a few marks,
// not the symbol blocks, which would take most of the atlas at these sizes.
const ImWchar kNameRanges[] = {
    0x0020, 0x017F,  // Basic Latin, Latin-1, Latin Extended-A: the accents of European names
    0x0218, 0x021B,  // Romanian comma-below letters
    0x0370, 0x03FF,  // Greek
    0x0400, 0x045F,  // Cyrillic (Russian, Ukrainian, Bulgarian, Serbian, ...)
    0x2010, 0x2027,  // dashes, quotes, ellipsis
    0x20AC, 0x20AC, 0x2190, 0x2193, 0x21C4, 0x21C4, 0x25A3, 0x25A3,  // the logo mark
    0x2713, 0x2717, 0,
};
// The verdict words are ours, in capitals: a small range keeps the huge font's atlas small.
const ImWchar kVerdictRanges[] = {0x0020, 0x007E, 0x00B7, 0x00B7, 0x2190, 0x2193, 0x2713, 0x2717, 0};

ImFont* addFont(ImGuiIO& io, const void* data, std::size_t size, float pixels, const ImWchar* ranges) {
    ImFontConfig cfg;
    // Horizontal oversampling sharpens small text; large glyphs don't need it (and it doubles
    // their share of the atlas).
    cfg.OversampleH = pixels < 24 ? 2 : 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    if (!data) {
        cfg.SizePixels = std::round(pixels);
        return io.Fonts->AddFontDefault(&cfg);
    }
    cfg.FontDataOwnedByAtlas = false;  // the bytes are compiled into the program
    return io.Fonts->AddFontFromMemoryTTF(const_cast<void*>(data), static_cast<int>(size), std::round(pixels), &cfg,
                                          ranges);
}
}  // namespace

Fonts loadFonts(ImGuiIO& io, const FontFiles& files, float s, bool kiosk) {
    io.Fonts->Clear();
    Fonts f;
    f.body = addFont(io, files.regular, files.regularSize, 17.0f * s, kTextRanges);
    f.bold = addFont(io, files.bold, files.boldSize, 17.0f * s, kTextRanges);
    f.small = addFont(io, files.regular, files.regularSize, 14.0f * s, kTextRanges);
    f.heading = addFont(io, files.bold, files.boldSize, 26.0f * s, kNameRanges);
    f.display = addFont(io, files.bold, files.boldSize, 38.0f * s, kVerdictRanges);
    if (kiosk) {
        f.verdict = addFont(io, files.bold, files.boldSize, 120.0f * s, kVerdictRanges);
        f.name = addFont(io, files.bold, files.boldSize, 64.0f * s, kNameRanges);
        f.large = addFont(io, files.regular, files.regularSize, 34.0f * s, kNameRanges);
    } else {
        f.verdict = f.display;
        f.name = f.heading;
        f.large = f.heading;
    }
    io.FontDefault = f.body;
    io.Fonts->Build();
    g_fonts = f;
    return f;
}

const Fonts& fonts() { return g_fonts; }
void setFonts(const Fonts& f) { g_fonts = f; }

float px(float designPixels) { return std::round(designPixels * g_scale); }
void setScale(float s) { g_scale = s; }
float scale() { return g_scale; }

void applyTheme(ImGuiStyle& style, float s) {
    style = ImGuiStyle();
    ImGui::StyleColorsDark(&style);
    style.WindowPadding = {20, 18};
    style.FramePadding = {10, 7};
    style.CellPadding = {10, 6};
    style.ItemSpacing = {10, 10};
    style.ItemInnerSpacing = {8, 6};
    style.ScrollbarSize = 16;
    style.GrabMinSize = 14;
    style.WindowRounding = 0;
    style.ChildRounding = 8;
    style.FrameRounding = 6;
    style.PopupRounding = 8;
    style.ScrollbarRounding = 8;
    style.GrabRounding = 6;
    style.TabRounding = 6;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 0;
    style.PopupBorderSize = 1;
    style.FrameBorderSize = 0;
    style.ScaleAllSizes(s);

    auto* c = style.Colors;
    using colour::toVec;
    c[ImGuiCol_Text] = toVec(colour::kText);
    c[ImGuiCol_TextDisabled] = toVec(colour::kMuted);
    c[ImGuiCol_WindowBg] = toVec(colour::kWindow);
    c[ImGuiCol_ChildBg] = toVec(colour::kPanel);
    c[ImGuiCol_PopupBg] = ImVec4(0.13f, 0.15f, 0.18f, 0.98f);
    c[ImGuiCol_Border] = ImVec4(0.26f, 0.29f, 0.34f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.17f, 0.19f, 0.23f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.21f, 0.24f, 0.29f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.24f, 0.28f, 0.34f, 1.0f);
    c[ImGuiCol_TitleBg] = toVec(colour::kWindow);
    c[ImGuiCol_TitleBgActive] = toVec(colour::kPanel);
    c[ImGuiCol_Button] = ImVec4(0.22f, 0.25f, 0.30f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.28f, 0.32f, 0.39f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.32f, 0.37f, 0.45f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.22f, 0.36f, 0.62f, 0.55f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.22f, 0.40f, 0.72f, 0.55f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.22f, 0.45f, 0.85f, 0.70f);
    c[ImGuiCol_CheckMark] = toVec(colour::kAccent);
    c[ImGuiCol_SliderGrab] = toVec(colour::kAccent);
    c[ImGuiCol_SliderGrabActive] = toVec(colour::kAccent);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.16f, 0.18f, 0.22f, 1.0f);
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.025f);
    c[ImGuiCol_TableBorderLight] = ImVec4(0.25f, 0.28f, 0.33f, 1.0f);
    c[ImGuiCol_TableBorderStrong] = ImVec4(0.25f, 0.28f, 0.33f, 1.0f);
    c[ImGuiCol_PlotHistogram] = toVec(colour::kAccent);
    c[ImGuiCol_Separator] = ImVec4(0.25f, 0.28f, 0.33f, 1.0f);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.55f);
    c[ImGuiCol_NavHighlight] = toVec(colour::kAccent);
}

namespace colour {
ImVec4 toVec(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }
ImU32 fromHex(std::string_view hex, ImU32 fallback) {
    if (hex.size() != 7 || hex[0] != '#') return fallback;
    unsigned v = 0;
    for (std::size_t i = 1; i < 7; ++i) {
        char ch = hex[i];
        unsigned d;
        if (ch >= '0' && ch <= '9') d = ch - '0';
        else if (ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F') d = ch - 'A' + 10;
        else return fallback;
        v = v * 16 + d;
    }
    return IM_COL32((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF, 255);
}
}  // namespace colour

void screenTitle(const char* title, const char* subtitle) {
    ImGui::PushFont(g_fonts.heading);
    ellipsizedText(title);  // a long event name in the title: cut, whole in a tooltip
    ImGui::PopFont();
    if (subtitle) {
        ImGui::PushStyleColor(ImGuiCol_Text, colour::kMuted);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(subtitle);
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    ImGui::Dummy({0, px(6)});
}

void sectionTitle(const char* title) {
    ImGui::Dummy({0, px(4)});
    ImGui::PushFont(g_fonts.bold);
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
}

void mutedText(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    ImGui::PushStyleColor(ImGuiCol_Text, colour::kMuted);
    ImGui::TextWrappedV(fmt, args);
    ImGui::PopStyleColor();
    va_end(args);
}

void errorText(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 100, 255));
    ImGui::TextWrappedV(fmt, args);
    ImGui::PopStyleColor();
    va_end(args);
}

void chip(const char* text, ImU32 background, ImU32 foreground) {
    ImFont* font = g_fonts.small ? g_fonts.small : ImGui::GetFont();
    ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text);
    ImVec2 pad{px(8), px(2)};
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float lineH = ImGui::GetTextLineHeight();
    pos.y += std::max(0.0f, (lineH - size.y - pad.y * 2) * 0.5f);
    ImVec2 end{pos.x + size.x + pad.x * 2, pos.y + size.y + pad.y * 2};
    auto* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, end, background, (end.y - pos.y) * 0.5f);
    dl->AddText(font, font->FontSize, {pos.x + pad.x, pos.y + pad.y}, foreground, text);
    ImGui::Dummy({end.x - pos.x, std::max(lineH, end.y - pos.y)});
}

void fittedChip(const std::string& text, float width, ImU32 background, ImU32 foreground) {
    if (chipWidth(text.c_str()) <= width) return chip(text.c_str(), background, foreground);
    ImGui::PushFont(g_fonts.small ? g_fonts.small : ImGui::GetFont());
    const std::string shown = ellipsized(text, width - 2 * px(8));
    ImGui::PopFont();
    chip(shown.c_str(), background, foreground);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
}

float chipWidth(const char* text) {
    ImFont* font = g_fonts.small ? g_fonts.small : ImGui::GetFont();
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text).x + 2 * px(8);
}

float chipHeight() {
    ImFont* font = g_fonts.small ? g_fonts.small : ImGui::GetFont();
    return std::max(ImGui::GetTextLineHeight(), font->FontSize + 2 * px(2));
}

void statCard(const char* id, const char* caption, const std::string& value, const char* footnote, ImU32 accent,
              float width) {
    const float height = px(footnote ? 124 : 104);
    ImGui::BeginChild(id, {width, height}, false, ImGuiWindowFlags_NoScrollbar);
    auto* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetWindowPos();
    dl->AddRectFilled(p, {p.x + px(5), p.y + height}, accent, px(8), ImDrawFlags_RoundCornersLeft);
    ImGui::SetCursorPos({px(22), px(14)});
    const float textW = width - px(22) - px(10);  // a narrow card cuts its words with an ellipsis
    ellipsizedText(caption, textW, colour::kMuted);
    ImGui::SetCursorPosX(px(22));
    ImGui::PushFont(g_fonts.display);
    ImGui::TextUnformatted(value.c_str());
    ImGui::PopFont();
    if (footnote) {
        ImGui::SetCursorPosX(px(22));
        ImGui::PushFont(g_fonts.small);
        ellipsizedText(footnote, textW, colour::kMuted);
        ImGui::PopFont();
    }
    ImGui::EndChild();
}

static bool colouredButton(const char* label, bool enabled, ImVec2 size, ImU32 base) {
    ImVec4 b = colour::toVec(base);
    ImGui::PushStyleColor(ImGuiCol_Button, b);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(b.x * 1.15f, b.y * 1.15f, b.z * 1.15f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(b.x * 0.9f, b.y * 0.9f, b.z * 0.9f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
    ImGui::BeginDisabled(!enabled);
    const std::string shown = fittedButtonLabel(label, size.x);  // cut with an ellipsis, whole in a tooltip
    bool pressed = ImGui::Button(shown.c_str(), size);
    ImGui::EndDisabled();
    ImGui::PopStyleColor(4);
    tooltipIfCut(shown, label);
    return pressed && enabled;
}

bool primaryButton(const char* label, bool enabled, ImVec2 size) {
    return colouredButton(label, enabled, size, IM_COL32(40, 110, 225, 255));
}
bool dangerButton(const char* label, bool enabled, ImVec2 size) {
    return colouredButton(label, enabled, size, IM_COL32(176, 40, 40, 255));
}
bool actionButton(const char* label, bool enabled, ImVec2 size) {
    if (enabled) return primaryButton(label, true, size);
    fittedButton(label, size, false);
    return false;
}

void fieldLabel(const char* text, float labelWidth) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    ImGui::SameLine(labelWidth);
    ImGui::SetNextItemWidth(-FLT_MIN);
}

void warningPanel(const char* id, const char* headline, const char* detail) {
    // As tall as its wrapped text: no scroll bar in a two-line notice.
    const ImVec2 padding{px(14), px(10)};
    const float wrap = ImGui::GetContentRegionAvail().x - 2 * padding.x;
    ImGui::PushFont(g_fonts.bold);
    const float headlineH = ImGui::CalcTextSize(headline, nullptr, false, wrap).y;
    ImGui::PopFont();
    const float height = headlineH + ImGui::GetStyle().ItemSpacing.y + ImGui::CalcTextSize(detail, nullptr, false, wrap).y +
                         2 * padding.y;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(70, 52, 18, 255));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, padding);
    ImGui::BeginChild(id, {0, height}, false, ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
    ImGui::PushTextWrapPos(0);
    ImGui::PushFont(g_fonts.bold);
    ImGui::TextUnformatted(headline);
    ImGui::PopFont();
    ImGui::TextUnformatted(detail);
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ImGui::Dummy({0, px(4)});
}

std::string ellipsized(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    const char* kEllipsis = "\xE2\x80\xA6";
    const float ellipsisW = ImGui::CalcTextSize(kEllipsis).x;
    std::size_t end = text.size();
    while (end > 0) {
        --end;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // a character's start
        if (ImGui::CalcTextSize(text.data(), text.data() + end).x + ellipsisW <= width) break;
    }
    std::string out = text.substr(0, end);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + kEllipsis;
}

bool confirmModal(const char* title, bool& openRequest, const std::string& question, const char* yes, bool pressYes) {
    if (openRequest) {
        ImGui::OpenPopup(title);
        openRequest = false;
    }
    ImGui::SetNextWindowSize({px(520), 0});
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoResize)) return false;
    ImGui::TextWrapped("%s", question.c_str());
    const bool pressed = primaryButton(yes, !question.empty(), {px(200), 0}) || (pressYes && !question.empty());
    ImGui::SameLine();
    if (pressed || ImGui::Button("Cancel", {px(120), 0}) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return pressed;
}

void helpMarker(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void centredText(ImFont* font, ImU32 col, const std::string& text) {
    if (!font) font = ImGui::GetFont();
    float avail = ImGui::GetContentRegionAvail().x;
    ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, avail, text.c_str());
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail - size.x) * 0.5f));
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + avail);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

namespace keys {
bool ctrlPressed(int key) {
    const ImGuiIO& io = ImGui::GetIO();
    return io.KeyCtrl && !io.KeyAlt && key >= 0 && key < 512 && ImGui::IsKeyPressed(key, false);
}
bool pressed(int key) {
    const ImGuiIO& io = ImGui::GetIO();
    return !io.KeyCtrl && !io.KeyAlt && key >= 0 && key < 512 && ImGui::IsKeyPressed(key, false);
}
}  // namespace keys

float centredLine(ImDrawList* dl, ImFont* font, ImU32 col, const std::string& text, float x0, float x1, float y,
                  float size) {
    if (!font) font = ImGui::GetFont();
    if (size <= 0) size = font->FontSize;
    ImVec2 ext = font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str());
    const float room = (x1 - x0) * 0.94f;
    if (ext.x > room) {
        size *= room / ext.x;
        ext = font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str());
    }
    dl->AddText(font, size, {x0 + (x1 - x0 - ext.x) * 0.5f, y}, col, text.c_str());
    return ext.y;
}

std::vector<std::string> wrapWords(ImFont* font, const std::string& text, float width) {
    if (!font) font = ImGui::GetFont();
    std::vector<std::string> lines;
    const char* s = text.c_str();
    const char* end = s + text.size();
    while (s < end) {
        const char* cut = font->CalcWordWrapPositionA(1.0f, s, end, width);
        if (cut == s) cut = s + 1;  // one word wider than the line: it goes alone (and shrinks)
        std::string line(s, cut);
        while (!line.empty() && line.back() == ' ') line.pop_back();
        lines.push_back(std::move(line));
        s = cut;
        while (s < end && (*s == ' ' || *s == '\n')) ++s;
    }
    return lines;
}

}  // namespace qrgate::views

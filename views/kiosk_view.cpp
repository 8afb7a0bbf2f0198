#include "views/kiosk_view.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/base/time_format.hpp"
#include "views/keys.hpp"
#include "views/theme.hpp"
#include "views/verdict_words.hpp"

namespace qrgate::views {

namespace {

constexpr ImU32 kInk = IM_COL32(20, 20, 20, 255);
constexpr ImU32 kConfirmBg = IM_COL32(24, 52, 92, 255);
constexpr const char* kNoCameraHint = "Scan with the handheld scanner or search by name";

ImU32 backgroundOf(VerdictKind k) {
    switch (k) {
        case VerdictKind::Admitted: return colour::kAdmitted;
        case VerdictKind::Exit: return colour::kExit;
        case VerdictKind::AlreadyUsed: return colour::kAlreadyUsed;
        case VerdictKind::Refused: return colour::kRefused;
        case VerdictKind::GateProblem: return colour::kGateProblem;
    }
    return colour::kRefused;
}


void statusDot(ImDrawList* dl, ImVec2 at, bool ok, bool neutral = false) {
    ImU32 c = neutral ? IM_COL32(150, 158, 172, 255) : ok ? IM_COL32(80, 200, 120, 255) : IM_COL32(240, 90, 80, 255);
    dl->AddCircleFilled(at, px(5), c);
}

}  // namespace

std::string KioskView::shownKind() const {
    switch (m_flow.phase()) {
        case KioskPhase::Confirming: return "confirm";
        case KioskPhase::Verdict:
            if (m_flow.current()) {
                switch (kindOf(*m_flow.current())) {
                    case VerdictKind::Admitted: return "admitted";
                    case VerdictKind::Exit: return "exit";
                    case VerdictKind::AlreadyUsed: return "already_used";
                    case VerdictKind::Refused: return "refused";
                    case VerdictKind::GateProblem: return "gate_problem";
                }
            }
            return "";
        default: return "";
    }
}

void KioskView::retry(KioskCommands& commands) { perform(m_flow.retry(ImGui::GetTime()), commands); }

void KioskView::perform(const FlowAction& a, KioskCommands& commands) {
    switch (a.kind) {
        case FlowAction::Kind::None: break;
        case FlowAction::Kind::Admit: commands.decide(a.scanId, a.code, false); break;
        case FlowAction::Kind::Validate: commands.decide(a.scanId, a.code, true); break;
        case FlowAction::Kind::AdmitTicket: commands.admitTicket(a.scanId, a.ticketId, false); break;
        case FlowAction::Kind::ValidateTicket: commands.admitTicket(a.scanId, a.ticketId, true); break;
    }
}

void KioskView::consumeInput(KioskState& state, KioskCommands& commands, double now) {
    if (state.settings.mode != m_configuredMode || state.settings.verdictMs != m_configuredMs) {
        m_flow.configure(state.settings.mode, state.settings.verdictMs);
        m_configuredMode = state.settings.mode;
        m_configuredMs = state.settings.verdictMs;
    }
    // Verdicts first: the answer to the scan in flight, then the next scan may start.
    while (!state.verdicts.empty()) {
        m_flow.onVerdict(state.verdicts.front(), now);
        state.verdicts.pop_front();
    }
    if (state.eventId.empty()) state.scans.clear();  // nothing to check tickets against yet
    while (!state.scans.empty()) {
        FlowAction a = m_flow.onScan(state.scans.front(), now);
        state.scans.pop_front();
        perform(a, commands);
    }
    m_flow.tick(now);
    IncomingVerdict shown;
    if (m_flow.takeNewlyShown(shown)) commands.verdictShown(shown.scanId, kindOf(shown.verdict));
}

void KioskView::handleKeys(KioskState& state, KioskCommands& commands, double now) {
    ImGuiIO& io = ImGui::GetIO();
    const bool panelOpen = m_searchOpen || m_settingsOpen || m_pinOpen;
    // A keyboard-wedge scanner types into the kiosk when no text field has the focus.
    if (!io.WantTextInput) {
        std::u32string typed;
        for (int i = 0; i < io.InputQueueCharacters.Size; ++i) typed.push_back(io.InputQueueCharacters[i]);
        const bool enter = keys::pressed(keys::kEnter) || keys::pressed(keys::kKeypadEnter);
        if (!typed.empty() || enter) commands.keyboardInput(typed, enter);
        if (!typed.empty()) m_lastTyped = now;
        // Enter right after a burst of characters is the scanner's, not a Confirm.
        if (enter && !panelOpen && now - m_lastTyped > 0.15) {
            perform(m_flow.confirm(now), commands);
            perform(m_flow.retry(now), commands);  // a gate problem on screen: Enter is Try again
        }
    }
    if (panelOpen) return;
    if (keys::pressed(keys::kEscape) || keys::pressed(' ')) m_flow.dismiss();
    if (keys::pressed(keys::kF1) && !state.eventId.empty()) openSearch();
    if (keys::pressed(keys::kF2)) guarded(state, commands, Guarded::Settings);
    if (keys::pressed(keys::kF3)) state.debugOverlay = !state.debugOverlay;
    if (keys::pressed(keys::kF11)) {
        if (state.fullscreen) guarded(state, commands, Guarded::LeaveFullscreen);
        else commands.setFullscreen(true);
    }
    if (keys::pressed(ImGui::GetKeyIndex(ImGuiKey_Tab)))
        state.direction = state.direction == Direction::Entry ? Direction::Exit : Direction::Entry;
    if (keys::ctrlPressed(keys::letter('Z')) && !m_flow.lastAdmission().empty()) {
        commands.annul(m_flow.lastAdmission());
        m_flow.admissionUndone();
    }
    if (keys::ctrlPressed(keys::letter('Q'))) guarded(state, commands, Guarded::Quit);
}

void KioskView::draw(KioskState& state, KioskCommands& commands) {
    const double now = ImGui::GetTime();
    consumeInput(state, commands, now);
    handleKeys(state, commands, now);

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(10, 12, 16, 255));
    ImGui::Begin("##kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();

    const float barH = px(68);
    const ImVec2 origin = vp->Pos;
    const ImVec2 area{origin.x, origin.y + barH};
    const ImVec2 areaSize{vp->Size.x, vp->Size.y - 2 * barH};
    if (state.eventId.empty()) {
        drawPairing(state, commands, area, areaSize);
    } else {
        switch (m_flow.phase()) {
            case KioskPhase::Verdict:
                if (m_flow.current() && m_flow.current()->problem)
                    drawGateProblem(commands, area, areaSize);
                else
                    drawVerdict(state, area, areaSize, now);
                break;
            case KioskPhase::Confirming: drawConfirm(state, commands, area, areaSize, now); break;
            default: drawScanning(state, area, areaSize); break;
        }
    }
    drawTopBar(state, origin, vp->Size.x);
    drawBottomBar(state, commands, {origin.x, origin.y + vp->Size.y - barH}, vp->Size.x, now);
    ImGui::End();

    if (state.debugOverlay) drawDebugOverlay(state);
    drawSearch(state, commands, now);
    drawSettings(state, commands, now);
    drawPin(state, commands, now);
}

void KioskView::drawScanning(KioskState& state, ImVec2 pos, ImVec2 size) {
    auto* dl = ImGui::GetWindowDrawList();
    const ImVec2 end{pos.x + size.x, pos.y + size.y};
    if (state.preview.id && state.preview.width > 0 && state.preview.height > 0) {
        // Fill the area keeping the camera's aspect; crop what overflows.
        const float sx = size.x / state.preview.width, sy = size.y / state.preview.height;
        const float s = std::max(sx, sy);
        const float w = state.preview.width * s, h = state.preview.height * s;
        const float u0 = (w - size.x) / 2 / w, v0 = (h - size.y) / 2 / h;
        dl->AddImage(state.preview.id, pos, end, {u0, v0}, {1 - u0, 1 - v0});
    } else {
        dl->AddRectFilledMultiColor(pos, end, IM_COL32(22, 26, 34, 255), IM_COL32(22, 26, 34, 255),
                                    IM_COL32(12, 14, 18, 255), IM_COL32(12, 14, 18, 255));
    }
    const bool noCamera = state.settings.camera == "none" || state.settings.camera.empty();
    if (noCamera) {
        // Nothing to hold a code up to: say what works instead, in the middle.
        centredLine(dl, fonts().large, IM_COL32_WHITE, kNoCameraHint, pos.x, end.x, pos.y + size.y / 2 - px(30));
        centredLine(dl, fonts().body, IM_COL32(200, 206, 216, 255),
                    state.direction == Direction::Exit ? "Exit scans: the holder is leaving.  Search: F1"
                                                       : "Search: F1",
                    pos.x, end.x, pos.y + size.y / 2 + px(24));
        return;
    }
    // The scan area: a square in the middle, the rest dimmed.
    const float side = std::min(size.x, size.y) * 0.62f;
    const ImVec2 c{pos.x + size.x / 2, pos.y + size.y / 2 - px(10)};
    const ImVec2 a{c.x - side / 2, c.y - side / 2}, b{c.x + side / 2, c.y + side / 2};
    const ImU32 dim = IM_COL32(0, 0, 0, 110);
    dl->AddRectFilled(pos, {end.x, a.y}, dim);
    dl->AddRectFilled({pos.x, b.y}, end, dim);
    dl->AddRectFilled({pos.x, a.y}, {a.x, b.y}, dim);
    dl->AddRectFilled({b.x, a.y}, {end.x, b.y}, dim);
    const float arm = side * 0.16f, t = px(7);
    const ImU32 white = IM_COL32(255, 255, 255, 235);
    auto corner = [&](ImVec2 p, float dx, float dy) {
        dl->AddLine(p, {p.x + dx * arm, p.y}, white, t);
        dl->AddLine(p, {p.x, p.y + dy * arm}, white, t);
    };
    corner(a, 1, 1);
    corner({b.x, a.y}, -1, 1);
    corner({a.x, b.y}, 1, -1);
    corner(b, -1, -1);
    const char* hint = state.direction == Direction::Exit ? "EXIT: hold the ticket's QR code in the frame"
                                                          : "Hold the ticket's QR code in the frame";
    centredLine(dl, fonts().large, IM_COL32_WHITE, hint, pos.x, end.x, b.y + px(22));
    if (!state.status.cameraOk) {
        // The camera chosen does not give pictures: say so, and what still works.
        centredLine(dl, fonts().bold, IM_COL32(255, 200, 120, 255), "Camera: " + state.status.camera, pos.x, end.x,
                    c.y - px(22));
        centredLine(dl, fonts().bold, IM_COL32(255, 200, 120, 255), kNoCameraHint, pos.x, end.x, c.y + px(6));
    }
}

namespace {
struct Line {
    ImFont* font;
    float size;  // pixels: the font's own size times the screen's scale
    ImU32 colour;
    std::string text;
    float gapAfter;
};
// `text` as lines no wider than `width` at `size`, each a Line.
void addWrapped(std::vector<Line>& lines, ImFont* font, float size, ImU32 colour, const std::string& text, float width,
                float gapAfter) {
    for (auto& part : wrapWords(font, text, width * font->FontSize / size))
        lines.push_back({font, size, colour, std::move(part), size * 0.12f});
    if (!lines.empty()) lines.back().gapAfter = gapAfter;
}
// Lines centred as a block in the area, each centred horizontally and shrunk to fit.
void drawLines(ImDrawList* dl, const std::vector<Line>& lines, ImVec2 pos, ImVec2 size) {
    float total = 0;
    for (const auto& l : lines) total += l.size + l.gapAfter;
    float y = pos.y + std::max(px(16), (size.y - total) * 0.42f);
    for (const auto& l : lines) {
        centredLine(dl, l.font, l.colour, l.text, pos.x, pos.x + size.x, y, l.size);
        y += l.size + l.gapAfter;
    }
}
// Lines at the font's own size (the gate problem screen).
Line line(ImFont* font, ImU32 colour, std::string text, float gapAfter) {
    return {font, font->FontSize, colour, std::move(text), gapAfter};
}
}  // namespace

float screenTextScale(ImVec2 size) {
    if (size.x <= 0 || size.y <= 0) return 1.0f;
    return std::clamp(std::min(size.x / 1280.0f, size.y / 800.0f), 0.7f, 2.0f);
}

void KioskView::drawVerdict(KioskState& state, ImVec2 pos, ImVec2 size, double now) {
    const auto& cur = m_flow.current();
    if (!cur) return;
    const Verdict& v = cur->verdict;
    const VerdictKind kind = kindOf(v);
    auto* dl = ImGui::GetWindowDrawList();
    const ImVec2 end{pos.x + size.x, pos.y + size.y};
    dl->AddRectFilled(pos, end, backgroundOf(kind));
    const ImU32 ink = kind == VerdictKind::AlreadyUsed ? kInk : IM_COL32_WHITE;
    const ImU32 soft = kind == VerdictKind::AlreadyUsed ? IM_COL32(20, 20, 20, 200) : IM_COL32(255, 255, 255, 215);
    // Sizes follow the screen: read from the same few steps away on a netbook and on a 1080p
    // monitor. The verdict word first, then (on a refusal) what to do, larger than the rest.
    const float k = screenTextScale(ImGui::GetMainViewport()->Size);
    const float verdictSize = px(120) * k, whatToDoSize = px(50) * k, nameSize = px(64) * k, textSize = px(34) * k,
                detailSize = px(26) * k;
    m_verdictSize = verdictSize;
    const bool refusal = kind == VerdictKind::Refused || kind == VerdictKind::AlreadyUsed;
    const RefusalWords words = refusalWords(v);
    const float wrapWidth = size.x * 0.88f;

    std::vector<Line> lines;
    const std::string symbol = refusal ? "\xE2\x9C\x97 " : "\xE2\x9C\x93 ";
    lines.push_back({fonts().verdict, verdictSize, ink, symbol + headline(kind), px(kind == VerdictKind::Refused ? 8 : 26) * k});
    if (!words.title.empty()) lines.push_back({fonts().large, textSize, ink, words.title, px(22) * k});
    if (kind == VerdictKind::AlreadyUsed && v.firstCheckin) {
        // When and where it was first used: the fact the staff check, first. The gate's name,
        // as staff call it; never the computer behind it.
        const std::string zone = v.eventTimeZone.empty() ? state.eventZone : v.eventTimeZone;
        lines.push_back({fonts().large, textSize, ink, firstUseText(*v.firstCheckin, zone), px(22) * k});
    }
    if (refusal && !words.whatToDo.empty())
        addWrapped(lines, fonts().name, whatToDoSize, ink, words.whatToDo, wrapWidth, px(26) * k);
    if (v.ticket) {
        std::string name = v.ticket->name.empty() ? "(no name on the ticket)" : v.ticket->name;
        // On a refusal the name comes after what to do, and smaller.
        lines.push_back({fonts().name, refusal ? textSize * 1.15f : nameSize, ink, name, px(12) * k});
        lines.push_back({fonts().large, refusal ? detailSize : textSize, soft,
                         "#" + formatTicketNumber(v.ticket->number) + "   \xC2\xB7   " + v.ticket->type, px(20) * k});
    }
    if (kind == VerdictKind::Refused && !words.detail.empty()) {
        addWrapped(lines, fonts().large, detailSize, soft, words.detail, wrapWidth, 0);
    } else if (kind == VerdictKind::Exit) {
        lines.push_back({fonts().large, textSize, soft, "Exit recorded", 0});
    }
    drawLines(dl, lines, pos, {size.x, size.y - px(40)});
    if (v.offline)
        centredLine(dl, fonts().bold, soft, "Decided offline from this gate's copy", pos.x, end.x, end.y - px(70));
    // Countdown to the next scan.
    const float f = m_flow.verdictElapsed(now);
    dl->AddRectFilled({pos.x, end.y - px(10)}, {pos.x + size.x * (1 - f), end.y}, IM_COL32(255, 255, 255, 120));
    centredLine(dl, fonts().small, soft, "Space or Esc: scan next", pos.x, end.x, end.y - px(34));
}

// The gate could not decide. Its own colour and words, for the staff: the person in front of the
// gate is not refused. The scan stays on screen with Try again until dismissed.
void KioskView::drawGateProblem(KioskCommands& commands, ImVec2 pos, ImVec2 size) {
    const auto& cur = m_flow.current();
    const GateProblem& problem = *cur->problem;
    auto* dl = ImGui::GetWindowDrawList();
    const ImVec2 end{pos.x + size.x, pos.y + size.y};
    dl->AddRectFilled(pos, end, colour::kGateProblem);
    const ImU32 soft = IM_COL32(255, 255, 255, 215);
    std::vector<Line> lines;
    lines.push_back(line(fonts().verdict, IM_COL32_WHITE, "! " + std::string(headline(VerdictKind::GateProblem)), px(8)));
    lines.push_back(line(fonts().large, IM_COL32_WHITE,
                         problem.stopped ? "This gate has stopped checking tickets" : "This gate can't check tickets right now",
                         px(26)));
    for (auto& part : wrapWords(fonts().bold, problem.message, size.x * 0.8f))
        lines.push_back(line(fonts().bold, soft, std::move(part), px(4)));
    lines.back().gapAfter = px(14);
    lines.push_back(line(fonts().bold, soft,
                         "Not the attendee's fault: ask them to wait, or send them to another gate.", px(8)));
    drawLines(dl, lines, pos, {size.x, size.y * 0.8f});

    const float bw = px(300), bh = px(72), gap = px(30);
    ImGui::SetCursorScreenPos({pos.x + size.x / 2 - bw - gap / 2, end.y - bh - px(60)});
    ImGui::PushFont(fonts().large);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, px(12));
    if (ImGui::Button("Try again", {bw, bh})) perform(m_flow.retry(ImGui::GetTime()), commands);
    ImGui::SameLine(0, gap);
    if (ImGui::Button("Dismiss  (Esc)", {bw, bh})) m_flow.dismiss();
    ImGui::PopStyleVar();
    ImGui::PopFont();
}

void KioskView::drawConfirm(KioskState& state, KioskCommands& commands, ImVec2 pos, ImVec2 size, double now) {
    const auto& cur = m_flow.current();
    if (!cur) return;
    const Verdict& v = cur->verdict;
    auto* dl = ImGui::GetWindowDrawList();
    const ImVec2 end{pos.x + size.x, pos.y + size.y};
    dl->AddRectFilled(pos, end, kConfirmBg);
    float y = pos.y + size.y * 0.18f;
    y += centredLine(dl, fonts().display, IM_COL32(190, 215, 255, 255),
                     v.direction == Direction::Exit ? "CHECK TICKET  \xC2\xB7  EXIT" : "CHECK TICKET", pos.x, end.x, y) +
         px(26);
    if (v.ticket) {
        y += centredLine(dl, fonts().name, IM_COL32_WHITE, v.ticket->name.empty() ? "(no name on the ticket)" : v.ticket->name,
                         pos.x, end.x, y) + px(14);
        std::string line = "#" + formatTicketNumber(v.ticket->number) + "   \xC2\xB7   " + v.ticket->type;
        y += centredLine(dl, fonts().large, IM_COL32(220, 230, 245, 255), line, pos.x, end.x, y) + px(40);
    }
    // An exit scan records the holder leaving: the button says so, not "Admit".
    const std::string confirmLabel = "\xE2\x9C\x93 " + std::string(confirmAction(v.direction)) + "  (Enter)###confirm";
    ImGui::PushFont(fonts().large);
    const float labelW = ImGui::CalcTextSize(confirmLabel.c_str(), nullptr, true).x;
    const float bw = std::max(px(300), labelW + px(48)), bh = px(84), gap = px(30);
    ImGui::SetCursorScreenPos({pos.x + size.x / 2 - bw - gap / 2, y});
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, px(12));
    ImGui::PushStyleColor(ImGuiCol_Button, colour::kAdmitted);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(36, 165, 78, 255));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(22, 120, 52, 255));
    if (ImGui::Button(confirmLabel.c_str(), {bw, bh})) perform(m_flow.confirm(now), commands);
    ImGui::PopStyleColor(3);
    ImGui::SameLine(0, gap);
    if (ImGui::Button("Scan next  (Esc)", {bw, bh})) m_flow.dismiss();
    ImGui::PopStyleVar();
    ImGui::PopFont();
}

void KioskView::drawTopBar(KioskState& state, ImVec2 pos, float width) {
    auto* dl = ImGui::GetWindowDrawList();
    const float h = px(68);
    dl->AddRectFilled(pos, {pos.x + width, pos.y + h}, IM_COL32(12, 14, 19, 240));
    ImFont* big = fonts().heading;
    float x = pos.x + px(24);
    const float ty = pos.y + (h - big->FontSize) / 2;
    dl->AddText(big, big->FontSize, {x, ty}, colour::kAccent, "\xE2\x96\xA3");
    x += px(34);
    dl->AddText(big, big->FontSize, {x, ty}, IM_COL32_WHITE, "qrgate");
    x += big->CalcTextSizeA(big->FontSize, FLT_MAX, 0, "qrgate").x + px(26);
    // Gate and direction chips.
    auto pill = [&](const std::string& text, ImU32 bg, ImU32 fg) {
        ImFont* f = fonts().bold;
        ImVec2 ext = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, text.c_str());
        const float ph = ext.y + px(12);
        const float py = pos.y + (h - ph) / 2;
        dl->AddRectFilled({x, py}, {x + ext.x + px(28), py + ph}, bg, ph / 2);
        dl->AddText(f, f->FontSize, {x + px(14), py + px(6)}, fg, text.c_str());
        x += ext.x + px(40);
    };
    pill("Gate " + state.settings.gate, IM_COL32(46, 52, 64, 255), IM_COL32_WHITE);
    if (state.direction == Direction::Entry) pill("ENTRY", colour::kAdmitted, IM_COL32_WHITE);
    else pill("EXIT", colour::kExit, IM_COL32_WHITE);
    if (state.settings.mode == KioskMode::Confirm) pill("CONFIRM MODE", IM_COL32(46, 52, 64, 255), IM_COL32(190, 215, 255, 255));
    if (state.settings.locked) pill("LOCKED", IM_COL32(90, 60, 20, 255), IM_COL32(255, 210, 140, 255));
    // Counters on the right.
    auto counter = [&](float right, const char* caption, long long value) {
        std::string v = withThousands(value);
        ImFont* num = fonts().heading;
        ImFont* cap = fonts().small;
        float wv = num->CalcTextSizeA(num->FontSize, FLT_MAX, 0, v.c_str()).x;
        float wc = cap->CalcTextSizeA(cap->FontSize, FLT_MAX, 0, caption).x;
        float w = std::max(wv, wc);
        dl->AddText(cap, cap->FontSize, {right - w, pos.y + px(8)}, colour::kMuted, caption);
        dl->AddText(num, num->FontSize, {right - w, pos.y + px(8) + cap->FontSize + px(2)}, IM_COL32_WHITE, v.c_str());
        return right - w - px(36);
    };
    float right = pos.x + width - px(24);
    right = counter(right, "INSIDE NOW", state.insideTotal);
    right = counter(right, "ADMITTED HERE", state.admittedHere);
    // The event's name in what the chips and the counters leave.
    ImFont* f = fonts().body;
    ImGui::PushFont(f);
    const std::string event = ellipsized(state.eventName.empty() ? "no event" : state.eventName, right + px(12) - x);
    ImGui::PopFont();
    if (right + px(12) - x > px(20))
        dl->AddText(f, f->FontSize, {x, pos.y + (h - f->FontSize) / 2}, colour::kMuted, event.c_str());
}

void KioskView::drawBottomBar(KioskState& state, KioskCommands& commands, ImVec2 pos, float width, double now) {
    auto* dl = ImGui::GetWindowDrawList();
    const float h = px(68);
    dl->AddRectFilled(pos, {pos.x + width, pos.y + h}, IM_COL32(12, 14, 19, 240));
    if (!state.notice.empty() && now < state.noticeUntil) {
        ImFont* f = fonts().bold;
        ImVec2 ext = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, state.notice.c_str());
        ImVec2 a{pos.x + (width - ext.x) / 2 - px(18), pos.y - ext.y - px(34)};
        dl->AddRectFilled(a, {a.x + ext.x + px(36), a.y + ext.y + px(18)},
                          state.noticeError ? IM_COL32(150, 30, 30, 240) : IM_COL32(30, 34, 44, 240), px(8));
        dl->AddText(f, f->FontSize, {a.x + px(18), a.y + px(9)}, IM_COL32_WHITE, state.notice.c_str());
    }
    // The buttons on the left; on a narrow window they lose their shortcut's name first.
    ImGui::SetCursorScreenPos({pos.x + px(20), pos.y + px(12)});
    const ImVec2 b{0, h - px(24)};
    const bool narrow = width < px(1200);
    const float wide = narrow ? px(124) : px(180), plain = narrow ? px(104) : px(140);
    const ImVec2 buttonsMin = ImGui::GetCursorScreenPos();
    ImGui::BeginDisabled(state.eventId.empty());
    if (ImGui::Button(narrow ? "Search###search" : "Search  F1###search", {plain, b.y})) openSearch();
    ImGui::EndDisabled();
    ImGui::SameLine();
    const char* directionLabel = state.direction == Direction::Entry
                                     ? (narrow ? "Entry \xE2\x87\x84 Exit###dir" : "Entry \xE2\x87\x84 Exit  Tab###dir")
                                     : (narrow ? "Exit \xE2\x87\x84 Entry###dir" : "Exit \xE2\x87\x84 Entry  Tab###dir");
    if (ImGui::Button(directionLabel, {wide, b.y}))
        state.direction = state.direction == Direction::Entry ? Direction::Exit : Direction::Entry;
    ImGui::SameLine();
    ImGui::BeginDisabled(m_flow.lastAdmission().empty());
    if (ImGui::Button(narrow ? "Undo last###undo" : "Undo last  Ctrl+Z###undo", {wide, b.y})) {
        commands.annul(m_flow.lastAdmission());
        m_flow.admissionUndone();
    }
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && !m_flow.lastAdmittedName().empty())
        ImGui::SetTooltip("Undo the admission of %s", m_flow.lastAdmittedName().c_str());
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(narrow ? "Settings###settings" : "Settings  F2###settings", {plain, b.y}))
        guarded(state, commands, Guarded::Settings);
    const ImVec2 buttonsMax = ImGui::GetItemRectMax();

    // Status on the right: camera, database, leader; in the room the buttons leave, each cut
    // with an ellipsis (the whole text in a tooltip) rather than drawn over them.
    ImFont* f = fonts().small;
    const std::string cam = "Camera: " + state.status.camera;
    const std::string db = "Database: " + state.status.database;
    const std::string leader = leaderStatusText(state.status);
    const float right = pos.x + width - px(24);
    const float left = buttonsMax.x + px(24);
    const float dot = px(12);
    ImVec2 statusMin{right, pos.y + px(10)}, statusMax{right, pos.y + px(10)};
    ImGui::PushFont(f);
    // Draws `text` ending at x within `room`; returns where the item (its dot) begins.
    auto item = [&](const std::string& text, bool ok, bool neutral, float x, float y, float room) {
        const std::string shown = ellipsized(text, std::max(0.0f, room - dot));
        float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, shown.c_str()).x;
        if (shown.empty() || room <= dot) return x;
        dl->AddText(f, f->FontSize, {x - w, y}, IM_COL32(200, 206, 216, 255), shown.c_str());
        statusDot(dl, {x - w - px(8), y + f->FontSize / 2}, ok, neutral);
        const ImVec2 a{x - w - dot, y}, z{x, y + f->FontSize};
        if (shown != text && ImGui::IsMouseHoveringRect(a, z)) ImGui::SetTooltip("%s", text.c_str());
        statusMin = {std::min(statusMin.x, a.x), std::min(statusMin.y, a.y)};
        statusMax = {std::max(statusMax.x, z.x), std::max(statusMax.y, z.y)};
        return a.x;
    };
    item(cam, state.status.cameraOk, state.settings.camera == "none", right, pos.y + px(10), right - left);
    const float line2 = pos.y + px(12) + f->FontSize + px(4);
    const float dbWidth = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, db.c_str()).x + dot + px(24);
    const float leaderX = item(leader, leaderStatusOk(state.status), state.status.leader.empty(), right, line2,
                               std::max(right - left - dbWidth, (right - left) * 0.5f));
    item(db, state.status.databaseOk, false, leaderX - px(24), line2, leaderX - px(24) - left);
    ImGui::PopFont();
    m_barLayout = {buttonsMin, buttonsMax, statusMin, statusMax};
}

void KioskView::drawDebugOverlay(KioskState& state) {
    ImGui::SetNextWindowPos({px(16), px(84)});
    ImGui::SetNextWindowBgAlpha(0.8f);
    ImGui::Begin("##debug", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing |
                     ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PushFont(fonts().small);
    const auto& s = state.status;
    ImGui::Text("Scan timings (F3 hides)");
    ImGui::Separator();
    ImGui::Text("Preview %.1f fps, %lld frames decoded, %lld dropped", s.previewFps, s.framesDecoded, s.framesDropped);
    ImGui::Text("Last frame decode: %.1f ms", s.lastDecodeMs);
    if (s.lastScan) {
        const auto& t = *s.lastScan;
        ImGui::Text("Last scan (%s):", t.source.c_str());
        ImGui::Text("  decode %.1f ms, capture -> decoded %.1f ms", t.decodeMs, t.captureToDecodedMs);
        ImGui::Text("  decision %.1f ms, capture -> on screen %.1f ms", t.decidedMs, t.captureToScreenMs);
        ImGui::Text("  verdict ready -> on screen %.1f ms", t.readyToScreenMs);
    }
    ImGui::Text("%s  \xC2\xB7  event %s  \xC2\xB7  device id %s", gateDisplayName(state.settings.gate).c_str(),
                state.eventId.c_str(), state.deviceId.c_str());
    ImGui::PopFont();
    ImGui::End();
}

}  // namespace qrgate::views

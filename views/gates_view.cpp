// Gates & devices: this console's sync node (the leader kiosks follow), pairing a kiosk with a
// one-time code and its QR code, the devices that may use the node, and conflicts (one ticket
// admitted at two gates while they could not reach each other). Draws ConsoleState::sync only;
// the app keeps it fresh while the screen is visible.
#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "core/base/time_format.hpp"
#include "views/console_screens.hpp"
#include "views/layout.hpp"
#include "views/paper_widgets.hpp"
#include "views/theme.hpp"

namespace qrgate::views {

namespace {

std::string zoneOf(const ConsoleState& state) {
    const Event* e = state.currentEvent();
    return e ? e->timeZone : "UTC";
}

// How long ago a device was last heard of: what matters at a gate is whether it is alive.
std::string ago(TimeMs t, TimeMs now, const std::string& zone) {
    const TimeMs d = now > t ? now - t : 0;
    char buf[64];
    if (d < 60'000) std::snprintf(buf, sizeof buf, "just now");
    else if (d < 3'600'000) std::snprintf(buf, sizeof buf, "%lld min ago", static_cast<long long>(d / 60'000));
    else if (d < 86'400'000) std::snprintf(buf, sizeof buf, "%s (%lld h ago)", formatClockLocal(t, zone).c_str(),
                                           static_cast<long long>(d / 3'600'000));
    else std::snprintf(buf, sizeof buf, "%s", formatIsoLocal(t, zone).substr(0, 16).c_str());
    return buf;
}

class GatesView final : public ConsoleView {
public:
    const char* id() const override { return "gates"; }
    const char* title() const override { return "Gates"; }  // "Gates & devices" overlaps Ctrl+6
    const char* icon() const override { return "\xE2\x87\x84"; }  // ⇄

    void draw(ConsoleState& state, ConsoleCommands& commands) override {
        const auto& s = state.sync;
        screenTitle("Gates & devices", "kiosks follow this console over the LAN");
        const std::string zone = zoneOf(state);

        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        const float leftW = (ImGui::GetContentRegionAvail().x - spacing) * 0.5f;
        ImGui::BeginChild("##node", {leftW, px(330)}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        drawNode(s);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("##pair", {0, px(330)}, false, ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
        drawPairing(s, commands, zone);
        ImGui::EndChild();

        ImGui::Dummy({0, px(4)});
        if (state.currentEvent()) {
            // One slim row between the panels: the screen still fits 1280x800 without scrolling.
            ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {px(20), px(10)});
            ImGui::BeginChild("##card", {0, ImGui::GetFrameHeight() + px(20)}, false,
                              ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar |
                                  ImGuiWindowFlags_NoScrollWithMouse);
            ImGui::PopStyleVar();
            drawVolunteerCard(state, commands);
            ImGui::EndChild();
            ImGui::Dummy({0, px(4)});
        }
        // The tables keep room for a few rows; on a short screen (150 %, 200 %) the screen scrolls
        // instead of squeezing them to a sliver.
        const float tablesH = std::max(px(230), ImGui::GetContentRegionAvail().y);
        ImGui::BeginChild("##devices", {leftW, tablesH}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        drawDevices(s, commands, zone);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("##conflicts", {0, tablesH}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        drawConflicts(s, zone);
        ImGui::EndChild();
    }

private:
    // The one page each gate's volunteers get: saved as a PDF beside the other paper.
    void drawVolunteerCard(ConsoleState& state, ConsoleCommands& commands) {
        const Event* event = state.currentEvent();
        if (!event) return;
        const std::string pathFor = state.currentEventId + "|" + state.print.documentsDir;
        if (m_cardPathFor != pathFor) {
            m_cardPathFor = pathFor;
            std::snprintf(m_cardPath, sizeof m_cardPath, "%s",
                          suggestedPaperPath(state.print.documentsDir, event->name, "volunteer-card").c_str());
        }
        ImGui::AlignTextToFramePadding();
        ImGui::PushFont(fonts().bold);
        ImGui::TextUnformatted("Volunteer card");
        ImGui::PopFont();
        ImGui::SameLine();
        helpMarker("One page to print for each gate: what the kiosk's colours mean and what to do, how to search, "
                   "undo and record an exit, and a line for your phone number.");
        ImGui::SameLine();
        const char* label = "Save volunteer card";
        const float buttonW = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SetNextItemWidth(std::max(px(80), ImGui::GetContentRegionAvail().x - buttonW - ImGui::GetStyle().ItemSpacing.x));
        ImGui::InputText("##cardPath", m_cardPath, sizeof m_cardPath);
        ImGui::SameLine();
        if (primaryButton(label, m_cardPath[0] != '\0')) commands.paper().saveVolunteerCard(m_cardPath);
    }

    static void drawNode(const SyncOverview& s) {
        sectionTitle("This console's node");
        if (s.starting) {
            mutedText("Starting on %s ...", s.listen.c_str());
            return;
        }
        if (!s.error.empty()) {
            ImGui::PushTextWrapPos(0);
            errorText("Not serving: %s", s.error.c_str());
            ImGui::PopTextWrapPos();
            mutedText("Kiosks cannot follow this console until it serves.");
            mutedText("Another port: start with QRGATE_LISTEN=HOST:PORT.");
            return;
        }
        chip(s.role == "follower" ? "FOLLOWER" : "LEADER", s.role == "follower" ? colour::kExit : colour::kAdmitted);
        ImGui::Dummy({0, px(4)});
        ImGui::PushTextWrapPos(0);
        if (s.role == "follower") {
            ImGui::Text("This console follows another leader. Its link is %s, with %s.", toString(s.linkState),
                        counted(s.pendingUploads, "pending upload", "pending uploads").c_str());
        } else {
            ImGui::TextUnformatted("The gates' kiosks follow this console over the local network: every scan at one "
                                   "gate is known at the others within a second.");
        }
        ImGui::PopTextWrapPos();
        ImGui::Dummy({0, px(4)});
        // The address and the certificate matter to whoever debugs the network, not to pair.
        if (ImGui::TreeNodeEx("Details##node", ImGuiTreeNodeFlags_SpanAvailWidth)) {
            mutedText("Address kiosks connect to");
            ImGui::PushFont(fonts().bold);
            ImGui::TextUnformatted(s.url.c_str());
            ImGui::PopFont();
            mutedText("Certificate fingerprint (SHA-256)");
            if (s.fingerprint.empty()) {
                ImGui::TextUnformatted("none: plain http");
            } else {
                // Four groups of 16 digits read (and compare) better than one 64-digit line.
                ImGui::PushFont(fonts().bold);
                for (std::size_t i = 0; i < s.fingerprint.size(); i += 16)
                    ImGui::TextUnformatted(s.fingerprint.substr(i, 16).c_str());
                ImGui::PopFont();
            }
            ImGui::TreePop();
        }
    }

    static void drawPairing(const SyncOverview& s, ConsoleCommands& commands, const std::string& zone) {
        sectionTitle("Pair a gate");
        const bool canPair = !s.starting && s.error.empty() && s.role != "follower";
        if (!s.pairingError.empty()) errorText("%s", s.pairingError.c_str());
        // Open, used or expired: as the node says (polled each second), not guessed from the clock.
        const bool live = s.pairing && s.pairing->stage == PairingOffer::Stage::Open;
        if (!s.pairing) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted("Make a one-time code for a gate's kiosk. On the kiosk, press F2 and scan the code, "
                                   "or type it. The code works once, for 10 minutes.");
            ImGui::PopTextWrapPos();
            ImGui::Dummy({0, px(4)});
            if (primaryButton(s.pairingBusy ? "Making a code..." : "Pair a gate", canPair && !s.pairingBusy, {px(160), 0}))
                commands.createPairing();
            return;
        }
        const auto& p = *s.pairing;
        if (!live) {
            // A dead code is not shown to be scanned: what became of it, and a new one.
            if (p.stage == PairingOffer::Stage::Used) {
                ImGui::PushStyleColor(ImGuiCol_Text, colour::kAdmitted);
                ImGui::PushFont(fonts().heading);
                ImGui::Text("Used by %s at %s", p.usedBy.empty() ? "a gate" : p.usedBy.c_str(),
                            formatClockLocal(p.usedAt, zone).c_str());
                ImGui::PopFont();
                ImGui::PopStyleColor();
                mutedText("That kiosk is paired; the code cannot be used again.");
            } else {
                ImGui::PushStyleColor(ImGuiCol_Text, colour::kRefused);
                ImGui::PushFont(fonts().heading);
                ImGui::Text("Expired at %s", formatClockLocal(p.expiresAt, zone).c_str());
                ImGui::PopFont();
                ImGui::PopStyleColor();
                mutedText("Code %s was not used in its 10 minutes.", p.code.c_str());
            }
            ImGui::Dummy({0, px(6)});
            if (primaryButton(s.pairingBusy ? "Making a code...###newCode" : "New code###newCode",
                              canPair && !s.pairingBusy, {px(160), 0}))
                commands.createPairing();
            return;
        }
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted("On the gate's kiosk, press F2 and scan this code, or type it. The code works once, "
                               "for 10 minutes.");
        ImGui::PopTextWrapPos();
        const float qrSide = std::min(px(210), ImGui::GetContentRegionAvail().y - px(8));
        ImVec2 at = ImGui::GetCursorScreenPos();
        Texture tex = commands.qrTexture(p.invite);
        ImGui::GetWindowDrawList()->AddRectFilled(at, {at.x + qrSide, at.y + qrSide}, IM_COL32_WHITE, px(6));
        if (tex.id) {
            const float pad = px(10);
            ImGui::SetCursorScreenPos({at.x + pad, at.y + pad});
            ImGui::Image(tex.id, {qrSide - 2 * pad, qrSide - 2 * pad});
        }
        ImGui::SetCursorScreenPos({at.x + qrSide + px(16), at.y});
        ImGui::BeginGroup();
        mutedText("Pairing code");
        // As large as fits beside the QR code: the display font, else the heading font.
        ImFont* big = fonts().display;
        const float room = ImGui::GetContentRegionAvail().x;
        if (big->CalcTextSizeA(big->FontSize, FLT_MAX, 0, p.code.c_str()).x > room) big = fonts().heading;
        ImGui::PushFont(big);
        ImGui::TextUnformatted(p.code.c_str());
        ImGui::PopFont();
        const long long left = std::max<long long>(0, (p.expiresAt - s.nowMs + 59'999) / 60'000);
        mutedText("Until %s (%s left)", formatClockLocal(p.expiresAt, zone).c_str(),
                  counted(left, "minute", "minutes").c_str());
        ImGui::Dummy({0, px(6)});
        if (ImGui::TreeNodeEx("Details##invite", ImGuiTreeNodeFlags_SpanAvailWidth)) {
            mutedText("The invitation the QR code holds:");
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(p.invite.c_str());
            ImGui::PopTextWrapPos();
            if (ImGui::SmallButton("Copy invitation")) ImGui::SetClipboardText(p.invite.c_str());
            ImGui::TreePop();
        }
        ImGui::EndGroup();
        ImGui::SetCursorScreenPos({at.x, at.y + qrSide + px(4)});
        ImGui::Dummy({0, 0});
    }

    void drawDevices(const SyncOverview& s, ConsoleCommands& commands, const std::string& zone) {
        char title[64];
        std::snprintf(title, sizeof title, "Devices (%zu)", s.devices.size());
        sectionTitle(title);
        if (!s.listsLoaded) {
            mutedText("Loading...");
            return;
        }
        if (s.devices.empty()) {
            mutedText("No devices yet: pair a gate, or 'qrgate device add --name N'.");
            return;
        }
        const auto flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
        if (!beginScrollingTable("##devicesTable", 5, flags, em(30))) return;
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableSetupColumn("Last seen", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("##action", ImGuiTableColumnFlags_WidthFixed, px(84));
        ImGui::TableHeadersRow();
        for (const auto& d : s.devices) {
            ImGui::PushID(d.id.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(d.name.c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", d.id.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(toString(d.role));
            ImGui::TableNextColumn();
            if (d.lastSeen) ImGui::TextUnformatted(ago(*d.lastSeen, s.nowMs, zone).c_str());
            else ImGui::TextDisabled("never");
            ImGui::TableNextColumn();
            if (d.revokedAt) {
                ImGui::PushStyleColor(ImGuiCol_Text, colour::kRefused);
                ImGui::TextUnformatted("revoked");
                ImGui::PopStyleColor();
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("at %s", formatIsoLocal(*d.revokedAt, zone).c_str());
            } else {
                ImGui::TextUnformatted("active");
            }
            ImGui::TableNextColumn();
            if (!d.revokedAt) {
                if (m_confirmRevoke == d.id) {
                    if (dangerButton("Sure?", true, {px(76), 0})) {
                        commands.revokeDevice(d.id);
                        m_confirmRevoke.clear();
                    }
                } else if (ImGui::SmallButton("Revoke")) {
                    m_confirmRevoke = d.id;
                }
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    static void drawConflicts(const SyncOverview& s, const std::string& zone) {
        char title[64];
        std::snprintf(title, sizeof title, "Conflicts (%lld)", static_cast<long long>(s.conflictCount));
        sectionTitle(title);
        if (!s.listsLoaded) return;
        if (s.conflicts.empty()) {
            mutedText("None: no ticket was admitted twice by gates that were cut off.");
            return;
        }
        const auto flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
        if (!beginScrollingTable("##conflictsTable", 3, flags, em(26))) return;
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Ticket", ImGuiTableColumnFlags_WidthStretch, 1.3f);
        ImGui::TableSetupColumn("First admitted", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Again at", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableHeadersRow();
        for (const auto& c : s.conflicts) {
            ImGui::PushID(static_cast<int>(c.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (c.ticketNumber > 0) ImGui::Text("#%s", formatTicketNumber(c.ticketNumber).c_str());
            else ImGui::TextUnformatted(c.ticketId.c_str());
            if (!c.holderName.empty()) mutedText("%s", c.holderName.c_str());
            for (const ConflictScan* scan : {&c.first, &c.second}) {
                ImGui::TableNextColumn();
                ImGui::Text("gate %s, %s", scan->gateId.c_str(), formatClockLocal(scan->at, zone).c_str());
                mutedText("%s", scan->deviceId.c_str());
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    std::string m_confirmRevoke;  // the device whose Revoke was pressed once: asks "Sure?"

    char m_cardPath[1024] = {};
    std::string m_cardPathFor;  // the event and folder the suggested path was made for
};

}  // namespace

std::unique_ptr<ConsoleView> makeGatesView() { return std::make_unique<GatesView>(); }

}  // namespace qrgate::views

#pragma once
// What the gate kiosk shows, owned by the app and changed on the UI thread only; and the
// commands its screens emit. Scans and verdicts arrive as queued items the view consumes each
// frame, so a verdict is on screen in the frame that drains it.
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/runtime/kiosk_settings.hpp"
#include "core/scan/camera_list.hpp"
#include "core/base/link_state.hpp"
#include "core/base/model.hpp"
#include "core/base/verdict.hpp"
#include "views/console_commands.hpp"
#include "views/verdict_words.hpp"

namespace qrgate::views {

// The kiosk's settings are core's (core/kiosk_settings.hpp): loaded and saved without a window.
using qrgate::KioskMode;
using qrgate::KioskSettings;

struct IncomingScan {
    long long id = 0;
    std::string text;
    std::string source;  // "camera 0", "keyboard", "search"
};

// The gate could not decide: not the attendee's fault, and the staff must know.
struct GateProblem {
    std::string message;  // what is wrong and what to do
    bool stopped = false;  // the gate has stopped deciding (its token was refused)
};

struct IncomingVerdict {
    long long scanId = 0;
    Verdict verdict;
    bool validation = false;  // confirm mode's first look: nothing recorded yet
    std::string code;         // what was scanned (empty for a manual admission)
    std::string ticketId;     // for manual admission
    std::optional<GateProblem> problem;  // set: no verdict; `verdict` is empty
};

inline VerdictKind kindOf(const IncomingVerdict& v) { return v.problem ? VerdictKind::GateProblem : kindOf(v.verdict); }

struct ScanTiming {
    double decodeMs = 0;           // the decoder's work on the frame
    double captureToDecodedMs = 0;
    double decidedMs = 0;          // the engine's decision
    double captureToScreenMs = 0;  // frame captured -> verdict drawn
    double readyToScreenMs = 0;    // engine answered -> verdict drawn (the UI's share)
    std::string source;
};

struct KioskStatus {
    std::string camera = "starting";  // "camera 0: running", ...
    bool cameraOk = false;
    std::string database = "ok";
    bool databaseOk = true;
    // LAN sync (from SyncNode::status(), polled off the UI thread once a second).
    std::string leader;                     // the leader's URL; empty: standalone
    LinkState leaderState = LinkState::None;
    std::string leaderError;  // the last error, for "error" and the tooltip
    long long pendingUploads = 0;  // offline check-ins not yet on the leader
    long long conflicts = 0;
    double previewFps = 0;
    long long framesDecoded = 0;
    long long framesDropped = 0;
    double lastDecodeMs = 0;
    std::optional<ScanTiming> lastScan;
};

// Pairing typed (or scanned) at the kiosk: where it stands, shown in the settings panel.
struct KioskPairing {
    bool busy = false;
    bool failed = false;
    std::string message;  // "Paired with https://... as gate-north." or why not
};

// The status line's words for the leader connection, and whether that is good news.
std::string leaderStatusText(const KioskStatus& status);
bool leaderStatusOk(const KioskStatus& status);
// How the gate is named to people: "Gate North" for --gate North; a name that already says
// "gate" ("North gate") as it is.
std::string gateDisplayName(const std::string& gate);
// A pairing invitation ("qrgate-pair:v1?...") as scanned or pasted.
bool looksLikePairingInvite(const std::string& text);
// Whether the kiosk has a leader it can fetch data from (a URL and a token), so that without an
// event it waits for the leader's data rather than asking to be paired.
bool kioskHasLeader(const KioskStatus& status);

struct KioskState {
    KioskSettings settings;
    std::string eventId, eventName, eventZone = "UTC";
    // No event in the data folder yet (a fresh gate PC): eventId is empty and the kiosk shows
    // the pairing screen, or waits for the leader's data, until the replica has this event
    // (--event ID) or, when empty, any (the current one).
    std::string wantedEventId;
    std::string deviceId;
    Direction direction = Direction::Entry;

    Texture preview;  // the newest camera frame

    std::deque<IncomingScan> scans;
    std::deque<IncomingVerdict> verdicts;

    long long admittedHere = 0;  // entry admissions at this gate
    long long insideTotal = 0;
    long long ticketsTotal = 0;

    std::vector<Ticket> searchResults;
    std::string searchFor;  // the query the results answer
    std::string notice;     // a short line shown over the bottom bar (undo done, errors)
    bool noticeError = false;
    double noticeUntil = 0;

    KioskStatus status;
    KioskPairing pairing;
    // The cameras found (core/scan/camera_list.hpp), listed off the UI thread when the settings
    // open; `camerasListed` once the answer came.
    std::vector<CameraInfo> cameras;
    bool camerasListed = false;
    bool fullscreen = true;
    bool debugOverlay = false;

    void notify(std::string text, bool error, double now) {
        notice = std::move(text);
        noticeError = error;
        noticeUntil = now + 4.0;
    }
};

class KioskCommands {
public:
    virtual ~KioskCommands() = default;
    // Decide a scanned code: record it (admit) or only look (validate, confirm mode).
    virtual void decide(long long scanId, const std::string& code, bool validateOnly) = 0;
    // Staff admit a ticket found by search (or confirm one validated that way).
    virtual void admitTicket(long long scanId, const std::string& ticketId, bool validateOnly) = 0;
    virtual void annul(const std::string& checkinId) = 0;
    virtual void search(const std::string& text) = 0;
    // Characters typed while no text field has the focus, and Enter: a keyboard-wedge scanner.
    virtual void keyboardInput(const std::u32string& chars, bool enter) = 0;
    virtual void saveSettings(const KioskSettings& settings, const std::string& newPin) = 0;
    virtual bool checkPin(const std::string& pin) const = 0;
    // Pairing with a leader: the invitation (or, with the leader URL already known, its code)
    // as typed or scanned. The kiosk then follows that leader, now and at every start.
    virtual void pairWithLeader(const std::string& invitation) = 0;
    virtual void setFullscreen(bool on) = 0;
    // Look for the machine's cameras (answer in KioskState::cameras); the settings ask on opening.
    virtual void listCameras() {}
    virtual void verdictShown(long long scanId, VerdictKind kind) = 0;  // sound, timings
    virtual void quit() = 0;
};

}  // namespace qrgate::views

#pragma once
// The gate kiosk's commands on core/: the scan pipeline (camera, decoder, de-duplication) and a
// keyboard-wedge scanner feed scans; one database worker owns the CheckinEngine and decides;
// another reads counters and searches. Everything comes back through the UiQueue.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "app/gui_sound.hpp"
#include "app/gui_textures.hpp"
#include "core/checkin/checkin_engine.hpp"
#include "core/store/data_folder.hpp"
#include "core/runtime/db_worker.hpp"
#include "core/scan/keyboard_wedge.hpp"
#include "core/scan/scan_pipeline.hpp"
#include "sync/gate_decider.hpp"
#include "sync/node_config.hpp"
#include "core/runtime/ui_queue.hpp"
#include "views/kiosk_state.hpp"

namespace qrgate::sync {
class SyncNode;
}

namespace qrgate::gui {


class KioskController final : public views::KioskCommands {
public:
    KioskController(views::KioskState& state, UiQueue& ui, const DataFolder& folder);
    ~KioskController() override;

    // With a leader the kiosk runs a follower node (like `qrgate serve --leader`), listening on
    // `listen`: scans go to the leader and fall back to the replica when it does not answer.
    // Call before start().
    void setLeader(sync::LeaderChoice leader, sync::ListenAddress listen) {
        m_leader = std::move(leader);
        m_listen = std::move(listen);
    }
    void start();
    // UI thread, each frame.
    void tick(double now);

    std::function<void()> onQuit;
    std::function<void(bool)> onFullscreen;

    // For tests and scripts: a code as if the scanner had read it.
    void injectScan(const std::string& text, const std::string& source);

    // views::KioskCommands
    void decide(long long scanId, const std::string& code, bool validateOnly) override;
    void admitTicket(long long scanId, const std::string& ticketId, bool validateOnly) override;
    void annul(const std::string& checkinId) override;
    void search(const std::string& text) override;
    void keyboardInput(const std::u32string& chars, bool enter) override;
    void saveSettings(const views::KioskSettings& settings, const std::string& newPin) override;
    bool checkPin(const std::string& pin) const override;
    void pairWithLeader(const std::string& invitation) override;
    void setFullscreen(bool on) override;
    void listCameras() override;
    void verdictShown(long long scanId, views::VerdictKind kind) override;
    void quit() override;

private:
    struct ScanRecord {
        ScanTimings timings;
        std::string source;
        double decidedMs = 0;
    };
    void startPipeline();
    void stopPipeline();
    void acceptScan(ScanEvent&& event);
    // A request for this gate as it is set now (event, gate, device, direction).
    ScanRequest gateRequest() const;
    void runDecision(long long scanId, ScanRequest request, bool validateOnly, std::string code, std::string ticketId);
    void refreshCounters();
    void lookForEvent();  // no event yet: has the replica got it now?
    void startNode();
    void refreshLink();
    static views::GateProblem gateProblemOf(const sync::GateFailure& failure);

    views::KioskState& m_state;
    UiQueue& m_ui;
    DataFolder m_folder;
    DatabaseWorker m_gate;    // owns the CheckinEngine
    DatabaseWorker m_reader;  // counters, search
    DatabaseWorker m_writer;  // settings
    // A standalone kiosk decides on the gate worker's connection (no node): built on that thread.
    std::shared_ptr<std::unique_ptr<sync::EngineGate>> m_localGate;
    sync::LeaderChoice m_leader;
    sync::ListenAddress m_listen;
    std::shared_ptr<sync::SyncNode> m_node;  // follower node; its threads serve and sync
    std::thread m_nodeStarter;               // starts (and replaces) the node off the UI thread
    std::unique_ptr<ScanPipeline> m_pipeline;
    KeyboardWedge m_wedge;
    SoundPlayer m_sound;
    GlTexture m_preview;
    std::shared_ptr<std::atomic<int>> m_framesInFlight = std::make_shared<std::atomic<int>>(0);
    std::shared_ptr<std::atomic<bool>> m_alive = std::make_shared<std::atomic<bool>>(true);
    std::map<long long, ScanRecord> m_scans;
    long long m_nextScanId = 1;
    double m_nextPoll = 0;
    bool m_lookingForEvent = false;
    double m_fpsWindowStart = 0;
    int m_fpsFrames = 0;
};

}  // namespace qrgate::gui

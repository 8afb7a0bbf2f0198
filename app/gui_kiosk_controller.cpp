#include "app/gui_kiosk_controller.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <future>

#include <SQLiteCpp/Transaction.h>
#include <opencv2/imgproc.hpp>

#include "app/gui_window.hpp"
#include "core/replica/change_feed.hpp"
#include "core/checkin/checkin_engine.hpp"
#include "core/checkin/checkin_identity.hpp"
#include "core/checkin/checkin_log.hpp"
#include "core/base/crypto.hpp"
#include "core/scan/camera_list.hpp"
#include "core/events/event_catalog.hpp"
#include "core/tickets/ticket_store.hpp"
#include "sync/pairing.hpp"
#include "sync/sync_node.hpp"
#include "views/theme.hpp"

namespace qrgate::gui {

namespace {
double nowSeconds() { return ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0; }
}  // namespace

KioskController::KioskController(views::KioskState& state, UiQueue& ui, const DataFolder& folder)
    : m_state(state),
      m_ui(ui),
      m_folder(folder),
      m_gate(folder.databaseFile(), ui, "gate"),
      m_reader(folder.databaseFile(), ui, "reader"),
      m_writer(folder.databaseFile(), ui, "writer"),
      m_localGate(std::make_shared<std::unique_ptr<sync::EngineGate>>()) {}

KioskController::~KioskController() {
    m_alive->store(false);
    stopPipeline();
    if (m_nodeStarter.joinable()) m_nodeStarter.join();
    if (m_node) m_node->stop();
    // The engines' statements belong to the gate worker's connection: free them on that thread,
    // before the worker closes the connection.
    auto released = std::make_shared<std::promise<void>>();
    auto done = released->get_future();
    m_gate.post([gate = m_localGate, released](Database&) {
        gate->reset();
        released->set_value();
        return DatabaseWorker::Continuation{};
    });
    done.wait_for(std::chrono::seconds(5));
}

void KioskController::start() {
    startPipeline();
    refreshCounters();
    startNode();
    lookForEvent();
}

// A kiosk started without an event (a fresh gate PC, paired on its pairing screen) waits for
// the follower node to bring the leader's events into the replica; the read worker looks once a
// second and the kiosk turns to scanning when the event is there.
void KioskController::lookForEvent() {
    if (!m_state.eventId.empty() || m_lookingForEvent) return;
    m_lookingForEvent = true;
    const std::string wanted = m_state.wantedEventId;
    m_reader.post(
        [this, wanted](Database& db) {
            EventCatalog catalog(db);
            std::optional<Event> event;
            const std::string id = wanted.empty() ? catalog.currentEventId().value_or("") : wanted;
            if (!id.empty()) event = catalog.find(id);
            return [this, event = std::move(event)] {
                m_lookingForEvent = false;
                if (!event || !m_state.eventId.empty()) return;
                m_state.eventId = event->id;
                m_state.eventName = event->name;
                m_state.eventZone = event->timeZone;
                m_state.notify("The leader's data has arrived: " + event->name + ". Ready to scan.", false, nowSeconds());
                refreshCounters();
            };
        },
        [this](const std::string&) { m_lookingForEvent = false; }, "event");
}

// The follower node, as `qrgate serve --leader` starts it. It listens like any node (on
// QRGATE_LISTEN or 0.0.0.0:8443, so it can be promoted; on a free port when that is taken).
// Starting binds and may make the TLS certificate: off the UI thread. A node it replaces (after
// pairing) is stopped on that thread too.
void KioskController::startNode() {
    m_state.status.leader = m_leader.url;
    m_state.status.leaderError.clear();
    if (m_leader.url.empty()) {
        m_state.status.leaderState = LinkState::None;
        return;
    }
    if (!m_leader.settings) {
        m_state.status.leaderState = LinkState::NotPaired;
        return;
    }
    m_state.status.leaderState = LinkState::Connecting;
    sync::NodeOptions options;
    options.dataDir = m_folder.root();
    options.leader = m_leader.settings;
    options.host = m_listen.host;
    options.port = m_listen.port;
    options.log = [](const std::string& line) { std::fprintf(stderr, "qrgate: %s\n", line.c_str()); };
    if (m_nodeStarter.joinable()) m_nodeStarter.join();
    auto old = std::move(m_node);
    auto alive = m_alive;
    m_nodeStarter = std::thread([this, alive, options, old = std::move(old)]() mutable {
        if (old) old->stop();
        old.reset();
        auto started = sync::SyncNode::start(options);
        if (!started && options.port != 0) {
            options.port = 0;  // the port is taken (another node on this machine): any free one
            started = sync::SyncNode::start(options);
        }
        if (!started) {
            m_ui.post([this, alive, error = started.error().message] {
                if (!alive->load()) return;
                m_state.status.leaderState = LinkState::NodeError;
                m_state.status.leaderError = error;
            });
            return;
        }
        std::shared_ptr<sync::SyncNode> node(std::move(started).value());
        m_ui.post([this, alive, node]() mutable {
            if (!alive->load()) return;  // the destructor stops it
            m_node = std::move(node);
            refreshLink();
        });
    });
}

// SyncNode::status() reads the replica: on the read worker, once a second, never in a frame.
void KioskController::refreshLink() {
    auto node = m_node;
    if (!node) return;
    m_reader.post(
        [this, node](Database& db) {
            auto status = node->status();
            // The link counts its queue only while it uploads; the replica knows it always.
            std::int64_t pending = status.link ? status.link->pendingUploads : 0;
            try {
                pending = ReplicaWriter(db).pendingCount();
            } catch (const std::exception&) {
            }
            return [this, status = std::move(status), pending] {
                auto& st = m_state.status;
                st.conflicts = status.conflicts;
                if (status.link) {
                    st.leader = status.link->leaderUrl;
                    st.leaderState = status.link->state;
                    st.pendingUploads = pending;
                    st.leaderError = status.link->lastError;
                }
            };
        },
        {}, "link");
}

void KioskController::pairWithLeader(const std::string& invitation) {
    std::string text = invitation;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(text.begin());
    sync::PairingInvite invite;
    auto parsed = sync::PairingInvite::parse(text);
    if (parsed) {
        invite = *parsed;
    } else if (!views::looksLikePairingInvite(text) && !m_leader.url.empty()) {
        // Just the code: the leader is the one given with --leader; its pin if one is known.
        invite.url = m_leader.url;
        invite.code = text;
        invite.fingerprint = m_leader.settings ? m_leader.settings->fingerprint : "";
    } else {
        m_state.pairing = {false, true, parsed.error().message + " Type the whole invitation the console shows."};
        return;
    }
    m_state.pairing = {true, false, "Pairing with " + invite.url + " ..."};
    // The leader lists the device by the gate's name ("Gate North"), never this computer's.
    const std::string name = views::gateDisplayName(m_state.settings.gate);
    // Up to 10 s on the network: on the settings worker, which has nothing urgent to do.
    m_writer.post(
        [this, invite, name](Database& db) {
            auto paired = sync::pairWithLeader(invite, name);
            if (paired) sync::node_config::follow(db, {paired->leaderUrl, paired->token, paired->leaderFingerprint});
            return [this, paired = std::move(paired), name] {
                if (!paired) {
                    m_state.pairing = {false, true, paired.error().message};
                    return;
                }
                m_state.pairing = {false, false,
                                   "Paired with " + paired->leaderUrl + " as " + name +
                                       ". This kiosk follows it from now on."};
                m_leader.url = paired->leaderUrl;
                m_leader.settings = sync::LeaderSettings{paired->leaderUrl, paired->token, paired->leaderFingerprint};
                startNode();
            };
        },
        [this](const std::string& e) { m_state.pairing = {false, true, "Not paired: " + e}; });
}

void KioskController::startPipeline() {
    stopPipeline();
    const auto& s = m_state.settings;
    if (s.camera == "none" || s.camera.empty()) {
        m_state.status.camera = "none (handheld scanner only)";
        m_state.status.cameraOk = false;
        return;
    }
    SourceSpec spec = SourceSpec::parse(s.camera);
    spec.resolution = cv::Size(s.width, s.height);
    m_state.status.camera = spec.describe() + ": opening";
    m_state.status.cameraOk = false;
    PipelineCallbacks cb;
    auto alive = m_alive;
    auto inFlight = m_framesInFlight;
    cb.onScan = [this, alive](ScanEvent&& e) {
        m_ui.post([this, alive, e = std::move(e)]() mutable {
            if (alive->load()) acceptScan(std::move(e));
        });
    };
    cb.onStatus = [this, alive, name = spec.describe()](const SourceStatus& st) {
        m_ui.post([this, alive, st, name] {
            if (!alive->load()) return;
            m_state.status.cameraOk = st.state == SourceState::Running;
            m_state.status.camera = name + ": " + toString(st.state) + (st.message.empty() ? "" : " (" + st.message + ")");
        });
    };
    cb.onFrame = [this, alive, inFlight](FrameReport&& r) {
        // The preview is a courtesy: while the UI is behind, frames are dropped, not queued.
        if (inFlight->load() >= 2 || r.image.empty()) return;
        cv::Mat rgba;
        if (r.image.cols > 1280) {
            cv::Mat small;
            cv::resize(r.image, small, {1280, r.image.rows * 1280 / r.image.cols}, 0, 0, cv::INTER_AREA);
            cv::cvtColor(small, rgba, cv::COLOR_BGR2RGBA);
        } else {
            cv::cvtColor(r.image, rgba, r.image.channels() == 1 ? cv::COLOR_GRAY2RGBA : cv::COLOR_BGR2RGBA);
        }
        inFlight->fetch_add(1);
        m_ui.post([this, alive, inFlight, rgba = std::move(rgba), decodeMs = r.decodeMs] {
            inFlight->fetch_sub(1);
            if (!alive->load()) return;
            m_preview.upload(rgba.data, rgba.cols, rgba.rows, true);
            m_state.preview = m_preview.view();
            m_state.status.lastDecodeMs = decodeMs;
            ++m_fpsFrames;
        });
    };
    m_pipeline = std::make_unique<ScanPipeline>(spec, PipelineOptions{}, std::move(cb));
    m_pipeline->start();
}

void KioskController::stopPipeline() {
    if (m_pipeline) m_pipeline->stop();
    m_pipeline.reset();
}

void KioskController::acceptScan(ScanEvent&& e) {
    if (views::looksLikePairingInvite(e.text)) {  // the console's pairing QR shown to the camera
        if (!m_state.pairing.busy) {
            pairWithLeader(e.text);
            m_state.notify("Pairing invitation read: pairing with the leader...", false, nowSeconds());
        }
        return;
    }
    if (m_state.eventId.empty()) {  // the pairing screen: only a pairing invitation means anything
        m_state.notify(views::kioskHasLeader(m_state.status)
                           ? "No event yet: waiting for the leader's data."
                           : "That is not a pairing code. Show the QR code from the console's Gates screen.",
                       true, nowSeconds());
        return;
    }
    const long long id = m_nextScanId++;
    m_scans[id] = {e.timings, e.sourceName, 0};
    while (m_scans.size() > 64) m_scans.erase(m_scans.begin());
    m_state.scans.push_back({id, std::move(e.text), e.sourceName});
}

void KioskController::injectScan(const std::string& text, const std::string& source) {
    ScanEvent e;
    e.text = text;
    e.input = ScanInput::KeyboardWedge;
    e.sourceName = source;
    e.timings.captured = e.timings.decoded = ScanClock::now();
    acceptScan(std::move(e));
}

void KioskController::tick(double now) {
    if (now >= m_nextPoll) {
        m_nextPoll = now + 1.0;
        refreshCounters();
        refreshLink();
        lookForEvent();
        if (m_pipeline) {
            auto st = m_pipeline->stats();
            m_state.status.framesDecoded = st.framesDecoded;
            m_state.status.framesDropped = st.framesDropped;
        }
        m_state.status.previewFps = m_fpsWindowStart > 0 ? m_fpsFrames / std::max(0.001, now - m_fpsWindowStart) : 0;
        m_fpsWindowStart = now;
        m_fpsFrames = 0;
    }
}

void KioskController::refreshCounters() {
    const std::string eventId = m_state.eventId, gate = m_state.settings.gate;
    if (eventId.empty()) return;
    m_reader.post(
        [this, eventId, gate](Database& db) {
            auto stats = CheckinLog(db).stats(eventId);
            auto it = stats.perGate.find(gate);
            long long here = it == stats.perGate.end() ? 0 : it->second.admitted;
            return [this, here, inside = stats.inside, tickets = stats.tickets] {
                m_state.admittedHere = here;
                m_state.insideTotal = inside;
                m_state.ticketsTotal = tickets;
                m_state.status.database = "ok";
                m_state.status.databaseOk = true;
            };
        },
        [this](const std::string& e) {
            m_state.status.database = e;
            m_state.status.databaseOk = false;
        },
        "counters");
}

// Every decision goes through the GateDecider, as POST /api/checkin does: a follower's node asks
// its leader first and falls back to its replica; a standalone kiosk decides from its own
// database on the gate worker. A gate that could not decide shows a gate problem, not a refusal.
void KioskController::runDecision(long long scanId, ScanRequest request, bool validateOnly, std::string code,
                                  std::string ticketId) {
    std::shared_ptr<sync::SyncNode> node = m_node;
    auto localGate = m_localGate;
    const auto started = ScanClock::now();
    m_gate.post(
        [this, node, localGate, request = std::move(request), validateOnly, scanId, code, ticketId,
         started](Database& db) mutable {
            sync::GateDecision d;
            if (node) {
                d = validateOnly ? node->decider().validate(request) : node->decider().checkin(request);
            } else {
                if (!*localGate) *localGate = std::make_unique<sync::EngineGate>(db);
                sync::GateDecider standalone(**localGate, nullptr);
                d = validateOnly ? standalone.validate(request) : standalone.checkin(request);
            }
            const auto decided = ScanClock::now();
            return [this, d = std::move(d), validateOnly, scanId, code, ticketId, started, decided]() mutable {
                if (auto it = m_scans.find(scanId); it != m_scans.end()) {
                    it->second.timings.verdict = decided;
                    it->second.decidedMs = millisecondsBetween(started, decided);
                }
                views::IncomingVerdict in{scanId, d.verdict.value_or(Verdict{}), validateOnly, code, ticketId, {}};
                if (d.failure) in.problem = gateProblemOf(*d.failure);
                const bool storage = d.failure && (d.failure->kind == sync::GateFailure::Kind::DiskFull ||
                                                   d.failure->kind == sync::GateFailure::Kind::StorageError);
                m_state.status.databaseOk = !storage;
                if (storage) m_state.status.database = d.failure->kind == sync::GateFailure::Kind::DiskFull ? "disk full" : "error";
                m_state.verdicts.push_back(std::move(in));
                if (!validateOnly && d.verdict) {
                    refreshCounters();
                    // A scan decided offline waits in the upload queue: the status line counts it
                    // now, not at the next once-a-second poll (it said "0 pending" meanwhile).
                    if (d.verdict->offline) refreshLink();
                }
            };
        },
        [this, scanId, code, ticketId, validateOnly](const std::string& e) {
            // The worker could not open the database at all: a gate problem, the scan kept.
            m_state.status.database = e;
            m_state.status.databaseOk = false;
            views::IncomingVerdict in{scanId, Verdict{}, validateOnly, code, ticketId, {}};
            in.problem = views::GateProblem{"This gate cannot use its database: " + e +
                                                ". Scan again; if it goes on, restart qrgate or use another gate.",
                                            false};
            m_state.verdicts.push_back(std::move(in));
        });
}

views::GateProblem KioskController::gateProblemOf(const sync::GateFailure& f) {
    return views::GateProblem{f.message, f.kind == sync::GateFailure::Kind::TokenRefused};
}

ScanRequest KioskController::gateRequest() const {
    ScanRequest r;
    r.eventId = m_state.eventId;
    r.gateId = m_state.settings.gate;
    r.deviceId = m_state.deviceId;
    r.direction = m_state.direction;
    return r;
}

void KioskController::decide(long long scanId, const std::string& code, bool validateOnly) {
    ScanRequest r = gateRequest();
    r.qrData = code;
    runDecision(scanId, std::move(r), validateOnly, code, "");
}

void KioskController::admitTicket(long long scanId, const std::string& ticketId, bool validateOnly) {
    ScanRequest r = gateRequest();
    r.manualTicketId = ticketId;
    m_scans[scanId] = {ScanTimings{ScanClock::now(), ScanClock::now(), std::nullopt, 0}, "search", 0};
    runDecision(scanId, std::move(r), validateOnly, "", ticketId);
}

void KioskController::annul(const std::string& checkinId) {
    std::shared_ptr<sync::SyncNode> node = m_node;
    auto localGate = m_localGate;
    const std::string gate = m_state.settings.gate, device = m_state.deviceId;
    m_gate.post(
        [this, node, localGate, checkinId, gate, device](Database& db) {
            sync::GateUndo undo;
            if (node) {
                undo = node->decider().annul(checkinId, gate, device);
            } else {
                if (!*localGate) *localGate = std::make_unique<sync::EngineGate>(db);
                undo = sync::GateDecider(**localGate, nullptr).annul(checkinId, gate, device);
            }
            return [this, undo = std::move(undo)] {
                if (undo.failure)
                    m_state.notify("Not undone: " + undo.failure->message, true, nowSeconds());
                else if (undo.refusal)
                    m_state.notify("Not undone: " + undo.refusal->message, true, nowSeconds());
                else
                    m_state.notify("Undone: " + (undo.undone->holderName.empty() ? std::string("the last admission")
                                                                                   : undo.undone->holderName + "'s admission") +
                                       " no longer counts.",
                                   false, nowSeconds());
                refreshCounters();
            };
        },
        [this](const std::string& e) { m_state.notify("Not undone: " + e, true, nowSeconds()); });
}

void KioskController::search(const std::string& text) {
    const std::string eventId = m_state.eventId;
    m_reader.post(
        [this, text, eventId](Database& db) {
            std::vector<Ticket> rows;
            std::string trimmed = text;
            while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
            if (!trimmed.empty()) {
                TicketQuery q;
                q.eventId = eventId;
                q.search = trimmed;
                q.sort = TicketSort::Name;
                q.limit = 30;
                rows = TicketStore(db).list(q);
            }
            return [this, text, rows = std::move(rows)]() mutable {
                m_state.searchResults = std::move(rows);
                m_state.searchFor = text;
            };
        },
        {}, "search");
}

void KioskController::keyboardInput(const std::u32string& chars, bool enter) {
    const auto now = ScanClock::now();
    for (char32_t c : chars) m_wedge.onCharacter(c, now);
    if (enter) {
        if (auto e = m_wedge.onEnter(now)) acceptScan(std::move(*e));
    }
}

void KioskController::saveSettings(const views::KioskSettings& settings, const std::string& newPin) {
    views::KioskSettings s = settings;
    if (!newPin.empty()) s.pinHash = KioskSettings::hashPin(newPin);
    const bool restart = s.camera != m_state.settings.camera || s.width != m_state.settings.width ||
                         s.height != m_state.settings.height;
    m_state.settings = s;
    if (restart) startPipeline();
    refreshCounters();
    m_writer.post(
        [this, s](Database& db) {
            s.save(db);
            return [this] { m_state.notify("Settings saved.", false, nowSeconds()); };
        },
        [this](const std::string& e) { m_state.notify("Settings not saved: " + e, true, nowSeconds()); });
}

bool KioskController::checkPin(const std::string& pin) const {
    return m_state.settings.pinMatches(pin);
}

// Opening each /dev/video* node takes a while on a busy USB bus: on the read worker.
void KioskController::listCameras() {
    m_reader.post(
        [this](Database&) {
            auto cameras = qrgate::listCameras();
            return [this, cameras = std::move(cameras)]() mutable {
                m_state.cameras = std::move(cameras);
                m_state.camerasListed = true;
            };
        },
        [this](const std::string&) { m_state.camerasListed = true; }, "cameras");
}

void KioskController::setFullscreen(bool on) {
    m_state.fullscreen = on;
    if (onFullscreen) onFullscreen(on);
}

void KioskController::verdictShown(long long scanId, views::VerdictKind kind) {
    if (m_state.settings.sounds) m_sound.play(kind);
    if (auto it = m_scans.find(scanId); it != m_scans.end()) {
        const auto& t = it->second.timings;
        views::ScanTiming timing;
        timing.source = it->second.source;
        timing.decodeMs = t.decodeMs;
        timing.captureToDecodedMs = t.captureToDecodedMs();
        timing.decidedMs = it->second.decidedMs;
        const auto now = ScanClock::now();
        timing.captureToScreenMs = millisecondsBetween(t.captured, now);
        if (t.verdict) timing.readyToScreenMs = millisecondsBetween(*t.verdict, now);
        m_state.status.lastScan = timing;
    }
}

void KioskController::quit() {
    if (onQuit) onQuit();
}

}  // namespace qrgate::gui

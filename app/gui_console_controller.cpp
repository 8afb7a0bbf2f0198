#include "app/gui_console_controller.hpp"

#include <cstdio>

#include "core/io/attendee_export.hpp"
#include "core/io/attendee_import.hpp"
#include "core/io/checkin_export.hpp"
#include "core/checkin/checkin_log.hpp"
#include "core/checkin/conflict_log.hpp"
#include "core/io/csv.hpp"
#include "core/replica/device_registry.hpp"
#include "core/events/event_catalog.hpp"
#include "core/io/ticket_import.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "core/tickets/ticket_store.hpp"
#include "sync/node_config.hpp"
#include "sync/sync_node.hpp"
#include "views/count_words.hpp"
#include "views/theme.hpp"

namespace qrgate::gui {

namespace {
constexpr const char* kScaleSetting = "console.ui_scale";
constexpr std::size_t kArrivalBuckets = 36;  // six hours of ten minutes
constexpr TimeMs kBucketMs = 10 * 60 * 1000;

}  // namespace


ConsoleController::ConsoleController(views::ConsoleState& state, UiQueue& ui, const DataFolder& folder,
                                     sync::ListenAddress listen)
    : m_state(state),
      m_ui(ui),
      m_folder(folder),
      m_reader(folder.databaseFile(), ui, "reader"),
      m_writer(folder.databaseFile(), ui, "writer"),
      m_tasks(ui),
      m_print(std::make_unique<PrintController>(state, ui, folder, m_tasks)),
      m_mail(std::make_unique<MailController>(state, ui, folder, m_tasks)),
      m_health(std::make_unique<HealthController>(state.health, ui, folder.root())),
      m_backup(std::make_unique<BackupController>(state, folder, m_tasks)),
      m_listen(std::move(listen)),
      m_import(std::make_unique<ImportController>(
          state, folder, m_tasks, m_reader, m_writer,
          ImportController::Hooks{[this] { return typeNames(); },
                                  [this] {
                                      m_state.tickets.invalidate();
                                      refreshStats();
                                  },
                                  [this](const std::string& what, const std::string& message) {
                                      reportError(what, message);
                                  }})) {
    m_state.dataDir = folder.root().string();
    m_state.sync.listen = m_listen.text();
}

ConsoleController::~ConsoleController() {
    if (m_nodeStarter.joinable()) m_nodeStarter.join();
    if (m_node) m_node->stop();
}

void ConsoleController::start() {
    m_reader.post([this](Database& db) {
        float scale = 1.0f;
        try {
            scale = std::stof(db.setting(kScaleSetting, "1"));
        } catch (...) {
        }
        return [scale, this] {
            m_state.settings.uiScale = scale;
            if (onScale) onScale(scale);
        };
    });
    refreshEvents();
    startNode();
}

// The console serves the same node as `qrgate serve` (leader, unless its data folder was joined
// to another leader), so kiosks can follow it. A port in use is shown, never fatal: the console
// works without serving.
void ConsoleController::startNode() {
    sync::NodeOptions options;
    options.dataDir = m_folder.root();
    options.host = m_listen.host;
    options.port = m_listen.port;
    options.log = [](const std::string& line) { std::fprintf(stderr, "qrgate: %s\n", line.c_str()); };
    m_nodeStarter = std::thread([this, options]() mutable {
        if (auto db = Database::open(m_folder.databaseFile())) options.leader = sync::node_config::load(**db).leader;
        auto started = sync::SyncNode::start(options);
        if (!started) {
            m_ui.post([this, error = started.error().message] {
                m_state.sync.starting = false;
                m_state.sync.error = error;
            });
            return;
        }
        std::shared_ptr<sync::SyncNode> node(std::move(started).value());
        m_ui.post([this, node]() mutable {
            m_node = std::move(node);
            m_state.sync.starting = false;
            m_state.sync.url = m_node->url();
            m_state.sync.fingerprint = m_node->fingerprint();
            refreshSync(true);
        });
    });
}

// Node status (it reads the database) and, for the Gates screen, devices and conflicts: on the
// read worker, never in a frame.
void ConsoleController::refreshSync(bool withLists) {
    auto node = m_node;
    m_state.sync.nowMs = SystemClock::instance().nowMs();
    if (!node && !withLists) return;
    // The code on screen, while it may still be used: the node says when it was, or expired.
    std::string openCode;
    if (m_state.sync.pairing && m_state.sync.pairing->stage == views::PairingOffer::Stage::Open)
        openCode = m_state.sync.pairing->code;
    m_reader.post(
        [this, node, withLists, openCode](Database& db) {
            std::optional<sync::NodeStatus> status;
            if (node) status = node->status();
            std::optional<PairingCodeState> codeState;
            if (node && !openCode.empty()) codeState = node->pairingCodeState(openCode);
            std::vector<Device> devices;
            std::vector<Conflict> conflicts;
            if (withLists) {
                devices = DeviceRegistry(db).list();
                conflicts = ConflictLog(db).list("", 500);
            }
            return [this, status = std::move(status), withLists, devices = std::move(devices),
                    conflicts = std::move(conflicts), openCode, codeState = std::move(codeState)]() mutable {
                auto& s = m_state.sync;
                if (codeState && s.pairing && s.pairing->code == openCode) applyPairingState(*s.pairing, *codeState);
                if (status) {
                    s.role = status->role;
                    s.url = status->url;
                    s.conflictCount = status->conflicts;
                    s.linkState = status->link ? status->link->state : LinkState::None;
                    s.pendingUploads = status->link ? status->link->pendingUploads : 0;
                }
                if (withLists) {
                    s.devices = std::move(devices);
                    s.conflicts = std::move(conflicts);
                    if (!status) s.conflictCount = static_cast<std::int64_t>(s.conflicts.size());
                    s.listsLoaded = true;
                }
            };
        },
        {}, "sync");
}

void ConsoleController::applyPairingState(views::PairingOffer& offer, const PairingCodeState& state) {
    using Stage = PairingCodeState::Stage;
    if (state.expiresAt) offer.expiresAt = state.expiresAt;
    if (state.stage == Stage::Used) {
        offer.stage = views::PairingOffer::Stage::Used;
        offer.usedAt = state.usedAt;
        offer.usedBy = state.deviceName;
    } else if (state.stage == Stage::Expired) {
        offer.stage = views::PairingOffer::Stage::Expired;
    }
}

void ConsoleController::createPairing() {
    auto node = m_node;
    if (!node) return;
    m_state.sync.pairingBusy = true;
    m_state.sync.pairingError.clear();
    m_writer.post(
        [this, node](Database&) {
            auto invite = node->invite(DeviceRole::Gate, std::chrono::minutes(10));
            return [this, invite = std::move(invite)] {
                m_state.sync.pairingBusy = false;
                if (!invite) {
                    m_state.sync.pairingError = "No pairing code: " + invite.error().message;
                    return;
                }
                views::PairingOffer offer;
                offer.invite = invite->text();
                offer.code = invite->code;
                offer.expiresAt = invite->expiresAt;
                m_state.sync.pairing = std::move(offer);
                m_state.sync.nowMs = SystemClock::instance().nowMs();
            };
        },
        [this](const std::string& e) {
            m_state.sync.pairingBusy = false;
            m_state.sync.pairingError = "No pairing code: " + e;
        });
}

void ConsoleController::revokeDevice(const std::string& deviceId) {
    m_writer.post(
        [this, deviceId](Database& db) {
            auto revoked = DeviceRegistry(db).revoke(deviceId, "console");
            return [this, revoked = std::move(revoked)] {
                if (!revoked) return reportError("Not revoked", revoked.error().message);
                m_state.notify("Revoked " + revoked->name + ": its token stops working at its next request.");
                refreshSync(true);
            };
        },
        [this](const std::string& e) { reportError("Not revoked", e); });
}

void ConsoleController::reportError(const std::string& what, const std::string& message) {
    m_state.notify(what + ": " + message, true);
}

std::vector<std::string> ConsoleController::typeNames() const {
    std::vector<std::string> names;
    for (const auto& t : m_state.types) names.push_back(t.name);
    return names;
}

void ConsoleController::refreshEvents() {
    m_reader.post(
        [this](Database& db) {
            EventCatalog catalog(db);
            auto events = catalog.list();
            std::string current = catalog.currentEventId().value_or("");
            if (current.empty() && !events.empty()) current = events.front().id;
            auto types = current.empty() ? std::vector<TicketType>{} : catalog.types(current);
            return [this, events = std::move(events), current, types = std::move(types)]() mutable {
                const bool eventChanged = current != m_state.currentEventId;
                m_state.events = std::move(events);
                m_state.currentEventId = current;
                m_state.types = std::move(types);
                m_ready = true;
                if (eventChanged) {
                    m_state.selectedTicket.reset();
                    m_state.statsLoaded = false;
                    m_state.stats = {};
                    m_state.arrivals = {};
                    m_state.log.clear();
                    m_lastActivity = -1;
                }
                refreshStats();
            };
        },
        [this](const std::string& e) {
            m_state.databaseError = e;
            m_ready = true;
        },
        "events");
}

void ConsoleController::refreshStats() {
    const std::string eventId = m_state.currentEventId;
    if (eventId.empty()) return;
    m_reader.post(
        [this, eventId](Database& db) {
            CheckinLog log(db);
            auto stats = log.stats(eventId);
            TimeMs now = SystemClock::instance().nowMs();
            TimeMs end = (now / kBucketMs + 1) * kBucketMs;
            TimeMs from = end - static_cast<TimeMs>(kArrivalBuckets) * kBucketMs;
            auto counts = log.arrivals(eventId, from, kBucketMs, kArrivalBuckets);
            return [this, eventId, stats = std::move(stats), from, counts = std::move(counts)]() mutable {
                if (eventId != m_state.currentEventId) return;
                const std::int64_t activity = stats.admitted + stats.refused + stats.exits + stats.voided + stats.tickets;
                // New scans or tickets change rows the table shows (inside, state): fetch again.
                if (m_lastActivity >= 0 && activity != m_lastActivity) m_state.tickets.invalidate();
                m_lastActivity = activity;
                m_state.stats = std::move(stats);
                m_state.arrivals = {from, kBucketMs, std::move(counts)};
                m_state.statsLoaded = true;
            };
        },
        {}, "stats");
}

void ConsoleController::refreshLog() {
    CheckinQuery q = m_state.logQuery;
    if (q.eventId.empty()) return;
    m_reader.post(
        [this, q](Database& db) {
            auto rows = CheckinLog(db).list(q);
            return [this, q, rows = std::move(rows)]() mutable {
                if (q.eventId != m_state.logQuery.eventId || q.gateId != m_state.logQuery.gateId ||
                    q.result != m_state.logQuery.result || q.reason != m_state.logQuery.reason ||
                    q.from != m_state.logQuery.from || q.until != m_state.logQuery.until)
                    return;  // the filter changed meanwhile; its own answer is on the way
                m_state.log = std::move(rows);
                m_state.logLoaded = true;
            };
        },
        {}, "log");
}

void ConsoleController::tick(double now, const std::string& visibleViewId) {
    m_state.tasks = m_tasks.running();
    // The Email screen shows its run's progress and Cancel itself; the task bar has it elsewhere.
    if (visibleViewId == "mail")
        std::erase_if(m_state.tasks, [id = m_mail->sendTaskId()](const TaskHandle& t) { return t.id() == id; });
    m_print->tick();
    m_mail->tick();
    m_backup->tick();
    m_import->tick(visibleViewId);
    m_focusPage->store(m_state.tickets.focusPage());
    m_pagerGeneration->store(m_state.tickets.generation());
    if (now < m_nextPoll) return;
    m_nextPoll = now + 1.0;
    refreshStats();
    if (visibleViewId == "log") refreshLog();
    refreshSync(visibleViewId == "gates");
}

void ConsoleController::useEvent(const std::string& eventId) {
    m_writer.post([this, eventId](Database& db) {
        EventCatalog(db).setCurrentEvent(eventId);
        return [this] { refreshEvents(); };
    }, [this](const std::string& e) { reportError("Could not switch the event", e); });
}

void ConsoleController::createEvent(const EventDraft& draft) {
    auto keys = m_folder.keyStore();
    m_writer.post([this, draft, keys](Database& db) mutable {
        auto created = EventCatalog(db).create(draft, keys);
        return [this, created = std::move(created)] {
            if (!created) return reportError("The event was not created", created.error().message);
            m_state.notify("Created the event \"" + created->name + "\" (" + created->id + ").");
            refreshEvents();
        };
    }, [this](const std::string& e) { reportError("The event was not created", e); });
}

void ConsoleController::updateEvent(const std::string& eventId, const EventDraft& draft) {
    m_writer.post([this, eventId, draft](Database& db) {
        auto saved = EventCatalog(db).update(eventId, draft);
        return [this, saved = std::move(saved)] {
            if (!saved) return reportError("The event was not saved", saved.error().message);
            m_state.notify("Saved.");
            refreshEvents();
        };
    }, [this](const std::string& e) { reportError("The event was not saved", e); });
}

void ConsoleController::saveType(const TicketType& type) {
    m_writer.post([this, type](Database& db) {
        EventCatalog catalog(db);
        Status saved = success();
        if (type.id == 0) {
            auto added = catalog.addType(type);
            if (!added) saved = added.error();
        } else {
            saved = catalog.updateType(type);
        }
        return [this, saved = std::move(saved), name = type.name] {
            if (!saved) return reportError("The ticket type was not saved", saved.error().message);
            m_state.notify("Saved the ticket type " + name + ".");
            refreshEvents();
            m_state.tickets.invalidate();
        };
    }, [this](const std::string& e) { reportError("The ticket type was not saved", e); });
}

void ConsoleController::fetchTickets(const views::TicketPager::Request& request) {
    auto focus = m_focusPage;
    auto generation = m_pagerGeneration;
    m_reader.post([this, request, focus, generation](Database& db) -> DatabaseWorker::Continuation {
        // Scrolled past or re-filtered while waiting: skip, the table asks again if needed.
        const std::size_t here = focus->load();
        const std::size_t distance = request.page > here ? request.page - here : here - request.page;
        if (!request.withCount && (request.generation != generation->load() || distance > 3))
            return [this, request] { m_state.tickets.skipped(request.generation, request.page); };
        // A search typed on meanwhile: only the newest query is worth its scan.
        if (request.withCount && request.generation < generation->load())
            return [this, request] { m_state.tickets.skipped(request.generation, request.page); };
        TicketStore store(db);
        auto rows = store.list(request.query);
        std::optional<std::size_t> total;
        if (request.withCount && request.query.offset == 0 && rows.size() < request.query.limit) {
            total = rows.size();  // a short first page is all there is: no second pass to count
        } else if (request.withCount) {
            TicketQuery all = request.query;
            all.limit = 0;
            all.offset = 0;
            total = store.count(all);
        }
        return [this, request, rows = std::move(rows), total]() mutable {
            m_state.tickets.deliver(request.generation, request.page, std::move(rows), total);
        };
    }, [this, request](const std::string& e) {
        m_state.tickets.skipped(request.generation, request.page);
        reportError("Could not read tickets", e);
    });
}

void ConsoleController::selectTicket(const std::string& ticketId) {
    auto keys = m_folder.keyStore();
    m_state.selectedQrData.clear();
    m_state.selectedQrError.clear();
    m_reader.post([this, ticketId, keys](Database& db) {
        auto ticket = TicketStore(db).find(ticketId);
        std::string qr, qrError;
        if (ticket) {
            auto data = TicketIssuer(db, keys).qrDataFor(*ticket);
            if (data) qr = *data;
            else qrError = "No QR code on this machine: " + data.error().message;
        }
        return [this, ticket = std::move(ticket), qr, qrError] {
            m_state.selectedTicket = ticket;
            m_state.selectedQrData = qr;
            m_state.selectedQrError = qrError;
        };
    }, [this](const std::string& e) { reportError("Could not read the ticket", e); }, "select");
}

void ConsoleController::setTicketState(const std::string& ticketId, TicketState state) {
    m_writer.post([this, ticketId, state](Database& db) {
        TicketStore store(db);
        auto done = store.setState(ticketId, state, "console");
        auto ticket = store.find(ticketId);
        return [this, done = std::move(done), ticket = std::move(ticket), state] {
            if (!done) return reportError("The ticket was not changed", done.error().message);
            if (ticket) {
                m_state.tickets.update(*ticket);
                if (m_state.selectedTicket && m_state.selectedTicket->id == ticket->id) m_state.selectedTicket = ticket;
                m_state.notify("Ticket #" + formatTicketNumber(ticket->number) +
                               (state == TicketState::Void ? " is void: every gate refuses it." : " is valid again."));
            }
            refreshStats();
        };
    }, [this](const std::string& e) { reportError("The ticket was not changed", e); });
}

void ConsoleController::reissueTicket(const std::string& ticketId) {
    auto keys = m_folder.keyStore();
    m_writer.post([this, ticketId, keys](Database& db) {
        auto issued = TicketIssuer(db, keys).reissue(ticketId);
        return [this, issued = std::move(issued)] {
            if (!issued) return reportError("No new code", issued.error().message);
            m_state.tickets.update(issued->ticket);
            m_state.selectedTicket = issued->ticket;
            m_state.selectedQrData = issued->qrData;
            m_state.notify("Ticket #" + formatTicketNumber(issued->ticket.number) +
                           " has a new code; the old one is refused from now on.");
        };
    }, [this](const std::string& e) { reportError("No new code", e); });
}

// Many tickets at once: one write transaction on the writer (100,000 take about a second).
void ConsoleController::setTicketsState(const TicketChoice& choice, TicketState state) {
    if (choice.empty()) return;
    const std::string selected = m_state.selectedTicket ? m_state.selectedTicket->id : "";
    m_writer.post(
        [this, choice, state, selected](Database& db) {
            TicketStore store(db);
            auto changed = store.setState(choice, state, "console");
            std::optional<Ticket> ticket;
            if (!selected.empty()) ticket = store.find(selected);
            return [this, changed = std::move(changed), ticket = std::move(ticket), state] {
                if (!changed) return reportError("No ticket was changed", changed.error().message);
                const auto n = static_cast<long long>(*changed);
                if (n == 0)
                    m_state.notify(state == TicketState::Void ? "Nothing changed: those tickets were void already."
                                                              : "Nothing changed: those tickets were valid already.");
                else
                    m_state.notify((state == TicketState::Void ? "Voided " : "Restored ") +
                                   counted(n, "ticket", "tickets") +
                                   (state == TicketState::Void ? ": every gate refuses them." : ": they are valid again."));
                if (ticket && m_state.selectedTicket && m_state.selectedTicket->id == ticket->id)
                    m_state.selectedTicket = ticket;
                m_state.tickets.invalidate();
                refreshStats();
            };
        },
        [this](const std::string& e) { reportError("No ticket was changed", e); });
}

void ConsoleController::editTicket(const std::string& ticketId, const std::string& name, const std::string& email) {
    m_state.ticketEdit = {};
    m_state.ticketEdit.ticketId = ticketId;
    m_state.ticketEdit.saving = true;
    m_writer.post(
        [this, ticketId, name, email](Database& db) {
            auto edited = TicketStore(db).editHolder(ticketId, name, email, "console");
            return [this, ticketId, edited = std::move(edited)] {
                if (m_state.ticketEdit.ticketId != ticketId) return;  // another edit began meanwhile
                auto& answer = m_state.ticketEdit;
                answer.saving = false;
                if (!edited) {
                    const auto& e = edited.error();
                    (e.code == "invalid_name" ? answer.nameError : e.code == "invalid_email" ? answer.emailError
                                                                                              : answer.error) = e.message;
                    return;
                }
                answer.saved = true;
                if (m_state.selectedTicket && m_state.selectedTicket->id == ticketId) m_state.selectedTicket = *edited;
                m_state.tickets.invalidate();  // the name may move the row in a sort by name
                m_state.notify("Saved ticket #" + formatTicketNumber(edited->number) + ": " +
                               (edited->holderName.empty() ? "(no name)" : edited->holderName) + ".");
            };
        },
        [this, ticketId](const std::string& e) {
            if (m_state.ticketEdit.ticketId != ticketId) return;
            m_state.ticketEdit.saving = false;
            m_state.ticketEdit.error = "Not saved: " + e;
        });
}

void ConsoleController::exportAttendees(const TicketQuery& query, const std::string& path) {
    auto file = m_folder.databaseFile();
    m_tasks.start("Exporting attendees", [=, this](TaskProgress&) -> TaskRunner::Continuation {
        auto db = Database::open(file);
        if (!db) return [this, e = db.error()] { reportError("Export failed", e.message); };
        auto done = exportAttendeesCsv(**db, query, path);
        return [this, done = std::move(done), path] {
            if (!done) return reportError("Export failed", done.error().message);
            m_state.notify("Exported " + counted(static_cast<long long>(done->rows), "attendee", "attendees") +
                           " to " + path);
        };
    }, [this](const std::string& e) { reportError("Export failed", e); });
}

void ConsoleController::issueTickets(std::size_t count, const std::string& typeName) {
    const std::string eventId = m_state.currentEventId;
    if (eventId.empty()) return;
    auto file = m_folder.databaseFile();
    auto keys = m_folder.keyStore();
    std::string name = "Issuing " + counted(static_cast<long long>(count), "ticket", "tickets");
    m_tasks.start(
        name,
        [=, this](TaskProgress& progress) -> TaskRunner::Continuation {
            auto db = Database::open(file);
            if (!db) return [this, e = db.error()] { reportError("No tickets issued", e.message); };
            auto issued = TicketIssuer(**db, keys).issueCount(eventId, count, typeName,
                                                              [&](std::size_t done, std::size_t total) {
                                                                  return progress.report(done, total);
                                                              });
            const bool cancelled = progress.cancelled();
            std::size_t n = issued ? issued->size() : 0;
            std::string error = issued ? "" : issued.error().message;
            return [this, n, error, cancelled] {
                if (cancelled) m_state.notify("Cancelled: no tickets were issued.");
                else if (!error.empty()) reportError("No tickets issued", error);
                else m_state.notify("Issued " + counted(static_cast<long long>(n), "ticket", "tickets") + ".");
                m_state.tickets.invalidate();
                refreshStats();
            };
        },
        [this](const std::string& e) { reportError("No tickets issued", e); });
}

void ConsoleController::openImport(const std::string& path) { m_import->open(path); }
void ConsoleController::remapImport(const AttendeeColumns& columns) { m_import->remap(columns); }
void ConsoleController::runImport(const views::ImportChoices& choices) { m_import->run(choices); }
void ConsoleController::closeImport() { m_import->close(); }
void ConsoleController::undoLastImport() { m_import->undoLast(); }

void ConsoleController::setLogQuery(const CheckinQuery& query) {
    m_state.logQuery = query;
    m_state.logLoaded = false;
    refreshLog();
}

void ConsoleController::exportCheckins(const std::string& path) {
    const std::string eventId = m_state.currentEventId;
    auto file = m_folder.databaseFile();
    m_tasks.start("Exporting check-ins", [=, this](TaskProgress&) -> TaskRunner::Continuation {
        auto db = Database::open(file);
        if (!db) return [this, e = db.error()] { reportError("Export failed", e.message); };
        auto done = exportCheckinsCsv(**db, eventId, path);
        return [this, done = std::move(done), path] {
            if (!done) return reportError("Export failed", done.error().message);
            m_state.notify(views::exportedScansText(static_cast<std::int64_t>(done->rows), path));
        };
    }, [this](const std::string& e) { reportError("Export failed", e); });
}

void ConsoleController::cancelTask(int taskId) {
    for (const auto& t : m_tasks.running())
        if (t.id() == taskId) t.cancel();
}

void ConsoleController::applySettings(const views::ConsoleSettings& settings) {
    m_state.settings = settings;
    if (onScale) onScale(settings.uiScale);
    m_writer.post([this, settings](Database& db) {
        db.storeSettings({{kScaleSetting, std::to_string(settings.uiScale)}});
        return DatabaseWorker::Continuation{};
    }, [this](const std::string& e) { reportError("Settings not saved", e); });
}

views::Texture ConsoleController::qrTexture(const std::string& qrData) { return m_qr.get(qrData); }

void ConsoleController::requestQuit() {
    if (onQuit) onQuit();
}

}  // namespace qrgate::gui

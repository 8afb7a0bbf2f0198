#include "app/gui_first_run_controller.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/base/time_format.hpp"
#include "core/checkin/checkin_log.hpp"
#include "core/events/demo_event.hpp"
#include "core/events/event_catalog.hpp"
#include "core/mail/mail_sender.hpp"
#include "core/mail/mail_settings.hpp"
#include "core/paper/paper_job.hpp"
#include "core/paper/printer_calibration.hpp"
#include "core/paper/printing.hpp"
#include "core/paper/test_ticket_page.hpp"
#include "core/scan/camera_list.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "core/tickets/ticket_store.hpp"
#include "views/first_run_view.hpp"

extern char** environ;

namespace qrgate::gui {

namespace fs = std::filesystem;
using Line = views::GuideLine;
using Tone = views::GuideLine::Tone;

namespace {

constexpr const char* kTestGate = "Test gate";
constexpr int kPictureWidth = 1000;  // px: the code is about half of it, plenty for a camera
// A folder shows each picture for a second, then the kiosk's camera has ended: the picture is
// there this many times (hard links), as if held up to a camera for half a minute, so a kiosk
// still starting on a busy machine sees it too. A code that stays in view is one scan.
constexpr int kPictureSeconds = 30;

std::string homeDir() {
    const char* home = std::getenv("HOME");
    return home && *home ? home : "/tmp";
}

// "~/x.pdf" as the shell would read it.
std::string expandHome(const std::string& path) {
    if (path.rfind("~/", 0) == 0) return homeDir() + path.substr(1);
    return path;
}

std::string suggestedPdf() {
    std::error_code ec;
    return fs::is_directory(fs::path(homeDir()) / "Documents", ec) ? "~/Documents/qrgate-test-ticket.pdf"
                                                                    : "~/qrgate-test-ticket.pdf";
}

// The refusal's reason in words, for the guide's line.
std::string reasonWords(const std::string& code) {
    if (code == "already_used") return "already used (it was scanned before)";
    if (code == "void") return "the ticket is void";
    if (code == "not_found") return "this gate does not know the ticket yet";
    if (code == "wrong_event") return "a ticket of another event";
    if (code == "wrong_gate") return "its type is not allowed at this gate";
    if (code == "not_yet_valid") return "not valid yet (see the event's dates and the type's days)";
    if (code == "expired") return "expired (the event has ended)";
    if (code == "invalid_signature" || code == "malformed") return "not a ticket of this event";
    return code;
}

// What the test gate said of the scan, in the event's time zone.
Line scanLine(const Checkin& c, const std::string& timeZone) {
    const std::string at = formatClockLocal(c.scannedAt, timeZone) + " at " + c.gateId;
    if (c.result == CheckinResult::Admitted) return {"Admitted at " + at, Tone::Good};
    return {"Refused at " + at + ": " + reasonWords(c.reason), c.reason == "already_used" ? Tone::Warn : Tone::Bad};
}

// The environment for the kiosk child: ours, without the console's GUI script (the child would
// run it), and with a sync node on a free loopback port (the console's node has the usual one).
std::vector<std::string> kioskEnvironment() {
    std::vector<std::string> env;
    for (char** e = environ; e && *e; ++e) {
        const std::string entry = *e;
        if (entry.rfind("QRGATE_GUI_SCRIPT=", 0) == 0 || entry.rfind("QRGATE_LISTEN=", 0) == 0) continue;
        env.push_back(entry);
    }
    env.push_back("QRGATE_LISTEN=127.0.0.1:0");
    return env;
}

}  // namespace

FirstRunController::FirstRunController(views::ConsoleState& state, UiQueue& ui, const DataFolder& folder)
    : m_state(state),
      m_ui(ui),
      m_folder(folder),
      m_db(folder.databaseFile(), ui, "guide"),
      m_slow(folder.databaseFile(), ui, "guide-send") {}

FirstRunController::~FirstRunController() {
    stopTestKiosk();
    std::error_code ec;
    if (!m_pictureDir.empty()) fs::remove_all(m_pictureDir, ec);
}

void FirstRunController::tick(double nowSeconds, bool consoleReady) {
    auto& g = m_state.firstRun;
    if (!g.offered && consoleReady) {
        g.offered = true;
        if (m_state.events.empty() && m_state.databaseError.empty()) views::FirstRunView::open(m_state);
    }
    watchKiosk();
    if ((m_kiosk > 0 || g.kioskStarting) && nowSeconds >= m_nextPoll) {
        m_nextPoll = nowSeconds + 0.5;
        pollScans();
    }
}

void FirstRunController::createDemoEvent() {
    auto& g = m_state.firstRun;
    g.makingDemo = true;
    g.eventLine = {};
    auto keys = m_folder.keyStore();
    m_db.post(
        [this, keys](Database& db) mutable {
            auto demo = qrgate::createDemoEvent(db, keys, localTimeZoneName());
            return [this, demo = std::move(demo)] {
                auto& g = m_state.firstRun;
                g.makingDemo = false;
                if (!demo) {
                    g.eventLine = {"No demo event: " + demo.error().message, Tone::Bad};
                    return;
                }
                g.eventLine = {demo->existed ? "The demo event was there already: it is the current event now."
                                             : "Made \"" + demo->event.name + "\" with a VIP type and " +
                                                   counted(static_cast<long long>(demo->tickets.size()), "ticket",
                                                           "tickets") + ".",
                               Tone::Good};
                if (onEventChosen) onEventChosen(demo->event.id);
            };
        },
        [this](const std::string& e) {
            m_state.firstRun.makingDemo = false;
            m_state.firstRun.eventLine = {"No demo event: " + e, Tone::Bad};
        });
}

void FirstRunController::makeTestTicket() {
    auto& g = m_state.firstRun;
    const std::string eventId = m_state.currentEventId;
    if (eventId.empty() || g.makingTestTicket) return;
    g.makingTestTicket = true;
    g.testTicketLine = {};
    auto keys = m_folder.keyStore();
    const auto mailSettings = m_folder.mailSettingsFile(), mailPassword = m_folder.mailPasswordFile();
    m_db.post(
        [this, eventId, keys, mailSettings, mailPassword](Database& db) {
            // One test ticket per event: a second guide run finds the first while it is valid.
            std::optional<Ticket> ticket;
            std::string error;
            if (!keys.has(eventId)) {
                error = "this machine has no key file for the event, so it cannot make a ticket's code";
            } else {
                TicketQuery query;
                query.eventId = eventId;
                query.search = kTestTicketHolder;
                for (const auto& t : TicketStore(db).list(query))
                    if (t.holderName == kTestTicketHolder && t.state == TicketState::Valid) ticket = t;
                if (!ticket) {
                    auto issued = TicketIssuer(db, keys).issueFor(eventId, {{kTestTicketHolder, "", ""}});
                    if (issued) ticket = issued->front().ticket;
                    else error = issued.error().message;
                }
            }
            const auto settings = MailSettingsStore(mailSettings, mailPassword).load();
            const bool mailConfigured = settings && settings->configured();
            const bool hasCamera = !listCameras().empty();
            return [this, ticket, error, mailConfigured, hasCamera, eventId] {
                auto& g = m_state.firstRun;
                g.makingTestTicket = false;
                g.mailConfigured = mailConfigured;
                g.hasCamera = hasCamera;
                if (g.pdfSuggestion.empty()) g.pdfSuggestion = suggestedPdf();
                if (!ticket || !error.empty()) {
                    g.testTicketLine = {"No test ticket: " + (error.empty() ? "it was not made" : error), Tone::Bad};
                    return;
                }
                g.testTicketId = ticket->id;
                g.testTicketNumber = ticket->number;
                g.testTicketEventId = eventId;
                m_state.tickets.invalidate();
            };
        },
        [this](const std::string& e) {
            m_state.firstRun.makingTestTicket = false;
            m_state.firstRun.testTicketLine = {"No test ticket: " + e, Tone::Bad};
        });
}

void FirstRunController::saveTestTicket(const std::string& path) {
    auto& g = m_state.firstRun;
    const std::string ticketId = g.testTicketId, eventId = g.testTicketEventId;
    if (ticketId.empty()) return;
    g.paperBusy = true;
    g.paperLine = {};
    const fs::path out = expandHome(path);
    const auto paper = paperSizeOrA4(m_state.print.options.paper);
    auto keys = m_folder.keyStore();
    m_slow.post(
        [this, ticketId, eventId, out, paper, keys](Database& db) {
            auto job = loadPaperJob(db, keys, eventId, TicketSelection::byIds({ticketId}));
            Status written = job ? writeTestTicketPdf(*job, paper, out) : Status(job.error());
            return [this, written = std::move(written), out] {
                auto& g = m_state.firstRun;
                g.paperBusy = false;
                if (!written) {
                    g.paperLine = {"Not saved: " + written.error().message, Tone::Bad};
                    return;
                }
                g.paperDone = true;
                g.paperLine = {"Saved to " + out.string() + ". Print it at 100 % and measure the ruler.", Tone::Good};
            };
        },
        [this](const std::string& e) {
            m_state.firstRun.paperBusy = false;
            m_state.firstRun.paperLine = {"Not saved: " + e, Tone::Bad};
        });
}

void FirstRunController::printTestTicket(const std::string& printer) {
    auto& g = m_state.firstRun;
    const std::string ticketId = g.testTicketId, eventId = g.testTicketEventId;
    if (ticketId.empty() || printer.empty()) return;
    g.paperBusy = true;
    g.paperLine = {"Sending to " + printer + "...", Tone::Plain};
    const auto paper = paperSizeOrA4(m_state.print.options.paper);
    const fs::path calibrations = m_folder.printersFile();
    auto keys = m_folder.keyStore();
    m_slow.post(
        [this, ticketId, eventId, paper, keys, printer, calibrations](Database& db) {
            auto job = loadPaperJob(db, keys, eventId, TicketSelection::byIds({ticketId}));
            const fs::path out = fs::temp_directory_path() / ("qrgate-test-ticket-" + std::to_string(::getpid()) + ".pdf");
            Status written = job ? writeTestTicketPdf(*job, paper, out, CalibrationStore(calibrations).load(printer))
                                 : Status(job.error());
            Result<int> sent = written ? printPdf({printer, out, 1, paper.name == "letter" ? "Letter" : "A4", "Test ticket"})
                                       : Result<int>(written.error());
            std::error_code ec;
            fs::remove(out, ec);
            return [this, sent = std::move(sent), printer] {
                auto& g = m_state.firstRun;
                g.paperBusy = false;
                if (!sent) {
                    g.paperLine = {"Not printed: " + sent.error().message, Tone::Bad};
                    return;
                }
                g.paperDone = true;
                g.paperLine = {"Sent to " + printer + " (job " + std::to_string(*sent) +
                                   "). Measure the ruler: it should be 100 mm.",
                               Tone::Good};
            };
        },
        [this](const std::string& e) {
            m_state.firstRun.paperBusy = false;
            m_state.firstRun.paperLine = {"Not printed: " + e, Tone::Bad};
        });
}

void FirstRunController::emailTestTicket(const std::string& to) {
    auto& g = m_state.firstRun;
    const std::string ticketId = g.testTicketId, eventId = g.testTicketEventId;
    if (ticketId.empty()) return;
    g.mailBusy = true;
    g.mailLine = {"Sending to " + to + "...", Tone::Plain};
    const DataFolder folder = m_folder;
    const auto paper = paperSizeOrA4(m_state.print.options.paper);
    m_slow.post(
        [this, folder, ticketId, eventId, to, paper](Database&) {
            MailSettingsStore store(folder.mailSettingsFile(), folder.mailPasswordFile());
            auto settings = store.load();
            auto password = store.password();
            Status sent = !settings ? Status(settings.error())
                                    : qrgate::sendTestMessage(folder, *settings, password ? *password : std::string(),
                                                              eventId, ticketId, to, paper);
            return [this, sent = std::move(sent), to] {
                auto& g = m_state.firstRun;
                g.mailBusy = false;
                if (!sent) {
                    g.mailLine = {"Not sent: " + sent.error().message, Tone::Bad};
                    return;
                }
                g.mailDone = true;
                g.mailLine = {"Sent to " + to + ": the server took it. Open it on your phone to scan from the screen.",
                              Tone::Good};
            };
        },
        [this](const std::string& e) {
            m_state.firstRun.mailBusy = false;
            m_state.firstRun.mailLine = {"Not sent: " + e, Tone::Bad};
        });
}

void FirstRunController::startTestKiosk(bool usePicture) {
    auto& g = m_state.firstRun;
    const std::string ticketId = g.testTicketId, eventId = g.testTicketEventId;
    if (ticketId.empty() || m_kiosk > 0 || g.kioskStarting) return;
    g.kioskStarting = true;
    g.kioskLine = {};
    g.scanLine = {};
    g.admitted = false;
    if (m_pictureDir.empty())
        m_pictureDir = fs::temp_directory_path() / ("qrgate-test-gate-" + std::to_string(::getpid()));
    const fs::path pictureDir = m_pictureDir;
    const auto paper = *findPaperSize("a4");
    auto keys = m_folder.keyStore();
    m_db.post(
        [this, ticketId, eventId, usePicture, pictureDir, paper, keys](Database& db) {
            // The newest check-in at the test gate so far: the guide shows only what comes after.
            CheckinQuery query;
            query.eventId = eventId;
            query.gateId = kTestGate;
            query.limit = 1;
            const auto last = CheckinLog(db).list(query);
            const std::int64_t baseline = last.empty() ? 0 : last.front().id;
            Status picture = success();
            if (usePicture) {
                std::error_code ec;
                fs::remove_all(pictureDir, ec);
                fs::create_directories(pictureDir, ec);
                auto job = loadPaperJob(db, keys, eventId, TicketSelection::byIds({ticketId}));
                const fs::path first = pictureDir / "test-ticket-00.png";
                picture = job ? writeTestTicketPng(*job, paper, kPictureWidth, first) : Status(job.error());
                for (int i = 1; picture && i < kPictureSeconds; ++i) {
                    char name[32];
                    std::snprintf(name, sizeof name, "test-ticket-%02d.png", i);
                    fs::create_hard_link(first, pictureDir / name, ec);
                    if (ec) fs::copy_file(first, pictureDir / name, ec);
                }
            }
            return [this, baseline, picture = std::move(picture), usePicture, pictureDir, eventId] {
                auto& g = m_state.firstRun;
                g.kioskStarting = false;
                if (!picture) {
                    g.kioskLine = {"No picture of the test ticket: " + picture.error().message, Tone::Bad};
                    return;
                }
                m_scanBaseline = baseline;
                std::vector<std::string> args = {"/proc/self/exe", "--data", m_folder.root().string(), "kiosk",
                                                 "--event", eventId, "--windowed", "--gate", kTestGate,
                                                 "--camera", usePicture ? pictureDir.string() : "0"};
                const auto env = kioskEnvironment();
                std::vector<char*> argv, envp;
                for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
                argv.push_back(nullptr);
                for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
                envp.push_back(nullptr);
                const pid_t pid = ::fork();
                if (pid == 0) {
                    ::execve("/proc/self/exe", argv.data(), envp.data());
                    std::_Exit(127);
                }
                if (pid < 0) {
                    g.kioskLine = {std::string("The kiosk did not start: ") + std::strerror(errno), Tone::Bad};
                    return;
                }
                m_kiosk = pid;
                g.kioskRunning = true;
                g.kioskLine = {usePicture ? "A kiosk window is open as \"Test gate\", reading a picture of the test ticket."
                                          : "A kiosk window is open as \"Test gate\": hold the test ticket up to the camera.",
                               Tone::Plain};
            };
        },
        [this](const std::string& e) {
            m_state.firstRun.kioskStarting = false;
            m_state.firstRun.kioskLine = {"The kiosk did not start: " + e, Tone::Bad};
        });
}

// The kiosk child ended by itself (closed, or it could not open its window): say so once.
void FirstRunController::watchKiosk() {
    if (m_kiosk <= 0) return;
    int status = 0;
    if (::waitpid(m_kiosk, &status, WNOHANG) != m_kiosk) return;
    m_kiosk = -1;
    auto& g = m_state.firstRun;
    g.kioskRunning = false;
    const bool failed = WIFEXITED(status) ? WEXITSTATUS(status) != 0 : !WIFSIGNALED(status);
    g.kioskLine = failed ? Line{"The kiosk window ended with an error (see the terminal it was started from).", Tone::Bad}
                         : Line{"The kiosk window was closed.", Tone::Plain};
    pollScans();  // a verdict recorded just before it closed
}

void FirstRunController::stopTestKiosk() {
    if (m_kiosk <= 0) return;
    ::kill(m_kiosk, SIGTERM);
    int status = 0;
    ::waitpid(m_kiosk, &status, 0);
    m_kiosk = -1;
    m_state.firstRun.kioskRunning = false;
    m_state.firstRun.kioskLine = {"The kiosk window was closed.", Tone::Plain};
}

// The test gate's newest check-in since the kiosk started, from the shared database (the kiosk
// writes into the same data folder).
void FirstRunController::pollScans() {
    if (m_polling) return;
    const std::string eventId = m_state.firstRun.testTicketEventId;
    const Event* event = m_state.currentEvent();
    const std::string zone = event ? event->timeZone : "UTC";
    const std::int64_t baseline = m_scanBaseline;
    const std::string ticketId = m_state.firstRun.testTicketId;
    m_polling = true;
    m_db.post(
        [this, eventId, zone, baseline, ticketId](Database& db) {
            CheckinQuery query;
            query.eventId = eventId;
            query.gateId = kTestGate;
            query.afterId = baseline;
            query.limit = 50;
            const auto found = CheckinLog(db).list(query);
            // The test ticket's admission if there is one, else the newest verdict.
            std::optional<Checkin> newest;
            for (const auto& c : found)
                if (c.result == CheckinResult::Admitted && c.ticketId == ticketId) newest = c;
            if (!newest && !found.empty()) newest = found.front();
            return [this, newest, zone] {
                m_polling = false;
                if (!newest) return;
                auto& g = m_state.firstRun;
                // An admission stays the answer: the kiosk's "already used" for a second look at the
                // same picture is what a gate says, not news for the dry run.
                if (g.admitted) return;
                g.scanLine = scanLine(*newest, zone);
                g.admitted = newest->result == CheckinResult::Admitted && newest->ticketId == g.testTicketId;
            };
        },
        [this](const std::string&) { m_polling = false; }, "guide-scans");
}

void FirstRunController::finishGuide() {
    auto& g = m_state.firstRun;
    stopTestKiosk();
    const std::string ticketId = g.testTicketId;
    auto close = [this] {
        auto& g = m_state.firstRun;
        g.finishing = false;
        g.finished = true;
        g.open = false;
        m_state.navigateTo = "dashboard";
    };
    if (ticketId.empty()) return close();
    g.finishing = true;
    m_db.post(
        [this, ticketId, close](Database& db) {
            Status voided = TicketStore(db).setState(ticketId, TicketState::Void, "console");
            return [this, voided = std::move(voided), close] {
                auto& g = m_state.firstRun;
                if (!voided) {
                    g.finishing = false;
                    g.finishLine = {"The test ticket was not voided: " + voided.error().message +
                                        ". Void it on the Tickets screen.",
                                    Tone::Bad};
                    return;
                }
                g.finishLine = {"The test ticket can no longer get anyone in.", Tone::Good};
                m_state.notify("Test ticket #" + formatTicketNumber(g.testTicketNumber) +
                               " is void: it can no longer get anyone in.");
                g.testTicketId.clear();
                m_state.tickets.invalidate();
                close();
            };
        },
        [this](const std::string& e) {
            m_state.firstRun.finishing = false;
            m_state.firstRun.finishLine = {"The test ticket was not voided: " + e, Tone::Bad};
        });
}

}  // namespace qrgate::gui

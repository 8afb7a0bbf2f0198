// qrgate mail send | status | resend | settings | template: the email outbox (core/mail).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli_context.hpp"
#include "app/cli_paper.hpp"
#include "core/base/clock.hpp"
#include "core/base/time_format.hpp"
#include "core/mail/mail_outbox.hpp"
#include "core/mail/mail_sender.hpp"
#include "core/mail/mail_settings.hpp"
#include "core/mail/mail_template.hpp"
#include "core/mail/message_files.hpp"
#include "core/mail/smtp_transport.hpp"

namespace qrgate::cli {

namespace {

constexpr const char* kMailHelp = R"(usage:
  qrgate [--data DIR] mail send --event ID [--to all|unsent|failed|unknown] [SETTINGS] [--json]
        Emails each attendee their ticket: the QR code in the message and the ticket as a PDF.
        --to unsent (default): every valid ticket with an address whose message was not accepted
        yet (new ones and failed ones); failed: only the failed ones; unknown: only those in doubt
        (see status); all: everyone again, also those already sent. Messages already accepted by
        the server are never sent again unless asked with --to all or 'mail resend'.
        Sending resumes where it stopped: run it again after an interruption. Temporary failures
        (4xx replies, lost connections) are retried with a growing wait; permanent ones (5xx,
        an address that is not one) are marked failed. Exit 0 when every selected message was
        sent, 1 when any failed or is unknown, or the server could not be reached.
        --json prints {"queued","sent","failed","unknown","noAddress","alreadySent","inDoubt"}.
  qrgate [--data DIR] mail send --event ID --dry-run --out DIR [--to ...]
        Writes each message it would send as DIR/NUMBER.eml, sends nothing.
  qrgate [--data DIR] mail status --event ID [--state queued|sending|sent|failed|unknown] [--json]
        The outbox: one line per ticket. --json prints
        [{"ticketId","number","name","to","state","attempts","reply","at","messageId"}].
        "unknown" means qrgate stopped after handing the message over and before the server
        answered: it may have arrived. Such messages are not resent by themselves.
  qrgate [--data DIR] mail resend TICKET_ID [SETTINGS]
  qrgate [--data DIR] mail resend --event ID --state failed|unknown|sent [SETTINGS]
        Queues the ticket (or every ticket in that state) again and sends it now. A resent
        message keeps its Message-ID unless the ticket was reissued.
  qrgate [--data DIR] mail settings [SETTINGS] [--test] [--json]
        Shows the settings (never the password), changes the ones given, --test connects and
        logs in without sending anything.
  qrgate [--data DIR] mail template --event ID [--subject S] [--body-file F | --reset] [--preview TICKET_ID]
        Shows the event's template, or changes it. Placeholders: {name} {event} {ticket_number}
        {ticket_type} {venue} {starts} {qr}. --preview prints the message for one ticket.

SETTINGS (remembered for this data folder, in DATA/mail.json):
  --smtp URL          smtp://HOST[:PORT] (STARTTLS required, port 587 by default) or
                      smtps://HOST[:PORT] (TLS from the start, 465)
  --no-tls            plain SMTP, only to a relay on this machine (localhost)
  --ca FILE           trust this CA certificate (PEM) for the server, besides the system's
  --user U            log in as U
  --password-file F   the password, read from F and kept in DATA/smtp-password (mode 0600);
                      or $QRGATE_SMTP_PASSWORD for this run only. Never printed.
  --from "NAME <ADDR>"  the sender
  --rate N            messages per minute (0 = no limit; default 60). Common limits: Gmail 20,
                      Google Workspace 30, Microsoft 365 30, Amazon SES 60.
  --one-per-address / --one-per-ticket   one message per address with all its tickets, or one
                      per ticket (default)
  --timeout S         every network wait, in seconds (default 30)
  --retry-after S     first wait after a temporary failure, doubled each time (default 30)
  --attempts N        attempts before a message is given up (default 6)
  --paper a4|letter   the attached PDF's paper (default a4; not remembered)
)";

const std::set<std::string> kSettingOptions = {"--smtp",  "--ca",          "--user",     "--password-file", "--from",
                                               "--rate",  "--timeout",     "--retry-after", "--attempts",   "--paper"};
const std::set<std::string> kSettingFlags = {"--no-tls", "--one-per-address", "--one-per-ticket"};

OptionSpec specWith(std::set<std::string> values, std::set<std::string> flags) {
    values.insert(kSettingOptions.begin(), kSettingOptions.end());
    flags.insert(kSettingFlags.begin(), kSettingFlags.end());
    flags.insert("--help");
    return {values, flags};
}

// The settings as stored, changed by the options given (and stored again when any was). The
// password: --password-file (stored), else $QRGATE_SMTP_PASSWORD (this run only), else stored.
struct EffectiveSettings {
    MailSettings settings;
    std::string password;
};

std::optional<EffectiveSettings> settingsFrom(const DataFolder& folder, const Args& args, int& exitCode) {
    MailSettingsStore store(folder.mailSettingsFile(), folder.mailPasswordFile());
    auto loaded = store.load();
    if (!loaded) {
        exitCode = fail(loaded.error().message);
        return std::nullopt;
    }
    MailSettings s = *loaded;
    bool changed = false;
    auto badUsage = [&](const std::string& message) {
        exitCode = usage(message, "mail");
        return std::nullopt;
    };
    if (auto url = args.value("--smtp")) {
        s.smtpUrl = *url;
        s.plainLocal = args.flag("--no-tls");
        changed = true;
    } else if (args.flag("--no-tls")) {
        s.plainLocal = true;
        changed = true;
    }
    if (auto ca = args.value("--ca")) {
        std::error_code ec;
        s.caFile = ca->empty() ? "" : std::filesystem::absolute(*ca, ec).string();
        if (!ca->empty() && !std::filesystem::is_regular_file(s.caFile, ec)) {
            exitCode = fail("the CA file " + *ca + " does not exist");
            return std::nullopt;
        }
        changed = true;
    }
    if (auto user = args.value("--user")) s.user = *user, changed = true;
    if (auto from = args.value("--from")) {
        auto parsed = parseNamedAddress(*from);
        if (!parsed) return badUsage("--from: " + parsed.error().message);
        s.fromName = parsed->name;
        s.fromAddress = parsed->address;
        changed = true;
    }
    if (auto rate = args.value("--rate")) {
        auto n = parseWholeNumber(*rate);
        if (!n || *n < 0 || *n > 100000) return badUsage("--rate is messages per minute, 0 (no limit) to 100000");
        s.ratePerMinute = static_cast<int>(*n);
        changed = true;
    }
    if (auto t = args.value("--timeout")) {
        auto n = parseDecimal(*t);
        if (!n || *n < 1 || *n > 600) return badUsage("--timeout is seconds, 1 to 600");
        s.timeoutSeconds = static_cast<int>(*n);
        changed = true;
    }
    if (auto r = args.value("--retry-after")) {
        auto n = parseDecimal(*r);
        if (!n || *n < 0 || *n > 3600) return badUsage("--retry-after is seconds, 0 to 3600");
        s.retryBaseSeconds = *n;
        changed = true;
    }
    if (auto a = args.value("--attempts")) {
        auto n = parseWholeNumber(*a);
        if (!n || *n < 1 || *n > 50) return badUsage("--attempts is 1 to 50");
        s.maxAttempts = static_cast<int>(*n);
        changed = true;
    }
    if (args.flag("--one-per-address") && args.flag("--one-per-ticket"))
        return badUsage("give --one-per-address or --one-per-ticket, not both");
    if (args.flag("--one-per-address")) s.onePerAddress = true, changed = true;
    if (args.flag("--one-per-ticket")) s.onePerAddress = false, changed = true;
    if (!s.smtpUrl.empty()) {
        if (auto endpoint = parseSmtpEndpoint(s.smtpUrl, s.plainLocal); !endpoint) {
            exitCode = args.has("--smtp") || args.has("--no-tls") ? usage(endpoint.error().message, "mail")
                                                                  : fail(endpoint.error().message);
            return std::nullopt;
        }
    }
    EffectiveSettings out{s, {}};
    if (auto file = args.value("--password-file")) {
        auto read = readPasswordFile(*file);
        if (!read) {
            exitCode = fail(read.error().message);
            return std::nullopt;
        }
        out.password = *read;
        if (auto saved = store.savePassword(out.password); !saved) {
            exitCode = fail(saved.error().message);
            return std::nullopt;
        }
    } else if (const char* env = std::getenv("QRGATE_SMTP_PASSWORD"); env && *env) {
        out.password = env;
    } else if (auto stored = store.password()) {
        out.password = *stored;
    } else {
        exitCode = fail(stored.error().message);
        return std::nullopt;
    }
    if (changed) {
        if (auto saved = store.save(s); !saved) {
            exitCode = fail(saved.error().message);
            return std::nullopt;
        }
    }
    return out;
}

std::string plural(int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::atomic<bool> g_interrupted{false};
extern "C" void onInterrupt(int) { g_interrupted.store(true); }

std::string selectionWords(const EnqueueSummary& s) {
    std::string words;
    auto add = [&](int n, const std::string& text) {
        if (n > 0) words += "; " + text;
    };
    add(s.alreadySent, plural(s.alreadySent, "ticket was", "tickets were") + " sent before");
    add(s.inDoubt, plural(s.inDoubt, "message is", "messages are") + " in doubt (see 'qrgate mail status --state unknown')");
    add(s.noAddress, plural(s.noAddress, "ticket has", "tickets have") + " no email address");
    add(s.badAddress, plural(s.badAddress, "address is", "addresses are") + " not an email address");
    add(s.busy, plural(s.busy, "message is", "messages are") + " being sent by another qrgate");
    return words;
}

void printProblems(MailOutbox& outbox, const std::string& eventId, TimeMs since) {
    int shown = 0;
    for (auto state : {OutboxState::Failed, OutboxState::Unknown}) {
        for (const auto& e : outbox.list(eventId, state)) {
            if (e.updatedAt < since) continue;
            if (++shown > 20) continue;
            std::cerr << "  " << formatTicketNumber(e.ticketNumber) << " " << e.recipient << ": " << toString(state)
                      << " - " << e.reply << "\n";
        }
    }
    if (shown > 20) std::cerr << "  ... and " << (shown - 20) << " more (see 'qrgate mail status')\n";
}

// Sends what is queued for the event and reports; the exit code of `mail send` and `resend`.
int sendNow(const DataFolder& folder, Database& db, const std::string& eventId, const EffectiveSettings& eff,
            const PaperSize& paper, bool json, const EnqueueSummary& selection, TimeMs since) {
    std::atomic<bool> cancel{false};
    g_interrupted.store(false);
    auto previousInt = std::signal(SIGINT, onInterrupt);
    auto previousTerm = std::signal(SIGTERM, onInterrupt);
    const bool interactive = ::isatty(STDERR_FILENO) && !json;
    SendRequest request;
    request.eventId = eventId;
    request.settings = eff.settings;
    request.password = eff.password;
    request.paper = paper;
    request.cancel = &cancel;
    request.onProgress = [&](const SendProgress& p) {
        if (g_interrupted.load()) cancel.store(true);
        if (!interactive) return;
        std::cerr << "\r  sent " << p.counts.sent << ", failed " << p.counts.failed << ", unknown " << p.counts.unknown
                  << ", queued " << p.counts.queued;
        if (p.secondsLeft && *p.secondsLeft > 0) std::cerr << ", about " << *p.secondsLeft << " s left";
        if (!p.waiting.empty()) std::cerr << " - " << p.waiting;
        std::cerr << "          " << std::flush;
    };
    auto report = sendQueuedMail(folder, request);
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
    if (interactive) std::cerr << "\n";
    if (!report) return fail(report->stopped ? report->stopped->message : report.error().message);
    MailOutbox outbox(db);
    const auto& last = report->last;
    if (report->interruptedBefore > 0)
        std::cerr << "qrgate: " << plural(report->interruptedBefore, "message was", "messages were")
                  << " being sent when qrgate last stopped; now \"unknown\": it may have arrived. Check with the "
                     "attendee, then 'qrgate mail resend TICKET_ID' (see 'qrgate mail status --state unknown').\n";
    if (json) {
        std::cout << nlohmann::json{{"queued", selection.queued},         {"sent", last.sentThisRun},
                                    {"failed", last.failedThisRun},       {"unknown", last.unknownThisRun},
                                    {"noAddress", selection.noAddress},   {"alreadySent", selection.alreadySent},
                                    {"inDoubt", selection.inDoubt},       {"stillQueued", last.counts.queued}}
                         .dump()
                  << "\n";
    } else {
        std::cout << "Sent " << plural(last.sentThisRun, "message", "messages");
        if (last.failedThisRun) std::cout << ", " << last.failedThisRun << " failed";
        if (last.unknownThisRun) std::cout << ", " << last.unknownThisRun << " unknown";
        if (last.counts.queued) std::cout << ", " << last.counts.queued << " still queued";
        std::cout << selectionWords(selection) << ".\n";
    }
    printProblems(outbox, eventId, since);
    if (report->stopped) {
        if (report->stopped->code == "cancelled")
            return fail("stopped; the rest stays queued: run 'qrgate mail send' again to go on");
        return fail(report->stopped->message + " Nothing more was sent; run 'qrgate mail send' again to go on.");
    }
    const bool allSent = last.failedThisRun == 0 && last.unknownThisRun == 0 && report->interruptedBefore == 0 &&
                         last.counts.queued == 0 && selection.badAddress == 0;
    return allSent ? kExitOk : kExitFailed;
}

std::optional<PaperSize> paperFrom(const Args& args, int& exitCode) { return paperOption(args, exitCode, "mail"); }

int send(const Context& ctx, const Args& args) {
    auto who = recipientsFromString(args.value("--to").value_or("unsent"));
    if (!who) return usage("--to is all, unsent, failed or unknown", "mail");
    if (args.flag("--dry-run") != args.has("--out")) return usage("--dry-run needs --out DIR (and --out needs --dry-run)", "mail");
    auto scope = openEvent(ctx, args);
    if (!scope) return kExitFailed;
    auto& [folder, db, eventId] = *scope;
    int exitCode = kExitOk;
    auto paper = paperFrom(args, exitCode);
    if (!paper) return exitCode;
    auto eff = settingsFrom(folder, args, exitCode);
    if (!eff) return exitCode;
    if (eff->settings.fromAddress.empty()) return fail("no sender address: give one with --from \"Name <address>\"");
    if (args.flag("--dry-run")) {
        auto written = writeMessageFiles(folder, eventId, *who, eff->settings, *paper, *args.value("--out"));
        if (!written) return fail(written.error().message);
        std::cout << "Wrote " << plural(written->messages, "message", "messages") << " to " << *args.value("--out")
                  << selectionWords(written->selection) << ".\n";
        return kExitOk;
    }
    if (eff->settings.smtpUrl.empty()) return fail("no mail server: give one with --smtp smtp://HOST:PORT");
    if (!folder.keyStore().has(eventId))
        return fail("this machine has no signing key for event " + eventId +
                    ": tickets can only be emailed from the organizer's machine that issued them");
    const TimeMs since = SystemClock::instance().nowMs();
    MailOutbox outbox(*db);
    auto queued = outbox.enqueue(eventId, *who, eff->settings.onePerAddress, since);
    if (!queued) return fail(queued.error().message);
    return sendNow(folder, *db, eventId, *eff, *paper, args.flag("--json"), *queued, since);
}

nlohmann::json entryJson(const OutboxEntry& e) {
    const TimeMs at = e.sentAt.value_or(e.updatedAt);
    return {{"ticketId", e.ticketId},   {"number", formatTicketNumber(e.ticketNumber)},
            {"name", e.holderName},     {"to", e.recipient},
            {"state", toString(e.state)}, {"attempts", e.attempts},
            {"reply", e.reply},         {"at", formatIsoUtc(at)},
            {"messageId", e.messageId}};
}

int status(const Context& ctx, const Args& args) {
    auto db = ctx.openDatabase();
    if (!db) return kExitFailed;
    auto eventId = resolveEvent(args, *db);
    if (!eventId) return kExitFailed;
    std::optional<OutboxState> state;
    if (auto s = args.value("--state")) {
        state = outboxStateFromString(*s);
        if (!state) return usage("--state is queued, sending, sent, failed or unknown", "mail");
    }
    MailOutbox outbox(*db);
    const auto entries = outbox.list(*eventId, state);
    if (args.flag("--json")) {
        auto arr = nlohmann::json::array();
        for (const auto& e : entries) arr.push_back(entryJson(e));
        std::cout << arr.dump() << "\n";
        return kExitOk;
    }
    const auto c = outbox.counts(*eventId);
    std::cout << "sent " << c.sent << ", queued " << c.queued << ", sending " << c.sending << ", failed " << c.failed
              << ", unknown " << c.unknown << "\n";
    for (const auto& e : entries) {
        std::cout << formatTicketNumber(e.ticketNumber) << "  " << toString(e.state) << "  " << e.recipient << "  "
                  << formatIsoUtc(e.sentAt.value_or(e.updatedAt));
        if (!e.reply.empty()) std::cout << "  " << e.reply;
        std::cout << "\n";
    }
    if (c.unknown > 0)
        std::cout << "unknown: qrgate stopped after handing the message over, before the server answered; it may have "
                     "arrived. Check with the attendee, then 'qrgate mail resend TICKET_ID'.\n";
    return kExitOk;
}

int resend(const Context& ctx, const Args& args) {
    auto opened = ctx.open();
    if (!opened) return kExitFailed;
    auto& [folder, db] = *opened;
    const TimeMs since = SystemClock::instance().nowMs();
    MailOutbox outbox(*db);
    std::string eventId;
    EnqueueSummary selection;
    if (args.positionals().size() == 1) {
        if (args.has("--state")) return usage("give a TICKET_ID or --state, not both", "mail");
        const std::string ticketId = args.positionals()[0];
        if (auto queued = outbox.resendTicket(ticketId, since); !queued) return fail(queued.error().message);
        eventId = outbox.entryForTicket(ticketId)->eventId;
        selection.queued = 1;
    } else if (args.positionals().empty() && args.has("--state")) {
        auto state = outboxStateFromString(*args.value("--state"));
        if (!state || *state == OutboxState::Queued || *state == OutboxState::Sending)
            return usage("--state is failed, unknown or sent", "mail");
        auto event = resolveEvent(args, *db);
        if (!event) return kExitFailed;
        eventId = *event;
        selection.queued = outbox.resendState(eventId, *state, since);
    } else {
        return usage("mail resend needs one TICKET_ID, or --event ID --state S", "mail");
    }
    int exitCode = kExitOk;
    auto paper = paperFrom(args, exitCode);
    if (!paper) return exitCode;
    auto eff = settingsFrom(folder, args, exitCode);
    if (!eff) return exitCode;
    if (!eff->settings.configured()) {
        std::cout << "Queued " << plural(selection.queued, "message", "messages")
                  << "; set the mail server ('qrgate mail settings --smtp URL --from ADDR') and run 'qrgate mail send'.\n";
        return kExitOk;
    }
    return sendNow(folder, *db, eventId, *eff, *paper, args.flag("--json"), selection, since);
}

int settingsCommand(const Context& ctx, const Args& args) {
    auto folder = ctx.folder();
    if (!folder) return kExitFailed;
    int exitCode = kExitOk;
    auto eff = settingsFrom(*folder, args, exitCode);
    if (!eff) return exitCode;
    const MailSettings& s = eff->settings;
    const bool hasPassword = !eff->password.empty();
    if (args.flag("--json")) {
        std::cout << nlohmann::json{{"smtp", s.smtpUrl},
                                    {"noTls", s.plainLocal},
                                    {"ca", s.caFile},
                                    {"user", s.user},
                                    {"password", hasPassword ? "set" : "none"},
                                    {"fromName", s.fromName},
                                    {"fromAddress", s.fromAddress},
                                    {"rate", s.ratePerMinute},
                                    {"onePerAddress", s.onePerAddress},
                                    {"timeout", s.timeoutSeconds},
                                    {"retryAfter", s.retryBaseSeconds},
                                    {"attempts", s.maxAttempts}}
                         .dump()
                  << "\n";
    } else {
        auto endpoint = s.smtpUrl.empty() ? Result<SmtpEndpoint>(Error{"", ""}) : parseSmtpEndpoint(s.smtpUrl, s.plainLocal);
        std::cout << "server:   " << (endpoint ? endpoint->describe() : std::string("not set")) << "\n"
                  << "login:    " << (s.user.empty() ? "none" : s.user + (hasPassword ? " (password set)" : " (no password)"))
                  << "\n"
                  << "sender:   " << (s.fromAddress.empty() ? "not set" : s.fromName + " <" + s.fromAddress + ">") << "\n"
                  << "CA file:  " << (s.caFile.empty() ? "the system's" : s.caFile) << "\n"
                  << "rate:     " << (s.ratePerMinute ? std::to_string(s.ratePerMinute) + " per minute" : "no limit") << "\n"
                  << "messages: " << (s.onePerAddress ? "one per address" : "one per ticket") << "\n"
                  << "timeout:  " << s.timeoutSeconds << " s; retries: " << s.maxAttempts << " attempts, first after "
                  << s.retryBaseSeconds << " s\n";
    }
    if (!args.flag("--test")) return kExitOk;
    auto transport = SmtpTransport::create(s, eff->password);
    if (!transport) return fail(transport.error().message);
    if (auto tested = (*transport)->testConnection(); !tested) return fail(tested.error().message);
    std::cout << "The mail server " << (*transport)->endpoint().describe() << " accepted the connection"
              << (s.user.empty() ? "" : " and the login") << ".\n";
    return kExitOk;
}

int templateCommand(const Context& ctx, const Args& args) {
    auto scope = openEvent(ctx, args);
    if (!scope) return kExitFailed;
    auto& [folder, db, eventId] = *scope;
    MailTemplate tmpl = loadMailTemplate(*db, eventId);
    const bool change = args.has("--subject") || args.has("--body-file") || args.flag("--reset");
    if (args.flag("--reset") && (args.has("--subject") || args.has("--body-file")))
        return usage("--reset goes alone", "mail");
    if (args.flag("--reset")) tmpl = defaultMailTemplate();
    if (auto subject = args.value("--subject")) tmpl.subject = *subject;
    if (auto file = args.value("--body-file")) {
        std::ifstream in(*file, std::ios::binary);
        if (!in) return fail("cannot read " + *file);
        std::stringstream text;
        text << in.rdbuf();
        tmpl.body = text.str();
    }
    if (change) {
        if (auto saved = saveMailTemplate(*db, eventId, tmpl, SystemClock::instance().nowMs()); !saved)
            return fail(saved.error().message);
        for (const auto& word : unknownPlaceholders(tmpl))
            std::cerr << "qrgate: " << word << " is not a placeholder; it is sent as written\n";
    }
    if (auto ticketId = args.value("--preview")) {
        auto batch = loadTicketBatch(*db, eventId, TicketSelection::byIds({*ticketId}));
        if (!batch) return fail(batch.error().message);
        const auto filled = fillTemplate(tmpl, templateValuesFor(batch->event, batch->tickets), {"qr"});
        std::cout << "Subject: " << filled.subject << "\n\n" << filled.text;
        return kExitOk;
    }
    std::cout << "Subject: " << tmpl.subject << "\n\n" << tmpl.body;
    if (!tmpl.body.empty() && tmpl.body.back() != '\n') std::cout << "\n";
    return kExitOk;
}

}  // namespace

int runMailCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    const std::string sub = tokens.empty() ? "" : tokens[0];
    if (sub.empty() || sub == "--help" || sub == "help") {
        std::cout << kMailHelp;
        return sub.empty() ? kExitUsage : kExitOk;
    }
    const std::vector<std::string> rest(tokens.begin() + 1, tokens.end());
    OptionSpec spec;
    if (sub == "send") spec = specWith({"--event", "--to", "--out"}, {"--json", "--dry-run"});
    else if (sub == "status") spec = {{"--event", "--state"}, {"--json", "--help"}};
    else if (sub == "resend") spec = specWith({"--event", "--state"}, {"--json"});
    else if (sub == "settings") spec = specWith({}, {"--json", "--test"});
    else if (sub == "template") spec = {{"--event", "--subject", "--body-file", "--preview"}, {"--reset", "--help"}};
    else return usage("unknown mail command '" + sub + "' (send, status, resend, settings, template)", "mail");
    Args args(rest, spec);
    if (args.flag("--help")) {
        std::cout << kMailHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "mail");
    if (sub != "resend" && !args.positionals().empty())
        return usage("unexpected '" + args.positionals()[0] + "'", "mail");
    if (sub == "send") return send(ctx, args);
    if (sub == "status") return status(ctx, args);
    if (sub == "resend") return resend(ctx, args);
    if (sub == "settings") return settingsCommand(ctx, args);
    return templateCommand(ctx, args);
}

}  // namespace qrgate::cli

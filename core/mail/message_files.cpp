#include "core/mail/message_files.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "core/base/clock.hpp"
#include "core/mail/mail_message.hpp"
#include "core/mail/smtp_transport.hpp"
#include "core/paper/paper_job.hpp"
#include "core/store/output_file.hpp"

namespace qrgate {

namespace {

bool sendAll(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::send(fd, text.data() + done, text.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// One line (without CRLF) from `fd`, reading through `buffer`; false at the end or after 10 s
// of silence.
bool readLine(int fd, std::string& buffer, std::string& line) {
    while (true) {
        if (auto nl = buffer.find("\r\n"); nl != std::string::npos) {
            line = buffer.substr(0, nl);
            buffer.erase(0, nl + 2);
            return true;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 10000) <= 0) return false;
        char chunk[65536];
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
}

std::string upperVerb(const std::string& line) {
    std::string verb = line.substr(0, line.find(' '));
    for (auto& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return verb;
}

}  // namespace

Result<std::unique_ptr<LoopbackMailSink>> LoopbackMailSink::start() {
    std::unique_ptr<LoopbackMailSink> sink(new LoopbackMailSink());
    sink->m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (sink->m_listener < 0 || ::bind(sink->m_listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(sink->m_listener, 4) != 0 ||
        ::getsockname(sink->m_listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        return Error{"mail_sink", std::string("Cannot listen on 127.0.0.1 for the dry run: ") + std::strerror(errno)};
    sink->m_port = ntohs(addr.sin_port);
    sink->m_thread = std::thread([s = sink.get()] { s->serve(); });
    return sink;
}

LoopbackMailSink::~LoopbackMailSink() {
    if (m_listener >= 0) ::shutdown(m_listener, SHUT_RDWR);
    if (m_thread.joinable()) m_thread.join();
    if (m_listener >= 0) ::close(m_listener);
}

std::vector<std::string> LoopbackMailSink::take() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_messages, {});
}

void LoopbackMailSink::serve() {
    while (true) {
        int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            return;  // shut down
        }
        converse(client);
        ::close(client);
    }
}

void LoopbackMailSink::converse(int client) {
    std::string buffer, line;
    if (!sendAll(client, "220 qrgate dry run ready\r\n")) return;
    while (readLine(client, buffer, line)) {
        const std::string verb = upperVerb(line);
        if (verb == "EHLO" || verb == "HELO") {
            sendAll(client, "250-qrgate dry run\r\n250 8BITMIME\r\n");
        } else if (verb == "DATA") {
            sendAll(client, "354 go on\r\n");
            std::string message;
            while (readLine(client, buffer, line) && line != ".") {
                if (!line.empty() && line[0] == '.') line.erase(0, 1);
                message += line + "\r\n";
            }
            {
                std::lock_guard lock(m_mutex);
                m_messages.push_back(std::move(message));
            }
            sendAll(client, "250 2.0.0 kept for the dry run\r\n");
        } else if (verb == "QUIT") {
            sendAll(client, "221 bye\r\n");
            return;
        } else {
            sendAll(client, "250 ok\r\n");  // MAIL, RCPT, RSET, NOOP
        }
    }
}

Result<MessageFilesSummary> writeMessageFiles(const DataFolder& folder, const std::string& eventId, Recipients who,
                                              const MailSettings& settings, const PaperSize& paper,
                                              const std::filesystem::path& outDir) {
    auto db = folder.openDatabase();
    if (!db) return db.error();
    MailOutbox outbox(**db);
    auto plan = outbox.plan(eventId, who, settings.onePerAddress);
    if (!plan) return plan.error();
    MessageFilesSummary summary;
    summary.selection = plan->summary;
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) return Error{"write_failed", "Cannot create the folder " + outDir.string() + ": " + ec.message()};
    if (plan->messages.empty()) return summary;

    auto sink = LoopbackMailSink::start();
    if (!sink) return sink.error();
    MailSettings local = settings;
    local.smtpUrl = "smtp://127.0.0.1:" + std::to_string((*sink)->port());
    local.plainLocal = true;
    local.user.clear();
    local.caFile.clear();
    auto transport = SmtpTransport::create(local, "");
    if (!transport) return transport.error();
    const MailTemplate tmpl = loadMailTemplate(**db, eventId);
    const NamedAddress from{settings.fromName, settings.fromAddress};
    for (const auto& message : plan->messages) {
        auto job = loadPaperJob(**db, folder.keyStore(), eventId, TicketSelection::byIds(message.ticketIds));
        if (!job) return job.error();
        auto mail = composeTicketMail(*job, tmpl, from, SystemClock::instance().nowMs(), paper);
        if (!mail) return mail.error();
        const SendOutcome outcome = (*transport)->send(*mail);
        if (outcome.kind != SendOutcome::Kind::Accepted)
            return Error{"mail_sink", "The dry run could not build a message: " + outcome.reply};
        auto received = (*sink)->take();
        if (received.size() != 1) return Error{"mail_sink", "The dry run's receiver lost a message."};
        const auto file = outDir / (formatTicketNumber(job->batch.tickets.front().number) + ".eml");
        if (auto written = writeOutputFile(file, received.front()); !written) return written.error();
        ++summary.messages;
        summary.tickets += static_cast<int>(message.ticketIds.size());
    }
    return summary;
}

}  // namespace qrgate

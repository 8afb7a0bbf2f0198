#pragma once
// `mail send --dry-run --out DIR`: every message the selection would send, written as .eml files
// to look at (any mail program opens them) without sending anything or touching the outbox.
//
// The files are what a server would receive, byte for byte: each message goes through the same
// SmtpTransport and libcurl MIME code as a real send, to a minimal SMTP receiver that this
// process runs on 127.0.0.1 for the occasion (LoopbackMailSink), which writes what it is given.
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/base/result.hpp"
#include "core/mail/mail_outbox.hpp"
#include "core/mail/mail_settings.hpp"
#include "core/paper/sheet_layouts.hpp"
#include "core/store/data_folder.hpp"

namespace qrgate {

// Listens on 127.0.0.1 (a free port), takes any message over plain SMTP and keeps it.
class LoopbackMailSink {
public:
    static Result<std::unique_ptr<LoopbackMailSink>> start();
    ~LoopbackMailSink();
    LoopbackMailSink(const LoopbackMailSink&) = delete;
    LoopbackMailSink& operator=(const LoopbackMailSink&) = delete;

    int port() const { return m_port; }
    // The messages received so far (their DATA, dot-unstuffed, CRLF line ends), and forgets them.
    std::vector<std::string> take();

private:
    LoopbackMailSink() = default;
    void serve();
    void converse(int client);

    int m_listener = -1;
    int m_port = 0;
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<std::string> m_messages;
};

struct MessageFilesSummary {
    int messages = 0;
    int tickets = 0;
    EnqueueSummary selection;  // what was left out and why
};

// Writes one file per message into `outDir` (created if needed): "000042.eml", named by the
// first ticket's number. Needs the sender address; the server settings are not used.
Result<MessageFilesSummary> writeMessageFiles(const DataFolder& folder, const std::string& eventId, Recipients who,
                                              const MailSettings& settings, const PaperSize& paper,
                                              const std::filesystem::path& outDir);

}  // namespace qrgate

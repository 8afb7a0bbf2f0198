#pragma once
// A CUPS server of the test's own: Debian's cupsd in the foreground with its configuration,
// spool, cache, state and logs in a temporary folder, listening on 127.0.0.1 only, on a free
// port. No system service, file or setting is touched; the machine's own CUPS (if any) keeps
// running beside it. Programs reach it through env() (CUPS_SERVER=127.0.0.1:PORT).
//
// Queues that turn each job into a PDF file: addPdfQueue uses cups-pdf, so the job goes through
// the real filter chain as to a real printer (pdftopdf, pdftops, then Ghostscript). CUPS's own
// file: device is no substitute: cupsd 2.4 runs nothing for a raw queue with a file: device
// (the job "completes" and no file appears), and a driver queue on it needs a PPD of its own.
//
// Why cups-pdf's output lands in our folder without /etc/cups/cups-pdf-QUEUE.conf: cups-pdf
// also reads its settings from the queue's PPD (Out, Spool, Log, ...), and the PPD is ours (a
// copy in our ServerRoot). PPD values lose everything from the first '/', so the folders are
// relative names, resolved against the backend's working folder: cupsd run in the foreground
// keeps the one it was started in, which start() makes our folder. /etc/cups/cups-pdf.conf is
// still read first, and overridden.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace qrgate::testing {

class PrivateCupsServer {
public:
    PrivateCupsServer() = default;
    ~PrivateCupsServer() { stop(); }
    PrivateCupsServer(const PrivateCupsServer&) = delete;
    PrivateCupsServer& operator=(const PrivateCupsServer&) = delete;

    // Starts cupsd and waits (at most 15 s) until it accepts connections. False when it cannot
    // run here; failure() then says why in one line (cupsd's own words from its error_log or
    // stderr), for GTEST_SKIP() or a failed assertion.
    bool start();
    const std::string& failure() const { return m_failure; }

    // Why addPdfQueue cannot work here, or empty: cups-pdf's backend is mode 0700, root's, and
    // cupsd runs it only when it runs as root. For GTEST_SKIP().
    static std::string pdfQueueUnavailable();
    // An enabled cups-pdf queue writing each job as a PDF file into the returned folder (empty on
    // failure, see failure()).
    std::filesystem::path addPdfQueue(const std::string& name);

    std::string address() const { return "127.0.0.1:" + std::to_string(m_port); }
    std::vector<std::string> env() const { return {"CUPS_SERVER=" + address()}; }
    const std::filesystem::path& root() const { return m_dir.path(); }
    std::filesystem::path pageLog() const;
    // The server's error_log lines that report errors or warnings, for assertion messages.
    std::string problems() const;

    // SIGTERM to cupsd and what it started, SIGKILL after 5 s. Idempotent.
    void stop();

private:
    bool launch();
    bool runAdminCommand(const std::vector<std::string>& argv);
    bool enable(const std::string& name);

    TempDir m_dir;
    pid_t m_pid = -1;
    int m_port = 0;
    std::string m_failure;
};

// The first file in `folder` that is a whole PDF (starts with %PDF-, ends with %%EOF), waiting
// for it at most `timeout`; empty when none came.
std::filesystem::path waitForPdf(const std::filesystem::path& folder, std::chrono::seconds timeout);

}  // namespace qrgate::testing

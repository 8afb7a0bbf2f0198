#include "core/paper/printing.hpp"

#include <cups/cups.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <strings.h>

namespace qrgate {

namespace {

// A server that accepted the connection but stopped answering must not hold the caller (the
// command line, the console's worker) forever: every wait on the connection ends after this.
constexpr int kConnectTimeoutMs = 5000;
constexpr double kRequestTimeoutSeconds = 20;

const char* const kNoServerAdvice = "install and start cups, or set CUPS_SERVER";

// libcups asks for a password on the terminal when a server wants one: that would hang a
// command run from a script, and the GUI has no terminal. Refuse instead; the request then
// fails with the server's "not authorized" and we say so.
const char* noPassword(const char*, http_t*, const char*, const char*, void*) { return nullptr; }

int giveUpWaiting(http_t*, void*) { return 0; }

struct HttpCloser {
    void operator()(http_t* http) const { httpClose(http); }
};
using Connection = std::unique_ptr<http_t, HttpCloser>;

struct IppDeleter {
    void operator()(ipp_t* ipp) const { ippDelete(ipp); }
};
using Ipp = std::unique_ptr<ipp_t, IppDeleter>;

// Where libcups looks: $CUPS_SERVER, client.conf, else the local socket. For messages.
std::string serverName() {
    std::string host = cupsServer();
    if (!host.empty() && host.front() == '/') return host;
    return host + ":" + std::to_string(ippPort());
}

Error noServer() {
    return Error{"no_cups", "no print server (CUPS) answers at " + serverName() + ": " + kNoServerAdvice};
}

Result<Connection> connectToServer() {
    cupsSetPasswordCB2(noPassword, nullptr);
    Connection http(httpConnect2(cupsServer(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1, kConnectTimeoutMs, nullptr));
    if (!http) return noServer();
    httpSetTimeout(http.get(), kRequestTimeoutSeconds, giveUpWaiting, nullptr);
    return http;
}

std::string stringAttribute(ipp_attribute_t* a) {
    const char* s = a ? ippGetString(a, 0, nullptr) : nullptr;
    return s ? s : "";
}

std::string stateName(int state) {
    switch (state) {
        case IPP_PSTATE_IDLE: return "idle";
        case IPP_PSTATE_PROCESSING: return "printing";
        case IPP_PSTATE_STOPPED: return "stopped";
        default: return "unknown";
    }
}

// The server's printer list in one IPP request (CUPS-Get-Printers), plus the default
// destination the way lp would pick it ($LPDEST/$PRINTER, lpoptions, the server's default).
Result<std::vector<PrinterInfo>> listOn(http_t* http) {
    static const char* const kAttributes[] = {"printer-name",          "printer-info",
                                              "printer-location",      "printer-make-and-model",
                                              "printer-state",         "printer-state-message",
                                              "printer-is-accepting-jobs"};
    ipp_t* request = ippNewRequest(IPP_OP_CUPS_GET_PRINTERS);
    ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  static_cast<int>(std::size(kAttributes)), nullptr, kAttributes);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
    Ipp response(cupsDoRequest(http, request, "/"));  // takes the request
    // An IPP answer "not found" is how CUPS says "there are no printers"; no IPP answer at all
    // (an HTTP 404 from some other web server on that port) is not a print server.
    const ipp_status_t status = response ? ippGetStatusCode(response.get()) : cupsLastError();
    if (!response || (status > IPP_STATUS_OK_EVENTS_COMPLETE && status != IPP_STATUS_ERROR_NOT_FOUND))
        return Error{"no_cups", "the print server at " + serverName() + " did not give its printers (" +
                                    cupsLastErrorString() + "): is it a CUPS server? " + kNoServerAdvice};

    std::vector<PrinterInfo> printers;
    if (response) {
        PrinterInfo current;
        auto flush = [&] {
            if (!current.name.empty()) printers.push_back(std::move(current));
            current = PrinterInfo{};
        };
        for (ipp_attribute_t* a = ippFirstAttribute(response.get()); a; a = ippNextAttribute(response.get())) {
            const char* name = ippGetName(a);
            if (!name) {  // a separator between two printers' groups
                flush();
                continue;
            }
            if (ippGetGroupTag(a) != IPP_TAG_PRINTER) continue;
            const std::string n = name;
            if (n == "printer-name") current.name = stringAttribute(a);
            else if (n == "printer-info") current.description = stringAttribute(a);
            else if (n == "printer-location") current.location = stringAttribute(a);
            else if (n == "printer-make-and-model") current.makeModel = stringAttribute(a);
            else if (n == "printer-state-message") current.stateMessage = stringAttribute(a);
            else if (n == "printer-state") current.state = stateName(ippGetInteger(a, 0));
            else if (n == "printer-is-accepting-jobs") current.acceptingJobs = ippGetBoolean(a, 0) != 0;
        }
        flush();
    }
    if (cups_dest_t* dest = cupsGetNamedDest(http, nullptr, nullptr)) {
        for (auto& p : printers)
            if (p.name == dest->name) p.isDefault = true;
        cupsFreeDests(1, dest);
    }
    std::sort(printers.begin(), printers.end(), [](const PrinterInfo& a, const PrinterInfo& b) {
        return strcasecmp(a.name.c_str(), b.name.c_str()) < 0;
    });
    return printers;
}

// CUPS queue names are case-insensitive.
const PrinterInfo* findPrinter(const std::vector<PrinterInfo>& printers, const std::string& name) {
    for (const auto& p : printers)
        if (p.name == name) return &p;
    for (const auto& p : printers)
        if (strcasecmp(p.name.c_str(), name.c_str()) == 0) return &p;
    return nullptr;
}

Error unknownPrinter(const std::string& name, const std::vector<PrinterInfo>& printers) {
    if (printers.empty())
        return Error{"unknown_printer", "no printer '" + name + "': the print server at " + serverName() +
                                            " has no printers; add one in the system's printer settings (CUPS)"};
    std::string names;
    for (const auto& p : printers) names += (names.empty() ? "" : ", ") + p.name;
    return Error{"unknown_printer", "no printer '" + name + "'; the printers are: " + names};
}

// The file is sent as it is, so it has to be a PDF: a PNG or a CSV sent to a label sheet by
// mistake would print pages of garbage (or nothing) with no error anywhere.
Status checkPdf(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) return Error{"not_a_pdf", file.string() + " is a folder, not a PDF file"};
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{"unreadable_file", "cannot read " + file.string() + ": " + std::strerror(errno)};
    std::array<char, 5> magic{};
    in.read(magic.data(), magic.size());
    if (in.gcount() != 5 || std::string_view(magic.data(), 5) != "%PDF-")
        return Error{"not_a_pdf", file.string() + " is not a PDF file (it does not start with %PDF-)"};
    return success();
}

// IPP media names: every CUPS queue understands them, PPD-driven ones too (CUPS maps them).
Result<std::string> ippMedia(const std::string& media) {
    if (media.empty()) return std::string();
    if (strcasecmp(media.c_str(), "A4") == 0) return std::string("iso_a4_210x297mm");
    if (strcasecmp(media.c_str(), "Letter") == 0) return std::string("na_letter_8.5x11in");
    return Error{"invalid_request", "unknown paper '" + media + "': A4 or Letter"};
}

Error printFailed(const std::string& printer, const std::string& what) {
    return Error{"print_failed", "printing to '" + printer + "' failed: " + what};
}

}  // namespace

Result<std::vector<PrinterInfo>> listPrinters() {
    auto http = connectToServer();
    if (!http) return http.error();
    return listOn(http->get());
}

Result<int> printPdf(const PrintRequest& request) {
    if (request.copies < 1 || request.copies > 999)
        return Error{"invalid_request", "copies must be between 1 and 999, not " + std::to_string(request.copies)};
    auto media = ippMedia(request.media);
    if (!media) return media.error();
    if (auto pdf = checkPdf(request.pdf); !pdf) return pdf.error();

    auto http = connectToServer();
    if (!http) return http.error();
    auto printers = listOn(http->get());
    if (!printers) return printers.error();
    const PrinterInfo* printer = findPrinter(*printers, request.printer);
    if (!printer) return unknownPrinter(request.printer, *printers);
    const std::string name = printer->name;
    if (printer->state == "stopped")
        return Error{"printer_stopped", "the printer '" + name + "' is stopped" +
                                            (printer->stateMessage.empty() ? "" : " (" + printer->stateMessage + ")") +
                                            ": resume it in the system's printer settings"};
    if (!printer->acceptingJobs)
        return Error{"printer_stopped", "the printer '" + name + "' is not accepting jobs: enable it in the system's printer settings"};

    cups_option_t* options = nullptr;
    int count = 0;
    count = cupsAddOption("copies", std::to_string(request.copies).c_str(), count, &options);
    if (!media->empty()) count = cupsAddOption("media", media->c_str(), count, &options);
    // Label sheets must line up: the page as drawn, never shrunk or centred to fit.
    count = cupsAddOption("print-scaling", "none", count, &options);
    count = cupsAddOption("fit-to-page", "false", count, &options);
    const std::string title = request.title.empty() ? request.pdf.filename().string() : request.title;
    const int job = cupsCreateJob(http->get(), name.c_str(), title.c_str(), count, options);
    cupsFreeOptions(count, options);
    if (job <= 0) return printFailed(name, cupsLastErrorString());

    auto abandon = [&](const std::string& why) {
        cupsCancelJob2(http->get(), name.c_str(), job, 0);
        return printFailed(name, why);
    };
    std::ifstream in(request.pdf, std::ios::binary);
    if (!in) return abandon("cannot read " + request.pdf.string());
    if (cupsStartDocument(http->get(), name.c_str(), job, title.c_str(), CUPS_FORMAT_PDF, 1) != HTTP_STATUS_CONTINUE)
        return abandon(cupsLastErrorString());
    std::vector<char> buffer(64 * 1024);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto n = static_cast<size_t>(in.gcount());
        if (n > 0 && cupsWriteRequestData(http->get(), buffer.data(), n) != HTTP_STATUS_CONTINUE) {
            cupsFinishDocument(http->get(), name.c_str());
            return abandon(cupsLastErrorString());
        }
    }
    if (in.bad()) {
        cupsFinishDocument(http->get(), name.c_str());
        return abandon("cannot read " + request.pdf.string());
    }
    if (cupsFinishDocument(http->get(), name.c_str()) > IPP_STATUS_OK_EVENTS_COMPLETE)
        return printFailed(name, cupsLastErrorString());
    return job;
}

}  // namespace qrgate

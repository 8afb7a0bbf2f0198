#pragma once
// The machine's CUPS printers, and sending a PDF to one (libcups). The server is the one libcups
// finds ($CUPS_SERVER, ~/.cups/client.conf, /etc/cups/client.conf, else the local socket).
#include <filesystem>
#include <string>
#include <vector>

#include "core/base/result.hpp"

namespace qrgate {

struct PrinterInfo {
    std::string name;         // the queue name, what print jobs name
    std::string description;  // "printer-info", e.g. "Office laser"
    std::string location;
    std::string makeModel;
    std::string state;  // "idle", "printing" or "stopped"
    std::string stateMessage;
    bool isDefault = false;
    bool acceptingJobs = true;
};

// Error codes: "no_cups" (no server answers; the message says so in one line).
// An empty list is not an error: the caller says "no printers".
Result<std::vector<PrinterInfo>> listPrinters();

struct PrintRequest {
    std::string printer;
    std::filesystem::path pdf;
    int copies = 1;           // 1..999
    std::string media;        // "A4", "Letter" or empty for the printer's default
    std::string title;        // the job's name in the queue; the file name when empty
};

// Sends the file as it is: no fit-to-page, no scaling (label sheets must line up), the copies
// and media asked for. Returns the job id. Error codes: "no_cups", "unknown_printer" (the
// message names the printers there are), "printer_stopped" (stopped or not accepting jobs),
// "not_a_pdf" (no %PDF- at the start), "unreadable_file", "invalid_request" (copies outside
// 1..999, a paper other than A4 or Letter), "print_failed" (the server refused the job).
// Connecting gives up after 5 s, any later wait after 20 s; libcups never asks for a password.
Result<int> printPdf(const PrintRequest& request);

}  // namespace qrgate

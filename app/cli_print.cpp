// qrgate printers [calibrate], qrgate print
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <strings.h>

#include "app/cli_context.hpp"
#include "app/cli_paper.hpp"
#include "core/paper/calibration_page.hpp"
#include "core/paper/printer_calibration.hpp"
#include "core/paper/printing.hpp"

namespace qrgate::cli {

namespace {
constexpr const char* kPrintersHelp = R"(usage:
  qrgate [--data DIR] printers [--json]
        the printers of this machine's print server (CUPS: $CUPS_SERVER, client.conf, else the
        local one). --json prints [{"name","description","location","makeModel","state",
        "stateMessage","default","acceptingJobs"}], with "calibration":{"offsetXmm","offsetYmm",
        "scaleX","scaleY"} for a printer that has one. No printers: exit 0 and a line on stderr;
        no print server: exit 1.
  qrgate [--data DIR] printers calibrate PRINTER [--offset-x MM] [--offset-y MM] [--scale-x F] [--scale-y F]
        remembers what PRINTER does to a page, measured on the calibration page, so that sheets
        rendered for it come out where they should. Offsets: where the cross meant for 20 mm from
        the top left corner is printed, minus 20 (+ = to the right / further down), -50..50 mm.
        Scales: the printed length of each 100 mm ruler divided by 100 (0.98 = shrunk by 2 %),
        0.5..1.5. Values not given keep their saved value. Without values: shows the calibration.
        Kept in the data folder (printers.json), for this machine only.
  qrgate [--data DIR] printers calibrate PRINTER --measured-left MM --measured-top MM
        --measured-across MM --measured-down MM
        the same from what was measured on the calibration page printed without correction: the
        cross's distance from the left and top edges, and the length of the rulers across and
        down the page (both 100 mm when the printer is exact).
  qrgate [--data DIR] printers calibrate PRINTER --reset      forgets the calibration
  qrgate [--data DIR] printers calibration-page --out FILE.pdf [--paper a4|letter] [--printer P]
        the calibration page: a 100 mm ruler across and one down, a cross 20 mm from the top and
        left edges, and how to measure them. With --printer P, drawn with P's saved correction (to
        check it: the rulers should then measure 100 mm).
)";

constexpr const char* kPrintHelp = R"(usage:
  qrgate [--data DIR] print --printer P [--copies N] [--media a4|letter] [--title T] FILE.pdf
        sends FILE.pdf to printer P (see 'qrgate printers') as it is: no fit-to-page, no scaling,
        so label sheets line up. The printer's calibration is applied when sheets are rendered
        (qrgate sheet), not here. --copies 1..999 (default 1); --media asks for the paper,
        otherwise the printer's default; --title names the job in the queue (default: the
        file's name). Only PDF files are sent (they must start with %PDF-). Prints the job id; --json prints
        {"job","printer","copies"}. Exit 0 when the print server took the job.
)";

nlohmann::json calibrationJson(const PrinterCalibration& c) {
    return {{"offsetXmm", c.offsetXmm}, {"offsetYmm", c.offsetYmm}, {"scaleX", c.scaleX}, {"scaleY", c.scaleY}};
}

std::string describe(const PrinterCalibration& c) {
    char text[160];
    std::snprintf(text, sizeof text, "offset x %+.2f mm, y %+.2f mm; scale x %.4f, y %.4f", c.offsetXmm, c.offsetYmm,
                  c.scaleX, c.scaleY);
    return text;
}

std::optional<CalibrationStore> calibrations(const Context& ctx) {
    auto folder = ctx.folder();
    if (!folder) return std::nullopt;
    return CalibrationStore(folder->printersFile());
}

int list(const Context& ctx, const Args& args) {
    if (!args.positionals().empty()) return usage("unexpected '" + args.positionals()[0] + "'", "printers");
    auto store = calibrations(ctx);
    if (!store) return kExitFailed;
    auto printers = listPrinters();
    if (!printers) return fail(printers.error().message);
    const auto saved = store->all();
    if (args.flag("--json")) {
        auto arr = nlohmann::json::array();
        for (const auto& p : *printers) {
            nlohmann::json j = {{"name", p.name},
                                {"description", p.description},
                                {"location", p.location},
                                {"makeModel", p.makeModel},
                                {"state", p.state},
                                {"stateMessage", p.stateMessage},
                                {"default", p.isDefault},
                                {"acceptingJobs", p.acceptingJobs}};
            if (auto it = saved.find(p.name); it != saved.end()) j["calibration"] = calibrationJson(it->second);
            arr.push_back(std::move(j));
        }
        std::cout << arr.dump() << "\n";
    } else {
        std::string out;
        for (const auto& p : *printers) {
            out += p.name + "\t" + p.state + (p.acceptingJobs ? "" : ", not accepting jobs") +
                   (p.isDefault ? "\tdefault" : "\t") + "\t" + p.description +
                   (p.location.empty() ? "" : " (" + p.location + ")");
            if (auto it = saved.find(p.name); it != saved.end()) out += "\tcalibrated: " + describe(it->second);
            out += "\n";
        }
        std::cout << out;
    }
    if (printers->empty()) std::cerr << "qrgate: no printers: add one in the system's printer settings (CUPS)\n";
    return kExitOk;
}

int calibrate(const Context& ctx, const Args& args) {
    if (args.positionals().size() != 1) return usage("printers calibrate needs exactly one PRINTER", "printers");
    const std::string printer = args.positionals()[0];
    auto store = calibrations(ctx);
    if (!store) return kExitFailed;
    const bool anyMeasured = args.has("--measured-left") || args.has("--measured-top") || args.has("--measured-across") ||
                             args.has("--measured-down");
    const bool anyValue = anyMeasured || args.has("--offset-x") || args.has("--offset-y") || args.has("--scale-x") ||
                          args.has("--scale-y");
    if (args.flag("--reset")) {
        if (anyValue) return usage("--reset forgets the calibration; give it without values", "printers");
        const bool had = store->all().count(printer) > 0;
        if (auto s = store->forget(printer); !s) return fail(s.error().message);
        std::cout << (had ? "Forgot the calibration of '" + printer + "'" : "No calibration was saved for '" + printer + "'")
                  << "\n";
        return kExitOk;
    }
    auto calibration = store->load(printer);
    if (!anyValue) {
        if (args.flag("--json")) {
            std::cout << calibrationJson(calibration).dump() << "\n";
        } else {
            std::cout << printer << ": " << (calibration.isIdentity() ? "not calibrated" : describe(calibration)) << "\n";
        }
        return kExitOk;
    }
    if (anyMeasured) {
        double measured[4] = {};
        const char* const options[4] = {"--measured-left", "--measured-top", "--measured-across", "--measured-down"};
        for (int i = 0; i < 4; ++i) {
            auto text = args.value(options[i]);
            if (!text) return usage("give all four measurements: --measured-left, --measured-top, --measured-across and --measured-down", "printers");
            auto v = parseDecimal(*text);
            if (!v || *v <= 0) return usage(std::string(options[i]) + " needs a length in mm, e.g. 99.5, not '" + *text + "'", "printers");
            measured[i] = *v;
        }
        if (args.has("--offset-x") || args.has("--offset-y") || args.has("--scale-x") || args.has("--scale-y"))
            return usage("give the measurements or the offsets and scales, not both", "printers");
        calibration = calibrationFromMeasurements(measured[0], measured[1], measured[2], measured[3]);
    }
    for (auto [option, field] : {std::pair{"--offset-x", &calibration.offsetXmm}, std::pair{"--offset-y", &calibration.offsetYmm},
                                 std::pair{"--scale-x", &calibration.scaleX}, std::pair{"--scale-y", &calibration.scaleY}}) {
        auto text = args.value(option);
        if (!text) continue;
        auto v = parseDecimal(*text);
        if (!v) return usage(std::string(option) + " needs a number, e.g. 1.5, not '" + *text + "'", "printers");
        *field = *v;
    }
    // A typing mistake in the name would calibrate a printer that never prints: check it when the
    // print server answers (a laptop away from its printer can still be calibrated).
    if (auto printers = listPrinters()) {
        bool known = false;
        std::string names;
        for (const auto& p : *printers) {
            known = known || p.name == printer;
            names += (names.empty() ? "" : ", ") + p.name;
        }
        if (!known)
            return fail("no printer '" + printer + "'" + (names.empty() ? " (there are no printers)" : "; the printers are: " + names));
    } else {
        std::cerr << "qrgate: " << printers.error().message << "; saving the calibration anyway\n";
    }
    if (auto s = store->save(printer, calibration); !s) {
        if (s.error().code == "invalid_calibration") return usage(s.error().message, "printers");
        return fail(s.error().message);
    }
    if (args.flag("--json")) {
        std::cout << calibrationJson(calibration).dump() << "\n";
    } else {
        std::cout << "Saved for '" << printer << "': "
                  << (calibration.isIdentity() ? "no correction" : describe(calibration)) << "\n";
    }
    return kExitOk;
}

int calibrationPage(const Context& ctx, const Args& args) {
    auto out = args.value("--out");
    if (!out) return usage("printers calibration-page needs --out FILE.pdf", "printers");
    int exitCode = kExitOk;
    auto paper = paperOption(args, exitCode, "printers");
    if (!paper) return exitCode;
    PrinterCalibration calibration;
    if (auto printer = args.value("--printer")) {
        auto store = calibrations(ctx);
        if (!store) return kExitFailed;
        calibration = store->load(*printer);
    }
    if (auto s = writeCalibrationPage(*paper, *out, calibration); !s) return fail(s.error().message);
    std::cout << "Wrote " << *out << " (" << (calibration.isIdentity() ? "without correction" : "with the saved correction")
              << ")\n";
    return kExitOk;
}
}  // namespace

int runPrintersCommand(const Context& ctx, const std::vector<std::string>& tokens) {
    const std::string sub = tokens.empty() ? "" : tokens[0];
    const bool isCalibrate = sub == "calibrate", isPage = sub == "calibration-page";
    const std::vector<std::string> rest(tokens.begin() + (isCalibrate || isPage ? 1 : 0), tokens.end());
    Args args(rest, isCalibrate ? OptionSpec{{"--offset-x", "--offset-y", "--scale-x", "--scale-y", "--measured-left",
                                              "--measured-top", "--measured-across", "--measured-down"},
                                             {"--reset", "--json"}}
                    : isPage    ? OptionSpec{{"--out", "--paper", "--printer"}, {}}
                                : OptionSpec{{}, {"--json"}});
    if (args.flag("--help")) {
        std::cout << kPrintersHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "printers");
    if (isPage) return calibrationPage(ctx, args);
    return isCalibrate ? calibrate(ctx, args) : list(ctx, args);
}

int runPrintCommand(const Context&, const std::vector<std::string>& tokens) {
    Args args(tokens, {{"--printer", "--copies", "--media", "--title"}, {"--json"}});
    if (args.flag("--help")) {
        std::cout << kPrintHelp;
        return kExitOk;
    }
    if (!args.ok()) return usage(args.error(), "print");
    if (args.positionals().size() != 1) return usage("print needs exactly one FILE.pdf", "print");
    PrintRequest request;
    request.pdf = args.positionals()[0];
    request.printer = args.value("--printer").value_or("");
    if (request.printer.empty()) return usage("print needs --printer P (see 'qrgate printers')", "print");
    if (auto copies = args.value("--copies")) {
        int n = 0;
        auto [end, err] = std::from_chars(copies->data(), copies->data() + copies->size(), n);
        if (err != std::errc() || end != copies->data() + copies->size() || n < 1 || n > 999)
            return usage("--copies must be a whole number from 1 to 999", "print");
        request.copies = n;
    }
    if (auto media = args.value("--media")) {
        if (strcasecmp(media->c_str(), "a4") == 0) request.media = "A4";
        else if (strcasecmp(media->c_str(), "letter") == 0) request.media = "Letter";
        else return usage("--media must be a4 or letter", "print");
    }
    request.title = args.value("--title").value_or("");
    auto job = printPdf(request);
    if (!job) return fail(job.error().message);
    if (args.flag("--json")) {
        std::cout << nlohmann::json{{"job", *job}, {"printer", request.printer}, {"copies", request.copies}}.dump() << "\n";
    } else {
        std::cout << "Sent " << request.pdf.string() << " to '" << request.printer << "' as job " << *job << " ("
                  << request.copies << (request.copies == 1 ? " copy" : " copies") << ")\n";
    }
    return kExitOk;
}

}  // namespace qrgate::cli

#pragma once
// What the Print screen shows: the options the organizer chose (as the app last received them),
// what that selection holds (tickets, names the fonts cannot draw), the preview of its first
// page, the printers and the chosen printer's calibration. Changed by the app on the UI thread
// only; the view keeps its own draft of the options and sends it when it differs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/paper/printer_calibration.hpp"
#include "core/paper/printing.hpp"
#include "core/paper/sheet_layouts.hpp"
#include "core/tickets/ticket_store.hpp"
#include "views/texture.hpp"

namespace qrgate::views {

struct PrintOptions {
    enum class Tickets { All, Type, Selected, MailNotSent, MailFailed };
    std::string eventId;
    Tickets tickets = Tickets::All;
    std::string typeName;                // Tickets::Type
    TicketChoice chosen;                 // Tickets::Selected (the Tickets screen's selection)
    std::string layout = "grid-8";       // a LayoutCatalog name
    std::string paper = "a4";            // for grids; label layouts have their own
    std::string printer;                 // whose calibration sheets sent to it get
    int previewWidthPx = 0;              // the preview's width on screen, in pixels

    bool operator==(const PrintOptions&) const = default;
    // The same tickets (a new preview needs no new read of the database).
    bool sameTickets(const PrintOptions& o) const {
        return eventId == o.eventId && tickets == o.tickets && typeName == o.typeName && chosen == o.chosen;
    }
};

// The documents the screen writes or prints.
// CalibrationPage is printed as it is, to be measured; CalibrationCheck with the printer's saved
// calibration, to check it (its rulers then measure 100 mm).
enum class PaperDocument { Sheet, DoorList, CalibrationPage, CalibrationCheck };
enum class TicketFile { Png, Pdf };

// A name printed without what no font could draw (or as its number).
struct UndrawableName {
    std::int64_t number = 0;
    std::string name;
};

// The four lengths measured on a calibration page printed without calibration.
struct CalibrationMeasurements {
    double crossFromLeftMm = 20, crossFromTopMm = 20;
    double horizontalRulerMm = 100, verticalRulerMm = 100;
};

struct PrintState {
    std::vector<SheetLayout> layouts;  // the presets and <data>/layouts.json, by title
    std::string layoutsError;          // a damaged layouts.json (the built-in presets stay)
    std::string documentsDir;          // where files are suggested: ~/Documents, else ~

    PrintOptions options;  // what the figures and the preview below are for

    // The selection: loaded when the tickets chosen change.
    bool loading = false;
    std::size_t tickets = 0;
    std::string selectionError;  // "Nothing to print: ..." (empty selection, unknown type, ...)
    bool noKeyFile = false;      // a gate's replica: no QR codes here, the door list still works
    std::vector<UndrawableName> undrawable;  // the glyph check's result
    std::size_t undrawableCount = 0;         // all of them (the list holds the first ones)

    // The first page, kept until the next one arrives.
    Texture preview;
    bool rendering = false;
    std::string previewError;
    double previewMs = 0;  // how long the last one took to draw (shown small, for the curious)

    // Printers (CUPS).
    bool printersLoaded = false;
    bool printersLoading = false;
    std::vector<PrinterInfo> printers;
    std::string printersError;  // one line: no CUPS server, ...
    PrinterCalibration calibration;  // of options.printer, identity when none is saved

    bool busy = false;       // a sheet, door list or page is being written or sent
    std::string lastResult;  // "Saved 10,000 tickets on 1,250 pages to /home/..."
    bool lastResultError = false;
};

}  // namespace qrgate::views

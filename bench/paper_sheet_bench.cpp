// paper_sheet_bench: a 10,000-ticket sheet at 8 per page (issue 11's target: at most 5 s and
// 200 MB peak memory on the 2-core machine), the door list of the same event, and the glyph check.
// Prints wall time, pages per second, file size and the peak resident memory of the rendering
// alone (the kernel's high-water mark is reset after issuing, via /proc/self/clear_refs).
//
//   build/bench/paper_sheet_bench [TICKETS] [PER_PAGE]
#include <cstdio>
#include <fstream>
#include <thread>
#include <string>

#include "bench_machine.hpp"
#include "core/base/clock.hpp"
#include "core/paper/door_list.hpp"
#include "core/paper/ticket_sheet.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "core_bench_common.hpp"

using namespace qrgate;
using namespace qrgate::bench;

int main(int argc, char** argv) {
    const std::size_t count = argc > 1 ? std::stoul(argv[1]) : 10'000;
    const int perPage = argc > 2 ? std::stoi(argv[2]) : 8;
    BenchFolder bench("paper");
    auto folder = DataFolder::prepare(bench.root).value();
    auto db = folder.openDatabase().value();
    auto keys = folder.keyStore();
    const Event event = createEvent(*db, keys);

    std::vector<TicketHolder> holders;
    for (std::size_t i = 0; i < count; ++i)
        holders.push_back({mixedScriptName(i), "", ""});
    TicketIssuer(*db, keys).issueFor(event.id, holders).value();
    auto job = loadPaperJob(*db, keys, event.id, TicketSelection::all()).value();

    std::printf("paper_sheet_bench on %s, %u hardware threads\n", cpuName().c_str(), std::thread::hardware_concurrency());

    auto start = std::chrono::steady_clock::now();
    const auto incomplete = namesFontsCannotDraw(job.batch.tickets);
    std::printf("glyph check: %zu names in %.3f s (%zu cannot be drawn in full)\n", count, secondsSince(start),
                incomplete.size());

    SheetOptions options;
    options.layout = *LayoutCatalog::builtIn().gridFor(perPage);
    const auto out = bench.root / "sheet.pdf";
    resetPeakRss();
    start = std::chrono::steady_clock::now();
    auto summary = renderSheet(job, options, out);
    const double seconds = secondsSince(start);
    if (!summary) {
        std::fprintf(stderr, "render failed: %s\n", summary.error().message.c_str());
        return 1;
    }
    std::printf("sheet: %zu tickets, %d per page, %zu pages in %.2f s = %.0f pages/s, %.0f tickets/s\n", summary->tickets,
                perPage, summary->pages, seconds, summary->pages / seconds, summary->tickets / seconds);
    std::printf("sheet: file %.1f MB (%.1f KB a page), peak memory while rendering %.1f MB\n",
                std::filesystem::file_size(out) / 1e6, std::filesystem::file_size(out) / 1e3 / summary->pages,
                peakRssKb() / 1024.0);

    resetPeakRss();
    start = std::chrono::steady_clock::now();
    auto door = renderDoorList(job.batch, *findPaperSize("a4"), SystemClock::instance().nowMs(), bench.root / "door.pdf");
    if (!door) {
        std::fprintf(stderr, "door list failed: %s\n", door.error().message.c_str());
        return 1;
    }
    std::printf("door list: %zu names on %zu pages in %.2f s, file %.1f MB, peak memory %.1f MB\n", door->tickets,
                door->pages, secondsSince(start), std::filesystem::file_size(bench.root / "door.pdf") / 1e6,
                peakRssKb() / 1024.0);
    return 0;
}

#include "core/io/checkin_export.hpp"

#include <SQLiteCpp/Statement.h>

#include "core/io/csv.hpp"
#include "core/base/model.hpp"
#include "core/store/output_file.hpp"
#include "core/base/time_format.hpp"

namespace qrgate {

Result<ExportSummary> exportCheckinsCsv(Database& db, const std::string& eventId, const std::filesystem::path& out) {
    SQLite::Statement ev(db.sql(), "SELECT time_zone FROM events WHERE id = ?");
    ev.bind(1, eventId);
    if (!ev.executeStep()) return Error{"not_found", "No event " + eventId + "."};
    const std::string tz = ev.getColumn(0).getString();

    std::string text = csvLine({"scanned_at", "recorded_at", "result", "reason", "direction", "ticket_number",
                                "ticket_id", "holder_name", "holder_email", "ticket_type", "gate", "device",
                                "offline", "annulled", "checkin_id"});
    SQLite::Statement q(db.sql(),
                        "SELECT c.scanned_at, c.recorded_at, c.result, c.reason, c.direction, t.number, c.ticket_id, "
                        "coalesce(t.holder_name, ''), coalesce(t.holder_email, ''), coalesce(tt.name, ''), c.gate_id, "
                        "c.device_id, c.offline, c.annulled_by, c.nonce FROM checkins c "
                        "LEFT JOIN tickets t ON t.id = c.ticket_id LEFT JOIN ticket_types tt ON tt.id = t.type_id "
                        "WHERE c.event_id = ? ORDER BY c.scanned_at, c.id");
    q.bind(1, eventId);
    ExportSummary summary;
    while (q.executeStep()) {
        const auto result = q.getColumn(2).getString();
        std::vector<std::string> row = {
            formatIsoLocal(q.getColumn(0).getInt64(), tz),
            formatIsoLocal(q.getColumn(1).getInt64(), tz),
            result,
            result == "annul" ? "undo of " + q.getColumn(3).getString() : q.getColumn(3).getString(),
            q.getColumn(4).getString(),
            q.getColumn(5).isNull() ? "" : formatTicketNumber(q.getColumn(5).getInt64()),
            q.getColumn(6).getString(),
            q.getColumn(7).getString(),
            q.getColumn(8).getString(),
            q.getColumn(9).getString(),
            q.getColumn(10).getString(),
            q.getColumn(11).getString(),
            q.getColumn(12).getInt() ? "yes" : "no",
            q.getColumn(13).getString().empty() ? "no" : "yes",
            q.getColumn(14).getString(),
        };
        text += csvTextLine(row);  // guards names against spreadsheet formula injection
        ++summary.rows;
    }
    if (auto written = writeOutputFile(out, text); !written) return written.error();
    return summary;
}

}  // namespace qrgate

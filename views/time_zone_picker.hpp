#pragma once
// The event form's time zone: a combo over the tz database with a filter box ("berl" finds
// Europe/Berlin, "kolk" Asia/Kolkata), each zone with its current UTC offset. The list is built
// once, the first time the picker is drawn, and filtered only when the filter text changes.
#include <optional>
#include <string>
#include <vector>

#include "core/base/time_zones.hpp"

namespace qrgate::views {

class TimeZonePicker {
public:
    // The zones that match `query` (words in any order, any case; '_' reads as a space), those
    // whose city starts with the query first. Indices into `zones`.
    static std::vector<std::size_t> filter(const std::vector<TimeZoneChoice>& zones, const std::string& query);

    // Draws the combo; true when the user picked a zone (then `zone` holds it).
    bool draw(const char* id, std::string& zone, TimeMs now);
    // Opens the list at the next draw with `filter` typed (GUI scripts, for screenshots).
    void openWith(const std::string& filter) { m_openWith = filter; }

    // For tests and for a machine whose clock is set: the list, built on first use.
    const std::vector<TimeZoneChoice>& zones(TimeMs now);
    const std::string& filterText() const { return m_filter; }

private:
    void setFilter(const std::string& text);

    std::vector<TimeZoneChoice> m_zones;
    std::string m_machineZone;
    std::string m_filter;
    std::vector<std::size_t> m_matches;
    std::optional<std::string> m_openWith;
};

}  // namespace qrgate::views

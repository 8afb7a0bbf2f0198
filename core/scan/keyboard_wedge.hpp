#pragma once
// USB barcode scanners in keyboard mode ("keyboard wedge") type the code and press Enter. The
// kiosk feeds every typed character and Enter here; what came in a burst at scanner speed
// becomes a scan, what a person typed does not (it stays the business of the focused text field).
//
// Scanners type a character every 1-20 ms; people rarely manage 60 ms between keys. A pause
// longer than `maxKeyGap` starts a new burst, so a person's typing just before a scan does not
// stick to the code. Scans go through the same de-duplication as camera frames, by time.
#include <chrono>
#include <optional>
#include <string>

#include "core/scan/scan_deduplicator.hpp"
#include "core/scan/scan_event.hpp"

namespace qrgate {

struct WedgeOptions {
    std::chrono::milliseconds maxKeyGap{40};
    std::size_t minLength = 4;     // shorter bursts are stray key presses
    std::size_t maxLength = 4096;  // longer: something is leaning on the keyboard
    DedupOptions dedup{8, std::chrono::milliseconds(1500), std::nullopt};
};

class KeyboardWedge {
public:
    explicit KeyboardWedge(WedgeOptions options = {});

    // A typed character (Unicode code point, as the GUI's text input delivers it).
    void onCharacter(char32_t c, ScanTime at);
    // Enter (or Tab, which some scanners send instead). The scan, when the burst before it was
    // typed at scanner speed and is not a repeat of the same code; else nothing.
    std::optional<ScanEvent> onEnter(ScanTime at);
    // True while a burst is arriving at scanner speed: the GUI can keep those keys out of
    // whatever text field has the focus.
    bool capturing(ScanTime now) const;
    // The burst so far (for a debug overlay).
    const std::string& pending() const { return m_buffer; }
    void reset();

private:
    void append(char32_t c);

    WedgeOptions m_options;
    ScanDeduplicator m_dedup;
    std::string m_buffer;  // UTF-8
    std::size_t m_chars = 0;
    ScanTime m_first{};
    ScanTime m_last{};
    bool m_overflow = false;
};

}  // namespace qrgate

#include "core/scan/keyboard_wedge.hpp"

#include "core/tickets/ticket_codec.hpp"

namespace qrgate {

KeyboardWedge::KeyboardWedge(WedgeOptions options) : m_options(options), m_dedup(options.dedup) {}

void KeyboardWedge::reset() {
    m_buffer.clear();
    m_chars = 0;
    m_overflow = false;
}

void KeyboardWedge::append(char32_t c) {
    // UTF-8, so that a foreign code with accents survives (ours is plain ASCII)
    if (c < 0x80) {
        m_buffer.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        m_buffer.push_back(static_cast<char>(0xC0 | (c >> 6)));
        m_buffer.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        m_buffer.push_back(static_cast<char>(0xE0 | (c >> 12)));
        m_buffer.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        m_buffer.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        m_buffer.push_back(static_cast<char>(0xF0 | (c >> 18)));
        m_buffer.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        m_buffer.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        m_buffer.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

void KeyboardWedge::onCharacter(char32_t c, ScanTime at) {
    if (c < 0x20 || c == 0x7F) return;  // control keys are not part of a code
    if (m_chars > 0 && at - m_last > m_options.maxKeyGap) reset();  // a pause: a new burst
    if (m_chars == 0) m_first = at;
    m_last = at;
    if (m_chars >= m_options.maxLength) {
        m_overflow = true;
        return;
    }
    append(c);
    ++m_chars;
}

bool KeyboardWedge::capturing(ScanTime now) const {
    return m_chars >= 2 && now - m_last <= m_options.maxKeyGap;
}

std::optional<ScanEvent> KeyboardWedge::onEnter(ScanTime at) {
    const bool scannerSpeed = m_chars >= m_options.minLength && !m_overflow && at - m_last <= m_options.maxKeyGap;
    std::string text = std::move(m_buffer);
    const ScanTime first = m_first;
    reset();
    if (!scannerSpeed) return std::nullopt;
    if (!m_dedup.onRead(text, at)) return std::nullopt;
    ScanEvent event;
    event.isTicket = std::holds_alternative<TicketPayload>(TicketCodec::decode(text));
    event.text = std::move(text);
    event.input = ScanInput::KeyboardWedge;
    event.sourceName = "keyboard";
    event.timings.captured = first;
    event.timings.decoded = at;
    return event;
}

}  // namespace qrgate

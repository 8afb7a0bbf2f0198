#pragma once
// A short, distinct sound for each verdict, synthesised at start (no sound files to ship) and
// played through ALSA on a thread of its own. Without an audio device (or without ALSA at build
// time) it stays silent: the gate works the same, just quietly.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "views/verdict_words.hpp"

namespace qrgate::gui {

// Mono 16-bit samples at kSampleRate: the tones for a verdict.
std::vector<std::int16_t> verdictTone(views::VerdictKind kind);
inline constexpr unsigned kSampleRate = 44100;

class SoundPlayer {
public:
    SoundPlayer();
    ~SoundPlayer();
    SoundPlayer(const SoundPlayer&) = delete;
    SoundPlayer& operator=(const SoundPlayer&) = delete;

    void play(views::VerdictKind kind);
    // False when no audio device could be opened (the kiosk is silent).
    bool available() const { return m_available.load(); }

private:
    void run();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<views::VerdictKind> m_queue;
    bool m_stop = false;
    std::atomic<bool> m_available{false};
    std::thread m_thread;
};

}  // namespace qrgate::gui

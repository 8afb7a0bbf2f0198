#include "app/gui_sound.hpp"

#include <algorithm>
#include <cmath>

#ifdef QRGATE_HAVE_ALSA
#include <alsa/asoundlib.h>
#endif

namespace qrgate::gui {

namespace {
// A tone with a soft attack and release, so it does not click.
void appendTone(std::vector<std::int16_t>& out, double hz, double ms, double volume, bool square = false) {
    const auto n = static_cast<std::size_t>(kSampleRate * ms / 1000.0);
    const double fade = kSampleRate * 0.008;
    for (std::size_t i = 0; i < n; ++i) {
        double t = static_cast<double>(i) / kSampleRate;
        double s = std::sin(2 * M_PI * hz * t);
        if (square) s = (s >= 0 ? 0.6 : -0.6) + 0.4 * std::sin(2 * M_PI * hz * 2 * t);
        double env = std::min({1.0, static_cast<double>(i) / fade, static_cast<double>(n - i) / fade});
        out.push_back(static_cast<std::int16_t>(s * env * volume * 32767));
    }
}
void appendSilence(std::vector<std::int16_t>& out, double ms) {
    out.insert(out.end(), static_cast<std::size_t>(kSampleRate * ms / 1000.0), 0);
}
}  // namespace

std::vector<std::int16_t> verdictTone(views::VerdictKind kind) {
    std::vector<std::int16_t> s;
    switch (kind) {
        case views::VerdictKind::Admitted:  // bright rising pair
            appendTone(s, 880, 90, 0.45);
            appendTone(s, 1320, 140, 0.45);
            break;
        case views::VerdictKind::Exit:  // one soft tone
            appendTone(s, 660, 140, 0.35);
            break;
        case views::VerdictKind::AlreadyUsed:  // two equal mid beeps
            appendTone(s, 740, 150, 0.5);
            appendSilence(s, 80);
            appendTone(s, 740, 150, 0.5);
            break;
        case views::VerdictKind::Refused:  // low buzz
            appendTone(s, 196, 420, 0.5, true);
            break;
        case views::VerdictKind::GateProblem:  // three falling tones: for the staff, not a refusal
            appendTone(s, 660, 120, 0.4);
            appendTone(s, 520, 120, 0.4);
            appendTone(s, 390, 220, 0.4);
            break;
    }
    return s;
}

SoundPlayer::SoundPlayer() { m_thread = std::thread([this] { run(); }); }

SoundPlayer::~SoundPlayer() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void SoundPlayer::play(views::VerdictKind kind) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.clear();  // the newest verdict matters; never a backlog of beeps
        m_queue.push_back(kind);
    }
    m_wake.notify_one();
}

#ifdef QRGATE_HAVE_ALSA
namespace {
void quietAlsa(const char*, int, const char*, int, const char*, ...) {}
}
#endif

void SoundPlayer::run() {
#ifdef QRGATE_HAVE_ALSA
    // ALSA prints to stderr when there is no card; a kiosk without speakers is normal.
    snd_lib_error_set_handler(quietAlsa);
    snd_pcm_t* pcm = nullptr;
    if (snd_pcm_open(&pcm, "default", SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK) < 0) pcm = nullptr;
    if (pcm && (snd_pcm_nonblock(pcm, 0) < 0 ||
                snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1, kSampleRate, 1,
                                   100000) < 0)) {
        snd_pcm_close(pcm);
        pcm = nullptr;
    }
    m_available.store(pcm != nullptr);
    const std::vector<std::int16_t> tones[] = {verdictTone(views::VerdictKind::Admitted), verdictTone(views::VerdictKind::Exit),
                                               verdictTone(views::VerdictKind::AlreadyUsed),
                                               verdictTone(views::VerdictKind::Refused),
                                               verdictTone(views::VerdictKind::GateProblem)};
#endif
    for (;;) {
        views::VerdictKind kind;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_stop) break;
            kind = m_queue.front();
            m_queue.pop_front();
        }
#ifdef QRGATE_HAVE_ALSA
        if (!pcm) continue;
        const auto& t = tones[static_cast<int>(kind)];
        snd_pcm_prepare(pcm);
        snd_pcm_sframes_t written = snd_pcm_writei(pcm, t.data(), t.size());
        if (written < 0) snd_pcm_recover(pcm, static_cast<int>(written), 1);
        snd_pcm_drain(pcm);
#else
        (void)kind;
#endif
    }
#ifdef QRGATE_HAVE_ALSA
    if (pcm) snd_pcm_close(pcm);
#endif
}

}  // namespace qrgate::gui

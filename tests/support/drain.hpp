#pragma once
// For tests of work that answers on the UI thread: drain a UiQueue until something holds.
#include <chrono>
#include <thread>

#include "core/runtime/ui_queue.hpp"

namespace qrgate::testing {

// Drains the queue until `done` or five seconds passed.
template <class F>
inline bool drainUntil(UiQueue& ui, F done) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done()) {
        if (std::chrono::steady_clock::now() > until) return false;
        ui.drain();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

}  // namespace qrgate::testing

#pragma once
// The fonts the program ships (share/qrgate/fonts beside the binary: DejaVu Sans, Bold and Sans
// Mono), added to fontconfig's current configuration before Pango makes its first font map, so a
// sheet renders with the fonts it names even on a machine whose fontconfig has no DejaVu.
// The system's fonts stay available for scripts DejaVu lacks (Devanagari, Arabic...).
#include "core/base/result.hpp"

namespace qrgate::paper {

// Registers the folder once per process (later calls return the first call's outcome). An error
// (folder missing, fontconfig refused it) is not fatal: the system's fonts are used then.
Status useBundledFonts();

}  // namespace qrgate::paper

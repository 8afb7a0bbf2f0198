#include "core/paper/bundled_fonts.hpp"

#include <fontconfig/fontconfig.h>

#include <mutex>

#include "core/base/install_paths.hpp"

namespace qrgate::paper {

namespace {

Status registerFontsFolder() {
    auto assets = installedAssetsFolder();
    if (!assets) return assets.error();
    const auto fonts = *assets / "fonts";
    // FcConfigGetCurrent loads the configuration (FONTCONFIG_FILE or the system's) if nothing has
    // yet; Pango's font maps then use that same configuration, with the folder in it.
    FcConfig* config = FcConfigGetCurrent();
    if (!config || !FcConfigAppFontAddDir(config, reinterpret_cast<const FcChar8*>(fonts.c_str())))
        return Error{"fonts_missing", "Could not add the program's fonts (" + fonts.string() + ") to fontconfig"};
    return success();
}

}  // namespace

Status useBundledFonts() {
    static std::once_flag once;
    static Status outcome = success();
    std::call_once(once, [] { outcome = registerFontsFolder(); });
    return outcome;
}

}  // namespace qrgate::paper

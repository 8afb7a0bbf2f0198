#pragma once
// Shared by the paper commands (sheet, doorlist, tickets render).
#include <optional>
#include <string>

#include "app/cli_args.hpp"
#include "core/paper/sheet_layouts.hpp"

namespace qrgate::cli {

// --paper a4|letter (default a4); on a bad value prints the usage error, sets `exitCode`, nullopt.
std::optional<PaperSize> paperOption(const Args& args, int& exitCode, const std::string& command);

}  // namespace qrgate::cli

#pragma once
// Command-line parsing: options with values (--event ID or --event=ID), flags, positionals.
// Unknown options and missing values are usage errors (exit code 2).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace qrgate::cli {

struct OptionSpec {
    std::set<std::string> withValue;  // e.g. "--event"
    std::set<std::string> flags;      // e.g. "--json"
};

class Args {
public:
    // Parses `tokens` (after the command words) against `spec`; "--" ends the options.
    Args(const std::vector<std::string>& tokens, const OptionSpec& spec);

    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }

    bool has(const std::string& option) const { return m_values.count(option) || m_flags.count(option); }
    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    const std::vector<std::string>& positionals() const { return m_positionals; }

private:
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positionals;
    std::string m_error;
};

// A number as typed: "1.5", "-0.8", "+2"; nothing after it, finite.
std::optional<double> parseDecimal(const std::string& text);
// A whole number as typed: "12", "+3", "-1"; nothing after it.
std::optional<long long> parseWholeNumber(const std::string& text);

// Exit codes of the command-line contract.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

}  // namespace qrgate::cli

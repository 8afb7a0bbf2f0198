#include "app/cli_args.hpp"

#include <charconv>
#include <cmath>

namespace qrgate::cli {

Args::Args(const std::vector<std::string>& tokens, const OptionSpec& spec) {
    bool optionsEnded = false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        if (optionsEnded || t.size() < 2 || t[0] != '-' || t == "-") {
            m_positionals.push_back(t);
            continue;
        }
        if (t == "--") {
            optionsEnded = true;
            continue;
        }
        std::string name = t, inlineValue;
        bool hasInline = false;
        if (auto eq = t.find('='); eq != std::string::npos && t.rfind("--", 0) == 0) {
            name = t.substr(0, eq);
            inlineValue = t.substr(eq + 1);
            hasInline = true;
        }
        if (name == "-h") name = "--help";
        if (spec.withValue.count(name)) {
            if (hasInline) {
                m_values[name] = inlineValue;
            } else if (i + 1 < tokens.size()) {
                m_values[name] = tokens[++i];
            } else {
                m_error = "option " + name + " needs a value";
                return;
            }
        } else if (spec.flags.count(name) || name == "--help") {
            if (hasInline) {
                m_error = "option " + name + " takes no value";
                return;
            }
            m_flags.insert(name);
        } else {
            m_error = "unknown option " + t;
            return;
        }
    }
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = m_values.find(name);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

std::optional<double> parseDecimal(const std::string& text) {
    double v = 0;
    const char* begin = text.data() + (text.rfind('+', 0) == 0 ? 1 : 0);
    auto [end, err] = std::from_chars(begin, text.data() + text.size(), v);
    if (err != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<long long> parseWholeNumber(const std::string& text) {
    long long v = 0;
    const char* begin = text.data() + (text.rfind('+', 0) == 0 ? 1 : 0);
    auto [end, err] = std::from_chars(begin, text.data() + text.size(), v);
    if (err != std::errc() || end != text.data() + text.size() || begin == end) return std::nullopt;
    return v;
}

}  // namespace qrgate::cli

#include "core/paper/sheet_layouts.hpp"

#include "core/base/ascii_text.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace qrgate {

namespace {

// The presets, in the same format an organizer's layouts.json uses.
constexpr const char* kBuiltInLayouts = R"json([
  {"name": "grid-1",  "title": "1 per page",  "columns": 1, "rows": 1},
  {"name": "grid-2",  "title": "2 per page",  "columns": 1, "rows": 2},
  {"name": "grid-4",  "title": "4 per page",  "columns": 2, "rows": 2},
  {"name": "grid-6",  "title": "6 per page",  "columns": 2, "rows": 3},
  {"name": "grid-8",  "title": "8 per page",  "columns": 2, "rows": 4},
  {"name": "grid-12", "title": "12 per page", "columns": 3, "rows": 4},
  {"name": "labels-l7160", "title": "Labels 3 x 7 on A4, 63.5 x 38.1 mm (Avery L7160)", "paper": "a4",
   "columns": 3, "rows": 7, "leftMm": 7.2, "topMm": 15.15, "widthMm": 63.5, "heightMm": 38.1,
   "pitchXmm": 66.04, "pitchYmm": 38.1},
  {"name": "labels-l7163", "title": "Labels 2 x 7 on A4, 99.1 x 38.1 mm (Avery L7163)", "paper": "a4",
   "columns": 2, "rows": 7, "leftMm": 4.65, "topMm": 15.15, "widthMm": 99.1, "heightMm": 38.1,
   "pitchXmm": 101.6, "pitchYmm": 38.1},
  {"name": "labels-5160", "title": "Labels 3 x 10 on US Letter, 2.625 x 1 in (Avery 5160)", "paper": "letter",
   "columns": 3, "rows": 10, "leftMm": 4.76, "topMm": 12.7, "widthMm": 66.675, "heightMm": 25.4,
   "pitchXmm": 69.85, "pitchYmm": 25.4}
])json";


Error invalid(const std::string& message) { return Error{"invalid_layouts", message}; }

Result<SheetLayout> parseOne(const nlohmann::json& j, std::size_t index) {
    const std::string where = "layout " + std::to_string(index + 1);
    if (!j.is_object()) return invalid(where + " is not an object");
    SheetLayout l;
    auto text = [&](const char* key, std::string& out, bool required) -> std::optional<Error> {
        if (!j.contains(key)) return required ? std::optional(invalid(where + " has no \"" + key + "\"")) : std::nullopt;
        if (!j[key].is_string() || j[key].get<std::string>().empty())
            return invalid(where + ": \"" + key + "\" must be a non-empty string");
        out = j[key].get<std::string>();
        return std::nullopt;
    };
    auto number = [&](const char* key, double& out, bool required, double min, double max) -> std::optional<Error> {
        if (!j.contains(key)) return required ? std::optional(invalid(where + " has no \"" + key + "\"")) : std::nullopt;
        if (!j[key].is_number()) return invalid(where + ": \"" + key + "\" must be a number");
        out = j[key].get<double>();
        if (!(out >= min && out <= max))
            return invalid(where + ": \"" + key + "\" must be between " + std::to_string(int(min)) + " and " +
                           std::to_string(int(max)));
        return std::nullopt;
    };
    if (auto e = text("name", l.name, true)) return *e;
    if (auto e = text("title", l.title, false)) return *e;
    if (l.title.empty()) l.title = l.name;
    double columns = 0, rows = 0;
    if (auto e = number("columns", columns, true, 1, 20)) return *e;
    if (auto e = number("rows", rows, true, 1, 40)) return *e;
    l.columns = static_cast<int>(columns);
    l.rows = static_cast<int>(rows);
    l.labels = j.contains("paper");
    if (!l.labels) {
        if (auto e = number("marginMm", l.marginMm, false, 0, 100)) return *e;
        if (auto e = number("gapMm", l.gapMm, false, 0, 100)) return *e;
        return l;
    }
    if (auto e = text("paper", l.paper, true)) return *e;
    if (!findPaperSize(l.paper)) return invalid(where + ": unknown paper \"" + l.paper + "\" (a4 or letter)");
    l.paper = asciiLower(l.paper);
    for (auto [key, field] : {std::pair{"leftMm", &l.leftMm}, {"topMm", &l.topMm}}) {
        if (auto e = number(key, *field, true, 0, 300)) return *e;
    }
    for (auto [key, field] : {std::pair{"widthMm", &l.widthMm}, {"heightMm", &l.heightMm}, {"pitchXmm", &l.pitchXmm},
                              {"pitchYmm", &l.pitchYmm}}) {
        if (auto e = number(key, *field, true, 5, 300)) return *e;
    }
    return l;
}

}  // namespace

const std::vector<PaperSize>& paperSizes() {
    static const std::vector<PaperSize> sizes{{"a4", 210, 297}, {"letter", 215.9, 279.4}};
    return sizes;
}

std::optional<PaperSize> findPaperSize(const std::string& name) {
    for (const auto& p : paperSizes())
        if (p.name == asciiLower(name)) return p;
    return std::nullopt;
}

PaperSize paperSizeOrA4(const std::string& name) {
    return findPaperSize(name).value_or(*findPaperSize("a4"));
}

Result<std::vector<SheetLayout>> LayoutCatalog::parse(const std::string& json) {
    auto doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded()) return invalid("not JSON");
    if (!doc.is_array()) return invalid("not a JSON array of layouts");
    std::vector<SheetLayout> layouts;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        auto l = parseOne(doc[i], i);
        if (!l) return l.error();
        if (l->labels) {
            // The stock must fit its paper.
            if (auto g = resolveGeometry(*l, *findPaperSize(l->paper)); !g) return invalid(g.error().message);
        }
        layouts.push_back(std::move(*l));
    }
    return layouts;
}

const LayoutCatalog& LayoutCatalog::builtIn() {
    static const LayoutCatalog catalog = [] {
        LayoutCatalog c;
        c.m_layouts = std::move(*parse(kBuiltInLayouts));
        return c;
    }();
    return catalog;
}

Result<LayoutCatalog> LayoutCatalog::withFile(const std::filesystem::path& file) {
    LayoutCatalog c = builtIn();
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return c;
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) return invalid("Cannot read " + file.string());
    auto extra = parse(text.str());
    if (!extra) return invalid(file.string() + ": " + extra.error().message);
    for (auto& l : *extra) {
        auto same = std::find_if(c.m_layouts.begin(), c.m_layouts.end(), [&](const auto& o) { return o.name == l.name; });
        if (same != c.m_layouts.end())
            *same = std::move(l);
        else
            c.m_layouts.push_back(std::move(l));
    }
    return c;
}

std::optional<SheetLayout> LayoutCatalog::find(const std::string& name) const {
    for (const auto& l : m_layouts)
        if (l.name == name) return l;
    return std::nullopt;
}

std::optional<SheetLayout> LayoutCatalog::gridFor(int perPage) const {
    for (const auto& l : m_layouts)
        if (!l.labels && l.perPage() == perPage) return l;
    return std::nullopt;
}

Result<SheetGeometry> resolveGeometry(const SheetLayout& layout, const PaperSize& chosenPaper) {
    SheetGeometry g;
    if (!layout.labels) {
        g.paper = chosenPaper;
        g.cutMarks = true;
        const double w = (chosenPaper.widthMm - 2 * layout.marginMm - (layout.columns - 1) * layout.gapMm) / layout.columns;
        const double h = (chosenPaper.heightMm - 2 * layout.marginMm - (layout.rows - 1) * layout.gapMm) / layout.rows;
        if (w < 20 || h < 15)
            return Error{"invalid_layout", "Layout " + layout.name + " leaves cells of " + std::to_string(int(w)) + " x " +
                                               std::to_string(int(h)) + " mm on " + chosenPaper.name +
                                               ": too small for a ticket"};
        for (int r = 0; r < layout.rows; ++r)
            for (int c = 0; c < layout.columns; ++c)
                g.cells.push_back({layout.marginMm + c * (w + layout.gapMm), layout.marginMm + r * (h + layout.gapMm), w, h});
        return g;
    }
    g.paper = *findPaperSize(layout.paper);
    const double right = layout.leftMm + (layout.columns - 1) * layout.pitchXmm + layout.widthMm;
    const double bottom = layout.topMm + (layout.rows - 1) * layout.pitchYmm + layout.heightMm;
    if (right > g.paper.widthMm + 0.01 || bottom > g.paper.heightMm + 0.01)
        return Error{"invalid_layout", "Layout " + layout.name + " does not fit " + g.paper.name + " paper (its labels reach " +
                                           std::to_string(int(right)) + " x " + std::to_string(int(bottom)) + " mm)"};
    for (int r = 0; r < layout.rows; ++r)
        for (int c = 0; c < layout.columns; ++c)
            g.cells.push_back({layout.leftMm + c * layout.pitchXmm, layout.topMm + r * layout.pitchYmm, layout.widthMm,
                               layout.heightMm});
    return g;
}

}  // namespace qrgate

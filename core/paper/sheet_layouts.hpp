#pragma once
// Page sizes and sheet layouts, defined as data (JSON): the built-in presets below, plus any the
// organizer adds in <data>/layouts.json (same format), so a new label stock needs no code.
//
// Two kinds:
//   grid   - N equal cells on plain paper of the size chosen at print time, cut apart with
//            scissors along the light cut marks: {"name","title","columns","rows"} and optional
//            "marginMm" (default 10) and "gapMm" (default 0).
//   labels - a label stock: its own paper and fixed geometry, measured from the page's top left
//            corner: {"name","title","paper","columns","rows","leftMm","topMm","widthMm",
//            "heightMm","pitchXmm","pitchYmm"}. No cut marks: the stock is cut already.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.hpp"

namespace qrgate {

struct PaperSize {
    std::string name;  // "a4", "letter"
    double widthMm = 0;
    double heightMm = 0;
};
const std::vector<PaperSize>& paperSizes();
std::optional<PaperSize> findPaperSize(const std::string& name);  // case-insensitive
PaperSize paperSizeOrA4(const std::string& name);  // A4 when `name` is empty or unknown

struct RectMm {
    double x = 0, y = 0, width = 0, height = 0;
};

struct SheetLayout {
    std::string name;   // "grid-8", "labels-l7160"
    std::string title;  // for people: "8 per page", "Labels 3 x 7 on A4 (63.5 x 38.1 mm, L7160)"
    bool labels = false;
    int columns = 1, rows = 1;
    // grid
    double marginMm = 10, gapMm = 0;
    // labels
    std::string paper;
    double leftMm = 0, topMm = 0, widthMm = 0, heightMm = 0, pitchXmm = 0, pitchYmm = 0;

    int perPage() const { return columns * rows; }
};

// Where the cells of one page are, on the paper they are printed on.
struct SheetGeometry {
    PaperSize paper;
    std::vector<RectMm> cells;  // row by row, top left first
    bool cutMarks = false;
};

class LayoutCatalog {
public:
    // The built-in presets: grids of 1, 2, 4, 6, 8 and 12 per page; labels 3 x 7 on A4 (L7160)
    // and 3 x 10 on US Letter (5160), 2 x 7 on A4 (L7163).
    static const LayoutCatalog& builtIn();
    // The built-in presets and those of `file` (a JSON array), which may add or replace one by
    // name. A file that does not exist is no error; a damaged one is ("invalid_layouts", naming the
    // file and the problem).
    static Result<LayoutCatalog> withFile(const std::filesystem::path& file);
    // Reads a JSON array of layouts (the format above). Error "invalid_layouts".
    static Result<std::vector<SheetLayout>> parse(const std::string& json);

    const std::vector<SheetLayout>& all() const { return m_layouts; }
    std::optional<SheetLayout> find(const std::string& name) const;
    // The grid with `perPage` cells, when there is one.
    std::optional<SheetLayout> gridFor(int perPage) const;

private:
    std::vector<SheetLayout> m_layouts;
};

// The cells of `layout` on `paper` (ignored by label layouts, which have their own). Error
// "invalid_layout" when the cells do not fit the paper.
Result<SheetGeometry> resolveGeometry(const SheetLayout& layout, const PaperSize& paper);

}  // namespace qrgate

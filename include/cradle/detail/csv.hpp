// cradle — one CSV line split into cells (internal; shared by the factor and purchases readers).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cradle::detail {

/// Cells of one CSV line: double quotes group, "" inside quotes is a quote, a stray '\r' is
/// dropped. Always at least one cell.
[[nodiscard]] inline std::vector<std::string> split_csv_line(std::string_view line) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells.push_back(std::move(cell));
            cell.clear();
        } else if (c != '\r') {
            cell += c;
        }
    }
    cells.push_back(std::move(cell));
    return cells;
}

} // namespace cradle::detail

// cradle — IPCC GWP100 sets, read from data (factors/ipcc-gwp), not literals.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/detail/csv.hpp"
#include "cradle/detail/text.hpp"
#include "cradle/error.hpp"
#include "cradle/model/model.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace cradle {

/// One GWP100 set (AR4, AR5 or AR6): kg CO2e per kg of each species, with
/// methane kept apart by origin (AR6 WG1 Table 7.15: fossil 29.8, non-fossil
/// 27.0; AR5 WG1 Table 8.A.1: 30 / 28).
struct gwp_set {
    std::string name;                     ///< "AR6"
    std::string source;                   ///< where the numbers were read from
    std::map<std::string, double> values; ///< normalized species -> GWP100
    double ch4_fossil{0};
    double ch4_non_fossil{0};

    /// GWP100 of `substance` emitted with `o`; nullopt if the species is unknown.
    [[nodiscard]] std::optional<double> lookup(std::string_view substance, origin o) const;
};

/// All sets of one data file, by name.
struct gwp_table {
    std::vector<gwp_set> sets;
    std::filesystem::path file; ///< the data file the sets were read from (empty: not a file)

    [[nodiscard]] const gwp_set& get(std::string_view name) const {
        for (const auto& s : sets)
            if (s.name == name) return s;
        std::string known;
        for (const auto& s : sets)
            known += (known.empty() ? "" : ", ") + s.name;
        throw data_error("unknown-gwp-set",
                         "no GWP set '" + std::string(name) + "' (available: " + known + ")");
    }
};

namespace detail {
/// Upper-case, drop '-', '_', ' ', ',' and map common names to formulas.
[[nodiscard]] inline std::string normalize_species(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '-' || c == '_' || c == ' ' || c == ',' || c == '(' || c == ')') continue;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    static const std::pair<std::string_view, std::string_view> aliases[] = {
        {"CARBONDIOXIDE", "CO2"},      {"METHANE", "CH4"},
        {"NITROUSOXIDE", "N2O"},       {"DINITROGENMONOXIDE", "N2O"},
        {"SULFURHEXAFLUORIDE", "SF6"}, {"SULPHURHEXAFLUORIDE", "SF6"},
        {"NITROGENTRIFLUORIDE", "NF3"}};
    for (auto [from, to] : aliases)
        if (out == from) return std::string(to);
    return out;
}

} // namespace detail

inline std::optional<double> gwp_set::lookup(std::string_view substance, origin o) const {
    const std::string key = detail::normalize_species(substance);
    if (key == "CO2E") return 1.0; // already characterized by its publisher
    // Only methane stated to be fossil takes the fossil value (it includes the CO2 the fossil
    // carbon becomes). Methane of unstated origin ("other") takes the non-fossil value: AR5's
    // headline GWP100 of 28, the value EPA (supply-chain factors, Hub) and DESNZ characterize
    // all their methane with (factors/README.md, "Gas origins and methane").
    if (key == "CH4") return o == origin::fossil ? ch4_fossil : ch4_non_fossil;
    auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    return it->second;
}

/// Parse the GWP CSV format of factors/ipcc-gwp/gwp100.csv: lines starting
/// with '#' are comments; a header "species,<SET>,<SET>..."; one row per
/// species, an empty cell where a set has no value. Rows "CH4_fossil" and
/// "CH4_non_fossil" are required. Errors name `source`, the row and column.
[[nodiscard]] inline gwp_table parse_gwp_csv(std::string_view text, const std::string& source) {
    std::istringstream in{std::string(text)};
    std::string line;
    std::vector<std::string> header;
    gwp_table table;
    std::size_t row = 0;
    while (std::getline(in, line)) {
        ++row;
        if (line.empty() || line[0] == '#' || line == "\r") continue;
        auto cells = detail::split_csv_line(line);
        if (header.empty()) {
            header = cells;
            if (header.size() < 2 || header[0] != "species")
                throw data_error("bad-data-file", source + " row " + std::to_string(row) +
                                                      ": expected header 'species,<set>,...'");
            for (std::size_t c = 1; c < header.size(); ++c)
                table.sets.push_back(gwp_set{header[c], source, {}, 0, 0});
            continue;
        }
        if (cells.size() != header.size())
            throw data_error("bad-data-file", source + " row " + std::to_string(row) + ": " +
                                                  std::to_string(cells.size()) +
                                                  " columns, expected " +
                                                  std::to_string(header.size()));
        const std::string species = detail::normalize_species(cells[0]);
        for (std::size_t c = 1; c < cells.size(); ++c) {
            if (cells[c].empty()) continue;
            double v = 0;
            try {
                std::size_t used = 0;
                v = std::stod(cells[c], &used);
                if (used != cells[c].size()) throw std::invalid_argument("trailing");
            } catch (const std::exception&) {
                throw data_error("bad-data-file",
                                 source + " row " + std::to_string(row) + " column '" + header[c] +
                                     "': '" + detail::excerpt(cells[c]) + "' is not a number");
            }
            auto& set = table.sets[c - 1];
            if (species == "CH4FOSSIL")
                set.ch4_fossil = v;
            else if (species == "CH4NONFOSSIL")
                set.ch4_non_fossil = v;
            else if (!set.values.emplace(species, v).second)
                throw data_error("bad-data-file", source + " row " + std::to_string(row) +
                                                      ": species '" + cells[0] + "' appears twice");
        }
    }
    for (const auto& s : table.sets)
        if (s.ch4_fossil <= 0 || s.ch4_non_fossil <= 0 || !s.values.contains("CO2"))
            throw data_error("bad-data-file", source + ": set '" + s.name +
                                                  "' lacks CO2, CH4_fossil or CH4_non_fossil");
    if (table.sets.empty()) throw data_error("bad-data-file", source + ": no GWP sets found");
    return table;
}

} // namespace cradle

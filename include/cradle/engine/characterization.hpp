// cradle — characterization matrix C (indicators × elementary flows), split by origin.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/data/gwp.hpp"
#include "cradle/engine/index.hpp"
#include "cradle/engine/matrices.hpp"

#include <array>
#include <string>
#include <vector>

namespace cradle {

/// The climate indicators cradle reports. Row 0 is the total; rows 1..10
/// partition it by origin, the split ISO 14067, the GHG Protocol Product
/// Standard and PACT v3 ask for (docs/pact.md maps them to PACT properties).
/// Every characterized flow lands in the total and in exactly one of the
/// other rows, so rows 1..10 add up to row 0.
enum class climate_indicator : std::uint8_t {
    total = 0, ///< all GHG, incl. biogenic emissions and removals
    fossil,    ///< fossil GHG emissions (and fossil removals, if any)
    biogenic_co2_emission,
    biogenic_co2_removal,         ///< CO2 taken up from air by biomass (negative)
    biogenic_non_co2,             ///< biogenic CH4, N2O, ...
    land_use_change,              ///< direct land-use change emissions
    other,                        ///< characterized flows of unstated origin
    land_management_co2_emission, ///< biogenic CO2 from recurring land management
    land_management_co2_removal,  ///< net carbon-stock increase in land (negative)
    technological_co2_removal,    ///< CO2 removed from air by technology (negative)
    ccs_capture,                  ///< CO2 captured and stored before release (negative)
};
inline constexpr std::size_t climate_indicator_count = 11;

inline constexpr std::array<std::string_view, climate_indicator_count> climate_indicator_ids{
    "gwp100.total",
    "gwp100.fossil",
    "gwp100.biogenic-co2-emission",
    "gwp100.biogenic-co2-removal",
    "gwp100.biogenic-non-co2",
    "gwp100.land-use-change",
    "gwp100.other",
    "gwp100.land-management-co2-emission",
    "gwp100.land-management-co2-removal",
    "gwp100.technological-co2-removal",
    "gwp100.ccs-capture"};

/// What a person reads for each indicator (tables, reports), in the order of the ids.
inline constexpr std::array<std::string_view, climate_indicator_count> climate_indicator_names{
    "Total (GWP100)",
    "fossil",
    "biogenic CO2 emissions",
    "biogenic CO2 removals",
    "biogenic non-CO2",
    "land-use change",
    "other (origin not stated)",
    "land management CO2 emissions",
    "land management CO2 removals",
    "technological CO2 removals",
    "CCS capture"};

/// Origin category of an elementary flow (row of C it lands in besides the total).
/// Technological removals and CCS are CO2 resources; see origin_problem().
[[nodiscard]] inline climate_indicator category_of(const flow& f) {
    const bool is_co2 = detail::normalize_species(f.substance) == "CO2";
    switch (f.carbon_origin) {
    case origin::land_management:
        if (!is_co2) return climate_indicator::biogenic_non_co2;
        return f.dir == direction::resource ? climate_indicator::land_management_co2_removal
                                            : climate_indicator::land_management_co2_emission;
    case origin::technological:
        return climate_indicator::technological_co2_removal;
    case origin::ccs:
        return climate_indicator::ccs_capture;
    case origin::fossil:
        return climate_indicator::fossil;
    case origin::land_use_change:
        return climate_indicator::land_use_change;
    case origin::biogenic:
        if (!is_co2) return climate_indicator::biogenic_non_co2;
        return f.dir == direction::resource ? climate_indicator::biogenic_co2_removal
                                            : climate_indicator::biogenic_co2_emission;
    case origin::other:
        return climate_indicator::other;
    }
    return climate_indicator::other;
}

/// Why flow `f` cannot carry its origin (empty if it can): technological removals and CCS
/// capture are CO2 taken out of the air or the flue gas, so they must be CO2 resources.
[[nodiscard]] inline std::string origin_problem(const flow& f) {
    if (f.carbon_origin != origin::technological && f.carbon_origin != origin::ccs) return {};
    if (detail::normalize_species(f.substance) != "CO2" || f.dir != direction::resource)
        return "elementary flow '" + f.id + "' has origin '" +
               std::string(to_string(f.carbon_origin)) + "': it must be CO2 (substance '" +
               f.substance + "') with direction 'resource' (CO2 taken out of the air or flue gas)";
    return {};
}

/// C and what it could not characterize. Immutable.
struct characterization {
    std::string gwp_set;                 ///< "AR6"
    std::vector<std::string> indicators; ///< row ids of C
    std::string unit{"kg CO2e"};
    sparse_matrix C; ///< indicators × elementary flows (kg CO2e per flow unit)
    /// elementary flows with no characterization factor (e.g. SO2, crude oil):
    /// they stay in the inventory and are listed in results, never dropped silently
    std::vector<elementary_row> uncharacterized;
};

/// Build C for the elementary flows of `index` under `gwp`. A GHG flow whose
/// unit is not a mass is an error (model_error listing all such flows).
[[nodiscard]] inline characterization characterize(const system_index& index, const gwp_set& gwp) {
    characterization out;
    out.gwp_set = gwp.name;
    for (auto id : climate_indicator_ids)
        out.indicators.emplace_back(id);
    std::vector<triplet> t;
    std::vector<problem> problems;
    for (std::size_t i = 0; i < index.elementary_size(); ++i) {
        const flow& f = index.elementary(elementary_row{i});
        const auto factor = gwp.lookup(f.substance, f.carbon_origin);
        if (!factor) {
            out.uncharacterized.emplace_back(i);
            continue;
        }
        if (auto why = origin_problem(f); !why.empty()) {
            problems.push_back({"origin-mismatch", why});
            continue;
        }
        if (f.ref_unit.dim.base != base_dimension::mass) {
            problems.push_back({"incompatible-unit",
                                "elementary flow '" + f.id + "' (" + f.substance + ") has unit '" +
                                    f.ref_unit.symbol +
                                    "'; a greenhouse gas needs a mass unit to be characterized"});
            continue;
        }
        const double cf = *factor * f.ref_unit.to_base; // kg CO2e per flow unit
        const int col = static_cast<int>(i);
        t.emplace_back(static_cast<int>(climate_indicator::total), col, cf);
        t.emplace_back(static_cast<int>(category_of(f)), col, cf);
    }
    if (!problems.empty()) throw model_error(std::move(problems));
    out.C.resize(static_cast<Eigen::Index>(climate_indicator_count),
                 static_cast<Eigen::Index>(index.elementary_size()));
    out.C.setFromTriplets(t.begin(), t.end());
    out.C.makeCompressed();
    return out;
}

} // namespace cradle

// cradle — the bundled data (factors/): where it is found and its GWP table (compiled, src/data/).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/data/ghg_flows.hpp"
#include "cradle/data/gwp.hpp"
#include "cradle/data/process_db.hpp"

#include <filesystem>

namespace cradle {

/// The bundled factor directory, found with no configuration:
///  1. $CRADLE_FACTORS_DIR if set (must exist);
///  2. <prefix>/share/cradle/factors after `cmake --install`;
///  3. the source tree's factors/ (when running from a build tree).
/// Throws data_error "factors-not-found" listing the places tried.
[[nodiscard]] std::filesystem::path default_factors_dir();

/// Load a GWP table file (format of factors/ipcc-gwp/gwp100.csv).
[[nodiscard]] gwp_table load_gwp_table(const std::filesystem::path& file);

/// The bundled IPCC GWP100 table (AR4, AR5, AR6) from default_factors_dir().
[[nodiscard]] gwp_table default_gwp_table();

/// The bundled mapping of inventory-database elementary flows to GHG species
/// (factors/ghg-flows/ghg-flows.csv under default_factors_dir()).
[[nodiscard]] ghg_flow_map default_ghg_flow_map();

/// The bundled process databases (factors/uslci: the US LCI) under default_factors_dir().
[[nodiscard]] std::vector<std::shared_ptr<const process_database>> default_process_databases();

} // namespace cradle

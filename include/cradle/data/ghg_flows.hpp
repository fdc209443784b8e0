// cradle — elementary flows of imported databases mapped to greenhouse-gas species.
// SPDX-License-Identifier: Apache-2.0
//
// An importer (io/) reads elementary flows as their database names them ("Carbon dioxide,
// fossil" in "air/unspecified"); it does not decide what they are. This stage does, from a
// table shipped as data (factors/ghg-flows/ghg-flows.csv): each row maps a flow name and a
// compartment class (air, resource) to a species of the GWP table, an origin and a direction.
// Flows that look like greenhouse gases but have no row are listed, never dropped silently.
#pragma once

#include "cradle/data/gwp.hpp"
#include "cradle/model/model.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cradle {

struct ghg_flow_rule {
    std::string name;        ///< as the database spells it (matched ignoring case and spacing)
    std::string compartment; ///< "air" or "resource"
    std::string species;     ///< a species of the GWP table, e.g. "CO2", "HFC134a"
    origin carbon_origin{origin::other};
    direction dir{direction::emission};
    std::string cas;
    std::string source; ///< which databases use the name
};

struct ghg_flow_map {
    std::string file; ///< where it was read from, for messages and provenance
    std::vector<ghg_flow_rule> rules;
};

/// Parse the CSV of factors/ghg-flows (header name,compartment,species,origin,direction,cas,
/// source; '#' comments). Errors (data_error "bad-data-file") name `source` and the row.
[[nodiscard]] ghg_flow_map parse_ghg_flow_map(std::string_view text, const std::string& source);
[[nodiscard]] ghg_flow_map load_ghg_flow_map(const std::filesystem::path& file);

/// "air", "resource" or "" (water, soil, ...): the class of `f`'s compartment the table
/// distinguishes. An emission with no compartment stated counts as air.
[[nodiscard]] std::string compartment_class(const flow& f);

/// True if `f` looks like a greenhouse gas: an emission to air whose name, or a comma-separated
/// part of it, names a species of `gwp`, or that mentions carbon dioxide, methane (not
/// "non-methane"), nitrous oxide, a fluoride or a halocarbon family (HFC, PFC, CFC, halon).
[[nodiscard]] bool looks_like_ghg(const flow& f, const gwp_set& gwp);

struct ghg_mapping {
    product_system system;                      ///< with substance, origin, direction set
    std::size_t mapped{0};                      ///< elementary flows given a species
    std::vector<std::string> unmapped_ghg_like; ///< flow ids, sorted by name
    std::vector<problem> problems;              ///< rows whose species the GWP set lacks
};

/// Give every elementary flow of `sys` that `map` knows its species, origin and direction;
/// list the ones that look like GHGs and are not known. Flows already carrying a substance
/// (a cradle model) are left as they are.
[[nodiscard]] ghg_mapping map_ghg_flows(product_system sys, const ghg_flow_map& map,
                                        const gwp_set& gwp);

} // namespace cradle

// cradle — PACT v3 ProductFootprints: export from a solved system, strict validation, and
// supplier footprints as background processes. docs/pact.md documents every rule.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/engine/calculate.hpp"
#include "cradle/engine/characterization.hpp"
#include "cradle/engine/matrices.hpp"
#include "cradle/engine/solver.hpp"
#include "cradle/model/model.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cradle::pact {

/// The PACT Technical Specifications version cradle writes and checks against.
inline constexpr std::string_view spec_version = "3.0.3";

// ---------------------------------------------------------------- validation

/// One problem of a PACT document: a stable id ("pact-schema-pattern", "pact-total", ...), the
/// JSON pointer of the culprit ("/pcf/fossilGhgEmissions") and what is wrong.
struct validation_problem {
    std::string id;
    std::string path;
    std::string message;
};

/// Check one ProductFootprint against the v3 data model, made strict (anchored decimals, no
/// unknown properties outside `extensions`, enums, date-times, UUIDs, URNs, ISO 3166 codes),
/// its arithmetic (both totals equal the sum of their parts to the precision given, signs,
/// periods, validity) and the methodology rules (AR6 from 2025, standards, exemptions <= 5 %,
/// primaryDataShare/dqi). Every problem is returned; `at` prefixes the paths.
[[nodiscard]] std::vector<validation_problem> validate(const nlohmann::json& footprint,
                                                       const std::string& at = "");

/// The footprints a document holds, with their JSON paths: a ProductFootprint, a REST response
/// {"data": footprint} or {"data": [footprints]}, or an array of footprints. input_error
/// ("pact-document") if the document is none of these.
[[nodiscard]] std::vector<std::pair<std::string, const nlohmann::json*>>
footprints_in(const nlohmann::json& document, const std::string& source);

/// validate() over every footprint of a document (a document of another shape is one problem).
[[nodiscard]] std::vector<validation_problem> validate_document(const nlohmann::json& document);

// ---------------------------------------------------------------- export

/// How flows whose origin is not stated ("other") are booked in an export. The default is
/// fossil, the conservative reading; a rule per flow id wins over a rule per dataset (the
/// published-CO2e flow "air/CO2e/<dataset>"), which wins over the default. Categories:
/// "fossil", "land-use-change", "biogenic-non-co2".
struct unstated_booking {
    std::string fallback{"fossil"};
    std::map<std::string, std::string> datasets;
    std::map<std::string, std::string> flows;
};

/// The PACT components of one footprint, in kg CO2e for the functional unit (the declared
/// unit), each from its own rows of C (docs/pact.md).
struct components {
    double fossil{0};
    double land_use_change{0};
    double land_management_co2_emissions{0};
    double land_management_co2_removals{0}; ///< <= 0
    double technological_co2_removals{0};   ///< <= 0
    double ccs_capture{0};                  ///< <= 0
    double biogenic_non_co2{0};
    double biogenic_co2_uptake{0}; ///< net biogenic CO2 of the system when <= 0
    /// net biogenic CO2 emission (> 0) left out as carbon-neutral biomass whose uptake is outside
    /// the data; 0 otherwise
    double biogenic_co2_excluded{0};
    /// of the components above, what came from flows of unstated origin, by category
    std::map<std::string, double> unstated;
};

/// Data-quality ratings of a footprint (emission-weighted means, docs/pact.md); a rating is
/// absent when no contributing process states it. `coverage` is the share (%) of the absolute
/// excl.-uptake emissions from processes that rate it.
struct quality {
    std::optional<double> technological, geographical, temporal, completeness, reliability;
    std::map<std::string, double> coverage;
};

/// Everything an export computes from a solved system: the figures per functional unit.
struct figures {
    std::string functional_unit_flow;
    std::string declared_unit; ///< PACT unit ("kilogram", "piece", ...)
    double declared_amount{0}; ///< functional unit in the declared unit
    double product_mass{0};    ///< kg per declared unit (0: not relevant, energy/transport)
    bool product_mass_known{false};
    carbon_content carbon; ///< kg C per declared unit
    components parts;
    double cradle_total{0}; ///< gwp100.total of the result
    std::optional<double> packaging, aircraft, outbound_logistics, land_management_fossil;
    std::optional<double> primary_data_share; ///< percent; absent if pcfExcl <= 0
    quality dqr;
    std::vector<std::string> gwp_sets;                                  ///< "AR6", ...
    std::vector<std::pair<std::string, std::string>> secondary_sources; ///< (name, version)
    std::vector<std::string> supplier_footprints; ///< ids of imported footprints
    std::vector<std::string> notes;               ///< what was assumed
    double pivot_ratio{1}; ///< of the solve (engine/solver.hpp): a warning below 1e-12
};

/// The PACT figures of result `r` of the linked model `model` (as compiled into `sys`).
[[nodiscard]] figures compute_figures(const product_system& model, const compiled_system& sys,
                                      const characterization& ch, const factorization& lu,
                                      const footprint& r, const unstated_booking& booking = {});

/// The same for a linked model (no factor or `pact:` references left): compile, characterize
/// with `gwp`, solve its functional unit, then compute_figures().
[[nodiscard]] figures compute_figures(const product_system& linked_model, const gwp_set& gwp,
                                      const unstated_booking& booking = {});

/// Options of an export that are not company metadata.
struct export_options {
    /// id of the footprint; empty: a random UUID v4 (PACT: any change makes a new footprint)
    std::string id;
    /// creation time (RFC 3339); empty: now, to the second, UTC
    std::string created;
};

/// A ProductFootprint from `f` and the company's metadata `meta` (docs/pact.md,
/// docs/schema/pact-meta.schema.json). input_error lists every missing or misplaced metadata
/// property; a document that would not validate is refused (exchange_error listing the problems).
[[nodiscard]] nlohmann::json to_pact(const figures& f, const nlohmann::json& meta,
                                     const export_options& options = {});

/// The booking rules stated in metadata ("unstatedOrigin"), checked.
[[nodiscard]] unstated_booking booking_from(const nlohmann::json& meta);

/// Metadata of the model's "pact" section, overlaid by `overlay` key by key ("pcf" merged one
/// level down).
[[nodiscard]] nlohmann::json merge_meta(const product_system& model, const nlohmann::json& overlay);

// ---------------------------------------------------------------- import

struct import_options {
    /// directory that relative `pact:` paths are resolved against (the model's folder)
    std::filesystem::path base;
    /// seconds since the epoch used for the validity check; nullopt: now
    std::optional<double> now;
    /// accept invalid or expired footprints (each becomes a warning instead of an error)
    bool accept_invalid{false};
};

/// True if some input of `sys` names a `pact:` provider.
[[nodiscard]] bool has_supplier_footprints(const product_system& sys);

/// Replace each `pact:<file>` / `pact:<file>#<id>` provider by a background process whose
/// elementary flows are the footprint's PACT components per declared unit (each with its own
/// origin row), converting or bridging units (docs/pact.md). Every problem (unreadable file,
/// invalid or expired footprint, unit mismatch) is collected and thrown together; `warnings`
/// receives what was accepted under accept_invalid and the unit bridges used.
[[nodiscard]] product_system link_supplier_footprints(const product_system& sys,
                                                      const import_options& options,
                                                      std::vector<std::string>* warnings = nullptr);

/// A readable summary of one footprint (declared unit, totals, split, DQR, company, period).
[[nodiscard]] std::string describe(const nlohmann::json& footprint);

} // namespace cradle::pact

// cradle — bundled calculators: a parameterised model plus what to report (gates, scenarios).
// SPDX-License-Identifier: Apache-2.0
//
// A calculator is a folder with calculator.json (format "cradle-calculator/1"):
//   {"name": ..., "title": ..., "model": "model.json",
//    "gates": [{"label": "mine gate", "flow": "cu_concentrate"}, ...],       optional
//    "scenarios": [{"name": "baseline", "set": {"solar_share": 0}}, ...],   optional
//    "baseline": "baseline",                                                 optional
//    "purchases": {"file": "purchases.csv", "process": "p", "choose_by": "margins",
//                  "provider": {"with": "us-epa-sef-1.3/{naics}", ...}}}    optional
// run_calculator() evaluates each scenario (its settings over the caller's overrides), links the
// bundled factors, solves, and reports total, origin split, top contributors and, per gate, the
// cradle-to-gate footprint per unit of the gate's product.
#pragma once

#include "cradle/data/factors.hpp"
#include "cradle/data/gwp.hpp"
#include "cradle/model/model.hpp"
#include "cradle/model/parameters.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cradle {

struct calculator_gate {
    std::string label; ///< e.g. "mine gate"
    std::string flow;  ///< the product leaving that gate
};

struct calculator_scenario {
    std::string name;
    std::map<std::string, parameter_override> set;
};

struct calculator {
    std::string name;
    std::string title;
    std::filesystem::path folder;
    product_system model; ///< with purchases (if any) added, evaluated with defaults
    std::vector<calculator_gate> gates;
    std::vector<calculator_scenario> scenarios; ///< empty: one run with the defaults
    std::string baseline;                       ///< scenario the others are compared with
};

struct calculator_options {
    /// Let the calculator's model and purchases files lie outside its folder (by default a path
    /// that leaves the folder, also through a symlink, is an input_error "outside-folder").
    bool allow_outside{false};
};

/// Read a calculator folder; errors name the file and JSON path (or CSV row).
[[nodiscard]] calculator load_calculator(const std::filesystem::path& folder,
                                         const calculator_options& options = {});

struct gate_result {
    std::string label;
    std::string flow;
    std::string unit;     ///< unit of the gate product
    double amount{0.0};   ///< gate product made per functional unit
    double per_unit{0.0}; ///< kg CO2e per unit of the gate product, cradle to that gate
    double embodied{0.0}; ///< amount × per_unit: kg CO2e of the final product embodied by that gate
};

struct contributor {
    std::string process;
    std::string name;
    double value{0.0}; ///< kg CO2e, direct emissions of the process at its scale
};

struct scenario_result {
    std::string name;
    parameter_values values;
    std::string functional_unit; ///< e.g. "1 t wire"
    double total{0.0};
    std::vector<std::string> indicators;
    std::vector<double> impacts;
    std::vector<contributor> contributors; ///< largest first (all processes with a value)
    std::map<std::string, double> tags;
    std::vector<gate_result> gates;
    std::optional<double> reduction_percent; ///< against the baseline scenario
    double pivot_ratio{1.0}; ///< conditioning of the solve (factorization::pivot_ratio)
};

struct calculator_result {
    std::string name;
    std::string title;
    std::string gwp_set;
    std::vector<scenario_result> scenarios;
};

/// The model of one scenario: parameters resolved (the calculator's defaults, `overrides`, then
/// the scenario's own settings), evaluated and linked to the background factors. A parameter set
/// by the scenario or by `overrides` is a choice: its distribution is dropped.
struct scenario_model {
    std::string name;
    parameter_values values;
    product_system model;
};

/// Every scenario's model (one "default" when the calculator has no scenarios), in order.
[[nodiscard]] std::vector<scenario_model>
scenario_models(const calculator& calc, const std::map<std::string, parameter_override>& overrides,
                const factor_db& db);

/// Run every scenario; `overrides` apply to all of them, except parameters a scenario fixes.
/// Throws model_error (every problem, e.g. an unknown grid country behind a provider template).
[[nodiscard]] calculator_result
run_calculator(const calculator& calc, const std::map<std::string, parameter_override>& overrides,
               const factor_db& db, const gwp_set& gwp);

} // namespace cradle

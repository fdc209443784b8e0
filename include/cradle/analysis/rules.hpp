// cradle — product rules: a product category's accounting rules as data (rules/<id>.json,
// docs/rules.md), checked against a model and its result.
// SPDX-License-Identifier: Apache-2.0
//
//   const rules::rule_set r = rules::read_rules("rules/copper.json");
//   const auto checks = rules::check(r, rules::subject{model, sys, result, "AR6"});
//   // every rule that applies gives one row: pass or fail, with the figure or the process behind
//   it
#pragma once

#include "cradle/engine/calculate.hpp"
#include "cradle/engine/matrices.hpp"
#include "cradle/model/model.hpp"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cradle::rules {

/// A published document the rules follow.
struct document {
    std::string id;    ///< "ISO 14067:2018"
    std::string title; ///< what it is
    std::string url;   ///< where to find it (may be empty)
};

/// A rule's value and where it comes from.
template <class T> struct sourced {
    T value{};
    std::string source; ///< the document and clause the value comes from ("" = stated by the set)
};

/// One product category's rules (`"format": "cradle-rules/1"`). Absent members are not checked.
struct rule_set {
    std::string id;
    std::string name;
    std::string version;
    std::string file; ///< where it was read from (messages)
    std::vector<document> documents;
    // scope
    std::optional<sourced<std::vector<std::string>>> cpc; ///< UN CPC codes or their prefixes
    std::optional<sourced<unit>> declared_unit;           ///< the functional unit's dimension
    std::optional<sourced<bool>> mass_per_unit;           ///< mass per declared unit required
    // boundary
    std::optional<sourced<std::vector<std::string>>> required_stages;
    std::optional<sourced<std::vector<std::string>>> excluded_stages;
    // cut-off
    std::optional<sourced<double>> max_exempted_percent;
    // allocation: "hierarchy" (ISO 14044 4.3.4.2) or one fixed method
    std::optional<sourced<std::string>> allocation;
    // recycling: "cut-off" or "cff"
    std::optional<sourced<std::string>> recycling;
    // characterization
    std::optional<sourced<std::string>> gwp_set;
    /// biogenic accounting: at most this share of the total of unstated origin (neither fossil
    /// nor biogenic), so that the fossil and biogenic parts can be reported separately
    std::optional<sourced<double>> max_unstated_origin_percent;
    // data
    std::optional<sourced<double>> min_primary_percent;
    std::optional<sourced<double>> max_dqr;
    std::optional<sourced<double>>
        max_age_years; ///< reference period's end, in years before `as_of`
    /// How a PACT footprint that follows these rules names them (pcf.productOrSectorSpecificRules):
    /// operator "PEF", "EPD International" or "Other" (then other_operator_name), rule names.
    struct pact_rule {
        std::string op{"Other"};
        std::string other_operator_name{"cradle product rules"};
        std::vector<std::string> rule_names; ///< default: "<id> <version>"
    } pact;
};

/// Read a rules file strictly: every problem at once (input_error), each with its JSON path.
[[nodiscard]] rule_set read_rules(const std::filesystem::path& file);
[[nodiscard]] rule_set parse_rules(std::string_view text, const std::string& source);

/// The bundled rule sets: $CRADLE_RULES_DIR if set, else the folder `rules` beside the bundled
/// factor folder (share/cradle/rules when installed, rules/ in the source tree, cradle/rules in
/// the Python package).
[[nodiscard]] std::filesystem::path default_rules_dir();
/// The ids of the bundled rule sets, sorted.
[[nodiscard]] std::vector<std::string> bundled_rule_ids();
/// `name` read as a file when one exists there, else as the id of a bundled rule set
/// ("copper"); an unknown id is an input_error "unknown-rules" listing the bundled ones.
[[nodiscard]] rule_set find_rules(const std::string& name);

/// The ProductOrSectorSpecificRule object a PACT v3 footprint following `r` carries.
[[nodiscard]] nlohmann::json pact_rule_entry(const rule_set& r);

/// What is checked: the evaluated, linked model, its compiled system and result.
struct subject {
    const product_system& model;
    const compiled_system& system;
    const footprint& result;
    const characterization& ch;
    int as_of_year{0}; ///< the year data age is counted to (data.max_age_years; 0: not checked)
};

enum class status : std::uint8_t { pass, fail };

/// One rule's outcome.
struct check_result {
    std::string rule; ///< "characterization.gwp_set"
    status outcome{status::pass};
    std::string expected; ///< what the rules ask ("AR6", "<= 5 %")
    std::string found;    ///< what the model or result has ("AR5", "7.2 %")
    std::string detail;   ///< the processes, exchanges or figures behind a failure
    std::string source;   ///< where the rule comes from
};

/// Every rule of `r` that states a value, checked against `s`, in the order of docs/rules.md.
[[nodiscard]] std::vector<check_result> check(const rule_set& r, const subject& s);

/// Compile, solve and check `model` (linked, with its functional unit) in one call.
[[nodiscard]] std::vector<check_result> check_model(const rule_set& r, const product_system& model,
                                                    const gwp_set& gwp, int as_of_year = 0);

/// {"rule", "status": "pass"|"fail", "expected", "found", "detail", "source"}
void to_json(nlohmann::json& j, const check_result& c);

/// Whether every check passed.
[[nodiscard]] inline bool passed(const std::vector<check_result>& checks) {
    for (const auto& c : checks)
        if (c.outcome == status::fail) return false;
    return true;
}

} // namespace cradle::rules

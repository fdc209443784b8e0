// cradle CLI — product rules on the command line (docs/rules.md): `cradle check`, and `--rules`
// on `footprint` and `run`, print and export the same checks through these.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/analysis/rules.hpp"
#include "cradle/model/parameters.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace cradle::cli {

/// One checked model: the calculator scenario's name ("" for a model file) and its rows.
struct checked {
    std::string scenario;
    std::vector<rules::check_result> rows;
};

/// The year data age is counted to: this calendar year (UTC).
[[nodiscard]] int current_year();

/// Whether every row of every scenario passed.
[[nodiscard]] bool all_passed(const std::vector<checked>& all);

/// The rules' name, then per scenario an aligned table (rule, result, expected, found) and under
/// it the process, exchange or figure behind each failure; last "all rules pass" or "some rules
/// fail".
void print_checks(std::ostream& out, const rules::rule_set& r, const std::vector<checked>& all);

/// {"rules": {"id", "name", "version", "file"}, "passed", "scenarios": [{"scenario", "checks"}]}
[[nodiscard]] nlohmann::json checks_json(const rules::rule_set& r, const std::vector<checked>& all);

/// `meta` (PACT metadata) with the rules' entry added to pcf.productOrSectorSpecificRules
/// (once: an equal entry already there is kept as it is).
[[nodiscard]] nlohmann::json meta_with_rules(nlohmann::json meta, const rules::rule_set& r);

/// `model` with the PACT metadata file `meta` (if any) merged into its "pact" section, as a PACT
/// export sees it: what the rules that read PACT metadata check.
[[nodiscard]] product_system with_meta(product_system model, const std::string& meta);

/// --set name=value ... as calculator settings (input_error "bad-set" names a malformed one).
[[nodiscard]] std::map<std::string, parameter_override>
parse_settings(const std::vector<std::string>& set);

} // namespace cradle::cli

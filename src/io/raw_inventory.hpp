// cradle — internal: a unit-process database as its reader found it, before linking.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/io/inventory.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cradle::detail {

/// One exchange; `amount` is already in the flow's reference unit.
struct raw_exchange {
    std::string flow;
    double amount{0.0};
    bool input{false};
    bool avoided{false};   ///< an avoided product (openLCA): a credit
    bool reference{false}; ///< the quantitative reference
    std::string default_provider;
    std::string key;   ///< the exchange's own id in its source (causal allocation)
    std::string where; ///< for messages: file and JSON path or XML element
    std::optional<uncertainty> spread;
};

enum class allocation_kind : std::uint8_t { physical, economic, causal };

struct raw_allocation {
    allocation_kind kind{allocation_kind::physical};
    std::string product;  ///< product flow id
    std::string exchange; ///< causal: the exchange's key, or its flow id when it has no key
    double value{0.0};
    std::string where;
};

struct raw_process {
    std::string id, name, location, category, description;
    std::string where; ///< file, for messages
    std::string entry; ///< the dataset's path inside the database (kept in the model's metadata)
    std::vector<raw_exchange> exchanges;
    std::vector<raw_allocation> allocation;
    /// the allocation the process states as its default, if any
    std::optional<allocation_kind> default_allocation;
};

struct raw_database {
    std::string source, format;
    std::vector<flow> flows;
    std::set<std::string> waste_flows; ///< ids of waste flows (treatment is their provider)
    std::vector<raw_process> processes;
    std::vector<problem> errors;
    std::vector<problem> notes;
};

/// Lower-case `s` (openLCA and EcoSpold parameter names are case-insensitive).
[[nodiscard]] std::string lower(std::string s);

/// Evaluate `text` with `values` (names lower-cased); nullopt, with a note "formula-not-evaluated"
/// in `notes`, if cradle's formula engine cannot (a function it lacks, an unknown name).
[[nodiscard]] std::optional<double> evaluate_formula(const std::string& text,
                                                     const std::map<std::string, double>& values,
                                                     const std::string& where,
                                                     std::vector<problem>& notes);

/// Values of parameters given as (lower-cased name, formula, where) on top of `values`, in as
/// many passes as their dependencies need; those that cannot be evaluated keep their stated value.
void evaluate_parameters(std::map<std::string, double>& values,
                         const std::vector<std::pair<std::string, std::string>>& computed);

/// `amount` replaced by the value of `formula` if it evaluates (noting where the two differ).
void apply_formula(double& amount, const std::string& formula,
                   const std::map<std::string, double>& values, const std::string& where,
                   std::vector<problem>& notes);

/// Turn a raw database into a linked model (io/inventory.hpp says how). Throws input_error
/// with every error of `db` and of linking.
[[nodiscard]] imported_database finish_inventory(raw_database db, const import_options& opt);

} // namespace cradle::detail

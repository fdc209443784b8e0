// cradle — inventory databases imported as a model: what every importer returns.
// SPDX-License-Identifier: Apache-2.0
//
// The importers (io/olca.hpp for openLCA JSON-LD; EcoSpold later) read a unit-process database
// into a product_system, the same model the JSON model format reads, so linking, parameters,
// contributions and exports work unchanged. They share one way to finish the model
// (docs/import.md):
// - amounts are converted to each flow's reference unit with the database's own conversion
//   factors; an unknown unit is an error naming the flow and the file;
// - waste flows are turned around: a waste output becomes an input of the treatment service, a
//   treatment process's waste input its output, as openLCA and EcoSpold mean them;
// - product inputs are linked: the exchange's default provider; else the only process making
//   the product; else the one in the consumer's location; else the first of the candidates by
//   id (listed as ambiguous). A product with no provider in the database is a cut-off flow:
//   removed and reported with its amount and its users (the openLCA and USLCI convention), or
//   an error with cutoff_rule::error;
// - a process with several products is split by the allocation factors it states (physical,
//   economic: one factor per product; causal: per product and exchange); with none, only its
//   reference product is kept and the others are reported.
// Every problem names the file, the dataset and the JSON path or XML element. Errors are
// collected and thrown together as one input_error; notes (cut-offs, ambiguous links, unused
// co-products, unevaluated formulas) come back in the report.
#pragma once

#include "cradle/model/model.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace cradle {

/// What to do with product inputs that no process of the database provides.
enum class cutoff_rule : std::uint8_t {
    cut_off, ///< remove them and report them (openLCA's and the USLCI's convention; the default)
    error,   ///< refuse the database, listing every one
};

struct import_options {
    cutoff_rule cutoffs{cutoff_rule::cut_off};
};

/// A product flow used as input with no provider: what was cut off.
struct cut_off_flow {
    std::string flow;
    std::string name;
    std::string unit;                   ///< the flow's reference unit
    double amount{0.0};                 ///< summed over its uses, per unit of each user's product
    std::vector<std::string> processes; ///< the processes using it (ids)
};

/// An input with several candidate providers and no default provider.
struct ambiguous_link {
    std::string process; ///< the consumer
    std::string flow;
    std::string chosen;
    std::string rule; ///< "same location" or "first by id"
    std::vector<std::string> candidates;
};

struct import_report {
    std::string source; ///< the file or folder read
    std::string format; ///< e.g. "openLCA JSON-LD (v1 key names)"
    std::size_t processes{0}, flows{0}, exchanges{0};
    /// how product inputs were linked, by rule
    std::size_t linked_default{0}, linked_unique{0}, linked_location{0}, linked_first{0};
    std::vector<cut_off_flow> cut_offs;
    std::size_t cut_off_exchanges{0};
    std::vector<ambiguous_link> ambiguous;
    /// what was read but not used as is (ids: "multi-output-unallocated", "invalid-provider",
    /// "formula-not-evaluated", "formula-differs", ...)
    std::vector<problem> notes;
};

struct imported_database {
    product_system system;
    import_report report;
};

/// The report as JSON: source, format, counts, "linked" by rule, "cut_offs", "ambiguous" and
/// "notes" ([{id, message}]), as `cradle import --report` writes it and Python returns it.
[[nodiscard]] nlohmann::json to_json(const import_report& report);

/// The process making the product named by `what`: a process id, a process name, or a product
/// flow's id or name (input_error "unknown-product" listing close names if none matches,
/// "ambiguous-product" listing the candidates if several do). Returns the functional unit of
/// 1 reference unit of its reference product.
[[nodiscard]] functional_unit find_product(const product_system& sys, const std::string& what);

} // namespace cradle

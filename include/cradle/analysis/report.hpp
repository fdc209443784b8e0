// cradle — a footprint as one self-contained HTML page: total, origin split, contribution
// charts, the upstream supply chain as a flow diagram, gates, scenarios, uncertainty, PACT
// summary and the data sources. Charts are inline SVG written here: no script library, no
// network at view time, a few hundred kB at most.
// SPDX-License-Identifier: Apache-2.0
//
// Two steps, kept apart: make_report() gathers the figures of one solved footprint into a plain
// value (a report), which callers may extend (a calculator's gates and scenarios, a Monte Carlo
// distribution, a PACT summary); render_html() turns a report into the page. Names are shown,
// ids ride along in tooltips and data attributes.
#pragma once

#include "cradle/analysis/upstream.hpp"
#include "cradle/engine/calculate.hpp"
#include "cradle/engine/characterization.hpp"
#include "cradle/engine/matrices.hpp"
#include "cradle/engine/solver.hpp"
#include "cradle/model/model.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cradle {

/// One labelled figure: a process, a tag, an origin or a scenario (kg CO2e).
struct report_item {
    std::string id;
    std::string name;
    double value{0.0};
};

/// One node of the upstream tree, named.
struct report_node {
    long parent{-1};
    std::size_t depth{0};
    std::string id;
    std::string name;
    double amount{0.0};
    std::string unit;
    double direct{0.0};
    double total{0.0};
    double share{0.0};
    bool loop{false};
    bool truncated{false};
};

/// One dataset the footprint drew on, with what its publisher asks to be cited.
struct report_source {
    std::string dataset;
    std::string title;
    std::string version;
    std::string licence;
    std::string source;
    std::size_t processes{0}; ///< factors or processes of the model taken from it
};

struct report_gate {
    std::string label;
    std::string flow;
    std::string unit;
    double amount{0.0};
    double per_unit{0.0};
    double embodied{0.0};
};

/// A Monte Carlo run's totals (kg CO2e per functional unit).
struct report_distribution {
    std::vector<double> totals;
    double deterministic{0.0};
    std::uint64_t seed{0};
};

struct report {
    std::string title;           ///< the model's or calculator's name
    std::string scenario;        ///< scenario shown, if any
    std::string functional_unit; ///< "1 t copper_wire"
    std::string gwp_set;         ///< "AR6"
    std::string generator;       ///< "cradle 0.1.0"
    double total{0.0};
    std::vector<report_item> origins;   ///< non-zero indicators other than the total
    std::vector<report_item> processes; ///< direct contributions, largest magnitude first
    std::vector<report_item> tags;      ///< by tag (a process counts under each of its tags)
    std::vector<report_node> tree;      ///< upstream tree from the reference product
    double cutoff{0.01};                ///< tree branches below this share are cut
    std::vector<report_gate> gates;     ///< a calculator's gates
    std::vector<report_item> scenarios; ///< a calculator's scenario totals
    std::vector<report_source> sources;
    std::optional<report_distribution> uncertainty;
    std::vector<std::pair<std::string, std::string>> pact; ///< PACT summary, label -> value
};

struct report_options {
    double cutoff{0.01};        ///< upstream tree cut-off (share of the total)
    std::size_t max_nodes{120}; ///< tree nodes kept (the largest, in tree order)
};

/// The figures of a solved footprint of `model`'s functional unit (`sys`, `ch`, `lu`, `r` as
/// computed from it). The data sources come from the processes' metadata (the "dataset" the
/// factor linking and the process databases record).
[[nodiscard]] report make_report(const product_system& model, const compiled_system& sys,
                                 const characterization& ch, const factorization& lu,
                                 const footprint& r, const report_options& options = {});

/// The page: one HTML document, everything inline, valid offline.
[[nodiscard]] std::string render_html(const report& rep);

/// Text for HTML element content and attribute values (& < > " ' escaped).
[[nodiscard]] std::string html_escape(std::string_view s);

} // namespace cradle

// cradle — solve -> characterize -> analyse: footprints, contributions, upstream tree.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/characterization.hpp"
#include "cradle/matrices.hpp"
#include "cradle/solver.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

namespace cradle {

/// The result of one demand: f, s = A⁻¹f, g = Bs, h = Cg. Immutable value.
struct footprint {
    Eigen::VectorXd demand;    ///< f (products)
    Eigen::VectorXd scaling;   ///< s (processes)
    Eigen::VectorXd inventory; ///< g (elementary flows)
    Eigen::VectorXd impacts;   ///< h (indicators; see characterization::indicators)
    std::vector<std::string> indicators;
    /// elementary flows with no characterization factor and a non-zero amount in g
    std::vector<elementary_row> uncharacterized;

    /// Total GWP100 in kg CO2e (row 0 of h).
    [[nodiscard]] double total() const { return impacts.size() ? impacts(0) : 0.0; }
    [[nodiscard]] double impact(climate_indicator i) const {
        return impacts(static_cast<Eigen::Index>(i));
    }
};

/// Results for many demand vectors solved on one factorization (one column each).
struct batch_footprint {
    Eigen::MatrixXd demand, scaling, inventory, impacts;
    std::vector<std::string> indicators;
};

/// M = C·B, the characterized direct interventions of each process
/// (indicators × processes); the basis of contribution analysis.
[[nodiscard]] inline sparse_matrix direct_impacts(const compiled_system& sys,
                                                  const characterization& ch) {
    sparse_matrix M = ch.C * sys.B;
    M.makeCompressed();
    return M;
}

/// One demand: s = A⁻¹f, g = Bs, h = Cg.
[[nodiscard]] inline footprint calculate(const compiled_system& sys, const characterization& ch,
                                         const factorization& lu,
                                         const Eigen::Ref<const Eigen::VectorXd>& f) {
    footprint r;
    r.demand = f;
    r.scaling = lu.solve(f);
    r.inventory = sys.B * r.scaling;
    r.impacts = ch.C * r.inventory;
    r.indicators = ch.indicators;
    for (auto row : ch.uncharacterized)
        if (r.inventory(static_cast<Eigen::Index>(row.value)) != 0.0)
            r.uncharacterized.push_back(row);
    return r;
}

/// Many demands on one factorization: F has one demand vector per column.
[[nodiscard]] inline batch_footprint calculate_batch(const compiled_system& sys,
                                                     const characterization& ch,
                                                     const factorization& lu,
                                                     const Eigen::Ref<const Eigen::MatrixXd>& F) {
    batch_footprint r;
    r.demand = F;
    r.scaling = lu.solve_batch(F);
    r.inventory = sys.B * r.scaling;
    r.impacts = ch.C * r.inventory;
    r.indicators = ch.indicators;
    return r;
}

/// Cradle-to-gate footprint per unit of EVERY product, from one transposed
/// solve Aᵀ Λᵀ = (C B)ᵀ: row k, column j = indicator k per unit of product j
/// (in the product's unit). This is the supply-chain factor table.
[[nodiscard]] inline Eigen::MatrixXd
intensities(const compiled_system& sys, const characterization& ch, const factorization& lu) {
    const sparse_matrix M = direct_impacts(sys, ch);
    const Eigen::MatrixXd Mt = Eigen::MatrixXd(M.transpose());
    return lu.solve_transposed_batch(Mt).transpose();
}

/// The same for one indicator only (one right-hand side).
[[nodiscard]] inline Eigen::VectorXd intensities(const compiled_system& sys,
                                                 const characterization& ch,
                                                 const factorization& lu,
                                                 climate_indicator indicator) {
    const sparse_matrix M = direct_impacts(sys, ch);
    const Eigen::VectorXd m =
        Eigen::VectorXd(M.row(static_cast<Eigen::Index>(indicator)).transpose());
    return lu.solve_transposed(m);
}

// ---------------------------------------------------------------- analysis

/// Direct contribution of each process: C·B·diag(s) (indicators × processes).
/// Each row sums to the matching impact.
[[nodiscard]] inline Eigen::MatrixXd
process_contributions(const compiled_system& sys, const characterization& ch, const footprint& r) {
    const sparse_matrix M = direct_impacts(sys, ch);
    Eigen::MatrixXd out = Eigen::MatrixXd::Zero(M.rows(), M.cols());
    for (Eigen::Index j = 0; j < M.outerSize(); ++j)
        for (sparse_matrix::InnerIterator it(M, j); it; ++it)
            out(it.row(), j) = it.value() * r.scaling(j);
    return out;
}

/// Contribution of each elementary flow: C·diag(g) (indicators × flows).
[[nodiscard]] inline Eigen::MatrixXd flow_contributions(const characterization& ch,
                                                        const footprint& r) {
    Eigen::MatrixXd out = Eigen::MatrixXd::Zero(ch.C.rows(), ch.C.cols());
    for (Eigen::Index j = 0; j < ch.C.outerSize(); ++j)
        for (sparse_matrix::InnerIterator it(ch.C, j); it; ++it)
            out(it.row(), j) = it.value() * r.inventory(j);
    return out;
}

/// Contribution by tag for one indicator: "stage:<stage>" for each life-cycle
/// stage and one entry per tag; a process counts under every tag it carries,
/// so tags may overlap. Processes with neither stage nor tags count under "(untagged)".
[[nodiscard]] inline std::map<std::string, double>
tag_contributions(const compiled_system& sys,
                  const Eigen::Ref<const Eigen::MatrixXd>& process_contrib,
                  climate_indicator indicator = climate_indicator::total) {
    std::map<std::string, double> out;
    const auto k = static_cast<Eigen::Index>(indicator);
    for (std::size_t j = 0; j < sys.index.size(); ++j) {
        const auto& c = sys.index.columns()[j];
        const double v = process_contrib(k, static_cast<Eigen::Index>(j));
        if (c.stage.empty() && c.tags.empty()) out["(untagged)"] += v;
        if (!c.stage.empty()) out["stage:" + c.stage] += v;
        for (const auto& t : c.tags)
            out[t] += v;
    }
    return out;
}

/// Upstream (cumulative) footprint of each process as used in this system:
/// the intensity of its product times its total output A(j,j)·s(j). Values
/// overlap (a process's upstream includes its suppliers'). The reference
/// process's value equals the total unless a loop feeds part of its output
/// back into its own supply chain; then it is larger by that share.
[[nodiscard]] inline Eigen::VectorXd
upstream_totals(const compiled_system& sys, const Eigen::Ref<const Eigen::VectorXd>& intensity,
                const footprint& r) {
    Eigen::VectorXd out(static_cast<Eigen::Index>(sys.index.size()));
    for (Eigen::Index j = 0; j < out.size(); ++j)
        out(j) = intensity(j) * sys.A.coeff(j, j) * r.scaling(j);
    return out;
}

/// A ranked (index, value) list: the `n` largest by absolute value.
[[nodiscard]] inline std::vector<std::pair<std::size_t, double>>
top(const Eigen::Ref<const Eigen::VectorXd>& values, std::size_t n) {
    std::vector<std::pair<std::size_t, double>> v;
    for (Eigen::Index i = 0; i < values.size(); ++i)
        if (values(i) != 0.0) v.emplace_back(static_cast<std::size_t>(i), values(i));
    std::sort(v.begin(), v.end(),
              [](const auto& a, const auto& b) { return std::abs(a.second) > std::abs(b.second); });
    if (v.size() > n) v.resize(n);
    return v;
}

/// One node of an upstream tree, stored flat in pre-order.
struct tree_node {
    long parent{-1}; ///< index of the parent node, -1 for the root
    std::size_t depth{0};
    process_col process;   ///< column making the product
    double amount{0};      ///< amount of the product demanded here (product unit)
    double direct{0};      ///< direct impact of the process at this scale
    double total{0};       ///< upstream total (direct + everything behind it)
    double share{0};       ///< total / root total
    bool loop{false};      ///< product already on the path: not expanded again
    bool truncated{false}; ///< has children below the cut-off (or past max_depth) not listed
};

struct tree_options {
    double cutoff{0.01}; ///< hide branches whose |total| < cutoff · |root total|
    std::size_t max_depth{30};
    std::size_t max_nodes{10000};
    climate_indicator indicator{climate_indicator::total};
};

/// Upstream tree (supply-chain paths) of `amount` of product `root`, using the
/// per-product intensities of one indicator. Terminates on loops: a product
/// already on the path is listed once more, marked `loop`, and not expanded.
[[nodiscard]] inline std::vector<tree_node>
upstream_tree(const compiled_system& sys, const characterization& ch,
              const Eigen::Ref<const Eigen::VectorXd>& intensity, process_col root, double amount,
              const tree_options& opt = {}) {
    const sparse_matrix M = direct_impacts(sys, ch);
    const auto k = static_cast<Eigen::Index>(opt.indicator);
    std::vector<tree_node> nodes;
    std::vector<char> on_path(sys.index.size(), 0);
    const double root_total = intensity(static_cast<Eigen::Index>(root.value)) * amount;
    const double threshold = std::abs(root_total) * opt.cutoff;

    auto visit = [&](auto&& self, process_col col, double amt, long parent,
                     std::size_t depth) -> void {
        const auto j = static_cast<Eigen::Index>(col.value);
        const double diag = sys.A.coeff(j, j);
        const double scale = amt / diag;
        tree_node n;
        n.parent = parent;
        n.depth = depth;
        n.process = col;
        n.amount = amt;
        n.direct = M.coeff(k, j) * scale;
        n.total = intensity(j) * amt;
        n.share = root_total != 0 ? n.total / root_total : 0.0;
        n.loop = on_path[col.value] != 0;
        const long me = static_cast<long>(nodes.size());
        nodes.push_back(n);
        if (n.loop) return;
        // children: every other non-zero in column j (inputs and avoided products)
        std::vector<std::pair<Eigen::Index, double>> kids;
        for (sparse_matrix::InnerIterator it(sys.A, j); it; ++it)
            if (it.row() != j) kids.emplace_back(it.row(), -it.value() * scale);
        std::sort(kids.begin(), kids.end(), [&](const auto& a, const auto& b) {
            return std::abs(intensity(a.first) * a.second) >
                   std::abs(intensity(b.first) * b.second);
        });
        on_path[col.value] = 1;
        for (const auto& [row, child_amount] : kids) {
            const double child_total = intensity(row) * child_amount;
            if (std::abs(child_total) < threshold || depth + 1 > opt.max_depth ||
                nodes.size() >= opt.max_nodes) {
                if (child_total != 0.0) nodes[static_cast<std::size_t>(me)].truncated = true;
                continue;
            }
            self(self, system_index::column_of(product_row{static_cast<std::size_t>(row)}),
                 child_amount, me, depth + 1);
        }
        on_path[col.value] = 0;
    };
    visit(visit, root, amount, -1, 0);
    return nodes;
}

} // namespace cradle

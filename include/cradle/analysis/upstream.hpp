// cradle — upstream analysis: cumulative footprint at each process's gate and the upstream tree.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/engine/calculate.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace cradle {

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

/// Deepest upstream tree walked, whatever tree_options::max_depth asks (bounds the recursion).
inline constexpr std::size_t tree_depth_limit = 1000;

struct tree_options {
    double cutoff{0.01};       ///< hide branches whose |total| < cutoff · |root total|
    std::size_t max_depth{30}; ///< at most tree_depth_limit (the walk is recursive)
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
            if (std::abs(child_total) < threshold ||
                depth + 1 > std::min(opt.max_depth, tree_depth_limit) ||
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

// cradle — solve and characterize: s = A⁻¹f, g = Bs, h = Cg, and the supply-chain intensities.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/engine/characterization.hpp"
#include "cradle/engine/matrices.hpp"
#include "cradle/engine/solver.hpp"

#include <string>
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

} // namespace cradle

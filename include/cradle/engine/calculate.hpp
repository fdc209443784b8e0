// cradle — solve and characterize: s = A⁻¹f, g = Bs, h = Cg, and the supply-chain intensities.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/engine/characterization.hpp"
#include "cradle/engine/matrices.hpp"
#include "cradle/engine/solver.hpp"

#include <cmath>
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
    /// conditioning of the solve (factorization::pivot_ratio); see ill_conditioned()
    double pivot_ratio{1.0};

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
    double pivot_ratio{1.0};
};

namespace detail {

/// Label of process column j, or "column j" if the index is shorter (never throws).
inline std::string process_label(const compiled_system& sys, Eigen::Index j) {
    return j >= 0 && j < static_cast<Eigen::Index>(sys.index.size())
               ? sys.index.columns()[static_cast<std::size_t>(j)].label()
               : "column " + std::to_string(j);
}

inline constexpr const char* overflow_hint =
    ": the amounts on its supply chain multiply beyond the range of a double (about 1.8e308); "
    "check the magnitudes and units of these amounts and of the functional unit";

/// s, g and h must be finite: a non-finite value is an error naming the process, the flow (and
/// the process that emits most of it) or the indicator (and the flow that weighs most in it).
inline void check_finite(const compiled_system& sys, const characterization& ch,
                         const Eigen::Ref<const Eigen::VectorXd>& s,
                         const Eigen::Ref<const Eigen::VectorXd>& g,
                         const Eigen::Ref<const Eigen::VectorXd>& h) {
    for (Eigen::Index j = 0; j < s.size(); ++j)
        if (!std::isfinite(s(j)))
            throw solver_error("non-finite-result",
                               "the scaling of process '" + process_label(sys, j) +
                                   "' is not a finite number" + overflow_hint,
                               {process_label(sys, j)});
    // the largest |M(i, j) x(j)| in row i of M, or a non-finite one
    auto culprit = [](const sparse_matrix& M, Eigen::Index i,
                      const Eigen::Ref<const Eigen::VectorXd>& x) {
        Eigen::Index best = -1;
        double size = -1.0;
        for (Eigen::Index j = 0; j < M.outerSize(); ++j)
            for (sparse_matrix::InnerIterator it(M, j); it; ++it) {
                if (it.row() != i) continue;
                const double v = std::abs(it.value() * x(j));
                if (!std::isfinite(v)) return j;
                if (v > size) {
                    size = v;
                    best = j;
                }
            }
        return best;
    };
    for (Eigen::Index i = 0; i < g.size(); ++i) {
        if (std::isfinite(g(i))) continue;
        const std::string flow =
            sys.index.elementary(elementary_row{static_cast<std::size_t>(i)}).id;
        const Eigen::Index j = culprit(sys.B, i, s);
        throw solver_error("non-finite-result",
                           "the inventory of elementary flow '" + flow +
                               "' is not a finite number (largest part from process '" +
                               process_label(sys, j) + "')" + overflow_hint,
                           {process_label(sys, j)});
    }
    for (Eigen::Index k = 0; k < h.size(); ++k) {
        if (std::isfinite(h(k))) continue;
        const Eigen::Index i = culprit(ch.C, k, g);
        const std::string flow =
            i >= 0 ? sys.index.elementary(elementary_row{static_cast<std::size_t>(i)}).id : "?";
        throw solver_error("non-finite-result",
                           "impact '" +
                               (static_cast<std::size_t>(k) < ch.indicators.size()
                                    ? ch.indicators[static_cast<std::size_t>(k)]
                                    : std::to_string(k)) +
                               "' is not a finite number (largest part from elementary flow '" +
                               flow + "')" + overflow_hint,
                           {});
    }
}

/// Intensities (indicators × products) must be finite; a non-finite one names its product.
inline void check_finite_intensities(const compiled_system& sys,
                                     const Eigen::Ref<const Eigen::MatrixXd>& lambda) {
    for (Eigen::Index j = 0; j < lambda.cols(); ++j)
        for (Eigen::Index k = 0; k < lambda.rows(); ++k)
            if (!std::isfinite(lambda(k, j)))
                throw solver_error("non-finite-result",
                                   "the footprint per unit of the product of process '" +
                                       process_label(sys, j) + "' is not a finite number" +
                                       overflow_hint,
                                   {process_label(sys, j)});
}

} // namespace detail

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
    r.pivot_ratio = lu.pivot_ratio();
    detail::check_finite(sys, ch, r.scaling, r.inventory, r.impacts);
    for (auto row : ch.uncharacterized)
        if (r.inventory(static_cast<Eigen::Index>(row.value)) != 0.0)
            r.uncharacterized.push_back(row);
    return r;
}

/// Many demands on one factorization: F has one demand vector per column; the solves run on
/// `threads` threads (0: every core).
[[nodiscard]] inline batch_footprint
calculate_batch(const compiled_system& sys, const characterization& ch, const factorization& lu,
                const Eigen::Ref<const Eigen::MatrixXd>& F, unsigned threads = 1) {
    batch_footprint r;
    r.demand = F;
    r.scaling = lu.solve_batch(F, threads);
    r.inventory = sys.B * r.scaling;
    r.impacts = ch.C * r.inventory;
    r.indicators = ch.indicators;
    r.pivot_ratio = lu.pivot_ratio();
    for (Eigen::Index c = 0; c < F.cols(); ++c)
        detail::check_finite(sys, ch, r.scaling.col(c), r.inventory.col(c), r.impacts.col(c));
    return r;
}

/// Cradle-to-gate footprint per unit of EVERY product, from one transposed
/// solve Aᵀ Λᵀ = (C B)ᵀ: row k, column j = indicator k per unit of product j
/// (in the product's unit). This is the supply-chain factor table. One transposed solve per
/// indicator, on `threads` threads (0: every core).
[[nodiscard]] inline Eigen::MatrixXd intensities(const compiled_system& sys,
                                                 const characterization& ch,
                                                 const factorization& lu, unsigned threads = 1) {
    const sparse_matrix M = direct_impacts(sys, ch);
    const Eigen::MatrixXd Mt = Eigen::MatrixXd(M.transpose());
    Eigen::MatrixXd out = lu.solve_transposed_batch(Mt, threads).transpose();
    detail::check_finite_intensities(sys, out);
    return out;
}

/// The same for one indicator only (one right-hand side; its row of C·B alone, as Bᵀcₖ).
[[nodiscard]] inline Eigen::VectorXd intensities(const compiled_system& sys,
                                                 const characterization& ch,
                                                 const factorization& lu,
                                                 climate_indicator indicator) {
    // C's row k, column by column (Eigen's row view of a column-major matrix reads past the end
    // when C has no columns: found by fuzz_model)
    const auto k = static_cast<Eigen::Index>(indicator);
    Eigen::VectorXd c = Eigen::VectorXd::Zero(ch.C.cols());
    for (Eigen::Index j = 0; j < ch.C.outerSize(); ++j)
        for (sparse_matrix::InnerIterator it(ch.C, j); it; ++it)
            if (it.row() == k) c(j) = it.value();
    const Eigen::VectorXd m = sys.B.transpose() * c;
    Eigen::VectorXd out = lu.solve_transposed(m);
    detail::check_finite_intensities(sys, out.transpose());
    return out;
}

} // namespace cradle

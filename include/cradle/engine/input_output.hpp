// cradle — solving an environmentally-extended input-output model (USEEIO): N = D (I − A)⁻¹.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/engine/solver.hpp"
#include "cradle/io/useeio.hpp"

namespace cradle {

/// Total (direct + supply-chain) impacts per USD of each sector,
/// N = D (I − A)⁻¹ (indicators × sectors), from one factorization and one
/// transposed solve with all indicators as right-hand sides.
[[nodiscard]] inline Eigen::MatrixXd total_impacts(const io_model& m, solver_options options = {}) {
    const auto lu = factorize(m.technosphere, m.sectors, options);
    const Eigen::MatrixXd Dt = Eigen::MatrixXd(m.D.transpose());
    return lu.solve_transposed_batch(Dt).transpose();
}

} // namespace cradle

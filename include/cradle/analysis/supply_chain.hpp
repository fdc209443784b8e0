// cradle — the supply-chain factor table of a whole system: every product's cradle-to-gate
// footprint per unit, from one transposed solve (Aᵀ λᵀ = (C B)ᵀ), never an inverse.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/data/gwp.hpp"
#include "cradle/engine/calculate.hpp"

#include <string>
#include <vector>

namespace cradle {

struct supply_chain_table {
    std::string gwp_set;
    std::vector<std::string> indicators; ///< climate_indicator_ids, the rows of `values`
    std::vector<tech_flow> products;     ///< the columns: process, product, name, unit
    Eigen::MatrixXd values;              ///< kg CO2e per unit of each product
    double pivot_ratio{1.0};
};

/// Every product of `sys` (each process's reference product, or each allocated co-product)
/// with its cradle-to-gate GWP per unit, split as the footprint is.
[[nodiscard]] inline supply_chain_table supply_chain_factors(const product_system& sys,
                                                             const gwp_set& gwp) {
    const compiled_system c = compile(sys);
    const characterization ch = characterize(c.index, gwp);
    const factorization lu = factorize(c);
    supply_chain_table t;
    t.gwp_set = gwp.name;
    t.indicators = ch.indicators;
    t.products = c.index.columns();
    t.values = intensities(c, ch, lu);
    t.pivot_ratio = lu.pivot_ratio();
    return t;
}

} // namespace cradle

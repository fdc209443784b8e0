// cradle — contribution analysis: by process (C·B·diag(s)), by elementary flow, by tag; rankings.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/engine/calculate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cradle {

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

} // namespace cradle

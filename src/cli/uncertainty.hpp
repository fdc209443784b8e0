// cradle CLI — --uncertainty N on footprint and run: Monte Carlo statistics, contributions to
// variance, paired comparisons of scenarios; table, JSON or CSV.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/data/gwp.hpp"
#include "cradle/model/model.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace cradle::cli {

struct uncertainty_args {
    std::size_t draws{0}; ///< 0: no Monte Carlo
    std::uint64_t seed{0};
    unsigned threads{1};
    std::string method{"refactorize"};
    bool samples{false}; ///< machine formats: every draw's total
    std::size_t top{10};
};

/// --uncertainty, --seed, --threads, --mc-method, --samples on `app`.
void add_uncertainty_options(CLI::App* app, uncertainty_args& a);

/// One alternative to run: a name (a scenario, or the model's) and the linked, evaluated model.
struct mc_case {
    std::string name;
    product_system model;
};

/// Monte Carlo of every case on the same draws; with several cases, each is compared with
/// `cases[baseline]` draw by draw. Writes `format` ("table", "json", "csv") to stdout; a progress
/// bar on stderr when it is a terminal. Returns the exit status.
int run_monte_carlo(const std::string& title, const std::vector<mc_case>& cases,
                    std::size_t baseline, const gwp_set& gwp, const uncertainty_args& a,
                    const std::string& format);

} // namespace cradle::cli
